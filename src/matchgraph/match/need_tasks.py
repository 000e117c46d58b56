"""Tasks named by their own words in other languages: read aloud, OCR, moderation, embeddings, background edits.

The English phrase rules (:mod:`matchgraph.match.need_rules`) read these tasks in English; the semantic
stage reads whole sentences but is weak on short technical words in other scripts ("エンベディング",
"harcèlement", "분당"). Each entry is a task, the modalities it takes and gives, and the words that name
it unambiguously in several languages; a word that could mean something else (Spanish "voz" alone,
"local" alone) is not listed. Every reader claims its span, so nothing is read twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from matchgraph.match.need_state import MAX_HITS, NEGATED_AFTER_RE, ParseState


@dataclass(frozen=True)
class TaskWords:
    """One task and the words that name it."""

    capability: str
    pattern: re.Pattern[str]
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    preference: bool = False  # the capability steers ranking only (few artifacts declare it)


def _words(pattern: str, cjk: str = "") -> re.Pattern[str]:
    # Letters must not continue a word on the left ("moderation" is not read inside "immoderation"); words
    # in scripts without spaces (``cjk``) stand anywhere.
    return re.compile(rf"(?<![^\W\d_])(?:{pattern})" + (f"|{cjk}" if cjk else ""), re.IGNORECASE)


# Verbs of removing or replacing, for "the background" in several languages.
_SWAP = (r"entfern\w*|austausch\w*|tausch\w*|ersetz\w*|änder\w*|wechsel\w*|quit\w*|cambi\w*|elimin\w*|borr\w*|"
         r"reemplaz\w*|sustitu\w*|supprim\w*|chang\w*|remplac\w*|enlev\w*|retir\w*|remov\w*|troc\w*|substitu\w*|"
         r"rimuov\w*|sostitu\w*|verwijder\w*|vervang\w*|usu[nń]\w*|zmie[nń]\w*|удал\w*|замен\w*|убра\w*|помен\w*|"
         r"kaldır\w*|değiştir\w*|swap\w*|replac\w*|blur\w*")
_BACKGROUND = (r"hintergr[üu]nd\w*|fondos?|fonds?|fundos?|sfond[oi]|achtergrond\w*|tła|tło|фон\w*|arka\s?plan\w*|"
               r"backgrounds?")

# Verbs of understanding and the pictures they take, for "entiende imágenes", "das Bilder versteht".
_SEE_VERB = (r"lea|lean|lee|leer|leyendo|ler|lê|leia|leiam|lendo|"
             r"entiend\w*|entender|analiz\w*|describ\w*|reconoc\w*|interpret\w*|comprend\w*|analys\w*|d[ée]cri\w*|"
             r"reconna\w*|entend\w*|versteh\w*|analysier\w*|beschreib\w*|erkenn\w*|capisc\w*|capire|analizz\w*|"
             r"descriv\w*|riconosc\w*|понима\w*|анализир\w*|описыва\w*|распозна\w*|anlay\w*|tanı\w*|begrijp\w*|"
             r"đọc|hiểu|nhìn|phân\s+tích|nhận\s+diện|mô\s+tả|memahami|menganalisis|mengenali|rozum\w*|analyz\w*|"
             r"popisu\w*|розпізна\w*|розумі\w*|аналізу\w*|f[öo]rst[åa]\w*|analyser\w*|titt\w*|kolla\w*|obejrz\w*|"
             r"ogląda\w*|sledova\w*|izle\w*|"
             r"تحليل|فهم|وصف|يفهم|تفهم|يحلل|تحلل|يصف|تصف|يقرأ|تقرأ|"
             r"समझ\w*|विश्लेषण")
_PICTURES = (r"im[áa]genes|imagen|imagens|imagem|fotos?|fotograf\w*|images?|photos?|bilder?|immagin[ei]|"
             r"изображени\w*|картинк\w*|фото\w*|g[öo]rsel\w*|resim\w*|afbeelding\w*|plaatjes?|obraz\w*|zdj[eę]\w*|"
             r"hình\s+ảnh|hình|ảnh|gambar|obrázk\w*|fotk\w*|зображенн\w*|світлин\w*|(?:ال)?صور[ةه]?|तस्वीर\w*|छवि\w*")

# Voice and real time, for "mit Stimme in Echtzeit", "voz en tiempo real".
_VOICE = (r"stimme|sprache|sprach\w*|voz|voix|voce|voces|stem|głos\w*|голос\w*|ses(?:li)?|telefon\w*|anruf\w*|"
          r"llamadas?|appels?")
_REALTIME = (r"echtzeit|in\s+echtzeit|en\s+tiempo\s+real|en\s+temps\s+r[ée]el|em\s+tempo\s+real|in\s+tempo\s+reale|"
             r"in\s+realtime|w\s+czasie\s+rzeczywistym|в\s+реальном\s+времени|gerçek\s+zamanl\w*")

TASKS: tuple[TaskWords, ...] = (
    TaskWords("vision.image-understanding", _words(
        rf"(?:{_SEE_VERB})\s+(?:\w+\s+){{0,2}}?(?:{_PICTURES})\b|(?:{_PICTURES})\s+(?:\w+\s+){{0,2}}?(?:{_SEE_VERB})|"
        # the task as a noun: "Bildverständnis", "compréhension d'images", "понимание изображений"
        r"bildverst[äa]ndnis\w*|bildanalyse\w*|bildbeschreibung\w*|comprensi[óo]n\s+de\s+(?:las\s+)?im[áa]genes|"
        r"compr[ée]hension\s+(?:d['’]\s*|des\s+)images?|compreens[ãa]o\s+de\s+image(?:m|ns)|"
        r"comprensione\s+(?:delle\s+|di\s+)?immagini|понимани\w*\s+(?:изображени\w*|картин\w*)|"
        r"rozumieni\w*\s+obraz\w*|görsel\s+anla\w*|beeldbegrip",
        r"看懂图片|看图片|看图|理解图片|识别图片|图片理解|图像理解|识图|画像(?:を|の)?(?:理解|認識|解析|分析)|画像認識|"
        r"이미지(?:를|을)?\s?(?:이해|분석|인식)|사진(?:을|를)?\s?(?:이해|분석|인식)"),
        inputs=("image",)),
    # "answers questions about a long video", "odpoví na otázky k videu": a video asked about, either order
    TaskWords("vision.video-understanding", _words(
        r"(?:vid[eé]os?|vídeos?|videa|videu|видео|відео|wideo|βίντεο)\s+(?:[^\s.!?]+\s+){0,8}?(?:(?:odpov\w*\s+na\s+)?otázk\w*|"
        r"answers?\s+questions|preguntas|perguntas|fragen|domande|questions|вопрос\w*|питанн\w*|pyta\w*|sorular\w*|"
        r"vragen|frågor)(?![^\W\d_])|"
        r"(?:questions?|preguntas|perguntas|fragen|domande|вопрос\w*|питанн\w*|pyta\w*|otázk\w*|vragen|frågor)\s+"
        r"(?:about|on|sobre|zu[mr]?|über|su[il]?|sulla|sur|по|щодо|o|k|over|om)\s+(?:\w+\s+){0,2}?"
        r"(?:vid[eé]os?|vídeos?|videa|videu|видео|відео|wideo)(?![^\W\d_])", ""),
        inputs=("video",)),
    TaskWords("vision.video-understanding", _words(
        rf"(?:{_SEE_VERB}|analis\w*|entienda\w*|verstehen?d?\w*)\s+(?:\w+\s+){{0,2}}?(?:vid[eé]os?|vídeos?|videoclips?|"
        r"видео\w*|clips?|filmów|filmy|filmik\w*|videomuz\w*|videoyu)\b",
        r"看懂视频|理解视频|视频理解|分析视频|视频分析|動画(?:の内容)?を?(?:理解|解析|分析)|動画理解|"
        r"(?:동영상|영상)(?:을|를)?\s?(?:이해|분석)"),
        inputs=("video",)),
    TaskWords("tools.function-calling", _words(
        r"llamadas?\s+(?:a|de)\s+funci[oó]n(?:es)?|funktionsaufruf\w*|appels?\s+de\s+fonctions?|"
        r"chamadas?\s+de\s+fun[çc](?:ão|ões)|chiamat[ae]\s+(?:di|a)\s+funzion[ei]|вызов\w*\s+функци\w*|"
        r"fonksiyon\s+çağ\w*|functie[\s-]?aanroep\w*|wywo[łl]ywani\w*\s+funkcji|"
        # calling tools, as a verb or a noun: "appeler des outils", "llamar herramientas", "Tools aufrufen"
        r"appel\w*\s+(?:des\s+|les\s+|d['’]\s*|de\s+mes\s+)?outils|appels?\s+d['’]\s*outils|"
        r"llam\w*\s+(?:a\s+)?(?:las\s+|mis\s+|unas\s+)?herramientas|llamadas?\s+(?:a|de)\s+herramientas|"
        r"cham\w*\s+(?:as\s+|umas\s+)?ferramentas|chamadas?\s+(?:de|a)\s+ferramentas|"
        r"chiam\w*\s+(?:gli\s+|degli\s+|i\s+)?(?:strumenti|tool)|"
        r"(?:tools?|werkzeuge?)\s+(?:\w+\s+)?(?:aufrufen|aufruft|aufzurufen)|(?:tool|werkzeug)[\s-]?aufruf\w*|"
        r"вызыв\w*\s+инструмент\w*|вызов\w*\s+инструмент\w*|obsług\w*\s+narzędzi|wywoł\w*\s+narzędzi|"
        r"araç\s+çağ\w*|(?:tools?|functions?)\s+call\s+kar\w*|استدعاء\s+(?:ال)?(?:دوال|دالة|أدوات|ادوات)|"
        r"קריא\w*\s+ל(?:פונקצי\w*|כלים)|"
        # calling an application's own API: "llame a nuestra API de pedidos", "unsere Bestell-API aufruft"
        r"(?:llam\w*|invoc\w*|cham\w*|appel\w*|chiam\w*|вызыва\w*|вызов\w*|вызвать)\s+(?:a\s+|à\s+)?"
        r"(?:(?:la\s+|a\s+|l['’]\s*)?(?:nuestra|nuestras|mi|mis|nossa|nossas|minha|notre|nos|mon|ma|nostra|"
        r"nostre|nostro|nostri|наш\w*|сво\w*|внешн\w*)\s+|(?:una|uma|une|un)\s+)"
        r"(?:propia\s+|própria\s+)?(?:apis?|endpoints?)|"
        r"(?:apis?|endpoints?|schnittstellen?)\s+(?:\w+\s+)?(?:aufrufen|aufruft|aufzurufen|ansprechen|anspricht)|"
        r"(?:unsere|unser|eine|die|ihre|meine)\s+[\w-]*api\s+(?:\w+\s+)?(?:aufrufen|aufruft|aufzurufen)|"
        r"(?:و|ف)?(?:يستدعي|تستدعي|استدعاء)\s+(?:ال)?(?:واجهة|واجهات|api)|"
        # looking things up through the application's own API: "consulte o estoque pela nossa API"
        r"(?:pela|pelas|atrav[ée]s\s+da|por\s+meio\s+da|via)\s+(?:nossa|minha)\s+(?:própria\s+)?api|"
        r"(?:por|a\s+trav[ée]s\s+de|mediante|con|v[ií]a)\s+(?:nuestra|mi)\s+(?:propia\s+)?api|"
        r"(?:via|par|avec|à\s+travers)\s+(?:notre|mon|ma)\s+(?:propre\s+)?api|"
        r"(?:über|mit|via)\s+(?:unsere|unserer|meine|meiner)\s+(?:eigene[n]?\s+)?[\w-]*api|"
        r"(?:tramite|attraverso|con|via)\s+(?:la\s+)?(?:nostra|mia)\s+api|"
        r"(?:through|via|using)\s+(?:our|my)\s+(?:own\s+)?(?:internal\s+)?(?:\w+\s+)?api(?!\s*(?:gateway|proxy|keys?))",
        r"函数调用|工具调用|调用工具|関数呼び出し|ツール(?:呼び出し|使用)|ツールを(?:呼|使)|함수\s?호출|도구\s?호출")),
    # Reasoning that shows its steps: "sichtbare Denkschritte", "cadena de pensamiento", "思考过程"
    TaskWords("text.reasoning.extended-thinking", _words(
        r"denkschritt\w*|denkprozess\w*|gedankeng[äa]ng\w*|gedankenkette\w*|denkmodus|"
        r"pasos\s+de\s+razonamiento|cadena\s+de\s+pensamiento|razonamiento\s+(?:visible|paso\s+a\s+paso)|"
        r"modo\s+de\s+(?:razonamiento|pensamiento)|"
        r"[ée]tapes\s+de\s+raisonnement|cha[îi]ne\s+de\s+(?:pens[ée]e|raisonnement)|raisonnement\s+(?:visible|"
        r"[ée]tape\s+par\s+[ée]tape)|mode\s+(?:de\s+)?r[ée]flexion|"
        r"passos\s+de\s+racioc[íi]nio|cadeia\s+de\s+(?:pensamento|racioc[íi]nio)|racioc[íi]nio\s+(?:vis[íi]vel|"
        r"passo\s+a\s+passo)|modo\s+de\s+racioc[íi]nio|"
        r"catena\s+di\s+(?:pensiero|ragionamento)|ragionamento\s+(?:visibile|passo\s+(?:per|dopo)\s+passo)|"
        r"цепочк\w*\s+рассуждени\w*|пошагов\w*\s+рассуждени\w*|режим\w*\s+размышлени\w*",
        r"思考过程|思考過程|思维链|思維鏈|推理过程|推理過程|思考模式|深度思考|思考プロセス|思考の過程|"
        r"推論過程|추론\s?과정|사고\s?과정")),
    TaskWords("audio.music-generation", _words(
        r"lo[\s-]?fi(?:\s+(?:beats?|music|tracks?|songs?))?|(?:background|royalty[\s-]free|stock)\s+music|"
        r"music\s+(?:generat\w*|from\s+(?:a\s+)?(?:text|prompts?))|text[\s-]to[\s-]music|ai\s+music|"
        r"(?:song|track|beat|melody)\s+generat\w*|(?:generat\w*|compos\w*|mak\w*|produc\w*|creat\w*)\s+"
        r"(?:(?:an?|some|the|my|original|short|catchy|new|full|complete|whole|entire|real)\s+){0,2}(?:songs?|jingles?|beats|soundtracks?|melod(?:y|ies)|"
        r"instrumentals?|music\s+tracks?|tunes?)\b|jingles?\b|soundtracks?\b|"
        # "write and sing a song", "sings my lyrics": singing is audio out
        r"(?:and|that|to|can|will|then)\s+sing(?:s|ing)?\b|sing(?:s|ing)?\s+(?:\w+\s+){0,3}?(?:songs?|lyrics|tunes?|"
        r"lullab\w*|melod\w*)\b|hintergrundmusik|musique\s+de\s+fond|m[úu]sica\s+de\s+(?:fondo|fundo)|"
        r"musica\s+di\s+sottofondo|achtergrondmuziek|фонов\w*\s+музык\w*|bgm|muzyka\s+w\s+tle|"
        r"(?:compon\w*|kompon\w*|compos\w*)\s+(?:\w+\s+){0,2}?(?:m[uú]si\w*|musique|musik|canci\w*|chansons?|songs?)",
        r"背景音乐|配乐|配樂|作曲|背景音楽|배경\s?음악|작곡"),
        outputs=("audio",), preference=True),
    TaskWords("audio.speech-synthesis", _words(
        r"voz\s+sint[ée]tica|voz\s+sintetizada|s[ií]ntesis\s+de\s+voz|s[ií]ntese\s+de\s+voz|sintetizador\s+de\s+voz|"
        r"voix\s+(?:de\s+synth[èe]se|synth[ée]tique)|synth[èe]se\s+vocale|sintesi\s+vocale|voce\s+sintetica|"
        r"sprachsynthese|sprachausgabe|vorles\w*|vorlies\w*|vorgelesen|lies\w*\s+(?:\w+\s+){0,5}?vor\b|(?:leer|leerlo|leerlos|leerla|leerlas|lean|lea)\s+en\s+voz\s+alta|"
        r"(?:ler|leia|leiam)\s+em\s+voz\s+alta|(?:lire|lise|lisent|lit)\s+(?:à|a)\s+(?:haute\s+)?voix(?:\s+haute)?|"
        r"leggere\s+ad\s+alta\s+voce|voorlez\w*|czyta\w*\s+na\s+g[łl]os|синтез\w*\s+речи|озвуч\w*|"
        r"seslendir\w*|sesli\s+okuma|sesle\s+okuy\w*|sesle\s+oku\w*|read\w*\s+(?:\w+\s+)?aloud|voice[\s-]?overs?|"
        r"narrat(?:e|es|ion|or|ors)\b",
        r"语音合成|朗读|配音|音声合成|読み上げ|ナレーション|음성\s?합성|읽어\s?주는|낭독|वॉयस\s?ओवर"),
        outputs=("audio",)),
    TaskWords("audio.transcription", _words(
        r"spracherk\w*nn?ung|spracherkenn\w*|reconocimiento\s+(?:autom[áa]tico\s+)?(?:de\s+)?(?:voz|habla)|"
        r"reconnaissance\s+(?:automatique\s+)?(?:de\s+la\s+)?(?:vocale|parole)|reconhecimento\s+(?:de\s+)?(?:voz|fala)|"
        r"riconoscimento\s+(?:vocale|del\s+parlato)|spraakherkenning|rozpoznawani\w*\s+mowy|rozpoznáván\w*\s+řeči|"
        r"распознава\w*\s+(?:речи|голоса)|розпізнава\w*\s+(?:мовлення|мови|голосу)|ses\s+tan[ıi]ma|konuşma\s+tan[ıi]ma|"
        r"nhận\s+dạng\s+giọng\s+nói|pengenalan\s+(?:suara|ucapan)|taligenk[äa]nning|تعرف\s+على\s+الكلام|"
        r"التعرف\s+على\s+(?:الكلام|الصوت)|تحويل\s+الصوت\s+إلى\s+نص|"
        r"розшифров\w*|přepis\w*",
        r"语音识别|語音識別|音声認識|음성\s?인식|वाक्\s?पहचान"),
        inputs=("audio",), outputs=("text",)),
    TaskWords("vision.ocr", _words(
        r"escanead[oa]s?|digitalizad[oa]s?|gescannt\w*|eingescannt\w*|num[ée]ris[ée]\w*|scanné\w*|"
        # English "scanned" names OCR before papers, not before photos (a photo archive is searched, not read)
        r"scanned(?=\s+(?:into\s+|in\s+)?(?:\w+\s+)?(?:pdfs?|documents?|docs?|contracts?|invoices?|receipts?|forms?|"
        r"pages?|letters?|notes?|papers?|records?|files?|statements?)\b)|"
        r"scansionat\w*|gescand\w*|zeskanowan\w*|отсканир\w*|сканирован\w*|taranmış|"
        r"texterkennung|reconocimiento\s+(?:óptico\s+)?de\s+(?:caracteres|texto)|"
        r"reconnaissance\s+(?:optique\s+)?(?:de\s+|des\s+)?(?:caract[èe]res|texte)|riconoscimento\s+(?:del\s+)?testo|"
        r"reconhecimento\s+(?:óptico\s+)?de\s+(?:caracteres|texto)|распознава\w*\s+текст\w*|"
        r"(?:extra(?:er|ir|ire|rre|ire)|estrarre|extrahier\w*|herausles\w*|извлеч\w*|извлека\w*|çıkar\w*)\s+"
        r"(?:el\s+|o\s+|le\s+|il\s+|den\s+|del\s+)?(?:texto|texte|testo|text|текст\w*|metin\w*)",
        r"文字识别|文字識別|文字認識|文字を読み取|光学字符|扫描件|扫描的|スキャン|텍스트\s?추출|스캔|手書き|手写|手寫|손글씨|필기\s?인식")),
    TaskWords("safety.moderation", _words(
        r"harc[èe]lement|acoso|ass[ée]dio|molestia|belästigung|mobbing|hassrede|hass\w*kommentar\w*|"
        r"discours\s+(?:de\s+)?haineux|discours\s+de\s+haine|discurso\s+de\s+(?:odio|ódio)|incitamento\s+all['’]odio|"
        r"язык\s+вражды|оскорблен\w*|травл\w*|toxicit[éy]|toxicidad|toxicidade|toxizität|tóxic[oa]s?|"
        r"toxiques?|toxisch\w*|contenu\w*\s+(?:inappropri[ée]s?|haineux)|contenido\s+inapropiado|"
        r"conte[úu]do\s+impr[óo]prio|unangemessene[nr]?\s+inhalte?|mod[ée]ration|moderaci[óo]n|modera[çc][ãa]o|"
        r"moderazione|moderier\w*|модерац\w*|modere\s+et\w*|moderasyon|nefret\s+s[öo]ylem\w*|taciz\w*|"
        # "filtrar comentários ofensivos", "beleidigende Kommentare erkennen"
        r"(?:filtr|detect|bloque|bloq|sinaliz|erkenn|blockier|d[ée]tect|rilev|фильтр|блокир)\w*\s+(?:\w+\s+){0,2}?"
        r"(?:ofensiv|t[óo]xic|abusiv|odio|ódio|haineu|injurie|beleidig|offens|volgar|vulgar|insult|оскорбит|токсичн)\w*|"
        r"(?:ofensiv|t[óo]xic|abusiv|beleidig|offensant|insultant|оскорбит|токсичн)\w*\s+(?:\w+\s+){0,2}?"
        r"(?:filtr|detect|bloque|erkenn|blockier|d[ée]tect|фильтр|блокир)\w*",
        r"内容审核|违规内容|有害内容|不適切な|モデレーション|有害な|검열|유해\s?콘텐츠|모더레이션|악성\s?댓글"),
        ),
    TaskWords("embeddings", _words(
        r"эмбеддинг\w*|векторн\w*|vectori[sz]ation|einbettung\w*|incrustaci[óo]n\w*|vetoriza\w*|vettorializ\w*",
        r"エンベディング|埋め込み|ベクトル(?:検索|化)|向量(?:化|检索|搜索|数据库)?|嵌入(?!式)|임베딩|벡터\s?(?:검색|db)?"),
        outputs=("embedding",)),
    TaskWords("audio.realtime", _words(
        rf"(?:{_VOICE})\s+(?:\w+\s+){{0,3}}?(?:{_REALTIME})|(?:{_REALTIME})\s+(?:\w+\s+){{0,3}}?(?:{_VOICE})",
        r"实时语音|语音实时|リアルタイム(?:の)?音声|音声(?:で)?リアルタイム|실시간\s?음성|음성\s?실시간"),
        inputs=("audio",), outputs=("audio",)),
    TaskWords("vision.ocr", _words(
        r"(?:lire|lise|leer|lea|ler|leia|lesen|liest|leggere|legga|czyta\w*|читать|читает|okuy\w*)\s+(?:\w+\s+){0,5}?"
        r"(?:photographi[ée]\w*|fotografiad\w*|fotografad\w*|fotografiert\w*|fotografat\w*|сфотографир\w*|"
        r"scann\w*|escanead\w*|digitalizad\w*|numéris\w*|gescannt\w*|zeskanowan\w*|отсканир\w*)"),
        inputs=("image",), outputs=("text",)),
    TaskWords("retrieval.web-search-api", _words(
        r"apis?\s+(?:de\s+|do\s+|für\s+|pour\s+|per\s+|para\s+)?(?:recherche|b[úu]squeda|busca|pesquisa|ricerca|"
        r"wyszukiw\w*|vyhledáv\w*)(?:\s+(?:web|na\s+web|en\s+la\s+web|sur\s+le\s+web|in\s+internet|w\s+internecie|"
        r"w\s+sieci))?|(?:web)?such[\s-]?apis?|apis?\s+(?:für\s+)?(?:die\s+)?websuche|websuche[\s-]?apis?|"
        r"(?:api|апи\w*)\s+(?:для\s+)?(?:веб-)?поиска|поисков\w*\s+(?:api|апи\w*)|arama\s+api\w*",
        r"(?:搜索|搜尋|检索|檢索)(?:的)?\s?api|网页搜索\s?api|検索\s?api|ウェブ検索\s?api|검색\s?api")),
    TaskWords("image.editing", _words(
        rf"(?:{_BACKGROUND})\s+(?:\w+\s+){{0,4}}?(?:{_SWAP})|(?:{_SWAP})\s+(?:\w+\s+){{0,3}}?(?:{_BACKGROUND})|"
        r"bild(?:er)?\s+bearbeit\w*|fotobearbeitung|bildbearbeitung|editar\s+(?:la\s+|una\s+|las\s+|mis\s+)?(?:im[áa]gen\w*|fotos?)|"
        r"[ée]dit(?:er|ion)\s+(?:d['’]|de\s+|des\s+|la\s+|une\s+|mes\s+)?(?:images?|photos?)|retoqu\w*|retouch\w*|"
        r"ritocc\w*|modificare\s+(?:le\s+)?(?:foto|immagini)|редактир\w*\s+(?:фото|изображ)\w*|"
        r"arka\s?plan\w*\s+(?:kaldır|değiştir)\w*",
        r"去掉背景|去除背景|更换背景|替换背景|移除背景|换背景|抠图|修图|背景を(?:消|変|削除|除去|透過)\w*|画像編集|"
        r"배경\s?(?:제거|교체|바꾸\w*|지우\w*)|사진\s?편집"),
        inputs=("image",), outputs=("image",)),
)


# The same tasks in languages the sentence encoder was not trained on (Greek, Hebrew, Ukrainian, Vietnamese,
# Czech, Hindi, Indonesian, Swedish, Thai) and common phrasings it misses in others: there, these words are all
# that reads the task.
TASKS = (*TASKS,
    TaskWords("audio.transcription", _words(
        r"transkryp\w*|transkrip\w*|transkriber\w*|μεταγραφ\w*\s+(?:ομιλ\w*|ήχου|φωνής|συνεντε\w*)|απομαγνητοφ\w*|"
        r"транскрип\w*|перетвор\w*\s+(?:аудіо|мовлення|голос\w*)\s+(?:в|у|на)\s+текст|"
        r"chuyển\s+(?:giọng\s+nói|âm\s+thanh|audio|ghi\s+âm)\s+thành\s+(?:văn\s+bản|chữ)|"
        r"(?:pase|pasar|pasa|pasen|passar|passe)\s+a\s+texto|"
        r"převod\s+(?:řeči|zvuku|audia)\s+na\s+text|ubah\s+(?:suara|audio|rekaman)\s+(?:jadi|menjadi|ke)\s+teks|"
        r"tal\s+till\s+text|تفريغ\s+(?:صوتي|التسجيلات|الصوت)|تحويل\s+الصوت\s+(?:ل|إلى\s+)?نص",
        r"תמלול|תמליל|ट्रांसक्रा\w*|ट्रांसक्रिप्शन|प्रतिलेखन|ถอดเสียง|ถอดความ"),
        inputs=("audio",), outputs=("text",)),
    TaskWords("audio.speech-synthesis", _words(
        r"κείμενο\s+σε\s+(?:ομιλία|φωνή)|σύνθεση\s+(?:ομιλίας|φωνής)|εκφώνησ\w*|"
        r"текст\s+(?:в|у)\s+(?:мовлення|голос)|синтез\w*\s+мовлення|"
        r"chuyển\s+văn\s+bản\s+thành\s+giọng(?:\s+nói)?|giọng\s+đọc|"
        r"převod\s+textu\s+na\s+řeč|předčít\w*|předčte\w*|hlasov\w*\s+výstup|"
        r"teks\s+ke\s+suara|ubah\s+teks\s+(?:jadi|menjadi)\s+suara|talsyntes|läs\w*\s+upp|uppläsning|"
        r"voorgelezen|hardop\s+(?:\w+\s+){0,2}?(?:voorlez\w*|voorgelezen|lezen)|"
        r"stimme\s+(?:\w+\s+){0,3}?(?:für|zum|fürs)\s+(?:\w+\s+){0,2}?(?:podcast\w*|intro|hörbuch\w*|video\w*)",
        r"הקראה|הקראת|טקסט\s?לדיבור|טקסט\s?לקול|टेक्स्ट\s?टू\s?स्पीच|आवाज़\s?में\s?बदल\w*|แปลงข้อความเป็นเสียง|"
        r"อ่านออกเสียง|เสียงอ่าน"),
        outputs=("audio",)),
    TaskWords("safety.moderation", _words(
        r"moderacj\w*|moderac[eií]\w*|moderer\w*|moderasi|kiểm\s+duyệt|εποπτεία\s+περιεχομένου|"
        r"προσβλητικ\w*\s+(?:\w+\s+){0,2}?(?:σχόλι\w*|περιεχ\w*)|модерац\w*|"
        r"(?:oznacz\w*|filtr\w*|wykryw\w*|blok\w*)\s+(?:\w+\s+){0,2}?(?:obraźliw|wulgarn|toksyczn|hejt)\w*|"
        r"(?:filtr\w*|rilev\w*|blocc\w*)\s+(?:\w+\s+){0,2}?(?:tossic|offensiv|volgar|ingiurios)\w*|"
        r"(?:urážliv|vulgárn|toxick)\w*\s+(?:\w+\s+){0,2}?(?:komentář|příspěv|obsah)\w*|"
        r"(?:فلترة|تصفية|الإشراف\s+على)\s+(?:ال)?(?:محتوى|تعليقات)",
        r"סינון\s?תוכן|תוכן\s?פוגעני|मॉडरेशन|การกลั่นกรองเนื้อหา")),
    TaskWords("vision.ocr", _words(
        r"naskenovan\w*|oskenovan\w*|scanat[eă]?\w*|відскан\w*|σαρωμέν\w*|quét|hasil\s+scan|skannad\w*|faktur\w*\s+papierow\w*",
        r"סרוק\w*|स्कैन\s?कि\w*|สแกน"),
        inputs=("image",), outputs=("text",)),
    TaskWords("retrieval.web-search-api", _words(
        r"api\s+(?:pro\s+|для\s+|để\s+|untuk\s+|för\s+)?(?:vyhledávání|пошуку|tìm\s+kiếm|pencarian|sökning|webbsökning)|"
        r"(?:web\s+)?search\s+api|εξερεύνηση\s+api|api\s+αναζήτησης",
        r"api\s?לחיפוש|ממשק\s?חיפוש|सर्च\s?एपीआई|api\s?ค้นหา|検索api|web検索")),
    TaskWords("image.editing", _words(
        r"επεξεργ\w*\s+(?:\w+\s+){0,2}?(?:εικόν\w*|φωτογραφ\w*)|"
        r"редагу\w*\s+(?:фото\w*|зображен\w*)|chỉnh\s+sửa\s+(?:ảnh|hình)|upravit\s+(?:fotk\w*|obrázk\w*)|"
        r"úprav\w*\s+(?:fotek|obrázků|fotografií)|edit\s+(?:foto|gambar)|ganti\s+background|redigera\s+bilder",
        r"עריכת\s?תמונות|לערוך\s?תמונות|फोटो\s?एडिट|แก้ไขรูป|이미지\s?편집|사진\s?배경"),
        inputs=("image",), outputs=("image",)),
    TaskWords("tools.computer-use", _words(
        # "click the buttons" (and fill in the site's forms) in other languages
        r"(?:haga\s+clic|hacer\s+clic|cliquer|clicar|cliccare|klicken|klikać|klikat|нажима\w*|натиска\w*)\s+"
        r"(?:\S+\s+){0,2}?(?:botones|boutons|botões|pulsanti|buttons?|schaltfl[äa]chen|przyciski|tlačítka|кнопк\w*)",
        r"(?:תלחץ|ללחוץ|לוחץ)\s?על\s?(?:ה)?כפתור\w*|ボタンを(?:押|クリック)|点击按钮|點擊按鈕|버튼을?\s?(?:누르|클릭)"),
        ),
    TaskWords("tools.computer-use", _words(
        r"керу\w*\s+(?:комп['’]ютером|браузером)|управля\w*\s+(?:компьютером|браузером)|ovládá\w*\s+(?:počítač|prohlížeč)|"
        r"điều\s+khiển\s+(?:máy\s+tính|trình\s+duyệt)|mengendalikan\s+(?:komputer|browser)|styr\w*\s+(?:datorn|webbläsaren)|"
        r"(?:бачить|видит|vidí|βλέπει|nhìn\s+thấy|melihat|ser)\s+(?:\w+\s+){0,2}?(?:екран\w*|экран\w*|obrazovk\w*|οθόνη|"
        r"màn\s+hình|layar|skärmen)|клікає|кликает|kliká|klikuje|klikt\s+(?:zelf|op)|klickar",
        r"操作电脑|操作浏览器|パソコンを操作|ブラウザを操作|컴퓨터를?\s?조작")),
    TaskWords("image.generation.text-to-image", _words(
        r"(?:images?|photos?|bilder|imágenes|imagens|immagini|afbeeldingen|obrázky|зображення|εικόνες)\s+"
        r"(?:à\s+partir\s+d['’](?:une?\s+)?|a\s+partir\s+de\s+(?:una?\s+)?|aus\s+(?:einer\s+)?|da\s+(?:una?\s+)?|"
        r"z\s+|з\s+|από\s+|from\s+(?:an?\s+)?)(?:descriptions?|descripci[oó]n|descri[çc][ãa]o|beschreibung\w*|"
        r"descrizion[ei]|texte?|texto|testo|popisu|опису|περιγραφή|prompts?)"),
        outputs=("image",)),
    TaskWords("video.generation", _words(
        r"δημιουργ\w*\s+(?:\w+\s+){0,2}?βίντεο|створ\w*\s+(?:\w+\s+){0,2}?відео|tạo\s+video|vytvoř\w*\s+video|"
        r"buat\s+video|skapa\s+video\w*|(?:yazıdan|metinden)\s+video",
        r"ליצור\s?(?:\S+\s)?(?:קליפים|סרטונים|וידאו)|יצירת\s?וידאו|वीडियो\s?बना\w*|สร้างวิดีโอ|生成视频|動画生成"),
        outputs=("video",)),
)


# The same tasks in Finnish, Hungarian, Romanian, Danish, Norwegian, Malay, Turkish, Persian, Arabic and Bengali,
# which the sentence encoder was not trained on either (Turkish and Arabic: phrasings it misses).
TASKS = (*TASKS,
    TaskWords("audio.transcription", _words(
        r"litteroi\w*|puheentunnistu\w*|puhe\w*\s+tekstiksi|leirat\w*|beszédfelismer\w*|hangfelismer\w*|"
        r"recunoa[șş]tere\s+vocal\w*|tale\s+til\s+tekst|talegenkendelse|talegjenkjenning|transskri\w*|"
        r"ucapan\s+ke\s+teks|konuşma\w*\s+(?:yazıya|metne)|sesi?\s+(?:yazıya|metne)\s+(?:dök|çevir)\w*|deşifre\w*",
        r"تبدیل\s?(?:صدا|گفتار|صوت)\s?به\s?متن|گفتار\s?به\s?متن|رونویسی|پیاده\s?سازی\s?صدا|"
        r"কথা\s?থেকে\s?লেখা|ট্রান্সক্রিপ\S*|প্রতিলিপি"),
        inputs=("audio",), outputs=("text",)),
    TaskWords("audio.speech-synthesis", _words(
        r"tekstistä\s+puheeksi|puhesynteesi\w*|ääneen\s+luke\w*|szövegfelolvas\w*|felolvas\w*|beszédszintézis\w*|"
        r"szövegből\s+beszéd\w*|text\s+[îi]n\s+vorbire|sintez[ăa]\s+vocal\w*|citire\s+cu\s+voce|"
        r"tekst\s+til\s+tale|oplæsning|opplesning|teks\s+ke\s+ucapan|sese\s+çevir\w*|seslendir\w*|"
        r"metinden\s+sese|metni\s+sese|تحويل\s+النص\s+(?:إلى|ل)\s*(?:كلام|صوت)",
        r"تبدیل\s?متن\s?به\s?(?:صدا|گفتار)|متن\s?به\s?گفتار|লেখা\s?থেকে\s?কথা|টেক্সট\s?টু\s?স্পিচ"),
        outputs=("audio",)),
    TaskWords("audio.realtime", _words(
        r"reaaliaikai\w*\s+(?:\w+\s+)?puhe\w*|puhe\s+sisään|valós\s+idejű\s+(?:\w+\s+)?(?:hang|beszéd)\w*|"
        r"(?:vocal\w*|voce)\s+[îi]n\s+timp\s+real|tale\s+i\s+realtid|sanntids?\s*tale|suara\s+masa\s+nyata|"
        r"gerçek\s+zamanlı\s+(?:\w+\s+)?(?:ses|konuşma)\w*",
        r"صوتی\s?(?:بلادرنگ|زنده)|گفتگوی\s?صوتی\s?زنده|রিয়েল[\s-]?টাইম\s?(?:ভয়েস|কথা)"),
        inputs=("audio",), outputs=("audio",)),
    TaskWords("image.generation.text-to-image", _words(
        r"kuv\w*\s+(?:\w+\s+)?(?:luo|luomi|generoi)\w*|kuvageneraat\w*|(?:luo|generoi)\w*\s+kuv\w*|"
        r"kép\w*\s+generál\w*|képgenerál\w*|generál\w*\s+kép\w*|generare\s+de\s+imagini|genera\w*\s+imagini|"
        r"generere\s+(?:billeder|bilder)|billedgenerering|bildegenerering|jana\s+(?:gambar|imej)|"
        r"penjanaan\s+imej|görsel\s+üret\w*|resim\s+üret\w*",
        r"تولید\s?(?:عکس|تصویر)|ساخت\s?(?:عکس|تصویر)|ছবি\s?(?:তৈরি|বানা)\S*|توليد\s?(?:الصور|صور)"),
        outputs=("image",)),
    TaskWords("image.editing", _words(
        r"kép\w*\s+szerkeszt\w*|képszerkeszt\w*|kuvanmuokkau\w*|muokka\w*\s+kuv\w*|editare\s+(?:de\s+)?imagini|"
        r"editeaz[ăa]\s+imagini|redigere\s+(?:billeder|bilder)|sunting\s+(?:gambar|foto)|fotoğraf\s+düzenle\w*",
        r"ویرایش\s?(?:عکس|تصویر)|ছবি\s?এডিট\S*|تعديل\s?(?:الصور|صور)"),
        inputs=("image",), outputs=("image",)),
    TaskWords("video.generation", _words(
        r"videon\s+(?:luonti|generointi)|(?:luo|generoi)\w*\s+video\w*|videó\w*\s+generál\w*|videógenerál\w*|"
        r"generare\s+video|genereaz[ăa]\s+video|generere\s+video\w*|videogenerering|jana\s+video|video\s+üret\w*",
        r"تولید\s?ویدیو|ساخت\s?ویدیو|ভিডিও\s?(?:তৈরি|বানা)\S*|توليد\s?(?:فيديو|الفيديو)"),
        outputs=("video",)),
)
# "Text recognition" names OCR before any word for seeing pictures can read it as image understanding
# ("розпізнавання тексту на фото"): Ukrainian, Polish, Czech, Turkish, Dutch, Swedish, Greek, Vietnamese,
# Indonesian, then scripts without spaces.
TASKS = (TaskWords("vision.ocr", _words(
    r"розпізнава\w*\s+текст\w*|распозна\w*\s+текст\w*|rozpoznawani\w*\s+tekstu|rozpoznáván\w*\s+textu|"
    r"metin\s+tan[ıi]ma|tekstherkenning|textigenkänning|αναγνώριση\s+κειμένου|nhận\s+dạng\s+(?:chữ|văn\s+bản)|"
    r"pengenalan\s+teks",
    r"זיהוי\s?טקסט|التعرف\s+على\s+(?:النص|النصوص|الحروف)|تشخیص\s?متن|टेक्स्ट\s?पहचान|텍스트\s?인식|การรู้จำข้อความ"),
    inputs=("image",), outputs=("text",)), *TASKS)


# Tasks told as what should happen rather than named: a person describing their situation.
TASKS = (*TASKS,
    TaskWords("tools.computer-use", _words(
        r"(?:move|moves|moving|control\w*|drive|drives)\s+(?:the\s+|my\s+)?(?:mouse|cursor)|"
        r"click\w*\s+(?:through|around|on)\s+(?:the\s+|a\s+|our\s+)?(?:site|website|portal|app|browser|buttons?|pages?)|"
        r"(?:mover|mueva|controlar|controle)\s+(?:el\s+|o\s+)?(?:rat[óo]n|cursor|mouse)|(?:die\s+)?maus\s+(?:bewegen|steuern)|"
        r"d[ée]placer\s+la\s+souris|(?:mexer|mover)\s+o\s+mouse|(?:muovere|controllare)\s+il\s+mouse")),
    TaskWords("safety.moderation", _words(
        r"(?:filtr\w*|filter\w*|bloque\w*|blocc\w*)\s+(?:\S+\s+){0,3}?(?:insult\w*|beleidig\w*|hass\w*|haine|odio|ódio|"
        r"obscen\w*|oskarżen\w*|wyzwisk\w*|оскорблен\w*|мат\w*)",
        r"혐오\s?(?:발언|표현)|욕설|욕이나|(?:자동으로\s?)?걸러\w*|誹謗中傷|不適切な(?:投稿|コメント|書き込み)|敏感词|违规内容|辱骂|仇恨言论|"
        r"過濾|过滤掉"),
        ),
    TaskWords("safety.moderation", _words(
        r"check\w*\s+(?:\w+\s+){0,3}?(?:messages?|comments?|posts?|chats?|content|uploads?)\s+for\s+"
        r"(?:[\w-]+,?\s+){0,3}?(?:slurs?|threats?|hate|abuse|harass\w*|nsfw|sexual|toxic\w*|spam)|"
        r"(?:filter|flag|block|catch|detect)\w*\s+(?:out\s+)?(?:\w+\s+){0,2}?(?:slurs?|threats?|hate\s+speech|"
        r"abusive\s+\w+|nsfw|toxic\s+\w+)")),
    TaskWords("retrieval.reranking", _words(
        r"reclass\w*\s+(?:les\s+)?r[ée]sultats|reordena\w*\s+(?:los\s+)?resultados|(?:ergebnisse|treffer)\s+neu\s+"
        r"sortier\w*|neu\s+sortier\w*|riordin\w*\s+(?:i\s+)?risultati|herorden\w*|"
        r"(?:put|puts|bring|brings)\s+(?:the\s+)?most\s+relevant\s+(?:ones?\s+|results?\s+|documents?\s+)?(?:at\s+|on\s+|to\s+)?(?:the\s+)?top|"
        r"(?:mettre|mette)\s+les\s+plus\s+pertinents\s+en\s+haut")),
    TaskWords("audio.transcription", _words(
        r"(?:recordings?|voice\s+(?:messages?|notes?|memos?)|audio)\s+(?:\w+\s+){0,4}?(?:as|into|to)\s+(?:\w+\s+)?text|"
        # "passer des entrevues enregistrées à l'écrit", "перетворював запис у текст", "nagrania na tekst"
        r"enregistr\w*\s+(?:\S+\s+){0,3}?(?:à\s+l['’]\s?écrit|en\s+texte)|(?:à\s+l['’]\s?écrit|en\s+texte)\s+(?:\S+\s+){0,3}?enregistr\w*|"
        r"запис\w*\s+(?:у|в)\s+текст|(?:aufnahme|aufzeichnung)\w*\s+(?:\S+\s+){0,3}?in\s+text|"
        r"registrazion\w*\s+(?:\S+\s+){0,3}?in\s+testo|nagra\w*\s+(?:\S+\s+){0,3}?na\s+tekst|"
        r"grabaci\w*\s+(?:\S+\s+){0,3}?(?:a|en)\s+texto|grava[çc]\w*\s+(?:\S+\s+){0,3}?(?:em|para)\s+texto",
        r"(?:錄音|录音|音檔|音档|音频|音頻|語音|语音)\S{0,24}?(?:變成|变成|转成|轉成|转为|轉為|转换成|轉換成)\s?(?:中)?(?:文字|文本)"),
        inputs=("audio",), outputs=("text",)),
    TaskWords("image.editing", _words(
        # "tirá-los das fotos", "quitarlos de las imágenes", "aus den Bildern entfernen": something taken out of photos
        r"(?:tirar|tirá-l[oa]s|remover|removê-l[oa]s|apagar|quitar|quitarl[oa]s|borrar|eliminar\w*|supprimer|enlever|"
        r"rimuover\w*|togliere|usun\w*|удал\w*|прибра\w*)\s+(?:\S+\s+){0,4}?(?:das|dos|de\s+las|de\s+los|de\s+la|des|de|"
        r"dalle|dalla|z|с|з)\s+(?:\S+\s+)?(?:fotos?|fotografias?|imágenes|imagens|photos?|immagini|zdjęć|фото\w*)|"
        r"(?:aus|von)\s+(?:den|dem|meinen)\s+(?:fotos|bildern)\s+(?:\S+\s+){0,3}?(?:entfernen|wegmachen|rausnehmen)"),
        inputs=("image",), outputs=("image",)),
    TaskWords("embeddings.multimodal", _words(
        # a photo uploaded to find similar products: "încărca o poză … produse asemănătoare"
        r"(?:poz[ăae]|fotograf\w*|fotos?|photos?|imagen\w*|imagem|bild\w*|immagin\w*|zdj[eę]\w*|фото\w*|resim\w*|görsel\w*|"
        r"afbeelding\w*)\s+(?:\S+\s+){0,12}?(?:asemănăto\w*|similar(?:es|i)?|similaires?|ähnlich\w*|simili|podobn\w*|"
        r"похож\w*|схож\w*|benzer\w*|vergelijkbar\w*|liknande|semelhantes)"),
        inputs=("image",), outputs=("embedding",)),
    TaskWords("embeddings.text", _words(
        r"po\s+sensie|po\s+znaczeniu|nach\s+(?:der\s+)?bedeutung|por\s+(?:el\s+)?significado|par\s+le\s+sens|"
        r"por\s+sentido|per\s+significato|по\s+смыслу|за\s+змістом|op\s+betekenis|anlam(?:ına|a)\s+göre"),
        outputs=("embedding",)),
    TaskWords("retrieval.web-search-api", _words(
        r"(?:links?|urls?)\s+(?:\w+\s+){0,2}?snippets?|snippets?\s+(?:\w+\s+){0,2}?(?:links?|urls?)|serp\s+apis?|"
        r"search\s+results?\s+(?:as|in)\s+json")),
    TaskWords("image.generation.text-to-image", _words(
        # Hindi in Latin letters: "aisi photo bana de", "logo banao"
        r"(?:photos?|images?|pics?|pictures?|designs?|logos?|cards?|tasveer\w*|tasvir\w*)\s+(?:\w+\s+)?"
        r"bana(?:de|do|o|na|ne|ta|ti|iye|dena|ye)?(?![^\W\d_])"),
        outputs=("image",)),
    TaskWords("audio.speech-synthesis", _words(
        r"(?:gravar|grabar|record\w*|enregistrer|aufnehmen|registrare)\s+(?:a\s+|la\s+|my\s+|own\s+|mis\s+|minha\s+)?"
        r"(?:narra[çc][ãa]o|narra[çc][õo]es|narraci[óo]n\w*|narrations?|voice-?overs?|locu[çc][ãa]o|voix\s+off)|"
        r"voz\s+(?:mais\s+|más\s+)?(?:parecida|natural|realista|humana)|voix\s+(?:plus\s+)?(?:naturelle|r[ée]aliste|humaine)|"
        r"voice\s+that\s+sounds\s+(?:\w+\s+)?(?:human|real|natural)"),
        outputs=("audio",)),
    TaskWords("video.generation.text-to-video", _words(
        r"(?:footage|shots?|b-?roll|clips?)\s+from\s+(?:just\s+)?(?:an?\s+)?(?:written\s+|text\s+)?"
        r"(?:descriptions?|prompts?|scripts?)|makes?\s+(?:the\s+)?(?:most\s+\w+\s+)?footage"),
        outputs=("video",)),
    # A model's own web search: "recherche web intégrée", "Websuche", "поиск в интернете"
    TaskWords("tools.web-search", _words(
        r"recherche\s+(?:web|sur\s+(?:le\s+)?(?:web|internet))|b[úu]squeda\s+(?:web|en\s+(?:la\s+)?(?:web|internet))|"
        r"busca(?:r)?\s+(?:na|en)\s+(?:la\s+)?(?:web|internet)|pesquis\w*\s+na\s+(?:web|internet)|"
        r"(?:web|internet)suche|im\s+(?:internet|netz|web)\s+such\w*|ricerca\s+(?:web|su\s+internet|online)|"
        r"поиск\w*\s+в\s+интернет\w*|веб-поиск\w*|wyszukiw\w*\s+w\s+(?:sieci|internecie)|web\s+aramas\w*|"
        r"internette\s+ara\w*|zoeken\s+op\s+(?:het\s+)?(?:web|internet)|webbsök\w*|"
        r"(?:البحث|بحث)\s+(?:في|على)\s+(?:الإنترنت|الانترنت|الويب)",
        r"联网搜索|聯網搜尋|网络搜索|網路搜尋|上网搜索|ウェブ検索|ネット検索|웹\s?검색|인터넷\s?검색")),
)


# Words saying the task that follows is not needed: "不需要看图", "no necesito que entienda imágenes",
# "pas besoin de comprendre les images", "brauche keine Bilderkennung".
_NOT_NEEDED_BEFORE_RE = re.compile(
    r"(?:不需要|不用|无需|無需|不必|用不着|用不到|不要求|毋需)\s*$|"
    r"(?<![^\W\d_])(?:no\s+(?:necesito|necesitamos|hace\s+falta|requiero|es\s+necesario)|sin\s+necesidad\s+de|"
    r"pas\s+besoin|n['’]ai\s+pas\s+besoin|não\s+(?:preciso|precisamos|é\s+necessário)|sem\s+necessidade\s+de|"
    r"brauche?n?\s+(?:kein\w*|nicht)|non\s+(?:serve|mi\s+serve|ho\s+bisogno)|не\s+нужн\w*|не\s+обязательно|"
    r"nie\s+potrzebuj\w*|gerek\s+yok)(?![^\W\d_])[^.;!?,。，]{0,24}$",
    re.IGNORECASE)


# "ayrı bir arama API'si kurmak istemiyorum": Turkish says it is not wanted right after, past one verb at most.
_NOT_WANTED_AFTER_RE = re.compile(r"['’]?\w*\s+(?:\w+\s+)?(?:istemiyor\w*|gerek(?:\s+yok|miyor\w*))(?![^\W\d_])",
                                  re.IGNORECASE)


def read_tasks_any_language(st: ParseState) -> None:
    """Add the capability and modalities of every task named by its own words (see :data:`TASKS`)."""
    for task in TASKS:
        for m in islice(task.pattern.finditer(st.low), MAX_HITS):
            start, end = m.start(), m.end()
            if not st.free_span(start, end):
                continue
            uri = "capability://" + task.capability
            before = _NOT_NEEDED_BEFORE_RE.search(st.low, max(0, start - 40), start)
            if before and st.free_span(before.start(), start):
                if st.claim(before.start(), end, f"not needed: {uri}"):
                    st.not_needed.setdefault(uri, start)
                continue
            neg = NEGATED_AFTER_RE.match(st.low, end) or _NOT_WANTED_AFTER_RE.match(st.low, end)
            if neg:
                # "图片理解不需要", "Texterkennung nicht nötig": named, and said not to be needed
                if st.claim(start, neg.end(), f"not needed: {uri}"):
                    st.not_needed.setdefault(uri, start)
                continue
            sides = [f"{m} input" for m in task.inputs] + [f"{m} output" for m in task.outputs]
            meaning = ("preference " if task.preference else "") + uri + (f"; {', '.join(sides)}" if sides else "")
            if not st.claim(start, end, meaning):
                continue
            (st.prefs if task.preference else st.caps).setdefault(uri, start)
            st.inputs.update(task.inputs)
            st.outputs.update(task.outputs)
