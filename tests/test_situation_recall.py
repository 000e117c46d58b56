"""Situations told the way people write them, in many languages: which task each one reads.

Each sentence tells what the person has and wants done, not the task's name, and is labelled with the
task it should read (a key of ``situations.SITUATIONS``). ``DEV`` is what the cue words are grown on;
``HELDOUT`` (two of every five sentences of a task, in turn) was written at the same time and is only
checked, so that it says whether the words cover the way a thing is told rather than the sentences.
``OTHER`` are needs that must read no task, or one task and not a nearby one ("subtitle my videos" is
reading a video, not making one).
"""

from __future__ import annotations

import pytest

from matchgraph.match.situations import SITUATIONS, read_situation

STT = "audio.transcription"
TTS = "audio.speech-synthesis"
MUSIC = "audio.music-generation"
LIVE = "audio.realtime"
IMG_GEN = "image.generation"
EDIT = "image.editing"
SEE = "vision.image-understanding"
OCR = "vision.ocr"
WATCH = "vision.video-understanding"
VID_GEN = "video.generation"
ALIKE = "embeddings"
ALIKE_IMG = "embeddings.multimodal"
RERANK = "retrieval.reranking"
MOD = "safety.moderation"
WEB = "retrieval.web-search-api"
UI = "tools.computer-use"

# (language, task, what someone wrote)
DEV: list[tuple[str, str, str]] = [
    # English
    ("en", LIVE, "i want ppl to just talk to the bot on our site and hear it answer right away, like a phone call "
                 "basically"),
    ("en", LIVE, "my students should practise speaking english by having a conversation out loud with something "
                 "that replies on the spot"),
    ("en", WATCH, "can something watch our wedding video and tell me at what minute the speeches happen"),
    ("en", EDIT, "remove the people in the background of my holiday pics and put a beach behind me instead"),
    ("en", ALIKE, "find old support tickets about the same problem even if the customer wrote it totally "
                  "differently"),
    ("en", ALIKE_IMG, "type 'women in red dresses 1920s' and get the matching photos from our archive back"),
    ("en", WEB, "my chatbot's knowledge is a year old and customers ask about yesterday's news, need something my "
                "backend can call to get fresh results from the internet"),
    ("en", TTS, "i'd like a voice to read my stories to my daughter at bedtime"),
    ("en", MUSIC, "we need a short jingle for our reels, none of us can play an instrument lol"),
    ("en", MOD, "stop the worst comments before they get published on our forum"),
    ("en", STT, "my boss sends me 10 min voice notes every morning and i'd rather skim them as text"),
    ("en", OCR, "i have a shoebox full of paper receipts and want the amounts in a spreadsheet without typing "
                "them"),
    ("en", SEE, "i send a pic of a plant and it tells me what it is and whether it's sick"),
    ("en", IMG_GEN, "need a logo for my bakery, i can't draw at all"),
    ("en", VID_GEN, "turn a product description into a short promo clip for tiktok"),
    ("en", RERANK, "our search returns 50 hits and the best one is always on page 3, need something to put the "
                   "most relevant on top"),
    ("en", UI, "something that logs into the supplier portal and clicks through the order forms for me every "
               "monday"),
    ("en", LIVE, "a voice bot that answers the hotel reservation line and talks with guests in real time"),
    ("en", LIVE, "i'd love to just speak to it while driving and have it talk back immediately, no typing"),
    ("en", WATCH, "go through the cctv from last night and tell me when someone came into the yard"),
    ("en", EDIT, "erase my ex from the christmas photos pls"),
    ("en", ALIKE, "group customer reviews that say the same thing in different words"),
    ("en", MOD, "hide hateful replies under our brand's posts automatically"),
    ("en", ALIKE_IMG, "people snap a pic of a dress on the street and we find similar ones in our shop"),
    ("en", RERANK, "the vector db gives me 20 chunks, i need to sort them so the really relevant ones come first"),
    ("en", VID_GEN, "i want a short clip of a cat surfing made from a text prompt"),
    ("en", TTS, "turn my newsletter into audio so subscribers can listen on the commute"),
    ("en", WEB, "my assistant should google things for me and use the results in its answers"),
    ("en", MUSIC, "my wedding needs a custom song with our names in it, neither of us can sing or play"),
    ("en", STT, "the doctor dictates notes into his phone and the nurse types them up, can this be automatic"),
    # German
    ("de", WATCH, "kann was unser Hochzeitsvideo anschauen und mir sagen in welcher Minute was passiert?"),
    ("de", ALIKE, "ähnliche alte Tickets finden, auch wenn der Kunde es ganz anders formuliert hat"),
    ("de", MOD, "die schlimmsten Kommentare sollen gar nicht erst veröffentlicht werden"),
    ("de", UI, "ein Agent der sich im Lieferantenportal einloggt und die Bestellformulare für mich durchklickt"),
    ("de", LIVE, "ein Telefonbot der bei uns in der Praxis Anrufe entgegennimmt und live mit den Patienten redet"),
    ("de", EDIT, "kann man auf dem Foto den Himmel austauschen und die Stromleitung wegretuschieren?"),
    ("de", OCR, "Ich will Kassenzettel abfotografieren und die Beträge automatisch rausziehen"),
    ("de", SEE, "ich schick ein Foto vom Ausschlag und will wissen was das sein könnte"),
    # Spanish
    ("es", WATCH, "que vea el video del partido y me diga en qué minuto los chicos están mal colocados"),
    ("es", EDIT, "quitar a la gente del fondo de la foto y poner otro fondo"),
    ("es", ALIKE, "un buscador que entienda el significado y no solo la palabra exacta"),
    ("es", TTS, "quiero una voz que le lea cuentos a mi hijo por la noche"),
    ("es", MUSIC, "una cancioncita pegadiza para los reels de la tienda, nadie sabe tocar nada"),
    ("es", MOD, "necesito frenar los comentarios ofensivos antes de que se publiquen"),
    ("es", RERANK, "el buscador me saca 100 resultados y quiero que los más relevantes salgan primero"),
    ("es", WEB, "mi bot no sabe nada de lo que pasó esta semana, necesito que busque en internet noticias "
                "actuales"),
    ("es", STT, "mi abuela manda audios de whatsapp de 5 minutos y prefiero leerlos"),
    ("es", LIVE, "un bot que conteste las llamadas de reservas y hable con el cliente en vivo"),
    ("es", ALIKE_IMG, "buscar fotos parecidas en nuestro banco de imágenes escribiendo lo que quieres ver"),
    ("es", IMG_GEN, "quiero ilustraciones para el cuento de mi hija, no sé dibujar"),
    # French
    ("fr", LIVE, "je veux que les clients parlent à l'assistant et entendent une réponse tout de suite, comme au "
                 "téléphone"),
    ("fr", TTS, "une voix qui raconte mes histoires à ma fille le soir"),
    ("fr", WEB, "mon bot ne connaît pas l'actualité, il lui faut des résultats frais du web via une api"),
    ("fr", SEE, "j'envoie la photo d'un champignon et il me dit ce que c'est"),
    ("fr", MUSIC, "un petit jingle pour nos réels insta, personne ne sait jouer d'un instrument"),
    ("fr", STT, "transformer les vocaux de mes clients en texte écrit"),
    ("fr", VID_GEN, "faire une petite vidéo animée à partir d'une description de produit"),
    ("fr", ALIKE_IMG, "retrouver les images qui ressemblent à celle-ci dans notre photothèque"),
    # Portuguese
    ("pt", LIVE, "quero que o cliente fale com o assistente e ouça a resposta na hora, tipo uma ligação"),
    ("pt", WATCH, "assistir o vídeo do jogo e me dizer em que minuto os meninos estão fora de posição"),
    ("pt", EDIT, "tirar as pessoas do fundo da foto e colocar outro fundo"),
    ("pt", ALIKE, "achar chamados antigos parecidos mesmo que o cliente tenha escrito de outro jeito"),
    ("pt", MOD, "barrar os comentários mais pesados antes de serem publicados"),
    ("pt", OCR, "tenho um monte de nota fiscal em papel e quero puxar os valores pra planilha sem digitar"),
    ("pt", SEE, "mando a foto da peça e ele me diz o que é"),
    ("pt", RERANK, "reordenar os resultados da busca pra colocar os mais relevantes no topo"),
    # Italian
    ("it", LIVE, "voglio che la gente parli con l'assistente e senta subito una risposta a voce, come una "
                 "telefonata"),
    ("it", EDIT, "togliere la gente dietro nella foto e mettere un altro sfondo"),
    ("it", TTS, "vorrei una voce che racconti le favole a mia figlia la sera"),
    ("it", MUSIC, "un jingle corto per i reel del negozio, nessuno di noi sa suonare"),
    ("it", WEB, "il mio bot deve cercare in rete le notizie di oggi, non sa niente dell'attualità"),
    ("it", STT, "mia suocera manda vocali lunghissimi e preferirei leggerli"),
    ("it", LIVE, "un assistente che risponde alle chiamate per le prenotazioni e parla col cliente in tempo reale"),
    # Dutch
    ("nl", WATCH, "kan iets onze trouwvideo bekijken en zeggen op welke minuut wat gebeurt"),
    ("nl", EDIT, "de mensen op de achtergrond van de foto weghalen en een andere achtergrond erachter zetten"),
    ("nl", ALIKE, "zoeken op betekenis en niet alleen op het exacte woord"),
    ("nl", MOD, "de ergste reacties tegenhouden voordat ze online komen"),
    ("nl", OCR, "bonnetjes fotograferen en de bedragen eruit halen"),
    ("nl", LIVE, "een telefoonbot die reserveringen aanneemt en live met de klant praat"),
    ("nl", UI, "iets dat zelf in de browser door de webshop klikt en de bestelling plaatst"),
    # Polish
    ("pl", WATCH, "obejrzeć nagranie z meczu i powiedzieć w której minucie chłopaki źle stoją"),
    ("pl", ALIKE, "znaleźć podobne stare zgłoszenia nawet jak klient napisał to inaczej"),
    ("pl", TTS, "chciałbym żeby jakiś głos opowiadał córce moje bajki na dobranoc"),
    ("pl", MOD, "blokować najgorsze komentarze zanim się opublikują"),
    ("pl", MUSIC, "potrzebuję krótkiej muzyczki do rolek na insta, nikt z nas nie umie grać"),
    ("pl", WEB, "bot ma szukać w internecie aktualnych wiadomości z wczoraj"),
    ("pl", STT, "babcia wysyła mi głosówki a ja wolę je czytać"),
    ("pl", LIVE, "bot który odbiera telefony z rezerwacjami i rozmawia z klientem na żywo"),
    ("pl", SEE, "wrzucam zdjęcie grzyba i chcę wiedzieć co to jest"),
    ("pl", UI, "agent który sam przeklikuje się przez panel urzędu i wypełnia formularz"),
    # Czech
    ("cs", LIVE, "chci aby lidi mluvili s asistentem a hned slyšeli odpověď, jako při telefonu"),
    ("cs", EDIT, "odstranit lidi v pozadí fotky a dát tam jiné pozadí"),
    ("cs", TTS, "hlas který bude dceři večer vyprávět pohádky"),
    ("cs", MUSIC, "krátkou znělku pro naše reels, nikdo neumí hrát na nástroj"),
    ("cs", WEB, "chatbot potřebuje čerstvé výsledky z internetu, zákazníci se ptají na včerejší zprávy"),
    ("cs", OCR, "naskenované faktury a vytáhnout z nich částky"),
    # Russian
    ("ru", LIVE, "хочу чтобы люди просто говорили с ассистентом и сразу слышали ответ голосом, как по телефону"),
    ("ru", WATCH, "посмотреть видео со свадьбы и сказать на какой минуте что происходит"),
    ("ru", ALIKE, "найти похожие старые обращения даже если клиент написал по-другому"),
    ("ru", MOD, "не пропускать самые мерзкие комменты до публикации"),
    ("ru", STT, "начальник шлёт голосовухи по 5 минут, хочу читать их текстом"),
    ("ru", IMG_GEN, "нужна картинка для обложки поста, сам рисовать не умею"),
    # Ukrainian
    ("uk", LIVE, "хочу щоб клієнти просто говорили з асистентом і одразу чули відповідь голосом, як у телефонній "
                 "розмові"),
    ("uk", EDIT, "прибрати людей на задньому плані фото і поставити інший фон"),
    ("uk", TTS, "голос який розповідатиме доньці мої казки на ніч"),
    ("uk", SEE, "кидаю фото рослини, а воно каже що це за рослина"),
    ("uk", MUSIC, "короткий джингл для наших рілсів, ніхто не вміє грати"),
    ("uk", WEB, "боту потрібні свіжі результати з інтернету бо ціни змінюються щодня"),
    ("uk", LIVE, "бот що приймає дзвінки і розмовляє з клієнтом наживо"),
    # Turkish
    ("tr", WATCH, "düğün videomuzu izleyip hangi dakikada ne olduğunu söylesin"),
    ("tr", EDIT, "fotoğraftaki arka plandaki insanları silip başka bir arka plan koymak"),
    ("tr", ALIKE, "müşteri farklı yazmış olsa bile benzer eski talepleri bulmak"),
    ("tr", MOD, "en kötü yorumları yayınlanmadan önce durdurmak"),
    ("tr", STT, "annem hep sesli mesaj atıyor, ben yazı olarak okumak istiyorum"),
    ("tr", LIVE, "rezervasyon aramalarını cevaplayıp müşteriyle canlı konuşan bir bot"),
    # Arabic
    ("ar", WATCH, "يشاهد فيديو العرس ويقولي في أي دقيقة صار ايش"),
    ("ar", ALIKE, "بحث يفهم المعنى مش بس الكلمة بالضبط"),
    ("ar", TTS, "أبغى صوت يحكي القصص لبنتي قبل النوم"),
    ("ar", MOD, "منع التعليقات المسيئة قبل نشرها"),
    ("ar", MUSIC, "أحتاج موسيقى قصيرة لفيديوهات المتجر، ما أحد فينا يعزف"),
    ("ar", MUSIC, "نحتاج جينجل قصير للريلز، ما أحد فينا يعزف"),
    ("ar", WEB, "البوت لازم يجيب نتائج جديدة من الإنترنت لأن العملاء يسألون عن أخبار أمس"),
    ("ar", LIVE, "بوت يرد على مكالمات الحجز ويتكلم مع الزبون مباشرة"),
    # Hebrew
    ("he", LIVE, "אני רוצה שלקוחות פשוט ידברו עם העוזר וישמעו תשובה מיד, כמו בשיחת טלפון"),
    ("he", EDIT, "להוריד את האנשים ברקע של התמונה ולשים רקע אחר"),
    ("he", TTS, "קול שיספר לבת שלי סיפורים לפני השינה"),
    ("he", STT, "אמא שלי שולחת הודעות קוליות ארוכות ואני מעדיף לקרוא אותן"),
    ("he", WEB, "הבוט צריך תוצאות עדכניות מהאינטרנט, הלקוחות שואלים על החדשות של אתמול"),
    ("he", OCR, "לצלם קבלות ולהוציא מהן את הסכומים"),
    # Hindi
    ("hi", LIVE, "मैं चाहता हूँ कि लोग असिस्टेंट से बात करें और तुरंत आवाज़ में जवाब सुनें, जैसे फोन कॉल पर"),
    ("hi", WATCH, "शादी का वीडियो देखकर बताए कि किस मिनट में क्या हो रहा है"),
    ("hi", ALIKE, "ऐसा सर्च जो मतलब समझे, सिर्फ exact शब्द नहीं"),
    ("hi", MOD, "गंदे कमेंट्स को पब्लिश होने से पहले रोकना है"),
    ("hi", MUSIC, "hamari reels ke liye chhota sa jingle chahiye, koi instrument nahi bajata"),
    ("hi", STT, "मम्मी लंबे वॉइस मैसेज भेजती हैं, मुझे उन्हें पढ़ना है"),
    ("hi", LIVE, "ek bot jo booking wale call utha ke customer se live baat kare"),
    # Chinese
    ("zh", LIVE, "想让用户直接跟助手说话，马上就能听到语音回答，就像打电话一样"),
    ("zh", EDIT, "把照片背景里的路人去掉，换一个背景"),
    ("zh", TTS, "想要一个声音每天晚上给我女儿讲故事"),
    ("zh", RERANK, "搜索出来的结果太乱了，想把最相关的排到最前面"),
    ("zh", WEB, "我的聊天机器人的知识停留在去年，客户问昨天的新闻，需要后端能调用来获取网上最新结果"),
    ("zh", SEE, "拍一张植物照片，它告诉我这是什么植物"),
    ("zh", UI, "让它自动登录供应商后台，一步步点按钮下单"),
    # Japanese
    ("ja", LIVE, "お客さんがアシスタントに話しかけたら、すぐ声で返事が返ってくるようにしたい。電話みたいに"),
    ("ja", WATCH, "結婚式の動画を見て、何分に何が起きたか教えてほしい"),
    ("ja", EDIT, "写真の後ろに写ってる人を消して、背景を別のに差し替えたい"),
    ("ja", ALIKE, "言い方が違っても似たような過去の問い合わせを探したい"),
    ("ja", MOD, "ひどいコメントを公開される前に止めたい"),
    ("ja", MUSIC, "リール用の短いジングルがほしい、誰も楽器できない"),
    ("ja", OCR, "レシートを撮って金額を自動で抜き出したい"),
    # Korean
    ("ko", LIVE, "고객이 그냥 어시스턴트한테 말하면 바로 음성으로 대답이 나왔으면 좋겠어요, 전화처럼"),
    ("ko", WATCH, "결혼식 영상 보고 몇 분에 뭐가 나오는지 알려줬으면"),
    ("ko", ALIKE, "고객이 다르게 썼어도 비슷한 예전 문의를 찾고 싶어요"),
    ("ko", TTS, "딸한테 밤마다 제가 쓴 동화를 읽어줄 목소리가 필요해요"),
    ("ko", MOD, "악플을 게시되기 전에 걸러내고 싶어요"),
    ("ko", MUSIC, "유튜브 영상에 깔 배경음악을 만들고 싶은데 작곡을 못해요"),
    ("ko", WEB, "챗봇이 인터넷에서 최신 뉴스를 가져올 수 있어야 해요"),
    ("ko", STT, "할머니가 음성 메시지를 보내시는데 글로 읽고 싶어요"),
    ("ko", LIVE, "예약 전화를 받고 손님과 실시간으로 대화하는 봇"),
    ("ko", EDIT, "단체 사진에서 지나가는 사람 좀 지워주세요"),
    ("ko", VID_GEN, "제품 설명으로 짧은 홍보 영상을 만들고 싶어요"),
    # Thai
    ("th", TTS, "อยากได้เสียงที่อ่านนิทานให้ลูกสาวฟังก่อนนอน"),
    ("th", WEB, "บอทต้องดึงข่าวล่าสุดจากอินเทอร์เน็ตได้"),
    ("th", LIVE, "บอทที่รับสายจองโต๊ะแล้วคุยกับลูกค้าแบบเรียลไทม์"),
    # Vietnamese
    ("vi", WATCH, "xem video đám cưới rồi cho mình biết phút nào có chuyện gì"),
    ("vi", EDIT, "xóa mấy người phía sau trong ảnh rồi thay phông nền khác"),
    ("vi", ALIKE, "tìm các ticket cũ tương tự dù khách viết khác đi"),
    ("vi", MOD, "chặn mấy bình luận tục tĩu trước khi được đăng"),
    ("vi", STT, "sếp toàn gửi tin nhắn thoại dài, mình muốn đọc chữ cho nhanh"),
    ("vi", MUSIC, "cần một đoạn nhạc ngắn cho reels, không ai biết chơi nhạc cụ"),
    ("vi", LIVE, "bot nghe điện thoại đặt bàn và nói chuyện trực tiếp với khách"),
    # Indonesian
    ("id", LIVE, "aku mau pelanggan bisa ngobrol langsung sama asisten dan dengar jawabannya pakai suara, kayak "
                 "telepon"),
    ("id", EDIT, "hapus orang-orang di belakang foto terus ganti latar belakangnya"),
    ("id", TTS, "pengen ada suara yang bacain dongeng buat anak saya sebelum tidur"),
    ("id", WEB, "bot harus bisa ambil berita terbaru dari internet"),
    ("id", STT, "ibu sering kirim voice note panjang, saya lebih suka baca tulisannya"),
    # Swedish
    ("sv", LIVE, "jag vill att kunderna bara pratar med assistenten och hör ett svar direkt, som ett "
                 "telefonsamtal"),
    ("sv", WATCH, "titta på bröllopsvideon och säga vid vilken minut vad händer"),
    ("sv", ALIKE, "sökning som förstår betydelsen och inte bara exakta ordet"),
    ("sv", MOD, "stoppa de värsta kommentarerna innan de publiceras"),
    ("sv", MUSIC, "en kort jingel till våra reels, ingen av oss kan spela"),
    # Romanian
    ("ro", LIVE, "vreau ca clienții să vorbească cu asistentul și să audă imediat un răspuns cu voce, ca la "
                 "telefon"),
    ("ro", WATCH, "să se uite la filmarea de la nuntă și să-mi spună la ce minut ce se întâmplă"),
    ("ro", EDIT, "să scot oamenii din fundal din poză și să pun alt fundal"),
    ("ro", ALIKE, "să găsesc tichete vechi asemănătoare chiar dacă clientul a scris altfel"),
    ("ro", TTS, "o voce care să-i spună fetiței povești seara"),
    ("ro", MOD, "să opresc comentariile jignitoare înainte să apară"),
    ("ro", MUSIC, "un jingle scurt pentru reels, nimeni nu știe să cânte la ceva"),
    ("ro", WEB, "botul trebuie să caute pe internet știri de azi"),
    ("ro", OCR, "poze cu bonuri și să scoată sumele automat"),
    ("ro", LIVE, "un bot care răspunde la telefon pentru rezervări și vorbește live cu clientul"),
    # Hungarian
    ("hu", TTS, "egy hang ami esténként felolvassa a lányomnak a meséimet"),
    ("hu", STT, "a főnököm hangüzeneteket küld és inkább elolvasnám szövegként"),
    ("hu", WEB, "a botnak friss találatokat kell hoznia az internetről"),
    ("hu", EDIT, "a fotóról töröld ki a járókelőket"),
    ("hu", LIVE, "egy bot ami felveszi a foglalási hívásokat és élőben beszél az ügyféllel"),
]

HELDOUT: list[tuple[str, str, str]] = [
    # English
    ("en", LIVE, "need something that picks up the phone at our restaurant and chats with the callers live to "
                 "take bookings"),
    ("en", LIVE, "it should respond to voice notes with voice, like an actual back and forth"),
    ("en", WATCH, "look at the match footage from saturday and point out when the defenders are out of position"),
    ("en", EDIT, "swap the grey sky in my real estate photos for a nice blue one"),
    ("en", ALIKE, "our site search only matches exact words, i want a search that gets what people mean"),
    ("en", MOD, "catch nsfw uploads before they show up in the feed"),
    ("en", STT, "got 3 hours of interview recordings that need to be written down for my thesis"),
    ("en", WEB, "the agent needs to look stuff up on the internet because prices change every day"),
    ("en", TTS, "can it narrate my blog posts so people can listen to them like a podcast"),
    ("en", MUSIC, "background track for my youtube vlog, royalty free and upbeat"),
    ("en", OCR, "scan the old handwritten letters from my grandpa and get the text out"),
    ("en", SEE, "tell me what's wrong in this screenshot of my error"),
    ("en", UI, "an agent that fills in the same web form on the government site 200 times"),
    ("en", VID_GEN, "make an animated clip of our mascot waving for the website"),
    ("en", ALIKE_IMG, "shoppers upload a photo of a lamp they like and we show the closest ones from our catalog"),
    ("en", RERANK, "rank the retrieved passages by how well they actually answer the question before the llm sees "
                   "them"),
    ("en", IMG_GEN, "i need cover art for my self-published fantasy novel, a dragon over a castle"),
    ("en", WATCH, "our bodycam videos are hours long, i need to know when the officer draws the weapon"),
    ("en", MOD, "kids app, need to make sure no one posts porn or gore in the chat"),
    ("en", ALIKE, "match job descriptions to cvs that fit even if they use other words"),
    # German
    ("de", LIVE, "Ich möchte, dass Kunden einfach mit dem Assistenten sprechen und sofort eine gesprochene "
                 "Antwort bekommen, wie bei einem Telefonat"),
    ("de", EDIT, "auf den Fotos sollen die Leute im Hintergrund weg und ein anderer Hintergrund rein"),
    ("de", TTS, "hätte gern eine Stimme, die meiner Tochter abends meine Geschichten erzählt"),
    ("de", MUSIC, "brauchen nen kurzen Jingle für unsere Reels, keiner von uns kann ein Instrument spielen"),
    ("de", WEB, "unser Chatbot weiß nur Sachen von letztem Jahr, Kunden fragen aber nach aktuellen Nachrichten, "
                "brauche was, das das Backend aufrufen kann um frische Ergebnisse aus dem Internet zu holen"),
    ("de", STT, "hab stundenlange Interviewaufnahmen und muss das alles abtippen, geht das automatisch?"),
    ("de", ALIKE_IMG, "Kunden laden ein Foto hoch und bekommen ähnliche Möbel aus unserem Katalog angezeigt"),
    ("de", RERANK, "die Suchtreffer sollen so sortiert werden, dass die passendsten oben stehen"),
    ("de", VID_GEN, "aus einem Foto soll ein kurzes bewegtes Video werden"),
    # Spanish
    ("es", LIVE, "quiero que la gente hable con el asistente y escuche la respuesta al instante, como una llamada"),
    ("es", SEE, "le mando una foto de la nevera y me dice qué puedo cocinar"),
    ("es", UI, "algo que entre a la web del banco y haga clic en los botones para bajar los extractos cada mes"),
    # French
    ("fr", WATCH, "regarder la vidéo du mariage et me dire à quelle minute il se passe quoi"),
    ("fr", EDIT, "enlever les gens derrière moi sur la photo et changer le fond"),
    ("fr", ALIKE, "retrouver les anciens tickets qui parlent du même problème même si c'est formulé autrement"),
    ("fr", MOD, "bloquer les commentaires haineux avant qu'ils soient publiés"),
    ("fr", LIVE, "les élèves doivent s'entraîner à parler en discutant à voix haute avec un truc qui répond "
                 "direct"),
    ("fr", OCR, "j'ai des factures papier scannées, je veux récupérer les montants automatiquement"),
    # Portuguese
    ("pt", TTS, "queria uma voz pra contar as historinhas pra minha filha dormir"),
    ("pt", MUSIC, "uma musiquinha curta pros reels da loja, ninguém aqui toca nada"),
    ("pt", WEB, "meu chatbot só sabe coisa do ano passado, preciso que ele pesquise na internet as notícias de "
                "ontem"),
    ("pt", STT, "minha vó manda áudio de 10 minutos e eu prefiro ler"),
    ("pt", LIVE, "um atendente virtual que atende o telefone e conversa com o cliente ao vivo"),
    ("pt", EDIT, "apagar meu ex das fotos do natal kkkk"),
    # Italian
    ("it", WATCH, "guardare il video del matrimonio e dirmi a che minuto succede cosa"),
    ("it", ALIKE, "trovare ticket vecchi simili anche se il cliente l'ha scritto in un altro modo"),
    ("it", MOD, "fermare i commenti peggiori prima che vengano pubblicati"),
    ("it", IMG_GEN, "mi serve un logo per la pizzeria, non so disegnare"),
    ("it", SEE, "mando la foto di un piatto e mi dice quante calorie ha"),
    # Dutch
    ("nl", LIVE, "ik wil dat klanten gewoon tegen de assistent praten en meteen een gesproken antwoord horen, "
                 "zoals aan de telefoon"),
    ("nl", TTS, "een stem die mijn verhaaltjes aan mijn dochter vertelt voor het slapengaan"),
    ("nl", STT, "mijn moeder stuurt alleen maar spraakberichten en ik lees het liever"),
    ("nl", MUSIC, "kort deuntje voor onze reels, niemand kan een instrument bespelen"),
    ("nl", WEB, "onze bot moet actuele info van internet halen want de prijzen veranderen elke dag"),
    # Polish
    ("pl", LIVE, "chcę żeby klienci po prostu mówili do asystenta i od razu słyszeli odpowiedź, jak przez telefon"),
    ("pl", EDIT, "usunąć ludzi z tła na zdjęciu i wstawić inne tło"),
    # Czech
    ("cs", WATCH, "projít video ze svatby a říct mi v kolikáté minutě se co děje"),
    ("cs", ALIKE, "vyhledávání které chápe význam a ne jen přesné slovo"),
    ("cs", MOD, "zastavit nejhorší komentáře dřív než se zveřejní"),
    ("cs", OCR, "mám hromadu papírových účtenek a chci z nich dostat částky do tabulky"),
    ("cs", LIVE, "robot co bere telefony na rezervace a mluví se zákazníkem živě"),
    # Russian
    ("ru", EDIT, "убрать людей на заднем плане фотки и поставить другой фон"),
    ("ru", TTS, "хочу чтобы голос рассказывал дочке мои сказки на ночь"),
    ("ru", MUSIC, "нужен короткий джингл для рилсов, никто из нас не играет ни на чём"),
    ("ru", RERANK, "поиск выдаёт кучу результатов, надо чтобы самые подходящие были наверху"),
    ("ru", WEB, "бот знает только то что было год назад, а клиенты спрашивают про вчерашние новости, нужно чтобы "
                "бэкенд мог доставать свежие результаты из интернета"),
    ("ru", LIVE, "бот который принимает звонки на бронирование и разговаривает с клиентом вживую"),
    ("ru", SEE, "кидаю фотку растения и он говорит что это и чем болеет"),
    ("ru", UI, "чтобы агент сам заходил в личный кабинет поставщика и прокликивал формы заказа"),
    # Ukrainian
    ("uk", WATCH, "переглянути відео з весілля і сказати на якій хвилині що відбувається"),
    ("uk", ALIKE, "знайти схожі старі звернення навіть якщо клієнт написав інакше"),
    ("uk", MOD, "зупиняти найгірші коментарі до того як їх опублікують"),
    ("uk", STT, "бабуся надсилає голосові, а я хочу їх читати"),
    # Turkish
    ("tr", LIVE, "müşteriler asistanla konuşsun ve hemen sesli cevap duysun istiyorum, telefon görüşmesi gibi"),
    ("tr", TTS, "kızıma geceleri masallarımı anlatacak bir ses istiyorum"),
    ("tr", OCR, "fişlerin fotoğrafını çekip tutarları otomatik almak istiyorum"),
    ("tr", MUSIC, "reels için kısa bir jingle lazım, hiçbirimiz enstrüman çalamıyoruz"),
    ("tr", WEB, "botumuzun internetten güncel haberleri çekmesi lazım"),
    # Arabic
    ("ar", LIVE, "أريد أن يتحدث العملاء مع المساعد ويسمعوا الرد فوراً مثل مكالمة هاتفية"),
    ("ar", EDIT, "أشيل الناس اللي ورا في الصورة وأحط خلفية ثانية"),
    ("ar", STT, "أمي ترسل رسائل صوتية طويلة وأفضل أقرأها مكتوبة"),
    # Hebrew
    ("he", WATCH, "שיצפה בסרטון של החתונה ויגיד לי באיזו דקה קורה מה"),
    ("he", ALIKE, "חיפוש שמבין משמעות ולא רק את המילה המדויקת"),
    ("he", MOD, "לחסום את התגובות הכי גרועות לפני שהן מתפרסמות"),
    ("he", MUSIC, "ג'ינגל קצר לרילס שלנו, אף אחד לא מנגן"),
    ("he", LIVE, "בוט שעונה לטלפון של ההזמנות ומדבר עם הלקוח בזמן אמת"),
    # Hindi
    ("hi", EDIT, "फोटो के पीछे के लोगों को हटाकर दूसरा बैकग्राउंड लगाना है"),
    ("hi", TTS, "bhai koi aisi awaaz chahiye jo meri beti ko raat ko kahaniyan sunaye"),
    ("hi", LIVE, "customer bas bot se bole aur bot turant bolke jawab de, phone call jaisa"),
    ("hi", WEB, "bot ko internet se aaj ki taaza khabrein laani hain"),
    # Chinese
    ("zh", WATCH, "帮我看一下婚礼视频，告诉我第几分钟发生了什么"),
    ("zh", ALIKE, "找出意思差不多的旧工单，哪怕客户的说法完全不一样"),
    ("zh", MOD, "在评论发布之前拦住那些最恶心的"),
    ("zh", MUSIC, "给我们的短视频配一段简短的片头曲，我们都不会乐器"),
    ("zh", STT, "老板老是发语音，我想直接看文字"),
    ("zh", LIVE, "一个接听订餐电话并且实时和顾客对话的机器人"),
    # Japanese
    ("ja", TTS, "娘に夜、私の書いたお話を読み聞かせしてくれる声がほしい"),
    ("ja", SEE, "冷蔵庫の中の写真を送ったら何が作れるか教えてくれるやつ"),
    ("ja", WEB, "ボットがネットから最新のニュースを取ってこれるようにしたい"),
    ("ja", LIVE, "予約の電話に出てお客さんとリアルタイムで会話するボット"),
    ("ja", ALIKE_IMG, "この写真に似た商品をカタログから探したい"),
    # Korean
    ("ko", EDIT, "사진 뒤에 있는 사람들 지우고 배경 바꾸고 싶어요"),
    # Thai
    ("th", LIVE, "อยากให้ลูกค้าคุยกับผู้ช่วยแล้วได้ยินคำตอบเป็นเสียงทันที เหมือนคุยโทรศัพท์"),
    ("th", WATCH, "ดูวิดีโองานแต่งแล้วบอกว่านาทีไหนเกิดอะไรขึ้น"),
    ("th", EDIT, "ลบคนข้างหลังในรูปออกแล้วเปลี่ยนพื้นหลัง"),
    ("th", ALIKE, "ค้นหาที่เข้าใจความหมาย ไม่ใช่แค่คำตรงตัว"),
    ("th", MOD, "กันคอมเมนต์แย่ๆ ไม่ให้โพสต์ขึ้นไป"),
    ("th", MUSIC, "อยากได้จิงเกิ้ลสั้นๆ สำหรับรีลส์ ไม่มีใครเล่นดนตรีเป็น"),
    ("th", STT, "แม่ส่งข้อความเสียงมายาวๆ อยากอ่านเป็นตัวหนังสือ"),
    # Vietnamese
    ("vi", LIVE, "mình muốn khách nói chuyện với trợ lý và nghe trả lời bằng giọng nói ngay lập tức, như gọi điện"),
    ("vi", TTS, "muốn có giọng kể truyện cho con gái nghe mỗi tối"),
    ("vi", WEB, "chatbot cần lấy tin tức mới nhất trên mạng"),
    ("vi", OCR, "chụp hóa đơn rồi lấy số tiền ra tự động"),
    # Indonesian
    ("id", WATCH, "nonton video nikahan terus kasih tau menit ke berapa ada apa"),
    ("id", ALIKE, "cari tiket lama yang mirip walaupun pelanggan nulisnya beda"),
    ("id", MOD, "blokir komentar kasar sebelum tayang"),
    ("id", UI, "bot yang buka website vendor terus klik-klik isi form pesanan sendiri"),
    ("id", MUSIC, "butuh jingle pendek buat reels, gak ada yang bisa main alat musik"),
    ("id", LIVE, "bot yang angkat telepon reservasi dan ngobrol sama tamu secara langsung"),
    # Swedish
    ("sv", EDIT, "ta bort folket i bakgrunden på bilden och byta bakgrund"),
    ("sv", TTS, "en röst som berättar sagor för min dotter på kvällen"),
    ("sv", WEB, "boten måste kunna hämta färska resultat från nätet"),
    ("sv", STT, "mormor skickar röstmeddelanden och jag vill hellre läsa dem"),
    ("sv", LIVE, "en bot som svarar i telefon för bokningar och pratar med kunden live"),
    # Hungarian
    ("hu", LIVE, "azt szeretném hogy az ügyfelek beszéljenek az asszisztenssel és azonnal hangos választ "
                 "halljanak, mint egy telefonhívásban"),
    ("hu", WATCH, "nézze meg az esküvői videót és mondja meg hányadik percben mi történik"),
    ("hu", EDIT, "a háttérben lévő embereket eltüntetni a képről és másik hátteret tenni"),
    ("hu", ALIKE, "hasonló régi hibajegyeket megtalálni akkor is ha az ügyfél másképp írta"),
    ("hu", MOD, "a legrosszabb kommenteket megállítani mielőtt megjelennek"),
    ("hu", MUSIC, "rövid jingle kell a reelsekhez, senki nem tud hangszeren játszani"),
]

# (what someone wrote, the task it must read or None for no task, a task it must not read)
OTHER: list[tuple[str, str | None, str | None]] = [
    ("subtitle my videos for deaf viewers", WATCH, VID_GEN),
    ("a jingle for my reels", MUSIC, VID_GEN),
    ("background music for our tiktok videos", MUSIC, VID_GEN),
    ("describe what happens in the video for blind users", WATCH, VID_GEN),
    ("Untertitel für meine Videos automatisch erstellen", WATCH, VID_GEN),
    ("sous-titrer mes vidéos youtube", WATCH, VID_GEN),
    ("uma trilha sonora pros meus vídeos do youtube", MUSIC, VID_GEN),
    ("make a poster for our concert", IMG_GEN, MUSIC),
    ("write down the lyrics from this mp3", STT, MUSIC),
    ("hello there", None, None),
    ("asdf", None, None),
    ("what's the cheapest model with a 128k context window", None, None),
    ("I need a model for coding in python under $1 per million tokens", None, None),
    ("we call the api from our backend and need a fast chat model", None, None),
    ("the model should answer right away, low latency text chat for our support widget", None, LIVE),
    ("write a bedtime story for my daughter", None, TTS),
    ("remove duplicates from my spreadsheet", None, EDIT),
    ("today's best model for math homework", None, WEB),
    ("live chat widget for my shop, text only", None, LIVE),
    ("real time stock prices in my trading bot dashboard", None, LIVE),
    ("I want to talk to someone about your pricing", None, None),
    ("block ads on my website", None, MOD),
    ("a bot that replies to comments on instagram", None, MOD),
    ("edit my essay for grammar", None, EDIT),
    ("clean up my python code and remove the dead parts", None, EDIT),
    ("our app crashes when users upload photos, need a coding model to debug it", None, EDIT),
    ("Hallo, welches Modell ist am günstigsten?", None, None),
    ("¿cuál es el mejor modelo para programar?", None, None),
    ("我想找一个便宜的编程模型", None, None),
    ("Привет, какая модель лучше для кода", None, None),
    ("summarize news articles that my users paste in", None, WEB),
    ("a model that explains legal texts in plain words", None, ALIKE),
    ("translate my website into spanish", None, None),
    ("quiero hablar con alguien de ventas", None, None),
    ("wir telefonieren morgen, schick mir bitte die Preise", None, LIVE),
    ("un modèle rapide qui répond tout de suite en texte dans notre chat", None, LIVE),
    ("a music video for our band's new song", VID_GEN, None),
    ("read my emails and sort them by urgency", None, TTS),
    ("generate sql from questions in plain english", None, None),
    ("ich suche ein Modell das Verträge zusammenfasst", None, None),
]


def _reads(text: str, task: str) -> bool:
    read = read_situation(text)
    return read is not None and task in read.tasks


def _cases(rows: list[tuple[str, str, str]], known_misses: dict[str, str], strict: bool) -> list:
    out = []
    for i, (lang, task, text) in enumerate(rows):
        name = f"{lang}-{task}-{i}"
        marks = [pytest.mark.xfail(reason=known_misses[name], strict=strict)] if name in known_misses else []
        out.append(pytest.param(text, task, id=name, marks=marks))
    return out


# Sentences of DEV (by test id) that words alone do not read, and why.
DEV_MISSES: dict[str, str] = {}

# Sentences of HELDOUT (by test id) the words do not read yet: checked, not grown on.
HELDOUT_MISSES: dict[str, str] = {
    "en-audio.realtime-1": "not read by the words yet",
    "en-retrieval.web-search-api-7": "not read by the words yet",
    "en-audio.music-generation-9": "not read by the words yet",
    "en-tools.computer-use-12": "not read by the words yet",
    "en-embeddings.multimodal-14": "not read by the words yet",
    "en-vision.video-understanding-17":
        "'draws' is a word of making; that the officer draws a weapon takes the sentence",
    "de-audio.transcription-25": "not read by the words yet",
    "de-embeddings.multimodal-26": "not read by the words yet",
    "de-video.generation-28": "not read by the words yet",
    "es-vision.image-understanding-30": "not read by the words yet",
    "it-vision.image-understanding-48": "not read by the words yet",
    "cs-vision.ocr-59": "not read by the words yet",
    "tr-retrieval.web-search-api-77": "not read by the words yet",
    "ar-image.editing-79": "not read by the words yet",
    "hi-image.editing-86": "not read by the words yet",
    "hi-retrieval.web-search-api-89": "not read by the words yet",
    "zh-embeddings-91": "not read by the words yet",
    "ja-vision.image-understanding-97":
        "作れる is making (a dish), read as making a picture; more than a word",
    "th-image.editing-104": "not read by the words yet",
    "id-safety.moderation-115": "not read by the words yet",
    "sv-retrieval.web-search-api-121": "not read by the words yet",
}


def test_the_sentences_are_labelled_with_tasks_and_span_many_languages() -> None:
    for _, task, _ in (*DEV, *HELDOUT):
        assert task in SITUATIONS, task
    assert len(DEV) + len(HELDOUT) >= 240
    assert len({lang for lang, _, _ in (*DEV, *HELDOUT)}) >= 20
    assert 0.35 <= len(HELDOUT) / (len(DEV) + len(HELDOUT)) <= 0.45
    assert not {t for _, _, t in DEV} & {t for _, _, t in HELDOUT}


@pytest.mark.parametrize(("text", "task"), _cases(DEV, DEV_MISSES, strict=True))
def test_a_situation_told_in_a_forum_reads_its_task(text: str, task: str) -> None:
    read = read_situation(text)
    assert read is not None and task in read.tasks, (text, read)


@pytest.mark.parametrize(("text", "task"), _cases(HELDOUT, HELDOUT_MISSES, strict=False))
def test_a_held_out_situation_reads_its_task(text: str, task: str) -> None:
    read = read_situation(text)
    assert read is not None and task in read.tasks, (text, read)


# Needs of OTHER (by test id) still read wrongly, and why.
OTHER_MISSES: dict[str, str] = {
    "other-14": "low latency is a live-talk cue; the text chat around it is more than a word",
    "other-19": "real time is a live-talk cue; live data instead of a voice is more than a word",
    "other-34": "the person's own phone call, not a phone bot: more than a word",
}


def _other_cases() -> list:
    return [pytest.param(*row, id=f"other-{i}",
                         marks=[pytest.mark.xfail(reason=OTHER_MISSES[f"other-{i}"], strict=True)]
                         if f"other-{i}" in OTHER_MISSES else [])
            for i, row in enumerate(OTHER)]


@pytest.mark.parametrize(("text", "task", "not_task"), _other_cases())
def test_a_need_reads_no_task_or_the_right_neighbour(text: str, task: str | None, not_task: str | None) -> None:
    read = read_situation(text)
    if task is not None:
        assert read is not None and task in read.tasks, (text, read)
    elif not_task is None:
        assert read is None, (text, read)
    if not_task is not None:
        assert read is None or not_task not in read.tasks, (text, read)


@pytest.mark.parametrize(("text", "tasks"), [
    # Subtitles of videos are the words spoken in them as much as what is seen: both readings, settled by meaning.
    ("generate subtitles for my youtube videos", tuple(sorted((STT, WATCH)))),
    ("crear subtítulos para mis videos", tuple(sorted((STT, WATCH)))),
    ("Untertitel für meine Videos automatisch erstellen", tuple(sorted((STT, WATCH)))),
    ("make subtitles for my podcast recordings", (STT,)),
])
def test_subtitles_to_be_made_read_the_recording_not_making_video(text: str, tasks: tuple[str, ...]) -> None:
    # Subtitles outweigh a word of making: they are text out of the footage or the recording.
    read = read_situation(text)
    assert read is not None and read.tasks == tasks, (text, read)

