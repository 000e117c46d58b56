"""Phrase rules of the need parser: which words imply which capability, preference or flag.

Flag rules set ``open_weights``, ``free`` and ``cheapest``; capability rules add hard capabilities
and modalities; preference rules only steer scoring. Negation phrases turn a match into "not
needed" (or into the opposite flag). The reading rules are listed in
:mod:`matchgraph.match.need_parser`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CAPABILITY_PREFIX = "capability://"

# --------------------------------------------------------------------------------------------
# Negation
# --------------------------------------------------------------------------------------------

_NT = r"n['’]?t"
# "Not needed" in other languages, then up to four words of the same clause before what is not needed ("no quiero que
# genere imágenes", "pas besoin que ce soit open source", "non mi serve che legga immagini né PDF"), none of them a
# word that turns to what is needed ("no quiero pagar mucho pero necesito PDF").
_TURN_WORDS = (r"pero|but|aber|mais|ma|mas|però|sino|solo|sólo|s[oó]lo|only|nur|just|seulement|juste|apenas|somente|"
               r"necesit\w*|need\w*|brauch\w*|besoin|serv\w*|precis\w*|quiero|want\w*|voglio|quero|veux|bisogno|"
               r"y|and|und|et|e|i|или|и|o|or|oder|ou")
_NEED_NOT_OTHER = (r"no\s+(?:necesit[oa]\w*|hace\s+falta|me\s+hace\s+falta|nos\s+hace\s+falta|quiero|queremos|"
                   r"es\s+necesario|requiero|busco|buscamos)|pas\s+besoin|n['’]\s*(?:ai|a|avons)\s+pas\s+besoin|"
                   r"(?:ne\s+)?veux\s+pas|(?:brauche|brauchen|braucht)\s+(?:kein\w*|nicht)|muss\s+nicht|müssen\s+nicht|"
                   r"(?:will|wollen)\s+(?:kein\w*|nicht)|non\s+(?:mi\s+|ci\s+)?serv\w*|non\s+ho\s+bisogno|non\s+voglio|"
                   r"não\s+(?:preciso|precisa|precisamos|quero|queremos)|nie\s+(?:potrzebuj\w*|musi|chcę|chcemy)|"
                   r"не\s+(?:нужн\w*|надо|хочу|хотим|обязательно)|не\s+потрібн\w*|geen\s+behoefte|hoeft\s+niet|"
                   r"(?:wil|willen)\s+geen|behöver\s+inte|vill\s+inte|ihtiyacım\s+yok|gerek\s+yok")


def refusal_then_words(most: int) -> str:
    """A pattern: "not needed" in another language, then up to ``most`` words of its clause, none of them a word that
    turns to what is needed. The phrase rules and the making reader both put it right before what is refused."""
    return rf"(?:{_NEED_NOT_OTHER})(?:\s+(?!(?:{_TURN_WORDS})\b)[^\W\d_]+){{0,{most}}}?"


NEG_BEFORE_RE = re.compile(
    rf"\b(?:(?P<need>(?:do|does|did){_NT}\s+(?:need|want|require|care\s+about)|"
    rf"{refusal_then_words(4)}(?=\s)|"
    r"(?:do|does)\s+not\s+(?:need|want|require)|no\s+need\s+(?:for|of)|not\s+looking\s+for|"
    rf"(?:does{_NT}|does\s+not|do{_NT}|do\s+not)\s+(?:have|need)\s+to\s+(?:be|have|support|do)|"
    rf"need{_NT}\s+(?:be|have)|not\s+necessarily)"
    r"|(?P<excl>no|not|non|without|never|avoid|avoiding|exclude|excluding|except))"
    r"(?:[-\s]+(?:a|an|any|the|support\s+for|for|built[- ]in))*[-\s]*$",
)
NEG_AFTER_RE = re.compile(
    rf"\s*(?:(?:is|are)\s+)?(?:not\s+(?:needed|required|necessary|important|a\s+must)|unnecessary|optional|"
    rf"(?:is|are){_NT}\s+(?:needed|required|necessary))\b",
)
NEEDED_AFTER_RE = re.compile(r"\s*(?:(?:is|are)\s+)?(?:needed|required|necessary)\b")

# --------------------------------------------------------------------------------------------
# Capability, flag and preference rules
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One phrase family and what it implies."""

    pattern: re.Pattern[str]
    caps: tuple[str, ...] = ()
    prefs: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    sets: tuple[tuple[str, object], ...] = ()
    excl_sets: tuple[tuple[str, object], ...] = ()  # when negated with "no/not/non"
    only_negated: bool = False
    note: str | None = None


def _r(
    pattern: str,
    *,
    caps: tuple[str, ...] = (),
    prefs: tuple[str, ...] = (),
    inputs: tuple[str, ...] = (),
    outputs: tuple[str, ...] = (),
    sets: tuple[tuple[str, object], ...] = (),
    excl_sets: tuple[tuple[str, object], ...] = (),
    only_negated: bool = False,
    note: str | None = None,
) -> Rule:
    """Build a rule; capability keys are given without the ``capability://`` prefix."""
    return Rule(re.compile(pattern), tuple(CAPABILITY_PREFIX + c for c in caps),
                tuple(CAPABILITY_PREFIX + p for p in prefs), inputs, outputs, sets, excl_sets, only_negated, note)


_IMG_NOUN = (r"(?:images?|pictures?|pics|pix|imgs?|photos?|illustrations?|art(?:work)?|logos?|icons?|posters?|"
             r"drawings?|visuals?|graphics|avatars?|thumbnails?|memes?|stickers?|wallpapers?)\b")
_SEE_WORDS = r"(?:images?|photos?|pictures?|screenshots?|pics|imagery|scans?"
_SEE_NOUN = _SEE_WORDS + r")\b"
_THIS = r"(?:this|these|that|the|my|our|a|an)"
_THIS_ONE = r"(?:this|these|that|my|our)"  # "in this video" is about an input, "in a video" may not be
# Up to two filler words that do not change what the phrase is about ("generate product images").
_FILLER2 = (r"(?:(?!and\b|or\b|sense\b|text\b|data\b|use\b|of\b|from\b|captions?\b|descriptions?\b|tags?\b|labels?\b|"
            r"alt\b|summar)\w+\s+){0,2}?")

# Things an application lets a model call, and words for "at the same time" (for parallel tool calls).
_CALLABLE = (r"apis?|tools?|functions?|endpoints?|endpo\w*|herramientas|funciones|outils|fonctions|ferramentas|"
             r"fun[çc][õo]es|strumenti|funzioni|werkzeuge|funktionen|schnittstellen|narzędzi\w*|funkcj\w*|"
             r"инструмент\w*|функци\w*|araçlar\w*|fonksiyonlar\w*")
_SEVERAL = (r"several|multiple|many|two|three|four|all|both|[0-9]+|mehrere|viele|beide|zwei|drei|varias|varios|dos|"
            r"tres|plusieurs|deux|trois|v[áa]rias|v[áa]rios|duas|diversi|diverse|pi[ùu]|due|meerdere|twee|kilka|dwa|"
            r"dwie|несколько|два|две|birden\s+fazla|birkaç|iki")
_AT_ONCE = (r"at\s+the\s+same\s+time|at\s+once|simultaneously|concurrently|in\s+parallel|not\s+one\s+after\s+"
            r"(?:the\s+)?other|in\s+one\s+go|gleichzeitig|zeitgleich|parallel|al\s+mismo\s+tiempo|a\s+la\s+vez|"
            r"simult[áa]neamente|en\s+paralelo|en\s+m[êe]me\s+temps|[àa]\s+la\s+fois|simultan[ée]ment|"
            r"ao\s+mesmo\s+tempo|em\s+paralelo|contemporaneamente|allo\s+stesso\s+tempo|in\s+parallelo|"
            r"tegelijk(?:ertijd)?|jednocze[śs]nie|r[óo]wnocze[śs]nie|równolegle|одновременно|параллельно|aynı\s+anda")

# Words for "free" (no price), for phrases that say "almost free".
_FREE_WORD = (r"free|gratis|gr[áa]tis|gratuit[oae]?s?|gratuit\w*|kostenlos\w*|umsonst|бесплатн\w*|darmow\w*|za\s+darmo|"
              r"ücretsiz|bedava|gratuito|gratuita")


FLAG_RULES: tuple[Rule, ...] = (
    # A hosted service, not a local run: before the open-weights rule, so "no local models" is read here.
    _r(r"\b(?:hosted\s+(?:apis?|services?|endpoints?|inference|models?)(?:\s+only)?|(?:cloud|managed|serverless)\s+"
       r"(?:apis?|services?|endpoints?|inference)|api\s+only|only\s+(?:an?\s+)?api|"
       r"no\s+local(?:\s+(?:models?|stuff|installs?|installation|deployment|hosting|setup))?|"
       r"not\s+(?:self[\s-]?hosted|local(?:ly)?)|nothing\s+(?:local|self[\s-]?hosted)|"
       r"(?:don['’]?t|do\s+not)\s+want\s+to\s+(?:self[\s-]?host|host\s+(?:it\s+)?(?:myself|ourselves)|"
       r"run\s+(?:it\s+|anything\s+)?locally|manage\s+(?:any\s+)?(?:gpus?|servers?|infrastructure))|"
       r"without\s+(?:my\s+own\s+)?(?:gpus?|servers?)|no\s+gpus?|"
       r"gehostete?[rnms]?\s+(?:api|dienst)|api\s+(?:alojada|hospedada|en\s+la\s+nube|na\s+nuvem|h[ée]berg[ée]e)|"
       r"en\s+la\s+nube|na\s+nuvem|dans\s+le\s+cloud|in\s+der\s+cloud|в\s+облаке)\b|云端|云服务|托管|クラウド|클라우드",
       sets=(("hosted", True),)),
    _r(r"\b(?:free\s+and\s+open[\s-]?source|free/open[\s-]?source|foss|free\s+software|libre)\b",
       sets=(("open_weights", True),),
       note="'free' in 'free and open source' was read as open weights, not as zero price"),
    _r(r"\b(?:open[\s-]?weights?|open[\s-]?source[ds]?|self[\s-]?host(?:ed|ing|able)?|"
       r"host\s+(?:it\s+)?(?:myself|ourselves)|runs?\s+locally|running\s+locally|run\s+(?:it\s+)?locally|"
       r"local(?:ly)?\s+(?:models?|llms?|inference|deployment)|on[\s-]?prem(?:ise|ises)?\b|air[\s-]?gapped|"
       r"(?:works?|run|runs|running)\s+offline|downloadable\s+weights|"
       r"weights\s+(?:are\s+)?(?:available|downloadable)|"
       r"run\s+(?:it\s+)?on\s+(?:my|our)\s+(?:own\s+)?(?:hardware|gpus?|machines?|laptop|servers?|mac|computer)|"
       # the same in other languages: open source / open weights / run locally / self-hosted
       r"c[óo]digo\s+abierto|pesos\s+abiertos|c[óo]digo\s+aberto|pesos\s+abertos|"
       r"(?:ejecutar|correr|rodar|executar)\s+(?:\w+\s+)?localmente|auto[\s-]?alojad[oa]|"
       r"auto[\s-]?h[ée]berg[ée]e?s?|en\s+local|poids\s+ouverts|"
       r"selbst\s+(?:gehostet|hosten)|lokal\s+(?:ausf[üu]hren|betreiben|laufen)|offene\s+gewichte|"
       r"без\s+інтернету|на\s+(?:моєму\s+|своєму\s+)?ноутбуці|instalar\s+(?:cá|aqui|localmente)|"
       # data that may not leave one's own servers: "el audio no puede salir de nuestros servidores"
       r"(?:can['’]?t|cannot|must\s+not|may\s+not|is\s+not\s+allowed\s+to)\s+leave\s+(?:our|the)\s+(?:own\s+)?"
       r"(?:servers?|network|premises|building|infrastructure|data\s+cent(?:er|re))|"
       r"no\s+(?:puede|pueden|debe|deben)\s+salir\s+de\s+(?:nuestr[oa]s?|los|la)\s+(?:propi[oa]s\s+)?"
       r"(?:servidores|servidor|red|instalaciones)|"
       r"ne\s+(?:doit|doivent|peut|peuvent)\s+pas\s+sortir\s+de\s+(?:nos|notre)\s+(?:propres?\s+)?(?:serveurs?|réseau|locaux)|"
       r"não\s+(?:pode|podem|deve|devem)\s+sair\s+d[oa]s?\s+(?:noss[oa]s?\s+)?(?:servidores|servidor|rede)|"
       r"non\s+(?:può|possono|deve|devono)\s+uscire\s+dai\s+nostri\s+server|"
       r"(?:darf|dürfen)\s+(?:unser\w*\s+)?(?:server\w*|netz\w*|haus)\s+nicht\s+verlassen|"
       # on my/our own server, machine, GPU: "no meu próprio servidor", "en mi propia máquina", "sur mon serveur"
       r"(?:no|na|em|num|numa)\s+(?:meu|minha|nosso|nossa|meus|nossos)\s+(?:própri[oa]s?\s+)?"
       r"(?:servidor(?:es)?|máquinas?|hardware|gpus?|computador|pc|notebook)|"
       r"(?:servidor(?:es)?|máquinas?|hardware|gpus?)\s+(?:própri[oa]s?|propi[oa]s?)|"
       r"en\s+(?:mi|mis|nuestro|nuestra|nuestros)\s+(?:propi[oa]s?\s+)?"
       r"(?:servidor(?:es)?|máquinas?|hardware|gpus?|computadora|ordenador|pc|port[áa]til)|"
       r"sur\s+(?:mon|ma|mes|notre|nos)\s+(?:propres?\s+)?(?:serveurs?|machines?|matériel|gpus?|pc|ordi\w*)|"
       r"auf\s+(?:meinem|meinen|meiner|unserem|unseren|unserer|eigenem|eigenen|eigener)\s+(?:eigenen\s+)?"
       r"(?:server\w*|rechner\w*|hardware|gpus?|maschinen?|pc|laptop)|"
       r"(?:sul|sui|nel)\s+(?:mio|nostro|miei|nostri)\s+(?:server|pc|computer|hardware|gpu)|"
       r"(?:på|i)\s+(?:vår|våra|min|mina|egen|egna)\s+(?:egen\s+|egna\s+)?(?:server\w*|dator\w*|hårdvara|maskin\w*)|"
       r"op\s+(?:onze|ons|mijn|eigen)\s+(?:eigen\s+)?(?:server\w*|hardware|machine\w*|computer\w*)|"
       r"na\s+(?:naszym|naszych|moim|moich|własnym|własnych)\s+(?:własnym\s+|własnych\s+)?"
       r"(?:serwer\w*|sprzęcie|komputerze|maszyn\w*)|"
       r"на\s+(?:сво[её]м|нашем|наших|мо[её]м|собственн\w+)\s+(?:собственн\w+\s+)?(?:сервер\w*|железе|компьютер\w*)|"
       r"na\s+(?:vlastním|našem|našich|svém|mém)\s+(?:vlastním\s+)?(?:server\w*|hardwaru|počítači)|"
       r"on\s+(?:my|our)\s+own\s+(?:servers?|hardware|gpus?|machines?|infra\w*|boxe?s?)|"
       r"открыт\w*\s+(?:вес\w*|исходн\w*)|(?:скачать|скачивать|загрузить)\s+(?:\w+\s+)?веса|"
       r"(?:завантажити|скачати)\s+(?:\w+\s+)?ваги|(?:pobrać|ściągnąć)\s+(?:\w+\s+)?wagi|"
       r"(?:gewichte|weights)\s+(?:herunterladen|runterladen|downloaden)|(?:descargar|baixar)\s+(?:los\s+|os\s+)?pesos|"
       r"télécharger\s+les\s+poids|scaricare\s+i\s+pesi|(?:download|grab)\s+the\s+weights|localmente|локальн\w+\s+(?:модел\w*|llm|нейросет\w*|запуск\w*)|"
       r"без\s+интернета|офлайн|оффлайн|ohne\s+internet|sin\s+(?:conexi[oó]n|internet)|sans\s+(?:connexion|internet)|"
       r"sem\s+internet|senza\s+internet|lokale[snrm]?\s+(?:modell|llm|ki)\w*|modelo\s+local|mod[eè]le\s+local|"
       r"modello\s+locale|yerel\s+(?:model|olarak)\w*|çevrimdışı|internetsiz|відкрит\w*\s+ваг\w*|"
       r"otevřen\w*\s+vah\w*|otwart\w*\s+wag\w*|pesi\s+(?:aperti|liberi|open)|codice\s+aperto|"
       r"pesos\s+(?:libres|públicos)|poids\s+(?:libres|publics)|otwarto[\s-]?źródłow\w*|trọng\s+số\s+mở|bobot\s+terbuka|öppna\s+vikter|ανοιχτ\w*\s+βάρ\w*|"
       r"open[\s-]?source\w*|self[\s-]?host\w*)\b|משקלים\s?פתוחים|קוד\s?פתוח|ओपन\s?वेट|ओपन\s?सोर्स|โอเพนซอร์ส|离线|離線|オフライン|오프라인|开源|开放权重|本地(?:运行|部署)|私有化部署|自己的服务器|自己部署|自建服务器|"
       r"自社サーバー?|自前のサーバー?|社内サーバー?|자체\s?서버|"
       r"オープンソース|オープンウェイト|ローカルで(?:動|実行)|オンプレ|오픈\s?소스|오픈\s?웨이트|공개\s?가중치|로컬에서|"
       # Finnish, Hungarian, Romanian, Danish, Norwegian, Malay, Turkish, Persian, Arabic, Bengali
       r"avoime\w*\s+lähdekoodi\w*|avoim\w*\s+pain\w*|nyílt\s+forráskód\w*|nyílt\s+súly\w*|cod\s+deschis|"
       r"ponderi\s+deschise|åben\s+kildekode|åbne\s+vægte|åpen\s+kildekode|åpne\s+vekter|sumber\s+terbuka|"
       r"açık\s+kaynak\w*|açık\s+ağırlık\w*|متن[\s\u200c]?باز|منبع\s?باز|اوپن\s?سورس|مفتوح\w*\s?المصدر|"
       r"أوزان\s?مفتوحة|ওপেন[\s-]?(?:ওয়েট|সোর্স)",
       sets=(("open_weights", True),), excl_sets=(("open_weights", False),)),
    _r(r"\b(?:closed[\s-]?(?:source|weights?)(?:\s+models?)?|proprietary(?:\s+models?)?)\b",
       sets=(("open_weights", False),)),
    # "free or almost free", "gratis o casi gratis": a low price is asked, not $0
    _r(rf"\b(?:(?:{_FREE_WORD})\s+(?:or|o|ou|oder|of|o\s+bien|или|lub|veya)\s+)?(?:almost|nearly|practically|virtually|"
       rf"basically|casi|quase|praticamente|pr[aá]cticamente|presque|quasi|fast|nahezu|beinahe|bijna|почти|prawie|"
       rf"neredeyse|hampir)\s+(?:{_FREE_WORD})(?![^\W\d_])",
       sets=(("cheapest", True),), note="'almost free' was read as a low price, not as $0"),
    _r(r"(?<![-\w])(?<!feel\s)(?:for\s+free|free\s+(?:tier|plan|of\s+charge|to\s+use)|"
       r"free(?![\s-](?:form|text(?![\s-]+(?:to|too|2)[\s-])|style|flowing|of\b|from\b|to\s+(?!use\b)))|no[\s-]cost|zero[\s-]cost|"
       r"costs?\s+nothing|gratis|at\s+no\s+(?:cost|charge)|without\s+paying|kostenlos\w*|gratuit[oae]?s?|"
       r"бесплатн\w*|безкоштовн\w*|darmow\w*|za\s+darmo|zdarma|bezplatn\w*|ücretsiz|bedava|ilmai\w*|ingyen\w*|"
       r"gratuit\w*|percuma|miễn\s+phí|δωρεάν)\b(?!-)|免费|無料|무료|رایگان|مجان\S*|বিনামূল্যে|मुफ़?्त|חינם|ฟรี",
       sets=(("free", True),)),
    _r(r"\b(?:price|cost|money)\s+(?:does\s*n['’]?t|doesn['’]?t|does\s+not)\s+matter|"
       r"(?:cost|price|money)\s+is\s+no\s+(?:object|issue)", sets=(("cheapest", False),)),
    # "budget" followed by an amount is a price ceiling, read by the price parser
    _r(r"\b(?:cheap(?:er|est|ly)?|budget(?:[\s-]friendly)?(?!\s*(?:is|of|[:=])?\s*(?:\$|[0-9]))|"
       r"low[\s-]cost|lowest[\s-](?:cost|price)|least\s+expensive|inexpensive|affordable|economical|"
       r"cost[\s-](?:effective|efficient|sensitive)|bargain|on\s+a\s+(?:tight\s+)?budget|"
       r"not\s+(?:too\s+)?expensive|price[\s-]sensitive|barat[oa]s?|baratinh[oa]s?|baratit[oa]s?|barat[íi]sim[oa]s?|(?:darf|soll|sollte)\s+(?:nix|nichts|wenig)\s+kosten|econ[óo]mic[oa]s?|pas\s+cher|bon\s+marché|"
       r"günstig\w*|billig\w*|preiswert\w*|economico|goedko+p\w*|tani[aeo]?|ucuz\w*|дешев\w*|недорог\w*|"
       # "X is too pricey", "zu teuer", "demasiado caro": the price of what they have is the complaint
       r"(?:too|way\s+too|so|really)\s+(?:pricey|expensive|costly|spendy)|zu\s+teuer|(?:demasiado|muy)\s+car[oa]s?|"
       r"trop\s+ch[eè]re?s?|car[oa]s?\s+demais|muito\s+car[oa]s?|troppo\s+car[oa]|te\s+duur|"
       r"слишком\s+дорог\w*|za\s+drog\w*|çok\s+pahalı|"
       r"dirt[\s-]cheap|levn[ýáéí]\w*|murah|rẻ|giá\s+rẻ|رخيص\w*|بسعر\s+منخفض)(?![^\W\d_])|"
       r"便宜|低成本|低价|廉价|安い|安価|格安|저렴|सस्त\w*|太贵|太貴|高すぎ|너무\s?비싸",
       sets=(("cheapest", True),)),
)

# Order matters: earlier rules claim their words first (specific before generic).
CAPABILITY_RULES: tuple[Rule, ...] = (
    # Text about pictures (captions, alt text, descriptions, tags) is image input, never image generation.
    _r(r"\b(?:(?:image|photo|picture)\s+(?:captions?|captioning|descriptions?|tagging|labell?ing)|"
       r"(?:captions?|captioning|alt[\s-]?texts?|descriptions?|descriptive\s+text|tags?|tagging|labels?|"
       r"labell?ing|keywords?)\s+(?:for|of|to|on)\s+(?:(?:my|our|the|these|those|all|each|every|an?)\s+)?"
       rf"(?:\w+\s+){{0,2}}?{_SEE_NOUN}|(?:caption|tag|label|describe)\s+(?:(?:my|our|the|these|those|all|each|every|an?)\s+)?"
       rf"(?:\w+\s+){{0,2}}?{_SEE_NOUN})",
       caps=("vision.image-understanding",), prefs=("vision.captioning",), inputs=("image",)),
    # structured output: schema first so "JSON matching my schema" is one span
    _r(r"\b(?:(?:return\w*|output\w*|emit\w*|produc\w*|giv\w*|respond\w*\s+(?:in|with))\s+)?"
       r"(?:(?:strict|valid)\s+)?json\s+(?:that\s+)?(?:match\w*|conform\w*\s+to|follow\w*|adher\w*\s+to|"
       r"according\s+to|validat\w*\s+against|fitting|per)\s+(?:my|a|the|our|given|an?\s+given)?\s*"
       r"(?:json\s+)?(?:schema|spec\w*)|\b(?:strict\s+)?json[\s-]schemas?\b|\bstructured[\s-]outputs?\b|"
       r"\b(?:strict|typed)\s+json\b|\bschema[\s-](?:constrained|enforced|following|adherence|validated)\b|"
       r"\bresponse[\s_]schemas?\b|\bpydantic\b",
       caps=("text.structured-output.json-schema",), outputs=("text",)),
    _r(r"\b(?:(?:returns?|returning|outputs?|outputting|emits?|produces?|gives?|respond(?:s|ing)?\s+(?:in|with)|"
       r"answers?\s+in|in)\s+)?(?:valid\s+)?json\b(?:\s+(?:mode|output|outputs|responses?|format|objects?))?|"
       r"\bjson_object\b",
       caps=("text.structured-output.json-mode",), outputs=("text",)),
    # tools: parallel and forced before plain tool calling
    _r(r"\b(?:(?:parallel|multiple|several|concurrent|simultaneous)[\s_]+(?:tool|function)[\s_-]?(?:calls?|calling|use)"
       r"(?:\s+at\s+once)?|call\w*\s+(?:several|multiple|many|two|three|[0-9]+)\s+(?:apis?|tools?|functions?)"
       r"\s+(?:at\s+once|in\s+parallel|simultaneously))\b",
       caps=("tools.function-calling.parallel",)),
    # Tools, functions or endpoints called at the same time, said in words: "hit the stock endpoint and the shipping
    # endpoint at the same time, not one after the other", "mehrere APIs gleichzeitig", "同時にツールを呼び出す".
    # Two of them named, several of them, or one word for them right before "at once"; never a tool and some other
    # task done at the same time ("use tools and also generate images at the same time").
    _r(rf"(?<![^\W\d_])(?:(?:{_CALLABLE})(?:\s+\S+){{0,5}}?\s+(?:{_CALLABLE})|(?:{_SEVERAL})\s+(?:\S+\s+)?"
       rf"(?:{_CALLABLE})(?:\s+\S+){{0,3}}?|(?:{_CALLABLE})(?:\s+\S+){{0,2}}?)\s+(?:{_AT_ONCE})(?![^\W\d_])|"
       rf"(?:ツール|関数|API|工具|函数|도구를?|함수를?)\S{{0,4}}?(?:同時に|同時|同时|동시에|並列|并行)|"
       rf"(?:同時に|同时|동시에|并行|並列)\S{{0,6}}?(?:调用|呼び出|호출)",
       caps=("tools.function-calling.parallel",)),
    _r(r"\b(?:(?:forced|force|forcing|required)\s+(?:a\s+)?(?:tool|function)[\s-]?(?:calls?|calling|choice|use)|"
       r"tool_choice|tool\s+choice|force\w*\s+(?:the\s+model\s+)?(?:to\s+(?:use|call)\s+)?(?:a\s+|the\s+)?"
       r"(?:specific\s+|particular\s+|given\s+)?(?:tool|function)|(?:tool|function)\s+(?:use|calls?|calling)\s+"
       r"(?:mandatory|required)|always\s+calls?\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:tool|function))\b",
       caps=("tools.function-calling.forced",)),
    _r(r"\b(?:(?:tool|function)[\s-]?(?:calls?|calling|use|usage)|tools?\s+use|us(?:e|es|ing)\s+tools|"
       r"call\w*\s+(?:(?:my|our|external|your|an?|the)\s+)?(?:\w+\s+)?(?:apis?|functions?|tools?|endpoints?)|"
       r"apis?\s+calls?|(?:supports?\s+)?mcp(?:\s+tools?)?)\b",
       caps=("tools.function-calling",)),
    # a search endpoint an application calls is the search API, not a model's own web-search tool
    _r(r"\b(?:(?:web\s+)?search(?:[\s-]engine)?\s+(?:apis?|endpoints?|services?)|serp\s+apis?)\b",
       caps=("retrieval.web-search-api",)),
    _r(r"\b(?:web[\s-]search|search(?:es|ing)?\s+the\s+(?:web|internet)|brows\w*\s+the\s+(?:web|internet)|"
       r"internet\s+access|web\s+(?:access|browsing|grounding)|live\s+web|grounding\s+with\s+(?:google\s+)?search|"
       r"search\s+grounding|look\w*\s+(?:\w+\s+)?up\s+(?:on\s+)?(?:the\s+)?(?:internet|web)|"
       r"(?:today['’]?s|latest|current)\s+news|current\s+events|online\s+search|"
       r"up[\s-]to[\s-]date\s+(?:answers|info\w*|news|results))\b",
       caps=("tools.web-search",)),
    _r(r"\b(?:computer[\s-]use|(?:control|operate|use|drive|automate)s?\s+(?:a|my|the)\s+"
       r"(?:computer|desktop|browser|mouse|screen)|browser\s+(?:automation|agent)|"
       r"click\w*\s+(?:around|buttons|through\s+(?:a\s+|the\s+)?(?:websites?|web\s+pages?|ui))|"
       r"fill\w*\s+(?:out|in)\s+(?:web\s+)?forms|computer\s+control|gui\s+(?:agents?|automation)|"
       r"desktop\s+automation)\b",
       caps=("tools.computer-use",)),
    # documents and vision
    _r(r"\b(?:(?:reads?|reading|parses?|parsing|process(?:es|ing)?|understands?|ingests?|handles?|accepts?|"
       r"takes?|analy[sz]e[sd]?|analy[sz]ing)\s+(?:my\s+|the\s+|our\s+)?)?(?:pdfs?|pdf\s+(?:files?|documents?|"
       r"input|inputs|support|parsing|understanding))\b",
       caps=("vision.pdf",)),
    _r(r"\b(?:(?:(?:reads?|reading|parses?|parsing|process(?:es|ing)?|extracts?\s+(?:\w+\s+)?from|digiti[sz]e[sd]?|"
       r"digiti[sz]ing|scans?|understands?|handles?)\s+(?:my\s+|the\s+|our\s+)?)?(?:scanned\s+(?:\w+\s+)?)?"
       r"(?:invoices?|receipts?|handwrit\w*|scans|scanned\s+(?:documents?|pages?|forms?|images?|files?)|"
       r"(?:paper|printed|handwritten)\s+(?:forms?|documents?|records?|notes?|pages?))|ocr|"
       r"optical\s+character\s+recognition|text\s+recognition|document\s+ai|"
       r"extract\w*\s+(?:the\s+)?text\s+(?:from|out\s+of|in)\s+(?:\w+\s+)?" + _SEE_WORDS + r"|documents?)|"
       r"read(?:s|ing)?\s+(?:the\s+)?text\s+(?:in|from|on)\s+(?:\w+\s+)?(?:images?|photos?|screenshots?|signs?))\b",
       # Reading documents needs image input, a declared fact; how well a model reads them is measured
       # (arena OCR ratings), not declared, so OCR steers the ranking instead of filtering.
       prefs=("vision.ocr",), inputs=("image",), outputs=("text",)),
    _r(r"\b(?:(?:reads?|reading|understands?|interprets?|analy[sz]e[sd]?|analy[sz]ing|describes?|"
       r"extracts?\s+data\s+from)\s+(?:\w+\s+)?)?(?:charts?|diagrams?|infographics?|flowcharts?|schematics?|"
       r"graphs\s+and\s+charts|(?:bar|line|pie)\s+(?:graphs?|charts?))(?:\s+(?:and|&|or)\s+(?:charts?|diagrams?|"
       r"graphs?|plots?|tables?|figures?|infographics?))?|(?:graph|plot|chart)s?\s+(?:interpretation|analysis|"
       r"reading|understanding)\b",
       caps=("vision.diagrams",), inputs=("image",)),
    # video before image so "animate a photo" and "image to video" go to video
    _r(r"\b(?:image[\s-]to[\s-]video|img2vid|animat\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?|stills?|"
       r"portraits?|illustrations?|drawings?)|turn\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?|"
       r"illustrations?|drawings?)\s+into\s+(?:an?\s+)?(?:\w+\s+)?(?:videos?|clips?|animations?)|"
       r"(?:photos?|images?|pictures?)\s+come\s+(?:alive|to\s+life)|"
       r"bring\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?)\s+to\s+life)\b",
       caps=("video.generation.image-to-video",), inputs=("image",), outputs=("video",)),
    _r(r"\b(?:(?:understand\w*|analy[sz]\w*|watch\w*|summari[sz]\w*|describ\w*|process\w*|search\w*\s+(?:in|through))"
       r"\s+(?:\w+\s+)?(?:videos?|footage|clips?|youtube)|(?:security|cctv)\s+(?:camera\s+)?(?:footage|recordings?)|"
       r"video\s+(?:question\s+answering|q&a|understanding|input|inputs|analysis|"
       rf"comprehension)|(?:in|from|of)\s+{_THIS_ONE}\s+(?:\w+\s+)?(?:videos?|footage|clips?))\b",
       caps=("vision.video-understanding",), inputs=("video",)),
    _r(r"\b(?:text[\s-]to[\s-]video|video\s+generat\w*|vids?\s+gen\w*|video\s+gen\b|t2v|"
       r"generat\w*\s+(?:\w+\s+)?(?:videos?|vids|clips?|footage|"
       r"animations?)|(?:make|makes|making|create|creates|creating|produce|render)\s+(?:\w+\s+){0,2}?"
       r"(?:videos?|clips?|animations?)|video\s+generator|animat(?:e|ion|ions|ed)|txt2vid|prompt[\s-]to[\s-]video|"
       r"videos?\s+from\s+(?:an?\s+)?(?:text|prompts?|descriptions?|scripts?))\b",
       caps=("video.generation.text-to-video",), outputs=("video",)),
    # image generation family
    _r(r"\b(?:multi[\s-]?reference|multiple\s+reference\s+images?|reference\s+(?:images?|photos?)|"
       r"character\s+consistency|consistent\s+characters?|style\s+reference|"
       r"same\s+character\s+across)\b",
       caps=("image.generation.multi-reference",), inputs=("image",), outputs=("image",)),
    _r(r"\b(?:(?:high|higher|hi|ultra)[\s-]?(?:res(?:olution)?|definition)|4k|8k|2k|uhd|2048\s*[x×]\s*2048|"
       r"print[\s-]quality)\s+(?:\w+\s+)?(?:images?|pictures?|photos?|renders?|outputs?|art(?:work)?|"
       r"illustrations?|posters?|wallpapers?|shots)\b|\b(?:upscal\w*|print[\s-]quality|"
       r"large\s+enough\s+to\s+print)\b",
       caps=("image.generation.high-resolution",), outputs=("image",)),
    _r(r"\b(?:edit\w*\s+(?:\w+\s+)?(?:images?|photos?|pictures?|pics|selfies?)|(?:image|photo|picture)\s+edit\w*|"
       r"in[\s-]?paint\w*|out[\s-]?paint\w*|remov\w*\s+(?:the\s+)?backgrounds?|background\s+remov\w*|retouch\w*|"
       r"photo\s+manipulation|(?:remove|erase|delete|change|replace|swap|recolou?r)\s+(?:\w+\s+){0,6}?"
       rf"(?:in|of|from)\s+{_THIS}\s+(?:photo|image|picture)s?|extend\w*\s+{_THIS}\s+(?:photo|image|picture)s?)\b",
       caps=("image.editing",), inputs=("image",), outputs=("image",)),
    _r(r"\b(?:text[\s-]to[\s-]image|txt2img|image\s+generat\w*|"
       rf"generat\w*\s+{_FILLER2}{_IMG_NOUN}|"
       r"(?:make|makes|making|create|creates|creating|draw|draws|drawing|design|designs|designing|render|renders|"
       rf"rendering|produce|produces|producing|paint|paints|outputs|(?:spits?|spitting|churns?|churning|pumps?|"
       rf"pumping|cranks?|cranking)\s+out|(?:whips?|whipping|knocks?|knocking)\s+up)\s+{_FILLER2}{_IMG_NOUN}|"
       r"image\s+(?:generator|creation|synthesis|gen)|img\s+gen|(?:ai\s+)?art\s+generat\w*|"
       r"(?:new|fresh|custom|original)\s+(?:cover|header|banner|hero)\s+(?:images?|art(?:work)?|graphics?|pictures?)|"
       r"(?:can|could|would|will|to)\s+draw\s+(?:that|this|it|them|something|one|me)\b|"
       r"logos?(?!\s+(?:detection|recognition|classification))|illustrations?|illustrat(?:e|es|ing)|"
       r"diffusion\s+models?|prompt[\s-]to[\s-]image|(?:images?|pictures?|pics|pix|imgs?|art(?:work)?)\s+from\s+(?:an?\s+|my\s+)?"
       r"(?:text|prompts?|descriptions?)(?:\s+prompts?)?)\b",
       caps=("image.generation.text-to-image",), outputs=("image",)),
    # embeddings, retrieval, safety
    # Scripts without spaces touch the word before ("…できるマルチモーダルembedding"): no word boundary there.
    _r(r"(?:マルチモーダル|多模态|多模態|멀티모달)\s*(?:embeddings?|エンベディング|嵌入|임베딩)|"
       r"\b(?:(?:multi[\s-]?modal|image|images|vision|visual|cross[\s-]modal|clip(?:[\s-]style)?)\s+embeddings?|embed\w*\s+(?:\w+\s+)?images?|"
       r"(?:search|find|retriev)\w*\s+(?:\w+\s+){0,2}?(?:images?|photos?|pictures?)\s+(?:with|by|using|from)\s+"
       r"(?:an?\s+)?text|similar\s+(?:images?|photos?|pictures?)|match\w*\s+images?\s+(?:to|with)\s+"
       r"(?:captions?|text))\b",
       caps=("embeddings.multimodal",), inputs=("image",), outputs=("embedding",)),
    _r(r"\b(?:(?:text\s+)?embeddings?(?:\s+models?)?|embed(?:ding)?\s+(?:\w+\s+)?(?:documents?|text|texts|"
       r"sentences?|chunks?|passages?)|semantic\s+(?:search(?:\s+vectors?)?|similarity)|vector\s+(?:search|"
       r"database|db|store|embeddings?)|vectori[sz]\w*|sentence\s+(?:embeddings?|vectors?|transformers?)|"
       r"(?:near[\s-])?duplicate\s+(?:detection|tickets|documents|questions)|"
       # "search my transcripts by meaning, not keywords"
       r"(?:search|find|retriev|look\w*\s+up|query|match)\w*\s+(?:\w+\s+){0,6}?by\s+(?:their\s+)?meaning|"
       r"meaning[\s-]based\s+(?:search|retrieval)|semantic(?:ally)?\s+(?:retrieval|matching|similar))\b",
       caps=("embeddings.text",), outputs=("embedding",)),
    _r(r"\b(?:re-?rank\w*|cross[\s-]encoders?|re-?order\w*\s+(?:\w+\s+){0,2}?(?:results|passages|documents|hits)"
       r"|(?:sort|rank|order)\w*\s+(?:\w+\s+){0,6}?by\s+(?:their\s+|how\s+)?relevan\w*)\b",
       caps=("retrieval.reranking",)),
    _r(r"\b(?:(?:content\s+)?moderat\w*|toxicity\s+(?:detection|classifier|filter\w*)|nsfw\s+(?:detection|"
       r"filter\w*|classifier)|content\s+(?:filter\w*|safety)|safety\s+classifier|"
       r"(?:detect|flag|filter|block|catch)\w*\s+(?:\w+\s+){0,2}?(?:abusive|toxic|hateful|harmful|nsfw|offensive|"
       r"unsafe)\b(?:\s+(?:content|text|messages|comments|images|posts))?|"
       r"(?:harmful|toxic|abusive|hateful|nsfw|unsafe)\s+content)",
       caps=("safety.moderation",)),
    # audio: transcription and realtime before "voice" as speech output
    _r(r"\b(?:transcrib\w*|transcriptions?|speech[\s-](?:to|too|2)[\s-]text|stt|asr|speech\s+recognition|dictation|"
       r"voice\s+(?:notes?|memos?|messages?|recordings?)|subtitl\w*)"
       r"(?:\s+(?:my\s+|our\s+|the\s+)?(?:meetings?|calls?|podcasts?|interviews?|audio|recordings?|lectures?|"
       r"voice\s+notes?|phone\s+calls?|videos?))?\b",
       caps=("audio.transcription",), inputs=("audio",), outputs=("text",)),
    _r(r"\b(?:real[\s-]?time\s+(?:voice|audio|speech|conversations?|api|talk\w*)|voice\s+(?:agents?|assistants?|"
       r"chat|bots?|conversations?|mode)|speech[\s-]to[\s-]speech|live\s+(?:voice|audio|conversations?)|"
       r"hear\s+(?:the\s+|its\s+)?(?:replies|answers|responses)|low[\s-]latency\s+(?:voice|audio|speech)|"
       # "talks back out loud in real time": speaking plus real time
       r"(?:talk\w*|speak\w*|yap\w*|chat\w*|answer\w*|respond\w*|repl\w*)\s+(?:\w+\s+){0,4}?(?:out\s+loud|aloud|"
       r"by\s+voice)\s+(?:\w+\s+){0,2}?(?:in\s+)?real[\s-]?time|"
       # "a phone bot that talks to callers in real time"
       r"(?:phone|voice|call(?:s|ers?)?|talk(?:s|ing)?\s+(?:to|with))\s+(?:\w+\s+){0,6}?(?:in\s+)?real[\s-]?time)\b",
       caps=("audio.realtime",), inputs=("audio",), outputs=("audio",)),
    # "brand voice" or "passive voice" is about writing style, not audio
    _r(r"\b(?:text[\s-](?:to|too|2)[\s-]speech|tts|speech\s+synthesis|synthe[sz]i[sz]e\s+speech|generat\w*\s+(?:speech|"
       r"voice|spoken\s+audio|narration)|voice[\s-]?overs?|read\w*\s+(?:\w+\s+){0,2}?(?:aloud|out\s+loud)|"
       r"narrat(?:e|es|ing|ion)|voice\s+cloning|clone\s+(?:a|my)\s+voice|spoken\s+audio|"
       # "make my posts listenable", "turn articles into audio", "as an mp3": text becomes sound
       r"listenable|(?:into|as)\s+(?:an?\s+)?(?:audio(?:books?|\s+files?)?|speech|mp3s?|spoken\s+word)|"
       r"(?<!brand\s)(?<!passive\s)(?<!active\s)(?<!writing\s)(?<!of\s)voices?(?!\s+(?:and|&)\s+tone))\b",
       caps=("audio.speech-synthesis",), outputs=("audio",)),
    _r(r"\b(?:(?:understand\w*|analy[sz]\w*|listen\w*\s+to|process\w*|classify\w*)\s+(?:\w+\s+)?"
       r"(?:audio|sounds?|music|recordings?)|audio\s+(?:input|inputs|understanding|analysis|files?|question\s+answering|"
       r"q&a)|sound\s+(?:analysis|classification|recognition)|"
       rf"listen(?:s|ing)?\s+to|(?:in|from|of|about)\s+{_THIS}\s+(?:\w+\s+)?(?:audio|recordings?|podcasts?|"
       r"voice\s+notes?))\b",
       caps=("audio.understanding",), inputs=("audio",)),
    # api features
    _r(r"\b(?:prompt[\s-]cach\w*|cach\w*\s+(?:the\s+|my\s+|long\s+)?(?:prompts?|system\s+prompts?|context|prefix\w*)|"
       r"context\s+cach\w*|cached\s+(?:input|tokens|prompts?)|caching|(?:same|repeated)\s+(?:long\s+)?(?:system\s+)?"
       r"prompts?|reus\w*\s+(?:the\s+)?(?:context|prompts?|prefix\w*)|cache_control|kv[\s-]cache)\b",
       caps=("api.prompt-caching",)),
    _r(r"(?<![^\W\d_])(?:кешуванн\w*|кешуван\w*|кэширован\w*|кешир\w*|cach[ée]\s+de\s+(?:prompts?|contexto|contexte)|"
       r"cache\s+(?:de|del|du|für\s+den)\s+(?:prompts?|contexto|contexte|kontext)|prompt[\s-]?cache|"
       r"zwischenspeicher\w*|κρυφή\s+μνήμη|bộ\s+nhớ\s+đệm|ukládání\s+do\s+mezipaměti)(?![^\W\d_])|"
       r"מטמון|プロンプトキャッシュ|キャッシュ|提示缓存|缓存|캐싱|캐시",
       caps=("api.prompt-caching",)),
    _r(r"\b(?:batch(?:\s+(?:api|mode|jobs?|processing|inference|requests?|discount))?|bulk\s+(?:processing|jobs?|"
       r"inference|requests?|evaluations?)|offline\s+(?:processing|jobs?|inference)|overnight|"
       r"async(?:hronous)?\s+(?:jobs?|processing|requests?))\b|"
       # batch processing in other languages
       r"(?<![^\W\d_])(?:dávkov\w*|procesamiento\s+(?:por|en)\s+lotes|traitement\s+par\s+lots|stapelverarbeitung|"
       r"batch-?verarbeitung|elaborazione\s+(?:in\s+)?batch|przetwarzani\w*\s+wsadow\w*|пакетн\w*\s+обработ\w*|"
       r"пакетн\w*\s+оброб\w*|toplu\s+işle\w*|processamento\s+em\s+lote)(?![^\W\d_])|"
       r"批处理|批量处理|批次處理|バッチ処理|배치\s?처리",
       caps=("api.batch",)),
    # "my twitch stream", "live streams" are broadcasts, not streamed responses
    _r(r"\b(?<!twitch\s)(?<!youtube\s)(?<!live\s)(?<!video\s)(?<!game\s)(?<!my\s)(?<!our\s)"
       r"(?:stream(?:ing|s|ed)?(?:\s+(?:responses?|tokens?|outputs?|api))?|sse|server[\s-]sent\s+events)\b",
       caps=("api.streaming",)),
    _r(r"\b(?:(?:random\s+)?seeds?(?:\s+(?:parameter|support|control))?|reproducib\w*|"
       r"deterministic(?:\s+(?:outputs?|results?|responses?))?|repeatable|same\s+(?:output|answer|result)s?\s+"
       r"(?:(?:every|each)\s+time|when\s+i\s+re-?run|on\s+re-?runs?|across\s+runs))\b",
       caps=("api.seed",)),
    _r(r"\b(?:fine[\s-]?tun\w*|finetun\w*|custom\s+(?:model\s+)?training|lora|sft|teach\s+(?:the|a|our|my)\s+model|"
       r"train(?:s|ing)?\s+(?:(?:an?|the|my|our|it)\s+)?(?:\w+\s+){0,2}?on\s+(?:my|our|labell?ed|custom|own|"
       r"proprietary)\s+(?:\w+\s+)?(?:data|dataset|examples|documents))\b",
       caps=("training.fine-tuning",)),
    _r(r"\b(?:(?:reasoning|thinking)\s+(?:models?|mode|tokens?|effort|budget|llms?|steps|process|traces?)|"
       r"thinks?\s+step[\s-]by[\s-]step|step[\s-]by[\s-]step\s+(?:reasoning|thinking)|chain[\s-]of[\s-]thought|"
       r"extended\s+thinking|thinks?\s+before\s+(?:it\s+)?(?:answers?|answering|responding)|deep\s+thinking|"
       r"(?:more|extra)\s+compute\s+(?:on|for)|test[\s-]time\s+compute|think(?:ing)?\s+mode|o1[\s-](?:style|like))\b",
       caps=("text.reasoning.extended-thinking",)),
    # generic vision last among image phrases
    # "gente con baja visión", "low vision users": people who see poorly, not a model that sees
    _r(r"\b(?:(?<!low\s)(?<!poor\s)(?<!baja\s)(?<!poca\s)(?<!baixa\s)(?:vision|visión|visão)(?!\s+(?:baja|subnormal))"
       r"(?:[\s-]+(?:capable|capabilities|support|models?|input|enabled))?|multi[\s-]?modal"
       r"(?:\s+(?:input|models?|llms?))?|image\s+(?:input|inputs|understanding|analysis|recognition|"
       r"classification|q&a|question\s+answering)|(?:accepts?|takes?|supports?|handles?|reads?|sees?|see|"
       r"understands?|understand|analy[sz]e[sd]?|analy[sz]ing|describes?|describe|describing|interprets?|"
       r"interpret|caption(?:s|ing)?|classify|classif(?:ies|ying)|looks?\s+at|look\s+at|process(?:es|ing)?|"
       rf"upload(?:s|ing)?|send(?:s|ing)?|feed(?:s|ing)?|check(?:s|ing)?|inspect(?:s|ing)?|"
       rf"reason(?:s|ing)?\s+(?:about|over))\s+{_FILLER2}{_SEE_NOUN}|"
       rf"(?:in|of|on)\s+(?:this|these|that|my)\s+(?:\w+\s+)?{_SEE_NOUN}|"
       r"screenshots?|visual\s+(?:question\s+answering|understanding|inputs?)|vqa)\b",
       caps=("vision.image-understanding",), inputs=("image",)),
    # bare nouns count only when negated: "without images", "no audio"
    _r(r"\b(?:images?|photos?|pictures?|visual\s+input)\b", caps=("vision.image-understanding",),
       only_negated=True),
    _r(r"\b(?:audio|speech|sound)(?:\s+input)?\b", caps=("audio.understanding",), only_negated=True),
    _r(r"\bvideos?(?:\s+input)?\b", caps=("vision.video-understanding",), only_negated=True),
)

# Language names in English and in the language itself.
_LANGS = (("chinese", r"\b(?:chinese|mandarin|cantonese)\b|中文|汉语|普通话"),
          ("japanese", r"\bjapanese\b|日本語"), ("korean", r"\bkorean\b|한국어"),
          ("spanish", r"\b(?:spanish|español|espanol)\b"), ("french", r"\b(?:french|français|francais)\b"),
          ("german", r"\b(?:german|deutsch)\b"), ("russian", r"\brussian\b|русск\w*"))

PREFERENCE_RULES: tuple[Rule, ...] = (
    # "text only", "nur Text", "solo texto", "纯文本": a model that answers in text, in any language
    _r(r"(?<![^\W\d_])(?:text[\s-]only|only\s+text|just\s+text|nur\s+text|s[oó]lo\s+texto|apenas\s+texto|"
       r"somente\s+texto|solo\s+testo|uniquement\s+(?:du\s+)?texte|texte\s+seulement|только\s+текст|"
       r"alleen\s+tekst|tylko\s+tekst|sadece\s+metin)(?![^\W\d_])(?![\s-]+(?:embed\w*|inputs?|search\w*|vectors?|"
       r"encod\w*|classif\w*))|仅文本|只要文本|纯文本|テキストのみ|텍스트만",
       prefs=("text.chat",), outputs=("text",)),
    _r(r"(?<!no-)(?<!no\s)\b(?:cod(?:e|ing)(?:\s+(?:assistant|agent|generation|completion|review|tasks?|models?))?|"
       r"programm\w*|programa(?:r|ci[oó]n|[çc][ãa]o)|programov[aá]n\w*|programowani\w*|программир\w*|"
       r"програмуванн\w*|codifica\w*|c[oó]digo|codice|lập\s+trình|pemrograman|برمج\w*|प्रोग्रामिंग|"
       r"software\s+(?:engineering|development)|debug\w*|refactor\w*|pair\s+programm\w*|copilot|"
       r"(?:fix|find)\w*\s+(?:the\s+|a\s+|this\s+)?bugs?|sql(?:\s+quer(?:y|ies))?|stack\s+traces?|"
       r"(?:write|writes|writing)\s+(?:\w+\s+)?(?:code|python|javascript|typescript|sql|rust|java|go|functions?|"
       r"scripts?|programs?|unit\s+tests?))\b|编程|写代码|代码生成|寫程式|コーディング|プログラミング|コード(?:を)?書|"
       r"코딩|프로그래밍|코드\s?작성|কোডিং|প্রোগ্রামিং|کدنویسی|برنامه[\s\u200c]?نویسی|कोडिंग|"
       r"(?<![^\W\d_])(?:ohjelmointi\w*|koodau\w*|koodi\w*|programoz\w*|kódol\w*|programare|programmering|"
       r"pengaturcaraan|kodlama|yazılım\s+geliştir\w*)",
       prefs=("text.coding",)),
    _r(r"\b(?:math(?:s|ematics|ematical)?|arithmetic|calculus|algebra|equations?|proofs?|olympiad|theorems?|"
       r"word\s+problems|statistics|probability|calculations?|quantitative)\b",
       prefs=("text.math",)),
    # mathematics in other languages (the sentence encoder knows none of Greek, Hebrew, Vietnamese, Hindi, Thai)
    _r(r"(?<![^\W\d_])(?:mathemati\w*|matheaufgaben|matemátic\w*|matematic\w*|matemati[ck]\w*|math[ée]matiques?|"
       r"математи\w*|μαθηματικ\w*|toán\s+học|giải\s+toán|bài\s+toán|गणित\w*)(?![^\W\d_])|คณิตศาสตร์|מתמטיקה|数学|수학|"
       r"ریاضی",
       prefs=("text.math",)),
    _r(r"\b(?:creative\s+writing|fiction|stor(?:y|ies)|storytelling|poe(?:m|ms|try)|novels?|screenplays?|"
       r"copywriting|marketing\s+copy|(?:song\s+)?lyrics|role[\s-]?play\w*|screenwriting|creative\s+(?:text|content))\b",
       prefs=("text.creative-writing",)),
    _r(r"\b(?:summar\w*|tl;?dr|condens\w*|recap\w*|digests?|key\s+(?:points|takeaways|decisions))\b|"
       # in other languages: "résumer", "zusammenfassen", "resumir", "riassumere", "samenvatten", "要約"
       r"(?<![^\W\d_])(?:r[ée]sum(?:er|ez|é|ée|és|ées|ant|e|ir|en|o|a|os|as|iendo|indo)|zusammenfass\w*|"
       r"riassum\w*|riepilog\w*|samenvat\w*|podsumow\w*|streszcz\w*|резюм\w*|суммариз\w*|"
       r"özet\w*|tóm\s+tắt|ringkas\w*|rangkum\w*|sammanfatt\w*|shrn(?:out|ut\w*)|ملخص\w*|تلخيص|לסכם|סיכום|"
       r"सारांश)(?![^\W\d_])|要約|总结|總結|摘要|概括|요약",
       prefs=("text.summarization",)),
    _r(r"\b(?:translat\w*|locali[sz]\w*)\b", prefs=("text.translation",)),
    # "Chinese models" is about where a model comes from, which the parser does not filter on
    *(_r(rf"(?:{pat})(?!\s+(?:models?|llms?|companies|labs?|providers?|vendors?))",
         prefs=(f"text.multilingual.{lang}",)) for lang, pat in _LANGS),
    _r(r"\b(?:multi[\s-]?lingual|multi[\s-]language|foreign[\s-]languages?|i18n|non[\s-]english|(?:outside(?:\s+of)?|besides|beyond|other\s+than)\s+english|"
       r"(?:several|many|multiple|other|different|ten|[0-9]+|their\s+own|any)\s+languages?)\b",
       prefs=("text.multilingual",)),
    _r(r"\b(?:extract\w*\s+(?:\w+\s+)?(?:data|fields?|entities|information|info|details|values|line\s+items?|"
       r"names|dates|amounts|addresses)|pull\w*\s+(?:\w+\s+){0,2}?(?:fields|data|details|values|info\w*)\s+"
       r"(?:out\s+of|from)|into\s+(?:separate\s+|structured\s+)?fields|entity\s+extraction|named\s+entit\w*|"
       r"(?:data|field|information|entity)\s+extraction|ner)\b",
       prefs=("text.information-extraction",)),
    _r(r"\b(?:classif\w*|categori[sz]\w*|sentiment(?:\s+analysis)?|intent\s+detection|tagging|label(?:l)?ing|(?:label|tag|route|triage)\w*\s+"
       r"(?:\w+\s+){0,2}?(?:reviews|tickets|emails|messages|articles|documents|comments|posts))\b",
       prefs=("text.classification",)),
    _r(r"\b(?:follow\w*\s+(?:\w+\s+){0,3}?(?:instructions?|rules|system\s+prompts?)|instruction[\s-]following|"
       r"instruct(?:ion)?[\s-]tuned|obey\w*\s+(?:the\s+)?(?:system\s+)?prompt|sticks?\s+to\s+(?:my\s+|the\s+)?"
       r"(?:output\s+)?(?:format|instructions|rules)|prompt\s+adherence|steerab\w*|"
       r"obey\w*\s+(?:\w+\s+)?(?:constraints|rules|instructions))\b",
       prefs=("text.instruction-following",)),
    _r(r"\b(?:reason(?:s|ing)?|logic(?:al)?|complex\s+(?:problems?|tasks?|questions?|decisions?)|"
       r"hard\s+(?:problems|questions|prompts)|problem[\s-]solving|analytical)\b",
       prefs=("text.reasoning",)),
    _r(r"\b(?:legal|law|lawyers?|contracts?|regulations?|compliance)\b", prefs=("text.domain.legal",)),
    _r(r"\b(?:medical|medicine|clinical|health(?:\s*care)?|lab\s+results|diagnos\w*)\b",
       prefs=("text.domain.medicine",)),
    _r(r"\b(?:financ\w*|fintech|accounting|banking|earnings|cash\s+flow|balance\s+sheets?)\b",
       prefs=("text.domain.finance",)),
    _r(r"\b(?:chat(?:bots?|ting)?|conversational|assistant)\b", prefs=("text.chat",)),
)
