"""A small grammar for amounts, units and sizes written in any of several languages and scripts.

It reads, onto the typed price units of ``catalog.domain.Prices``:

    price   := [comparator] amount [per] unit [post-comparator]
    amount  := money number (``$0.2``, ``0,20 dólares``, ``3 cents``, ``two dollars``, ``2美元``, ``0.5ドル``)
    unit    := [count] (million tokens | image | second | minute | hour | character | query | page)
    context := size [tokens] context-word | context-word [of] size   (``32k上下文``, ``contexto de 128k``)
    size    := number [k | M | 万 | 千 | 百万 | million | mil | Millionen …]

Numbers: ASCII digits with ``.`` or ``,`` as the decimal mark (``0,20`` is 0.2; ``32,000`` is 32000: a
comma followed by exactly three digits after a non-zero integer part groups thousands), and the small
English number words of :mod:`matchgraph.match.units`; before a cent or dollar word, also the number words of
:mod:`matchgraph.match.number_words` ("خمسة سنتات", "пяти центов", "两毛钱美金"). An amount in another currency
("R$ 0,10", "0.2元", "5円") is no USD amount. Durations fold to seconds, counts to one unit
(``$3 per 1000 searches`` is 0.003 per query, ``$16 per 1M characters`` 0.000016 per character).

A price with a unit and no comparator is a ceiling, as in the rest of the parser; floors ("at least",
"mindestens", "以上") are left to the English price reader, which records them without filtering.
"cheaper than <model>" is kept as a phrase: the engine resolves it to that model's price.

Every reader claims its span on the :class:`ParseState`, so later readers never read it again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from itertools import islice

from matchgraph.match.need_rules import refusal_then_words
from matchgraph.match.need_state import MAX_HITS, ParseState, format_number
from matchgraph.match.number_words import CJK_NUMBER, DUAL_CENTS, DUAL_DOLLARS, NUMBER_WORD, word_amount_usd
from matchgraph.match.units import (
    CENTS_AFTER,
    EACH_RE,
    OTHER_CURRENCY,
    WORD_NUM,
    fraction_value,
    number_value,
    round_sig,
)
from matchgraph.match.units import FRACTION as _FRACTION

# A number with "." or "," as the decimal mark, or with "," / "." / " " grouping thousands.
DEC = (r"(?<![0-9A-Za-z_.,])(?:[0-9]{1,3}(?:[\u0020\u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?(?![0-9A-Za-z])|"
       r"[0-9]{1,3}(?:[,.][0-9]{3})+(?:[.,][0-9]+)?|[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)(?![0-9])")

_MULT = {"k": 1e3, "thousand": 1e3, "mil": 1e3, "mila": 1e3, "mille": 1e3, "tausend": 1e3, "千": 1e3, "万": 1e4,
         "萬": 1e4,
         "百万": 1e6, "m": 1e6, "mn": 1e6, "million": 1e6, "millions": 1e6, "millionen": 1e6, "millón": 1e6,
         "millones": 1e6, "milhão": 1e6, "milhões": 1e6, "milione": 1e6, "milioni": 1e6, "mio": 1e6,
         "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6, "млн": 1e6, "b": 1e9, "billion": 1e9, "亿": 1e8,
         "milion": 1e6, "miliona": 1e6, "milionów": 1e6, "miljoen": 1e6, "milyon": 1e6, "मिलियन": 1e6,
         "백만": 1e6, "к": 1e3, "bin": 1e3, "duizend": 1e3, "tysięcy": 1e3, "tys": 1e3,
         "тысяч": 1e3, "тысячу": 1e3, "тысячи": 1e3, "тысяча": 1e3, "тыс": 1e3,
         # Czech, Ukrainian, Greek, Hebrew, Vietnamese, Indonesian, Swedish, Thai, Arabic, Hindi
         "tisíc": 1e3, "tisíce": 1e3, "milionů": 1e6, "milióna": 1e6, "мільйон": 1e6, "мільйона": 1e6,
         "мільйонів": 1e6, "тисяч": 1e3, "тисячу": 1e3, "тисячі": 1e3, "εκατομμύριο": 1e6, "εκατομμύρια": 1e6,
         "χιλιάδες": 1e3,
         "χίλια": 1e3, "מיליון": 1e6, "אלף": 1e3, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3, "juta": 1e6, "ribu": 1e3,
         "miljon": 1e6, "miljoner": 1e6, "tusen": 1e3, "ล้าน": 1e6, "พัน": 1e3, "مليون": 1e6, "ألف": 1e3,
         "हज़ार": 1e3, "हजार": 1e3,
         # Korean, Indian (lakh, crore), Persian, Finnish, Hungarian, Romanian, Danish and Norwegian, Bengali
         "만": 1e4, "천": 1e3, "억": 1e8, "lakh": 1e5, "lakhs": 1e5, "लाख": 1e5, "crore": 1e7, "करोड़": 1e7,
         "میلیون": 1e6, "هزار": 1e3, "miljoonaa": 1e6, "miljoona": 1e6, "tuhatta": 1e3, "millió": 1e6, "ezer": 1e3,
         "milioane": 1e6, "mii": 1e3, "millioner": 1e6, "tusind": 1e3,
         "মিলিয়ন": 1e6, "লাখ": 1e5, "হাজার": 1e3}
_MULT_RE = (r"(?:millions?|millionen|mill[oó]n(?:es)?|milh(?:ão|ões)|milion(?:[ei]|a|ów)?|miljoen|milyon|mio|"
            r"миллион(?:а|ов)?|млн|к(?![а-яё])|मिलियन|백만|thousand|tausend|duizend|tysięcy|tys(?![^\W\d_])|тысяч[уиа]?|тыс|"
            r"tisíce?|milionů|milióna|мільйон(?:а|ів)?|тисяч[уі]?|εκατομμύρι[οα]|χιλιάδες|χίλια|מיליון|אלף|triệu|"
            r"nghìn|ngàn|juta|ribu|lakhs?|लाख|crore|करोड़|میلیون|هزار|miljoonaa?|tuhatta|millió|ezer|milioane|mii|"
            r"millioner|tusind|মিলিয়ন|লাখ|হাজার|만|천|억|miljon(?:er)?|tusen|ล้าน|พัน|مليون|ألف|हज़ार|हजार|mille|mila|mil|bin|百万|万|萬|千|亿|"
            r"mn|k|m|b)")

_DOLLAR = (r"(?:\$|us\$|usd|dollars?|dólar(?:es)?|dolar(?:es|dan|a|ın|ów|a|ů|y|u)?|dollari?|dollaro|долл\w*|"
           r"долар\w*|δολάρι\w*|דולר(?:ים)?|đô(?:\s+la)?|ดอลลาร์|دولار[\u064b-\u0652]*(?:ات|ا)?[\u064b-\u0652]*|डॉलर|美元|美金|"
           r"(?:米)?ドル|달러|bucks?|dolc(?:ów|e|a)|dollár\w*|dolari|dolarul|dollaria|dollari|dollarin|dollaren|دلار|ডলার)")
_ENGLISH_DOLLAR = frozenset({"$", "us$", "usd", "dollar", "dollars", "buck", "bucks"})
_CENT = (r"(?:(?:¢|(?:us[-\s]?)?cents?|c[ée]ntimos?|centavos?|centimes?|centesim[io]|sent|sen|xu|centů|centy|"
         r"centów|cenți|centi|centa|senti|senttiä|sentin|cent(?:et|en)|σεντς?|סנט(?:ים)?|美分|セント|센트|цент\w*|penny|pennies|cts?|"
         r"เซ็นต์|सेंट|سنت(?:ات|ا)?|"
         r"sen(?=\s+(?:dolar|dollar|as\b|usd)))"
         r"(?:\s+\(?(?:de|of|du|di)\s+(?:d[oó]lar|dollar)\w*\)?|\s*\((?:usd|us\$|\$)\))?)")

# "$0.2", "0,20 dólares", "2美元", "3 cents", "two dollars"; the number comes first or after "$"/"USD".
# No letter of a spaced script continues a currency word: "3 centów" is not "3 cent" followed by "ów". Letters of
# unspaced scripts may ("3美元以内").
_NO_LETTER_AFTER = r"(?![a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff])"
_AMOUNT = (rf"(?:(?:us\$|(?<![^\W\d_])\$)\s?(?P<a1>{DEC})|usd\s?(?P<a2>{DEC})"
           rf"|(?P<a3>{DEC})\s?(?P<cur>{_DOLLAR}){_NO_LETTER_AFTER}"
           rf"|(?P<c1>{DEC})\s?{_CENT}{_NO_LETTER_AFTER}|(?P<w1>{WORD_NUM})\s{_DOLLAR}{_NO_LETTER_AFTER}{CENTS_AFTER}"
           # "خمسة سنتات", "пяти центов", "beş sent", "ห้าเซ็นต์", "五セント", "两毛钱美金", "سنتين"
           rf"|(?P<nw>{NUMBER_WORD})\s?(?:(?P<nwc>{_CENT})|{_DOLLAR}){_NO_LETTER_AFTER}"
           rf"|(?P<cjn>{CJK_NUMBER})\s?(?:(?P<cjc>美分|セント|센트)|美元|美金|(?:米)?ドル|달러)"
           rf"|(?P<cjm>{CJK_NUMBER}|[0-9]{{1,2}})\s?(?P<cjf>毛|角|分)(?:钱|錢)?\s?(?:美金|美元)"
           rf"|(?P<dualc>{DUAL_CENTS})|(?P<duald>{DUAL_DOLLARS})"
           # "не дороже доллара", "до цента", "nie więcej niż dolara": the singular noun alone is one of it
           r"|(?<![^\W\d_])(?:(?P<oned>доллара|долара|dolara|(?:(?<=من\s)|(?<=عن\s)|(?<=تحت\s))دولار(?![\u0600-\u06ff]))|(?P<onec>цента))(?![^\W\d_])"
           rf"|(?<![^\W\d_])(?P<w2>half\s+an?|medio|meio|un\s+demi|mezzo|{WORD_NUM}|an?(?=\s+penny)|un[oa]?|um|uma|une|"
           r"ein(?:e[mnr]?)?)"
           rf"[\s-]{_CENT}{_NO_LETTER_AFTER}"
           # "a dime", "two quarters": US coins by name ("a quarter of a cent" is a fraction, read above)
           r"|(?P<coin>(?<![^\W\d_])(?:an?|one|two|three|four|five)\s+(?:dimes?|nickels?|quarters?(?!\s+of)))(?![a-z])"
           # "1/2 cent", "½¢", "a quarter of a cent", "half a dollar"
           rf"|{_FRACTION}\s*(?:of\s+)?(?:an?\s+)?(?P<fcur>{_CENT}|{_DOLLAR}){_NO_LETTER_AFTER}"
           # a bare decimal fraction before a unit ("at most 0.0000002 per token") is a price in USD
           rf"|(?P<b1>(?<![0-9A-Za-z_.,$€£¥₩₹₽])(?<![$€£¥₩₹₽]\s)[0-9]*[.,][0-9]+(?![0-9])(?!\s?{OTHER_CURRENCY})))")
# Every amount above has a digit or a currency word: a need with neither names no price, and the price
# patterns (slow to fail at every position of a long text) are not run on it.
_AMOUNT_CUE_RE = re.compile(rf"[0-9]|{_DOLLAR}|{_CENT}|dimes?|nickels?|quarters?", re.IGNORECASE)

_PER = (r"(?P<per>/|per|an?|each|every|for\s+(?:each|every|one|an?)|por\s+cada|a\s+cada|por|par|pro|je|al|à|a|"
        r"pour|le|la|"
        r"ogni|cada|chaque|jede[nrs]?|pro\s+je|każd[aey]|каждые|каждую|her|el|il|lo|the|o|l['’]|les|los|las|os|as|"
        r"f[üu]r|for(?=\s+\d)|para(?=\s+\d)|pour(?=\s+\d)|"
        # shorthand "x" for "por" before a count: "max $1 x 1000 pags"
        r"x(?=\s+\d)|"
        r"each|за|za|na|per|voor|başına|प्रति|每|一|/\s*每|"
        # Greek, Hebrew (a prefix: "לדקה"), Arabic ("لكل", "للدقيقة"), Vietnamese, Indonesian, Swedish, Thai
        r"ανά|το|την|τη|לכל|ל|لكل|لل|ل|mỗi|một|trên|cho|setiap|tiap|för|ต่อ|"
        # Persian, Bengali, Romanian, Danish and Norwegian, Hungarian
        r"برای\s+هر|هر|প্রতি|pe|pr\.?|egy)")
# Units: name -> (regex, Prices field, seconds or count multiplier of one unit)
_UNITS: tuple[tuple[str, str, str, float], ...] = (
    ("minute", r"(?:minutes?|mins?|minutos?|minuten?|minuut|minuti|minuto|minut[uęy]?|хвилин[уи]?|минут[уы]?|"
                r"dakika|λεπτό|דקה|"
                r"(?:ال)?دقيقة|phút|menit|นาที|मिनट|分钟|分鐘|分|분)", "per_second", 60.0),
    ("hour", r"(?:hours?|hrs?|horas?|stunden?|heures?|ore|godzin[ęy]?|hodin[uy]?|годин[уи]?|час(?:а|ов)?|saat|ώρα|"
              r"שעה|(?:ال)?ساعة|giờ|jam|timme|timmar|ชั่วโมง|घंटे|घंटा|小时|小時|時間|시간)", "per_second",
     3600.0),
    ("second", r"(?:seconds?|secs?|segundos?|sekunden?|secondes?|secondi|secondo|sekund[ęuy]?|секунд[уы]?|saniye|"
                r"δευτερόλεπτο|שנייה|(?:ال)?ثانية|giây|detik|วินาที|सेकंड|秒|초)", "per_second", 1.0),
    ("character", r"(?:characters?|chars?|caracteres|caracteres|caract[eè]res?|carácter(?:es)?|zeichen|"
                  r"caratteri|tekens|символ(?:а|ов|ів)?|znak(?:ów|ů|y)?|karakter|χαρακτήρ\w*|תווים|תו|(?:ال)?حرف|أحرف|"
                  r"ký\s+tự|tecken|ตัวอักษร|अक्षर|कैरेक्टर|字符|字|文字|글자|문자|자(?=당))", "per_character", 1.0),
    ("query", r"(?:quer(?:y|ies)|requests?|reqs?|calls?|searches|search|consultas?|búsquedas?|busquedas?|"
              r"buscas?|requ[eê]tes?|recherches?|suchanfragen?|anfragen?|suchen?|aufrufe?|richieste|ricerche|"
              r"запрос(?:а|ов)?|запит(?:ів|и)?|dotaz(?:ů|y)?|zapyta[ńn]|wyszukiwa[ńn]|αιτήματα|αναζητήσεις|שאילתות|"
                  r"חיפושים|בקשות|استعلام\w*|طلب|lượt\s+tìm\s+kiếm|truy\s+vấn|pencarian|sökningar|คำขอ|"
                  r"zoekopdracht\w*|verzoeken|aanvragen|förfrågningar|sorgu\w*|istek\w*|"
                  r"请求|請求|查询|查詢|搜索|搜尋|次|回(?=\s*(?:あたり|当たり|につき|で))|회(?=당)|lượt\s+tìm(?:\s+kiếm)?|リクエスト|検索|クエリ)",
     "per_query", 1.0),
    ("page", r"(?:pages?|páginas?|paginas?|p[aá]gs?\.?|seiten?|pagine|stron[ęy]?|stran[uy]?|сторін(?:ок|ку|ки)|"
             r"страниц[уы]?|sayfa|σελίδ\w*|עמודים|עמוד|(?:ال)?صفحة|trang|halaman|sidor|sida|หน้า|पेज|页|頁|ページ|페이지)",
     "per_page", 1.0),
    ("image", r"(?:images?|pictures?|pics?|photos?|fotos?|imágenes|imagen|imagens|imagem|bilder|bild|immagini|"
              r"immagine|obraz(?:ek|ků|y)?|zdj[eę]ci[ea]|зображенн[яь]|изображени[ея]|картин(?:ка|ку|ки|ок)|"
              r"εικόνα|εικόνες|תמונה|תמונות|(?:ال)?صورة|kép(?:enként|et|ek)?|imagine|imagini|kuva(?:a|lta)?|billede|"
              r"bilde|تصویر|ছবি|तस्वीर\w*|छवि\w*|इमेज|görsel\w*|resim\w*|afbeelding(?:en)?|imgs?|edits?|ảnh|gambar|ภาพ|รูป|图片|图像|張|张|枚|画像|장(?=당))",
     "per_image", 1.0),
    ("token", r"(?:tokenů|tokens?|toks?|توکن|টোকেন|토큰|токен(?:а|ов|ів)?|τόκεν|טוקנים|توكن|โทเค็น|โทเคน|टोकन|"
              r"词元|トークン)",
     "per_mtok", 1.0),
)
_UNIT_RE = "|".join(f"(?P<u_{name}>{pat})" for name, pat, _, _ in _UNITS)
IMAGE_UNIT_WORDS = next(pat for name, pat, _, _ in _UNITS if name == "image")
# "1M tokens", "1000 searches", "million characters", "minute": an optional count before the unit.
# "one million" in words: "un million", "یک میلیون", "bir milyon", "один миллион".
_ONE = r"(?:one|un|una|um|uma|ein(?:e|en)?|یک|یه|bir|один|одну|jeden|jedna|egy|ένα|một|satu|ett|หนึ่ง|एक|واحد)\s"
_COUNT = rf"(?:(?P<qn>{DEC})\s?(?P<qm>{_MULT_RE})?\s?|(?:{_ONE})?(?P<qw>{_MULT_RE})\s?)?"
_PRICE_RE = re.compile(
    # "0,02 $ max pour 1 000 000 de tokens": a ceiling word may sit between the amount and its unit
    rf"{_AMOUNT}(?:\s*(?:max(?:imum)?|maks\.?|tops|höchstens|máx(?:imo)?|au\s+plus|legfeljebb))?\s*(?:{_PER})\s*"
    rf"{_COUNT}(?:de\s+|of\s+|di\s+)?"
    # the side before the unit: "input tokens", "vstupních tokenů", "вхідних токенів"
    r"(?P<preside>(?:input|output|vstupních|výstupních|вхідних|вихідних|входных|выходных|wejściowych|wyjściowych)\s+)?"
    rf"(?:{_UNIT_RE})(?![a-z])"
    r"(?P<side>\s*(?:input|output|de\s+entrada|de\s+salida|d'entrée|de\s+sortie|vstupních|výstupních|вхідних|"
    r"вихідних|входных|выходных|εισόδου|εξόδου|קלט|פלט|(?:ال)?إدخال|(?:ال)?إخراج|đầu\s+vào|đầu\s+ra|masukan|keluaran|"
    r"ขาเข้า|ขาออก|इनपुट|आउटपुट))?",
    re.IGNORECASE,
)
# "1 dólar por millón": a per-million price without the word "tokens" is per 1M tokens.
_PER_MILLION_RE = re.compile(
    rf"{_AMOUNT}\s*(?:{_PER})\s*(?:1\s?|one\s|un\s|um\s|une?\s|ein(?:e|en)?\s)?"
    r"(?P<mil>millions?|millionen|mill[oó]n(?:es)?|milh(?:ão|ões)|milion[ei]|mio|миллион\w*|млн|百万|mtok)(?![a-z])"
    # "pro Million Eingabe-Tokens", "por millón de tokens de salida": the side after the count
    r"(?P<side>\s+(?:de\s+)?(?:(?:eingabe|ausgabe|input|output)-?)?tokens?(?:\s+de\s+(?:entrada|salida))?)?",
    re.IGNORECASE,
)
# CJK order: "每分钟0.01美元", "1分あたり0.5円" is not USD; "每百万token 0.5美元".
_PER_FIRST_RE = re.compile(rf"(?:每|一)\s*{_COUNT}(?:{_UNIT_RE})"
                           r"(?:图片|图像|照片|画像|圖片|图|圖|搜索|搜尋|查询|查詢|请求|請求|调用|調用)?"
                           r"\s*(?:的)?"
                           r"(?:输入|输出|輸入|輸出)?"
                           r"(?:价格|價格|费用|費用|成本|预算|預算)?\s*"
                           rf"(?:不超过|不超過|别超过|別超過|不要超过|不能超过|不得超过|低于|低於|少于|少於|最多|在)?\s*{_AMOUNT}",
                           re.IGNORECASE)
# Japanese order: "画像1枚あたり0.02ドル", "1分あたり0.01ドル".
# Hungarian puts "per" in the unit's ending: "képenként" (per image), "oldalanként" (per page).
_PER_AFTER_RE = re.compile(rf"(?:画像|写真|图片)?\s*{_COUNT}(?:{_UNIT_RE})\s*(?:あたり|当たり|につき|で|başına|başı|당|"
                           rf"प्रति|"
                           rf"(?<=[枚張张分秒字次页頁])|(?<=ページ)|(?<=nként))\s*"
                           r"(?:(?:en\s+fazla|en\s+çok|최대|最多|不超过|maks\w*|max(?:imum)?)\.?\s*)?"
                           rf"{_AMOUNT}", re.IGNORECASE)
# "one query costs half a cent at most", "each image should cost under 2 cents": the unit comes first.
# "1,000 searches shouldn't cost more than $5": a count first prices that many units.
_UNIT_FIRST_RE = re.compile(
    rf"(?:(?P<each>\b(?:one|each|every|a|an|per|1)\s+)|(?<![0-9.,])(?=[0-9]))(?<![^\W\d_]){_COUNT}(?:{_UNIT_RE})\s+"
    r"(?:(?:should|must|can|may|would|will)(?P<neg>n['’]?t|\s+not)?\s+)?"
    # a bare count needs a verb of cost: "10M tokens for $1" is a total, read by the total-budget reader
    r"(?:costs?|costing|exceed|(?(each)(?:be|is|at|for|priced\s+at)|(?!)))\s+(?:(?:no\s+more\s+than|not\s+more\s+than|under|below|less\s+than|"
    rf"at\s+most|max(?:imum)?|up\s+to|around|about|(?(neg)more\s+than|(?!)))\s+)?{_AMOUNT}",
    re.IGNORECASE,
)
# "can't pay more than $6 per minute": "more than" after a refusal to pay is a ceiling.
_REFUSE_MORE_RE = re.compile(r"(?:can['’]?t|cannot|can\s+not|won['’]?t|will\s+not|don['’]?t\s+want\s+to|"
                             r"do\s+not\s+want\s+to|not\s+willing\s+to|unwilling\s+to|refuse\s+to|shouldn['’]?t|"
                             r"mustn['’]?t|must\s+not)\s+(?:pay|spend|go|be|cost|run)\s+(?:(?:me|us|you|them)\s+)?"
                             r"(?:more\s+than|over|above)"
                             r"\s*$", re.IGNORECASE)
_FLOOR_BEFORE_RE = re.compile(
    r"(?:at\s+least|(?<!\bno\s)(?<!\bnot\s)more\s+than|(?<!\bnot\s)over|(?<!\bnot\s)above|min(?:imum)?|mindestens|al\s+menos|au\s+moins|pelo\s+menos|"
    r"no\s+less\s+than|mínimo|>=?|≥)\s*$", re.IGNORECASE)
_FLOOR_AFTER_RE = re.compile(r"\s*(?:or\s+more|以上|o\s+más|ou\s+plus|oder\s+mehr)", re.IGNORECASE)
_CEIL_BEFORE_RE = re.compile(
    r"(?:under|below|less\s+than|cheaper\s+than|at\s+most|max(?:imum)?|up\s+to|no\s+more\s+than|within|"
    r"menos\s+de|por\s+debajo\s+de|máximo|hasta|abaixo\s+de|até|no\s+máximo|moins\s+de|au\s+plus|"
    r"jusqu['’]à|unter|höchstens|maximal|bis|meno\s+di|sotto|меньше|до|не\s+более|低于|不超过|少于|最多|"
    # Turkish, Persian, Hungarian, Romanian, Finnish, Danish and Norwegian, Malay and Indonesian, Bengali
    r"en\s+fazla|en\s+çok|زیر|کمتر\s+از|حداکثر|legfeljebb|sub|maxim|cel\s+mult|alle|enintään|korkeintaan|"
    r"højst|høyst|maks|bawah|maksimum|maksimal|tidak\s+lebih\s+dari|সর্বোচ্চ|"
    r"<=?|≤)\s*$", re.IGNORECASE)
_CEIL_AFTER_RE = re.compile(r"\s*(?:or\s+less|or\s+cheaper|at\s+most\b|or\s+under\b|"
                            r"以下|以内|未満|o\s+menos|ou\s+moins|oder\s+weniger|"
                            r"tops\b|max(?:imum)?\b|az\b|daha\s+az\b|से\s+कम|이하|или\s+меньше)", re.IGNORECASE)

# Every price field a need can bound, in words, for notes and conflict messages.
FIELD_LABELS = {
    "max_input_per_mtok": "USD per 1M input tokens",
    "max_output_per_mtok": "USD per 1M output tokens",
    "max_per_image": "USD per image",
    "max_per_second": "USD per second",
    "max_per_character": "USD per character",
    "max_per_query": "USD per query",
    "max_per_page": "USD per page",
}


def decimal_value(raw: str) -> float | None:
    """``"0,20"`` → 0.2, ``"32,000"`` → 32000, ``"1.234,5"`` → 1234.5, ``".5"`` → 0.5; None if unreadable."""
    s = re.sub(r"[\s\u00a0\u202f]", "", raw)  # "1 000 000": spaces group thousands
    if not s:
        return None
    marks = [c for c in s if c in ",."]
    if len(set(marks)) == 2:  # both marks: the last one is the decimal mark
        dec = s.rstrip("0123456789")[-1]
        grp = "," if dec == "." else "."
        s = s.replace(grp, "").replace(dec, ".")
    elif marks:
        mark = marks[0]
        head, _, tail = s.partition(mark)
        grouping = len(marks) > 1 or (len(tail) == 3 and head not in ("", "0"))
        s = s.replace(mark, "") if grouping else s.replace(mark, ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def multiplier(word: str | None) -> float:
    """Value of a scale word (``k`` 1e3, ``万`` 1e4, ``millones`` 1e6); 1 when absent or unknown."""
    if not word:
        return 1.0
    return _MULT.get(word.strip().lower(), 1.0)


def _amount(m: re.Match[str]) -> float | None:
    for group, cents in (("a1", False), ("a2", False), ("a3", False), ("c1", True), ("b1", False)):
        raw = m.group(group)
        if raw is not None:
            v = decimal_value(raw)
            return None if v is None else (round_sig(v / 100) if cents else v)
    if m.groupdict().get("fcur") is not None:
        v = fraction_value(m)
        cents = not re.fullmatch(_DOLLAR, m.group("fcur"), re.IGNORECASE)
        return None if v is None else round_sig(v / 100 if cents else v)
    words = m.groupdict()
    if words.get("wc") is not None and words.get("w1") is not None:
        dollars, cents = number_value(m.group("w1")), number_value(m.group("wc"))
        return None if dollars is None or cents is None else round_sig(dollars + cents / 100)
    in_words = word_amount_usd(words)
    if in_words is not None:
        return in_words
    if m.groupdict().get("coin"):
        count, coin = m.group("coin").lower().split()
        each = {"dim": 0.10, "nic": 0.05, "qua": 0.25}[coin[:3]]
        return round_sig((1.0 if count in ("a", "an") else number_value(count) or 0.0) * each) or None
    for group, cents in (("w1", False), ("w2", True)):
        raw = m.group(group)
        if raw is not None:
            v = 0.5 if raw.lower().startswith(("half", "medio", "meio", "un demi", "mezzo")) else \
                1.0 if raw.lower() in _ONE_WORDS else number_value(raw)
            return None if v is None else (round_sig(v / 100) if cents else v)
    return None


_ONE_WORDS = frozenset({"a", "an", "un", "una", "uno", "um", "uma", "une", "ein", "eine", "einem", "einen", "einer"})


def _unit(m: re.Match[str]) -> tuple[str, str, float] | None:
    if m.groupdict().get("mil"):
        return "token", "per_mtok", 1.0
    for name, _, field, size in _UNITS:
        if m.group(f"u_{name}"):
            return name, field, size
    return None


def _count(m: re.Match[str]) -> float | None:
    if m.groupdict().get("mil"):
        return 1e6
    qn, qm, qw = m.group("qn"), m.group("qm"), m.group("qw")
    if qn is not None:
        v = decimal_value(qn)
        return None if v is None else v * multiplier(qm)
    if qw is not None:
        return multiplier(qw)
    return 1.0


def unit_price(usd: float, unit: str, count: float, size: float) -> tuple[str, float] | None:
    """(``max_*`` constraint field, value in its unit) for ``usd`` per ``count`` ``unit``; None if unusable."""
    if not (math.isfinite(usd) and math.isfinite(count)) or usd < 0 or count <= 0:
        return None
    if unit == "token":
        # "$0.2 per token" is shorthand for per 1M tokens; an amount below a tenth of a cent is a real
        # per-token price (no model costs $1,000 per 1M tokens).
        per = count if count >= 1000 else (1.0 if usd < 0.001 else 1e6) if count == 1 else count
        return "max_input_per_mtok", round_sig(usd * 1e6 / per)
    field = {"per_second": "max_per_second", "per_character": "max_per_character", "per_query": "max_per_query",
             "per_page": "max_per_page", "per_image": "max_per_image"}[
        next(f for n, _, f, _ in _UNITS if n == unit)]
    value = usd / (count * size)
    return (field, round_sig(value)) if math.isfinite(value) else None


# Every word the English per-token and per-image reader (``need_prices``) knows in a price span.
_ENGLISH_PRICE_WORDS = frozenset({
    "per", "a", "an", "each", "every", "for", "one", "of", "input", "output", "token", "tokens", "tok", "toks",
    "image", "images", "picture", "pictures", "pic", "pics", "photo", "photos", "million", "thousand", "billion",
    "k", "m", "mn", "b", "usd", "us", "dollar", "dollars", "buck", "bucks", "cent", "cents", "c"})


def _foreign(span: str) -> bool:
    """True when a price span uses a decimal comma or any word the English price reader does not know."""
    if re.search(r"[0-9],[0-9]{1,2}(?![0-9])", span):
        return True
    return any(w not in _ENGLISH_PRICE_WORDS for w in re.findall(r"[^\W\d_]+", span.lower()))


_OUTPUT_SIDE_WORDS = ("output", "salida", "sortie", "ausgabe", "výstup", "вихід", "выход", "wyjści", "εξόδου", "פלט",
                      "إخراج",
                      "đầu ra", "keluaran", "ขาออก", "आउटपुट", "خروجی", "出力", "输出", "輸出", "출력", "çıktı")


_INPUT_SIDE_WORDS = ("input", "entrada", "eingabe", "entrée", "vstup", "вхід", "вход", "wejści", "εισόδου", "קלט",
                     "إدخال", "đầu vào", "masukan", "ขาเข้า", "इनपुट", "ورودی", "girdi", "giriş", "입력", "入力", "输入",
                     "輸入")
_CLAUSE_END_RE = re.compile(r"[.,;:!?。，、；！？\n]")


def _side_in_clause(low: str, start: int) -> bool:
    """True when the clause before ``start`` names the output side and not the input ("قیمت خروجی باید زیر …",
    "ราคา output ต้องไม่เกิน …"): languages that name the side first and the amount after a verb."""
    clause = _CLAUSE_END_RE.split(low[max(0, start - 40):start])[-1]
    return any(w in clause for w in _OUTPUT_SIDE_WORDS) and not any(w in clause for w in _INPUT_SIDE_WORDS)


def _side(text: str | None) -> str:
    t = (text or "").lower()
    return "output" if any(w in t for w in _OUTPUT_SIDE_WORDS) else "input"


_SIDE_BEFORE_RE = re.compile(r"(?:(?P<out>출력|出力|输出|輸出|çıktı|خروجی|आउटपुट)|입력|入力|输入|輸入|girdi|ورودی)"
                             r"\s*(?:의|の|的)?\s*$")


# Every price pattern holds a money amount, with its count and unit within a few words of it: the patterns
# are run only in windows around the amounts the need has, not over all of a long need.
_WINDOW_BEFORE, _WINDOW_AFTER = 120, 200


def _amount_windows(st: ParseState) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _amounts(st):
        a, b = max(0, m.start() - _WINDOW_BEFORE), min(len(st.low), m.end() + _WINDOW_AFTER)
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    return spans


def _near_amounts(regex: re.Pattern[str], low: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``regex``'s matches that start in a window, each matched again on the whole text so that a window's end
    never cuts one short."""
    for a, b in windows:
        for m in regex.finditer(low, a, b):
            whole = regex.match(low, m.start())
            if whole is not None:
                yield whole


def read_unit_prices(st: ParseState) -> None:
    """Prices in any unit and several languages; English per-token forms are left to ``need_prices``."""
    low = st.low
    if not _AMOUNT_CUE_RE.search(low):
        return
    windows = _amount_windows(st)
    for regex in (_PRICE_RE, _PER_FIRST_RE, _PER_AFTER_RE, _UNIT_FIRST_RE, _PER_MILLION_RE):
        for m in islice(_near_amounts(regex, low, windows), MAX_HITS):
            start, end = m.start(), m.end()
            if not st.free_span(start, end):
                continue
            unit = _unit(m)
            usd = _amount(m)
            count = _count(m)
            if unit is None or usd is None or count is None:
                continue
            name, _, size = unit
            cur = (m.groupdict().get("cur") or "").lower()
            english_money = bool(m.group("a1") or m.group("a2") or m.group("w1") or m.group("c1") or m.group("w2")
                                 or cur in _ENGLISH_DOLLAR)
            counted = name == "image" and count not in (None, 1.0)  # "per 1000 images": the English reader reads one
            if name in ("token", "image") and english_money and not m.group("b1") and not counted \
                    and regex not in (_PER_FIRST_RE, _PER_AFTER_RE, _UNIT_FIRST_RE) and not _foreign(m.group(0)):
                continue  # the English per-token and per-image reader handles these, with its own rules
            before = low[max(0, start - 24):start]
            refused = _REFUSE_MORE_RE.search(low[max(0, start - 48):start])
            if not refused and (_FLOOR_BEFORE_RE.search(before) or _FLOOR_AFTER_RE.match(low, end)):
                # "at least $30 per million characters": a floor, kept to check against other requirements
                got = unit_price(usd, name, count, size)
                if got is not None and name not in ("token", "image") and st.claim(start, end, f"floor {got[0]}"):
                    st.floors.setdefault(got[0], []).append(got[1])
                continue
            ceil = refused or _CEIL_BEFORE_RE.search(before)
            if refused:
                before = low[max(0, start - 48):start]
            if ceil:
                start = start - (len(before) - ceil.start())
            post = _CEIL_AFTER_RE.match(low, end)
            if post and post.group(0).strip():
                end = post.end()
            got = unit_price(usd, name, count, size)
            if got is None:
                st.note(f"ignored a price that is not a usable number: {st.text[m.start():m.end()]!r}")
                continue
            field, value = got
            # the side may also come just before the count: "출력 백만토큰당 10달러", "输出每百万token", "çıktı"
            side_before = _SIDE_BEFORE_RE.search(low, max(0, start - 10), start)
            if name == "token" and (_side(m.groupdict().get("side") or m.groupdict().get("preside")) == "output"
                                    or (side_before and side_before.group("out")) or _side_in_clause(low, start)):
                field = "max_output_per_mtok"
            if not st.free_span(start, end) or not st.claim(start, end, f"{field}={format_number(value)}"):
                continue
            st.ceilings.setdefault(field, []).append(value)
            if name == "minute" or name == "hour":
                st.note(f"'{st.text[start:end].strip()}' was read as {format_number(value)} USD per second")
    for m in _amounts(st):
        # "por menos de 1 centavo de dólar cada": a budget per item; its unit comes from the task, later.
        each = EACH_RE.match(low, m.end())
        if not each or not st.free_span(m.start(), each.end()):
            continue
        english = all(w in _ENGLISH_PRICE_WORDS or w in _ENGLISH_COUNT_WORDS or re.fullmatch(WORD_NUM, w)
                      for w in re.findall(r"[^\W\d_]+", m.group(0) + " " + each.group(0)))
        usd = None if english else _amount(m)
        if usd is None:
            continue
        before = low[max(0, m.start() - 24):m.start()]
        if _FLOOR_BEFORE_RE.search(before):
            continue
        ceil = _CEIL_BEFORE_RE.search(before)
        start = m.start() - (len(before) - ceil.start()) if ceil else m.start()
        if st.free_span(start, each.end()):
            st.mask[start:each.end()] = b"\x01" * (each.end() - start)
            st.pending.append((start, each.end(), usd, "ceiling"))


_EACH_AMOUNT_RE = re.compile(_AMOUNT, re.IGNORECASE)


def _amounts(st: ParseState) -> list[re.Match[str]]:
    """The money amounts of the need, found once per parse."""
    if st.amounts is None:
        st.amounts = list(islice(_EACH_AMOUNT_RE.finditer(st.low), MAX_HITS))
    return st.amounts
# English words of a per-item amount, left to the English price reader ("half a cent each").
_ENGLISH_COUNT_WORDS = frozenset({"half", "quarter", "third", "tenth", "a", "an", "of", "each", "apiece", "piece",
                                  "pop", "per", "item", "one", "go"})


# ---------------------------------------------------------------------------------------- totals

_CTX_WORD = (r"(?:上下文(?:窗口|长度)?|上下文|コンテキスト(?:長|ウィンドウ)?|컨텍스트|контекст\w*|kontext\w*|"
             r"contexto|contexte|contesto|ventana\s+de\s+contexto|janela\s+de\s+contexto|fenêtre\s+de\s+contexte|"
             r"ctx|context(?:\s+window)?|הקשר|ngữ\s+cảnh|konteks|kontextu|kontekstu|kontekst\w*|контексту|"
             r"συμφραζομένων|πλαισίου|บริบท|सन्दर्भ|संदर्भ|bağlam\w*|(?:ال)?سياق\w*)")
# "half a million", "einer halben Million", "medio millón", "полмиллиона": half of the scale that follows.
_HALF = r"(?:half\s+an?|halbe[nr]?|medio|meio|demi-?|mezzo|pół|пол-?|пів|yarım|een\s+half|halve|ครึ่ง|nửa|setengah)"
# "1 Mio. Token": an abbreviated scale keeps its dot
_SIZE = (rf"(?:(?P<n>{DEC})\s?(?:(?P<s>{_MULT_RE})\.?)?"
         rf"|(?<![^\W\d_\u0e00-\u0e7f])(?:(?:eine[rnm]?|un|una|uma|une)\s+)?(?P<half>{_HALF})\s?(?P<hs>{_MULT_RE}))")
# "百万上下文", "上下文要百万": a scale written alone, with no digit before it
_CJK_BARE_SCALE = {"百万": 1e6, "百萬": 1e6, "千万": 1e7, "千萬": 1e7, "十万": 1e5, "十萬": 1e5}
_CTX_BARE_RE = re.compile(rf"(?<![0-9一二三四五六七八九十两兩])(?P<bare>{'|'.join(_CJK_BARE_SCALE)})(?:级|級)?的?\s?"
                          rf"(?:tokens?\s?)?{_CTX_WORD}|{_CTX_WORD}\s?(?:要|需要|至少|达到|達到)?\s?"
                          rf"(?P<bare2>{'|'.join(_CJK_BARE_SCALE)})(?![0-9])", re.IGNORECASE)
_CTX_RES = (
    re.compile(rf"{_SIZE}\s?(?:(?:de|of|di)\s+)?(?:tokens?|токен\w*|טוקנים|โทเค็น|词元|トークン|個)?\s?(?:の|的|de\s+|of\s+|di\s+|של\s?)?\s?{_CTX_WORD}",
               re.IGNORECASE),
    # CJK fillers ("上下文要12万", "コンテキストは少なくとも20万") touch the number: no word boundary after them
    re.compile(rf"{_CTX_WORD}(?:\s?(?:要|需要|至少|最少|不少于|不低于|为|為|は少なくとも|は|が|은|는|이|อย่างน้อย|ไม่น้อยกว่า)\s?(?:최소|至少)?)?"
               rf"(?:\s?(?:de|von|of|:|=|от|від|od|ab|vanaf|desde|dès|ít\s+nhất|minimal|не\s+менее|mindestens|al\s+menos|au\s+moins|"
               rf"pelo\s+menos|ao\s+menos|almeno|minimaal|co\s+najmniej|en\s+az|как\s+минимум|da|dal|z|ze|"
               rf"at\s+least|à|a|di|mínimo|minimum|min)\b){{0,2}}\s?{_SIZE}(?:\s?(?:tokens?|токен\w*|词元|トークン))?(?:以上)?",
               re.IGNORECASE),
)

# A quantity of work: "5 million characters", "200 hours of audio", "1000 product images", "80万字", "30.000 páginas".
_QUANTITY_RE = re.compile(
    rf"(?:(?P<n>{DEC})|(?P<w>{WORD_NUM}))?\s?(?P<m>{_MULT_RE})?\.?\s?(?:(?:de|of|di|du|des)\s+)?"
    # a unit written in Chinese, Japanese or Korean ends where it ends: those scripts put no space after it
    rf"(?:(?P<adj>[^\W\d_]{{2,}})\s+)?(?:{_UNIT_RE})(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|(?![^\W\d_]))"
    r"(?:\s+(?:of|de|d['’]|di|von|an)\s+(?:\w+\s+)?(?:audio|áudio|video|vídeo|vidéo|recordings?|speech|"
    r"grabaci[oó]n|gravaç[aã]o|aufnahmen?|enregistrements?)(?![^\W\d_]))?",
    re.IGNORECASE,
)
_PER_BEFORE_RE = re.compile(r"(?:/|\b(?:per|each|every|an?|por|pro|je|par|za|за|the)|每|一)\s*$")
_CONTEXT_AFTER_RE = re.compile(rf"\s*-?\s*(?:(?:of|de|di)\s+)?(?:{_CTX_WORD}|windows?)", re.IGNORECASE)
# A period a quantity or an amount is counted over: "200 hours a month", "$40 monthly", "每月1000张".
_PERIOD_WORDS = (("month", r"months?|monthly|mo|sebulan|perbulan|"
                           r"monat\w*|mes(?:es)?|mensual\w*|mois|mensuel\w*|mês|mensal\w*|mese|"
                           r"mensil\w*|месяц\w*|miesi[aą]c\w*|miesięcznie|ay(?:lık|da)|tháng|bulan|månad\w*|"
                           r"měsíc\w*|měsíčně|maand\w*|місяц\w*|щомісяця|ماه|شهر\w*|महीने|महीना|เดือน|חודש|לחודש|月|월|달"),
                 ("week", r"weeks?|weekly|woche\w*|wöchentlich|semana\w*|semaine\w*|settiman\w*|недел\w*|тиждень|"
                         r"tydzień|tygodniowo|hafta\w*|týdně|týden|wekelijks|vecka|veckan|minggu|tuần|周|週"),
                 ("day", r"days?|daily|tag|täglich|día|diari\w*|jours?|dia|giorno|день|в\s+день|dzie[nń]|gün\w*|"
                         r"天|日"),
                 ("year", r"years?|yearly|annual\w*|jahr\w*|años?|ans?|année|anos?|anno|год\w*|rok\w*|yıl\w*|年"))
_PERIOD_AFTER_RE = re.compile(
    r"\s*(?:(?:/|per|an?|each|every|al|por|pro|im|par|à|ao|в|за|на|na|w|in|i|mỗi|setiap|a\s+la|à\s+la|"
    r"la|le|el|o|por\s+cada|each)\s*)?(?:" +
    "|".join(f"(?P<{name}>{pat})" for name, pat in _PERIOD_WORDS) + r")(?![^\W\d_])", re.IGNORECASE)
_PERIOD_BEFORE_RE = re.compile(r"(?:(?P<month>每月|毎月|月に|每个月|monthly)|(?P<week>每周|毎週|weekly)|"
                               r"(?P<day>每天|每日|毎日|daily)|(?P<year>每年|毎年|yearly))\s*$", re.IGNORECASE)
# Words saying an amount is the whole budget, anywhere in its sentence ("total", "Budget insgesamt", "总预算").
_TOTAL_WORD_RE = re.compile(
    r"(?<![^\W\d_])(?:total(?:e|t|mente)?|in\s+all|altogether|all[\s-]in|overall|for\s+(?:all|everything|"
    r"the\s+(?:whole|lot|entire)|it\s+all)|budget(?![\s-]?friendly)\w*|insgesamt|gesamt\w*|zusammen|für\s+alles|"
    r"en\s+tout|ao\s+todo|in\s+tutto|presupuesto|orçamento|бюджет\w*|на\s+вс[её]|всего|в\s+сумме|итого|всього|"
    r"загалом|budżet\w*|łącznie|w\s+sumie|totaal|bütçe\w*|toplam\w*|ميزانية|الميزانية|إجمالي|المجموع|बजट|कुल|"
    r"ngân\s+sách|tổng(?:\s+cộng)?|anggaran|totalt|sammanlagt|rozpočet|celkem|προϋπολογισμ\w*|συνολικά|תקציב|"
    r"בסך\s+הכל|งบ\w*|بودجه|مجموع)(?![^\W\d_])|预算|預算|总共|總共|一共|总计|總計|合計|全部で|総額|予算|예산|총|전체",
    re.IGNORECASE)
# A verb of spending right before the amount: "can spend $30", "we have $40", "I've got 20 bucks".
_SPEND_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:spend|have|got|afford|gastar|dépenser|spendere|ausgeben|"
                              r"потратить|wydać)(?:\s+(?:only|just|about|around|like|up\s+to|at\s+most|max))?\s*$",
                              re.IGNORECASE)
# "10M tokens for $1", "1000 imágenes por 20 dólares", "100万文字で20ドル": the amount bought the quantity.
_FOR_AMOUNT_RE = re.compile(r"\s*,?\s*(?:for|für|por|pour|para|per|за|voor|için|ke\s+liye|के\s+लिए|で|に)\s*"
                            r"(?:(?:under|less\s+than|about|"
                            r"around|just|only|at\s+most|max(?:imum)?|up\s+to|no\s+more\s+than|menos\s+de|unter|"
                            r"moins\s+de)\s+)?$", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[!?。！？\n]|\.(?![0-9])")


def _period(low: str, start: int, end: int) -> str | None:
    after = _PERIOD_AFTER_RE.match(low, end)
    m = after or _PERIOD_BEFORE_RE.search(low, max(0, start - 10), start)
    if not m:
        return None
    return next(name for name, _ in _PERIOD_WORDS if m.group(name))


_OF_WHAT_RE = re.compile(r"\s+(?:of|de|di|von|d['’])\s*[^\W\d_]+")
_TASK_DECIDES_RE = re.compile(r"calls?|anrufe?|llamadas?|chamadas?|appels?", re.IGNORECASE)


def _quantities(st: ParseState) -> list[tuple[int, int, str, float, float, str | None]]:
    """Free quantities of work: (start, end, unit name, count, size of one unit, period)."""
    low = st.low
    found = []
    for m in islice(_QUANTITY_RE.finditer(low), MAX_HITS):
        if not (m.group("n") or m.group("w") or m.group("m")) or not st.free_span(m.start(), m.end()):
            continue
        adj = m.group("adj")
        if adj and (re.fullmatch(_MULT_RE, adj, re.IGNORECASE) or re.fullmatch(_DOLLAR, adj, re.IGNORECASE)):
            continue
        raw = m.group("n")
        value = decimal_value(raw) if raw else (number_value(m.group("w")) if m.group("w") else 1.0)
        unit = _unit(m)
        if value is None or unit is None:
            continue
        count = value * multiplier(m.group("m"))
        if not math.isfinite(count) or count < 2 or _PER_BEFORE_RE.search(low, max(0, m.start() - 12), m.start()):
            continue  # "per 1000 characters" is the unit of a price, not work to be done
        if unit[0] == "token" and (_CONTEXT_AFTER_RE.match(low, m.end()) or re.search(
                rf"{_CTX_WORD}\W*(?:\w+\W+){{0,2}}$", low[max(0, m.start() - 30):m.start()], re.IGNORECASE)):
            continue  # "200k tokens of context" is a window, not work
        if unit[0] == "query" and _TASK_DECIDES_RE.fullmatch(low, m.start(f"u_{unit[0]}"), m.end(f"u_{unit[0]}")):
            continue  # "500 calls a month": calls to transcribe or to an API; the task says (see period_budgets)
        # "100 hours of calls per month": the period may follow what the quantity is of
        period = _period(low, m.start(), m.end())
        if period is None and (of := _OF_WHAT_RE.match(low, m.end())):
            period = _period(low, m.start(), of.end())
        found.append((m.start(), m.end(), unit[0], count, unit[2], period))
    return found


_FOR_QUANTITY_RE = re.compile(r"\s*(?:in\s+total\s+|total\s+)?(?:for|cho|to\s+(?:cover|process|embed|transcribe))\s+"
                              r"(?:about\s+|around\s+|roughly\s+|approximately\s+|approx\.?\s+|~\s*)?")


def read_total_budgets(st: ParseState) -> None:
    """A budget over a quantity of work ("5 million characters, 50 dollars in total") as a price per unit of it.

    Read only when the need names one quantity of one kind of work and one amount that is its total: a word
    saying so in the amount's sentence ("total", "budget", "insgesamt", "预算"), a verb of spending right before
    it, or the amount bought the quantity ("10M tokens for $1"); both counted over the same period, if any.
    """
    low = st.low
    if not _AMOUNT_CUE_RE.search(low):
        return
    pending = [p for p in st.pending if not EACH_RE.search(low[p[0]:p[1]])]
    # Amounts no other reader took come first: most needs have none left, and quantities cost more to find.
    candidates = []
    for m in _amounts(st):
        if m.group("b1"):
            continue  # a bare decimal names no currency
        holder = next((p for p in pending if p[0] <= m.start() and m.end() <= p[1]), None)
        if holder is None and not st.free_span(m.start(), m.end()):
            continue
        usd = _amount(m)
        if usd is not None and usd > 0:
            candidates.append((m, usd, holder))
    if not candidates:
        return
    quantities = _quantities(st)
    if not quantities:
        return
    amounts = []
    for m, usd, holder in candidates:
        sentence = max((b.end() for b in _SENTENCE_END_RE.finditer(low, 0, m.start())), default=0)
        after = _SENTENCE_END_RE.search(low, m.end())
        tail = low[m.end():after.start() if after else len(low)][:40]
        linked = [q for q in quantities if q[1] <= m.start() and _FOR_AMOUNT_RE.match(low[q[1]:m.start()])
                  and m.start() - q[1] <= 40]
        # "$20 for about 400M input tokens": the amount first, what it buys right after it
        linked += [q for q in quantities if q[0] >= m.end() and q[0] - m.end() <= 40
                   and _FOR_QUANTITY_RE.fullmatch(low[m.end():q[0]])]
        cued = bool(_TOTAL_WORD_RE.search(low, sentence, m.start()) or _TOTAL_WORD_RE.search(tail)
                    or _SPEND_BEFORE_RE.search(low, max(0, m.start() - 40), m.start()))
        if linked or cued:
            amounts.append((m, usd, holder, linked, _period(low, m.start(), m.end())))
    if len(amounts) != 1:
        return
    m, usd, holder, linked, period = amounts[0]
    if linked:
        quantity = linked[-1]
    elif len({(q[2], q[3]) for q in quantities}) == 1:
        quantity = quantities[0]
    else:
        return  # quantities of different work: which one the amount pays for is not known
    q_start, q_end, name, count, size, q_period = quantity
    if q_period != period and not (linked and q_period is None):
        # "200 hours a month" and a one-off amount are not the same span of time; "$12 a month for about 600
        # images" counts both over the month
        return
    got = unit_price(usd, name, count, size)
    if got is None:
        return
    field, value = got
    start, end = (holder[0], holder[1]) if holder else (m.start(), m.end())
    if holder:
        st.pending.remove(holder)
        st.mask[start:end] = b"\x00" * (end - start)
    quantity_text, amount_text = st.text[q_start:q_end].strip(), st.text[m.start():m.end()].strip()
    if not st.claim(q_start, q_end, f"quantity of work: {quantity_text}"):
        return
    st.claim(start, end, f"{field}={format_number(value)} (a total of {format_number(usd)} USD over the quantity)")
    st.ceilings.setdefault(field, []).append(value)
    st.note(f"'{amount_text}' for '{quantity_text}' was read as a total budget: at most "
            f"{format_number(value)} {FIELD_LABELS[field]}")


# ---------------------------------------------------------------------------------------- context



def read_context_any_language(st: ParseState) -> None:
    """Minimum context sizes written with a scale and a context word in any of several languages."""
    for regex in _CTX_RES:
        for m in islice(regex.finditer(st.low), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            v = 0.5 if m.group("half") else decimal_value(m.group("n"))
            if v is None:
                continue
            scale = m.group("hs") or m.group("s")
            total = v * multiplier(scale)
            if not scale and total < 1000:
                continue  # "contexto de 10 documentos" is not a window size
            if not math.isfinite(total) or total <= 0 or total > 1e12:
                continue
            if st.claim(m.start(), m.end(), f"min_context={round(total)}"):
                st.contexts.append(round(total))
    for m in islice(_CTX_BARE_RE.finditer(st.low), MAX_HITS):
        if st.free_span(m.start(), m.end()):
            total = round(_CJK_BARE_SCALE[m.group("bare") or m.group("bare2")])
            if st.claim(m.start(), m.end(), f"min_context={total}"):
                st.contexts.append(total)
    if st.contexts:
        # A context word beside a size read elsewhere ("128k Kontext", "128k de contexto") belongs to it.
        for m in islice(_CTX_WORD_NEAR_RE.finditer(st.low), MAX_HITS):
            start, end = m.span()
            near = any(st.mask[max(0, start - 3):start]) or any(st.mask[end:end + 3])
            if near and st.free_span(start, end):
                st.claim(start, end, "the context window the size refers to")


_CTX_WORD_NEAR_RE = re.compile(rf"(?:(?<![^\W\d_])(?:de|di|du|of|mit|con|avec|com)\s+)?{_CTX_WORD}(?![^\W\d_])"
                               r"(?:\s+(?:de|di|du|of|von|da|do)(?![^\W\d_]))?",
                               re.IGNORECASE)


# ---------------------------------------------------------------------------------------- named model

_CHEAPER_THAN_RE = re.compile(
    r"(?:cheaper\s+than|less\s+than\s+what|costs?\s+less\s+than|(?:for\s+)?less\s+than|under\s+the\s+price\s+of|"
    r"lower\s+price\s+than|más\s+barato\s+que|moins\s+cher\s+que|günstiger\s+als|billiger\s+als|"
    r"mais\s+barato\s+(?:que|do\s+que)|più\s+economico\s+di|дешевле|比)\s+"
    r"(?:(?:what|the|lo\s+que|ce\s+que|was|o|a|el|la|le|il|lo|der|die|das|den)\s+)?"
    r"(?P<name>[a-z0-9][\w.\- ]{1,40}?)"
    r"(?=\s*(?:(?:does|do|did|is|are)\b|costs?\b|charges?\b|便宜|$|[,;!?)]|\.(?!\d)|\s+(?:but|and|with|for|that|which|"
    r"per|on|in|at|y|et|und|e|para|pour|für|com|con|mit|avec|que|qui|pero|mais|aber|ma|mas)\b))",
    re.IGNORECASE,
)
# A definite article (and a noun) right before "más barato que": a superlative with a relative clause.
_SUPERLATIVE_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:o|a|os|as|el|la|los|las|lo|le|les|il|l['’])\s+"
                                    r"(?:[^\W\d_]+\s+){0,2}$", re.IGNORECASE)
_LIKE_RE = re.compile(
    r"(?:something\s+like|similar\s+to|an?\s+alternative\s+to|alternatives?\s+to|instead\s+of|like|"
    r"replacement\s+for|parecido\s+a|como|comme|wie|tipo|"
    # "alternative moins chère à ElevenLabs", "alternativa a DALL-E", "Alternative zu Whisper", "Ersatz für ada"
    r"alternativ(?:e|a|as|es|en)?\s+(?:(?:moins|más|mais|più|plus|günstigere?)\s+\w+\s+)?(?:to|zu|à|a|al|ao|para|per|"
    r"pour|alla|all['’])|ersatz\s+f[üu]r|remplacement\s+de|remplaçant\s+de|substitut[oe]?\s+(?:de|para|a|f[üu]r|of)|"
    r"en\s+lugar\s+de|au\s+lieu\s+de|anstelle\s+von|statt|em\s+vez\s+de|invece\s+di|"
    r"replac(?:e|es|ing)(?!\s+(?:the|a|an|my|our|this|that|these|those|it|them|backgrounds?|faces?|objects?|"
    r"text|words?|colou?rs?|sky|people)\b)|swap(?:ping)?\s+out)\s+(?P<name>[a-z0-9][\w.\-]*(?:\s+(?!(?:but|and|or|for|with|"
    r"that|which|to|in|on|at|cheaper|less|more|y|et|und|pero|mais|aber|ma|con|mit|avec|m[áa]s|plus|meno|moins|"
    r"günstiger|billiger|barat\w*|econ[óo]mic\w*|die|der|das|que|qui|che)\b)[a-z0-9][\w.\-]*)?)",
    re.IGNORECASE,
)


_NAMED_TAIL_RE = re.compile(rf"(?:\s*(?:costs?|charges?|便宜))?(?:\s*(?:per|a|an|on|for|in)\s+(?:input|output|"
                            rf"{_UNIT_RE})(?:\s+tokens?)?(?![^\W\d_]))?", re.IGNORECASE)


def read_named_price(st: ParseState) -> str | None:
    """The model named after "cheaper than" / "less than what … costs" (resolved by the engine), claimed."""
    m = _CHEAPER_THAN_RE.search(st.low)
    if m and _SUPERLATIVE_BEFORE_RE.search(st.low, max(0, m.start() - 40), m.start()):
        # "o modelo mais barato que aceita PDF", "el más barato que lea PDF": after a definite article the
        # words are the cheapest one *that* does something, not cheaper than a model.
        return None
    if m and st.free_span(m.start(), m.end()):
        name = m.group("name").strip()
        # "дешевле 2 центов" compares with an amount, not with a model
        amount = re.match(rf"\s*{DEC}\s*(?:{_DOLLAR}|{_CENT}|€|euros?)?", name, re.IGNORECASE)
        if name and not re.fullmatch(r"[\d.,\s$]+", name) and not (amount and amount.group(0).strip()
                                                                     and not re.search(r"[a-z]", name[amount.end():])):
            # "... costs", "... per character", "... on output": the unit the comparison is in (the engine
            # compares in the named model's billing unit) is part of the phrase, not a task to retrieve.
            tail = _NAMED_TAIL_RE.match(st.low, m.end())
            tail = tail if tail and tail.group(0) else None
            end = tail.end() if tail else m.end()
            st.claim(m.start(), end, f"cheaper than {name!r}")
            return name
    return None


_FOR_LESS_RE = re.compile(r"\b(?:for\s+less|but\s+cheaper|cheaper|less\s+expensive|más\s+barat[oa]|moins\s+cher|"
                          r"günstiger|billiger|mais\s+barat[oa]|costs?\s+less|costing\s+less|"
                          r"same\s+(?:\w+\s+)?price\s+or\s+(?:lower|less|cheaper)|no\s+more\s+expensive|"
                          r"lower\s+(?:price|cost)|less\s+money|más\s+econ[óo]mic[oa]|mais\s+econ[ôo]mic[oa]|"
                          r"moins\s+ch[èe]re?|più\s+economic[oa]|costa\s+meno|дешевле|"
                          r"(?:too|way\s+too)\s+(?:pricey|expensive|costly)|zu\s+teuer|demasiado\s+car[oa]|"
                          r"trop\s+ch[eè]re?|car[oa]\s+demais|troppo\s+car[oa])\b|更便宜|より安|もっと安|더\s?(?:저렴|싼)|저렴한|"
                          r"太贵|太貴|高すぎ",
                          re.IGNORECASE)


# "midjourney alternative", "whisper alternatives that ...": the name comes first.
_NAME_ALTERNATIVE_RE = re.compile(
    r"(?:^|(?<=[\s,(]))(?P<name>[a-z0-9][\w.\-]*(?:\s+[a-z0-9][\w.\-]*)?)\s+(?:alternatives?|replacement|substitute)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset({"an", "a", "the", "good", "best", "cheap", "cheaper", "any", "some", "open", "free", "other",
                         "hosted", "local", "similar", "better", "decent", "solid", "what", "which", "is", "there"})


# What follows "like" that is no model: "something like it", "like this one", "I'd like to".
_NOT_A_LIKE_NAME = frozenset({"it", "its", "this", "that", "these", "those", "them", "they", "one", "ones", "me", "us",
                              "you", "him", "her", "to", "a", "an", "the", "my", "our", "your", "so", "what", "how",
                              "when", "i", "we", "eso", "esto", "ça", "cela", "das", "dies", "isso", "isto", "questo"})


# "Whisper みたいな", "GPT-4o 같은", "类似 Claude 的": the name before (or after) a word for "like".
_LIKE_CJK_RE = re.compile(
    r"(?P<name>[a-z0-9][\w.\-]*(?:\s[a-z0-9][\w.\-]*)?)\s*(?:みたいな|みたいに|のような|のように|みたいの|같은|처럼|"
    r"一样的|那样的|之类的|类似的|的替代品|的替代方案|的替代|の代わり|の代替|대안|대체)|(?:类似|像|類似)\s*(?P<name2>[a-z0-9][\w.\-]*(?:\s[a-z0-9][\w.\-]*)?)",
    re.IGNORECASE,
)


def named_like(text: str) -> str | None:
    """The model named in "something like X", "an alternative to X", "X alternative" (resolved by the engine)."""
    for m in islice(_LIKE_RE.finditer(text[:2000]), MAX_HITS):
        name = m.group("name").strip()
        if name.split()[0].lower() not in _NOT_A_LIKE_NAME:
            return name
    m = _LIKE_CJK_RE.search(text[:2000])
    if m:
        return (m.group("name") or m.group("name2")).strip()
    for m in islice(_NAME_ALTERNATIVE_RE.finditer(text[:2000]), MAX_HITS):
        words = [w for w in m.group("name").split() if w.lower() not in _NOT_A_NAME]
        if words:
            return " ".join(words)
    return None


# "like claude sonnet but from a different company", "de otra empresa", "他社の": not the named model's maker.
_ANOTHER_MAKER_RE = re.compile(
    r"\b(?:(?:from|by|made\s+by)\s+(?:a\s+)?(?:different|another|other|some\s+other)\s+(?:company|maker|vendor|"
    r"provider|lab|developer)|not\s+(?:from\s+|by\s+)?the\s+same\s+(?:company|maker|vendor|provider|lab)|"
    r"de\s+otra\s+(?:empresa|compañía|marca)|d['’]une\s+autre\s+(?:entreprise|boîte|société|marque)|"
    r"de\s+outra\s+(?:empresa|companhia|marca)|von\s+(?:einer?|einem)\s+anderen?\s+(?:firma|anbieter|hersteller|"
    r"unternehmen)|anderer\s+(?:anbieter|hersteller)|di\s+un['’]altra\s+(?:azienda|società)|"
    r"(?:от|из)\s+другой\s+компании)\b|其他公司|别家|別家|他社|다른\s?회사",
    re.IGNORECASE)


def asks_for_another_maker(text: str) -> bool:
    """True when the need wants a model like the one it names, but from another maker."""
    return bool(_ANOTHER_MAKER_RE.search(text[:2000]))


def asks_for_less(text: str) -> bool:
    """True when the need asks for a lower price than a named reference ("… for less", "but cheaper")."""
    return bool(_FOR_LESS_RE.search(text[:2000]))


# ---------------------------------------------------------------------------------------- quality asked

_BEST_RE = re.compile(
    r"\b(?:best|strongest|smartest|most\s+(?:accurate|capable|powerful|intelligent|reliable)|top[\s-](?:rated|tier|notch)|"
    r"highest[\s-](?:quality|rated|accuracy)|state[\s-]of[\s-]the[\s-]art|sota|leading|"
    r"beste[nrs]?|stärkste[nrs]?|genaueste[nrs]?|mejor(?:es)?|más\s+(?:potente|preciso|precisa|fuerte)|meilleur(?:e|s|es)?|"
    r"plus\s+(?:puissant|précis|fort|performant|intelligent|capable|fiable)e?s?|"
    r"più\s+(?:forte|potente|precis[oa]|intelligente|capace)|mais\s+(?:inteligente|capaz)|melhor(?:es)?|mais\s+(?:forte|preciso|precisa|poderoso)|migliore|"
    r"лучш\w*|сильнейш\w*|самы[йея]\s+(?:точн|сильн|мощн)\w*|найкращ\w*|nejlepší\w*|najlepsz\w*|b[äa]sta|"
    r"en\s+iyi|tốt\s+nhất|mạnh\s+nhất|chính\s+xác\s+nhất|terbaik|paling\s+(?:bagus|kuat|akurat)|"
    r"πιο\s+(?:δυνατ|ισχυρ|ακριβ|έξυπν)\w*|καλύτερ\w*|ισχυρότερ\w*|найсильніш\w*|найточніш\w*|nejsilnější\w*|"
    r"nejpřesnější\w*|bäst|starkast|sterkste|najsilniejsz\w*|najdokładniejsz\w*|"
    # Finnish, Hungarian, Romanian, Danish and Norwegian, Malay
    r"paras|parhaat?|vahvin|tarkin|legjobb\w*|legerősebb\w*|legpontosabb\w*|cel\s+mai\s+(?:bun|puternic|precis)|"
    r"cele\s+mai\s+bune|bedste|beste|stærkeste|sterkeste|paling\s+baik)(?![^\W\d_])"
    r"|بهترین|قوی[\s\u200c]?ترین|دقیق[\s\u200c]?ترین|সবচেয়ে|সেরা"
    r"|أفضل|الأفضل|أقوى|أحسن|الأحسن|สวยที่สุด|แม่นที่สุด|सबसे\s+(?:अच्छा|बेहतर|अच्छी)|सर्वश्रेष्ठ|הכי\s?(?:טוב|חזק|מדויק)|הטוב\s?ביותר|"
    r"החזק\s?ביותר|ดีที่สุด|เก่งที่สุด|เก่ง\S{1,24}?ที่สุด"
    r"|最强|最好|最佳|最厉害|最準確|最准确|一番|最も|最高|最強|최고|가장|錯字最少|错字最少|最準|最准|بهترین|قوی[\u200c\s]?تر"
    # "the one that makes the fewest mistakes", "quale sbaglia di meno"
    r"|(?<![^\W\d_])(?:fewest|least)\s+(?:mistakes|errors)|sbaglia\s+(?:di\s+)?meno|menos\s+err(?:ores|os)|"
    r"weniger\s+fehler|moins\s+d['’]erreurs|کمتر\s+اشتباه",
    re.IGNORECASE,
)


def asks_for_best(text: str) -> bool:
    """True when the need asks for the best, strongest or most accurate ("best", "el mejor", "最强")."""
    return bool(_BEST_RE.search(text[:2000]))


def read_quality_words(st: ParseState) -> None:
    """Claim the words that ask for the best: they say how to rank, not which task, so retrieval must not
    read them as a capability."""
    for m in islice(_BEST_RE.finditer(st.low), MAX_HITS):
        if st.free_span(m.start(), m.end()):
            st.claim(m.start(), m.end(), "asks for the best: quality evidence leads the ranking")


# ---------------------------------------------------------------------------------------- modalities

_MOD_WORDS = {"voice": "audio", "audio": "audio", "speech": "audio", "sound": "audio", "spoken": "audio",
              "image": "image", "images": "image", "photo": "image", "photos": "image", "picture": "image",
              "pictures": "image", "video": "video", "videos": "video", "text": "text"}
_MOD = r"(?P<m>voice|audio|speech|sound|spoken|images?|photos?|pictures?|videos?|text)"
_DIR = r"(?P<d>inputs?|outputs?)"
# "이미지 입력", "画像入力", "图片输入", "音声出力": a modality and its side in scripts without spaces.
_CJK_MODALITY_RE = re.compile(r"(?P<m>이미지|사진|画像|写真|图片|图像|圖片|圖像|音声|오디오|음성|音频|音頻|语音|"
                              r"동영상|영상|動画|视频|視頻)"
                              r"\s?(?:を|の|が|를|을|의)?\s?(?P<d>입력|출력|入力|出力|输入|輸入|输出|輸出)")
_CJK_MODALITIES = {**dict.fromkeys(("이미지", "사진", "画像", "写真", "图片", "图像", "圖片", "圖像"), "image"),
                   **dict.fromkeys(("音声", "오디오", "음성", "音频", "音頻", "语音"), "audio"),
                   **dict.fromkeys(("동영상", "영상", "動画", "视频", "視頻"), "video")}
_MODALITY_RES = (
    re.compile(rf"\b{_MOD}[\s-]+{_DIR}\b(?![\s-]+(?:tokens?|price|cost))", re.IGNORECASE),
    re.compile(rf"\b(?P<d>inputs?|outputs?)\s*(?:is|are|:|=|of|in)?\s*{_MOD}\b", re.IGNORECASE),
)

# "il video in input", "imágenes como entrada", "Bilder als Eingabe", "l'audio en sortie": a modality and its side.
_MODALITY_AS_RE = re.compile(
    r"(?<![^\W\d_])(?P<m>vid[eé]os?|vídeos?|audios?|áudios?|imagens?|imagem|im[áa]gen(?:es)?|immagin[ei]|bild(?:er)?|"
    r"fotos?|photos?|images?|voz|voix|voce)\s+(?:in|come|als|como|en|em|comme|as)\s+(?P<d>input|entrada|entr[ée]e|"
    r"ingresso|eingabe|output|sa[íi]da|salida|sortie|uscita|ausgabe)(?![^\W\d_])", re.IGNORECASE)

# German and Dutch compounds: "Bildeingabe", "Spracheingabe", "Audioausgabe", "beeldinvoer".
_COMPOUND_MODALITY_RE = re.compile(
    r"(?<![^\W\d_])(?P<m>bild|foto|audio|sprach|ton|video|beeld|spraak)(?:er)?-?(?P<d>eingabe|ausgabe|invoer|uitvoer)\w*",
    re.IGNORECASE)
_COMPOUND_WORDS = {"bild": "image", "foto": "image", "beeld": "image", "audio": "audio", "sprach": "audio",
                   "ton": "audio", "spraak": "audio", "video": "video"}


def read_modalities(st: ParseState) -> None:
    """"voice input", "text output", "output: images" → the modality the artifact must take or give."""
    for m in islice(_COMPOUND_MODALITY_RE.finditer(st.low), MAX_HITS):
        modality = _COMPOUND_WORDS[m.group("m").lower()]
        inward = m.group("d").lower() in ("eingabe", "invoer")
        if st.free_span(m.start(), m.end()) and st.claim(m.start(), m.end(),
                                                          f"{'input' if inward else 'output'}_modalities+={modality}"):
            (st.inputs if inward else st.outputs).add(modality)
    for m in islice(_MODALITY_AS_RE.finditer(st.low), MAX_HITS):
        word, side = m.group("m"), m.group("d")
        modality = "video" if word[:2] in ("vi", "ví") else "audio" if word[:2] in ("au", "áu", "vo") else "image"
        inward = side.startswith(("in", "en", "ei"))
        if st.claim(m.start(), m.end(), f"{'input' if inward else 'output'}_modalities+={modality}"):
            (st.inputs if inward else st.outputs).add(modality)
    for m in islice(_CJK_MODALITY_RE.finditer(st.low), MAX_HITS):
        modality, inward = _CJK_MODALITIES[m.group("m")], m.group("d") in ("입력", "入力", "输入", "輸入")
        if st.free_span(m.start(), m.end()) and st.claim(m.start(), m.end(),
                                                          f"{'input' if inward else 'output'}_modalities+={modality}"):
            (st.inputs if inward else st.outputs).add(modality)
    for regex in _MODALITY_RES:
        for m in islice(regex.finditer(st.low), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            before = st.low[max(0, m.start() - 12):m.start()]
            if re.search(r"\b(?:no|not|without|non)[\s-]*$", before):
                continue  # "no audio output" is a negation, read by the phrase rules
            modality = _MOD_WORDS[m.group("m").lower()]
            into = st.inputs if m.group("d").lower().startswith("in") else st.outputs
            side = "input" if into is st.inputs else "output"
            if st.claim(m.start(), m.end(), f"{side}_modalities+={modality}"):
                into.add(modality)


# ---------------------------------------------------------------------------------------- conversions

# "text to speech" in other languages: a modality word, a connector (preposition, particle or the Chinese
# 转), another modality word. The direction says which side is input and which output; bag-of-words
# vectors cannot tell "文字转语音" from "语音转文字", so the grammar reads it.
_CONV_WORDS = {
    "text": r"(?:texts?|textos?|textes?|testi|testo|tekst(?:u|y|en)?|текст\w*|văn\s?bản|teks|tulisan|文字|文本|"
            r"テキスト|"
            r"텍스트|टेक्स्ट|(?:ال)?نص(?:وص)?|كتابة)",
    "audio": r"(?:audio|áudio|speech|voice|sprache|voz|fala|parole|voix|voce|spraak|mow[aęy]|речь|речи|голос\w*|аудио|"
             r"giọng\s?nói|âm\s?thanh|suara|"
             r"语音|声音|音声|음성|녹음|録音|"
             r"录音|आवाज़|ऑडियो|(?:ال)?كلام|(?:ال)?صوت|mluven\w+\s+slov\w*|řeč\w*|мовленн\w*)",
    "image": r"(?:images?|pictures?|bild(?:er)?|imágenes|imagen|imagens|imagem|immagin[ei]|afbeelding(?:en)?|"
             r"obraz(?:y|ów)?|hình\s?ảnh|gambar|"
             r"изображени[еяй]|картин\w*|图片|图像|画像|이미지|तस्वीर|(?:ال)?صور[ةه]?|obrázk\w*)",
    "video": r"(?:videos?|vídeos?|video\w*|видео|视频|動画|동영상|वीडियो|(?:ال)?فيديو)",
}
_CONNECTOR = (r"(?:[\s-]+(?:in|zu|naar|na|a|em|en|para|pra|pour|в|into|to|thành|sang|menjadi|jadi|ke)[\s-]+|\s+إلى\s*|"
              r"\s*(?:转换?成?|转为|变成|を|에서|을|를|को)\s*)")
_CONV_RE = re.compile(
    # "画像をテキストから作りたい" makes the image from text: a "from" after the second word turns it round
    "|".join(rf"(?P<{a}_{b}>{_CONV_WORDS[a]}{_CONNECTOR}{_CONV_WORDS[b]}(?:으로|로|に|へ)?)(?![a-zà-ÿа-яё])"
             r"(?!\s*(?:から|より|로부터|으로부터))"
             for a, b in (("text", "audio"), ("audio", "text"), ("text", "image"), ("text", "video"),
                          ("image", "video"), ("image", "text"))),
    re.IGNORECASE,
)
# (input, output) -> capability the conversion names
CONVERSIONS = {("text", "audio"): "audio.speech-synthesis", ("audio", "text"): "audio.transcription",
               ("text", "image"): "image.generation.text-to-image", ("text", "video"): "video.generation.text-to-video",
               ("image", "video"): "video.generation.image-to-video", ("image", "text"): "vision.image-understanding"}


# "convertir mis artículos en audio": a verb of converting, then what it becomes; what goes in is the
# modality named on the way, else text.
_CONV_VERB_RE = re.compile(
    rf"\b(?:convert\w*|turn\w*|transform\w*|umwandel\w*|umwandl\w*|verwandel\w*|omzett\w*|zet\w*|trasform\w*|"
    rf"zamie[nń]\w*|превра\w*|преобраз\w*|dönüştür\w*)\b(?P<gap>[^.,;:!?]{{0,48}}?){_CONNECTOR}"
    rf"(?:(?P<dst_audio>{_CONV_WORDS['audio']})|(?P<dst_image>{_CONV_WORDS['image']})|"
    rf"(?P<dst_video>{_CONV_WORDS['video']})|(?P<dst_text>{_CONV_WORDS['text']}))(?![^\W\d_])",
    re.IGNORECASE,
)


# What a conversion may start from, besides the modality words: recordings are audio, photos images.
_SOURCE_WORDS = {
    "audio": _CONV_WORDS["audio"][:-1] + r"|podcasts?|enregistrements?|grabaci\w+|grava[çc]\w+|aufnahmen?|"
             r"recordings?|opnames?|nagra\w+|registrazion\w+|запис\w+|录音|録音|녹음)",
    "image": _CONV_WORDS["image"][:-1] + r"|photos?|fotos?|фото\w*|照片|写真|사진)",
    "video": _CONV_WORDS["video"],
}


def _conversion(st: ParseState, start: int, end: int, src: str, dst: str) -> None:
    uri = CONVERSIONS.get((src, dst))
    if uri is None or not st.free_span(start, end):
        return
    uri = "capability://" + uri
    if not st.claim(start, end, f"{uri}; {src} input, {dst} output"):
        return
    st.caps.setdefault(uri, start)
    if src != "text":
        st.inputs.add(src)
    st.outputs.add(dst)


# Chinese compounds that name a conversion: 文生图 (text makes image), 图生视频 (image makes video).
_CJK_CONV_RE = re.compile(r"(?P<text_image>文生图|文生圖)|(?P<text_video>文生视频|文生視頻)|"
                          r"(?P<image_video>图生视频|圖生視頻)|"
                          # Turkish: "metni sese dönüştüren", "ses kaydını yazıya çevirme"
                          r"(?P<text_audio>metn\w*\s+(?:sese|sesli\w*)\s+(?:dönüştür|çevir)\w*)|"
                          r"(?P<audio_text>ses\w*\s+(?:\w+\s+)?(?:yazıya|metne)\s+(?:dönüştür|çevir|dök)\w*)",
                          re.IGNORECASE)


def read_conversions(st: ParseState) -> None:
    """"Text in Sprache", "文字转语音", "음성을 텍스트로", "afbeelding naar video": the conversion's capability and
    the modality it takes in and gives out (text on either side is left implicit)."""
    for m in islice(_CJK_CONV_RE.finditer(st.low), MAX_HITS):
        src, dst = next(k for k, v in m.groupdict().items() if v).split("_")
        _conversion(st, m.start(), m.end(), src, dst)
    for m in islice(_CONV_RE.finditer(st.low), MAX_HITS):
        src, dst = next(k for k, v in m.groupdict().items() if v).split("_")
        _conversion(st, m.start(), m.end(), src, dst)
    for m in islice(_CONV_VERB_RE.finditer(st.low), MAX_HITS):
        dst = next(k for k, v in m.groupdict().items() if v and k.startswith("dst_")).removeprefix("dst_")
        gap = m.group("gap")
        src = next((k for k in ("audio", "image", "video") if re.search(_SOURCE_WORDS[k], gap, re.IGNORECASE)),
                   "text")
        _conversion(st, m.start(), m.end(), src, dst)


# ---------------------------------------------------------------------------------------- making media

# A verb of making next to what is made, in either order ("crear imágenes", "Bilder erstellen",
# "画像を作る", "görsel oluşturan"): the output modality and the generation capability. English is read
# by the phrase rules first; this reads the languages they do not.
_MAKE = (r"(?:creat\w*|generat\w*|produc\w*|render\w*|draw\w*|paint\w*|design\w*|"
         r"erstell\w*|erzeug\w*|generier\w*|mach\w*|mal(?:t|en|e)?|zeichn\w*|gestalt\w*|"
         r"cre[ae]\w*|cr[ée]e[rsz]?|cr[ée]ez|cr[ée]ant|cr[ée]ation\w*|cri(?:ar|a|e|ando)\b|gener[ae]\w*|ger(?:ar|a|e|ando)\b|hac(?:er|e)|haz|fa(?:zer|ire|re)|dibuj\w*|desenh\w*|disegn\w*|dessin\w*|"
         r"maak\w*|maken|genereer\w*|teken\w*|tworz\w*|generuj\w*|wygeneruj\w*|narysuj\w*|"
         r"oluştur\w*|üret\w*|çiz\w*|созда\w*|сгенериру\w*|генерир\w*|генерац\w*|нарису\w*|рису\w*|сдела\w*|"
         r"tạo|vẽ|membuat|buat|menghasilkan|vytvoř\w*|vytvář\w*|generov\w*|skapa\w*|generera\w*|створ\w*|"
         r"g[ée]n[ée]r\w*|diseñ\w*|设计|設計|デザイン|디자인|entw[iu]rf\w*|genereren|"
         r"генеру\w*|توليد|لتوليد|إنشاء|لإنشاء|انشاء|رسم|صنع|बनान\w*|बनाए|बनाता|बनाती|"
         r"生成|制作|创作|做|画|作る|作れる|作成|作って|作り\w*|描く|描いて|生成する|作曲\w*|만들\w*|만드\w*|그려\w*|그리는|생성\w*|작곡\w*|"
         # Hindi in Latin letters ("photo bana de"), Hebrew
         r"bana(?:de|do|o|na|ne|ta|ti|iye|dena|ye)?(?![^\W\d_])|מייצר\w*|ליצור|יוצר\w*|מחולל\w*|"
         # Turkish "yaptırmak", Portuguese "feitas", Thai "วาด"/"สร้าง"
         r"yap(?:an|acak|mak|tır\w*|ar|sın|abilir\w*|ılm\w*)|feit[oa]s?(?![^\W\d_])|วาด|สร้าง)")
_MADE = {
    "image": r"(?:\w*(?:imágenes|imagen|imagens|imagem|images?\b|immagin[ei]|bilder|bild|fotos?|fotografías?|"
             r"illustra\w*|ilustra\w*|иллюстрац\w*|logotip\w*|logos?|dibujos?|disegn[oi]|plaatjes?|afbeelding\w*|"
             r"obraz\w*|grafik\w*|görsel\w*|resim\w*|картин\w*|изображени\w*|зображен\w*|рисун\w*|"
             r"artes?\b|desenhos?|hình\s+ảnh|ảnh|gambar|obrázk\w*|صور[ةه]?|तस्वीर\w*|छवि\w*|thumbnails?|miniaturas?)|"
             r"รูป|ภาพ|"
             r"图片|图像|插画|插图|图|"
             r"画像|イラスト|絵|이미지|그림|일러스트)",
    "video": r"(?:\w*(?:vid[eé]os?|vídeos?|filmpje\w*|wideo\w*|видео\w*|відео\w*|клип\w*|فيديو\w*|वीडियो)|"
             r"视频|動画|ビデオ|동영상|영상)",
    "music": r"(?:\w*(?:m[uú]si[ck]\w*|musique|muziek|muzyk\w*|müzik\w*|музык\w*|canci[oó]n\w*|chanson\w*|can[çc][aã]o|"
             r"canzon\w*|lied(?:er)?|piosenk\w*|şarkı\w*|müzi[kğ]\w*|песн\w*|bgm)|音乐|歌曲|音楽|음악|노래|配乐|背景音乐|曲|מוזיק\S*|מנגינ\S*)",
}
_MADE_CAPS = {"image": ("image.generation.text-to-image", "image"),
              "video": ("video.generation.text-to-video", "video"), "music": (None, "audio")}
# Up to two words between verb and noun, but not "for": "crear subtítulos para imágenes" makes no image.
# Nor subtitles: "영상들 자막 만들려고" makes subtitles for the videos, not videos.
_GAP = (r"[^\S\n]*(?:(?!(?:for|para|pour|für|per|для|voor|dla|için|of|über|about|sobre|sur)\b|자막|字幕|"
        r"(?:subt[ií]tul|subtit|untertitel|sous-titr|sottotitol|ondertitel|субтитр|altyaz|legenda)\w*)"
        r"[^\s.,;:!?，。、]+[^\S\n]+){0,2}?[^\S\n]*")
# A word must not continue a word in a spaced script on the left; Chinese, Japanese and Korean words stand anywhere
# ("最便宜的图片生成").
_NOT_IN_WORD = r"(?<![A-Za-zÀ-ÖØ-öø-ɏА-яЁё])"
_MAKE_RES = (*(
    (kind, re.compile(rf"{_NOT_IN_WORD}{_MAKE}{_GAP}{noun}|"
                      # "Video-Generierungsmodell": German joins the noun to the verb's noun with a hyphen
                      rf"{_NOT_IN_WORD}(?P<first>{noun})(?:を|が|の|을|를|이|가|-)?{_GAP}{_MAKE}", re.IGNORECASE))
    for kind, noun in sorted(_MADE.items(), key=lambda kv: kv[0] != "video")  # video first: "video from photos"
),
    # Chinese, Japanese and Korean put no spaces in the gap: "画像をテキストから作りたい", "视频用文字生成"
    ("video", re.compile(r"(?P<first>動画|视频|視頻|동영상|영상)(?:を|が|の|을|를)?[^\s.,;:!?，。、！？]{0,10}?"
                         r"(?:作り|作る|作って|作成|生成|만들|생성|制作|做)")),
    ("image", re.compile(r"(?P<first>画像|イラスト|絵|图片|圖片|图像|插画|插圖|이미지|그림)(?:を|が|の|을|를)?"
                         r"[^\s.,;:!?，。、！？]{0,10}?(?:作り|作る|作って|作成|生成|描|만들|생성|制作|做|画)")),
)
# Media that are already one's own, or a source, are not what is made ("Untertitel aus meiner Videos erstellen").
_OWN_BEFORE_RE = re.compile(r"(?:\b(?:my|our|meine[rnms]?|unsere[rnms]?|mis|mes|nos|meus|minhas|miei|mie|moje|"
                            # "Hintergrundmusik für Videos erzeugen": what it is for is not what is made
                            r"für|for|para|pour|pra|per|для|voor|dla|için|"
                            r"mijn|aus|from|von|uit|из|моих|моим|мои)\s+(?:(?:a|an|the|one|einem|einer|einen|ein|eine|"
                            r"dem|der|una?|un|une|um|uma|een|het|de)\s+)?)$", re.IGNORECASE)
# Transcription in other languages: the verb itself names the task.
_TRANSCRIBE_RE = re.compile(r"(?<![^\W\d_])(?:transcri(?!pts?\b)\w*|transcre\w*|transkri\w*|trascri\w*|"
                            r"транскриб\w*|транскрип\w*|"
                            r"расшифр\w*|stenograf\w*|deşifre\w*|untertitel\w*|subt[ií]tulos?|sous-titr\w*|sottotitol\w*|"
                            r"ondertitel\w*|napis\w*\s+do\s+wideo|субтитр\w*)|字幕|文字起こし|书き起こし|转写|转录|听写|받아쓰기|"
                            r"받아적",
                            re.IGNORECASE)


# A word of refusal right before what would be made ("keinen Bildgenerator", "sin generar imágenes", "без видео").
_NOT_MADE_RE = re.compile(
    r"(?<![^\W\d_])(?:no|not|without|kein\w*|ohne|nicht|sin|ningún|ninguna|sans|aucun\w*|nessun\w*|senza|sem|"
    r"nenhum\w*|geen|zonder|bez|żadn\w*|без|не|ни|hiçbir|ingen|utan|χωρίς|bukan|tanpa|không)\s+(?:\w+\s+)?$"
    # "Nemusí umět generovat obrázky", "doesn't need to be able to make images": a modal saying it is not needed
    r"|(?<![^\W\d_])(?:nemus[íi]|nepotřeb\w*|nie\s+musi|nie\s+potrzeb\w*|muss\s+nicht|braucht\s+nicht|hoeft\s+niet|"
    r"behöver\s+inte|nem\s+kell|δεν\s+χρειάζεται|không\s+cần|tidak\s+perlu|n['’]a\s+pas\s+besoin\s+d['’e]|"
    r"non\s+deve|não\s+precisa|no\s+necesita|не\s+(?:нужно|надо|обязательно|потрібно)|"
    r"(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not)\s+(?:need|have)\s+to)\s+(?:\w+\s+){0,3}?$"
    # "no quiero que genere imágenes", "pas besoin qu'il crée des images"
    rf"|(?<![^\W\d_]){refusal_then_words(3)}\s+$",
    re.IGNORECASE)


def read_making(st: ParseState) -> None:
    """Needs to make an image, a video or music, and needs to transcribe, written in other languages."""
    for kind, regex in _MAKE_RES:
        cap, out = _MADE_CAPS[kind]
        for m in islice(regex.finditer(st.low), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            if m.group("first") and _OWN_BEFORE_RE.search(st.low[max(0, m.start() - 16):m.start()]):
                continue
            negated = _NOT_MADE_RE.search(st.low[max(0, m.start() - 40):m.start()])
            if negated and cap:
                # "Keinen Bildgenerator bitte", "sin generar imágenes": named, and said not to be wanted
                start = m.start() - len(negated.group(0))
                if st.claim(start, m.end(), f"not needed: capability://{cap}"):
                    st.not_needed.setdefault("capability://" + cap, start)
                continue
            if kind == "video" and re.search(_SOURCE_WORDS["image"], m.group(0), re.IGNORECASE):
                cap = "video.generation.image-to-video"  # "Videos aus Fotos machen"
                st.inputs.add("image")
            meaning = f"{out} output" + (f"; capability://{cap}" if cap else "; preference audio.music-generation")
            if not st.claim(m.start(), m.end(), meaning):
                continue
            st.outputs.add(out)
            if cap:
                st.caps.setdefault("capability://" + cap, m.start())
            else:
                st.prefs.setdefault("capability://audio.music-generation", m.start())
    for m in islice(_TRANSCRIBE_RE.finditer(st.low), MAX_HITS):
        if st.free_span(m.start(), m.end()) and st.claim(m.start(), m.end(), "capability://audio.transcription"):
            st.caps.setdefault("capability://audio.transcription", m.start())
            st.inputs.add("audio")
            st.outputs.add("text")


# ---------------------------------------------------------------------------------------- sources

# What a need starts from, in any language: a preposition or postposition of origin next to a picture,
# recording or clip ("video from a single photo", "a partir de una imagen", "aus einem Foto", "画像から",
# "从图片", "fotoğraftan"). The medium it names is an input, whatever task the rest names; with video out
# it makes the task image-to-video.
_SOURCE_NOUNS = {
    "image": r"(?:images?|pictures?|pics|photos?|photographs?|stills?|selfies?|screenshots?|portraits?|"
             r"im[áa]gen(?:es)?|imagens?|imagem|fotos?|fotograf[íi]as?|bild(?:er|ern)?|immagin[ei]|"
             r"afbeelding(?:en)?|zdj[eę]\w*|obraz\w*|фото\w*|изображени\w*|картин\w*|fotoğraf\w*|resim\w*|"
             r"görsel\w*|ảnh|hình\s?ảnh|gambar|"
             # the last part of a compound: "Produktfotos", "wedstrijdfoto's", "Urlaubsbildern"
             r"[^\W\d_]{3,}?(?:fotos?|bild(?:er|ern)?|afbeelding(?:en)?))",
    "audio": r"(?:audio(?:\s+files?)?|recordings?|voice\s+(?:memos?|notes?|messages?)|grabaci[oó]n(?:es)?|"
             r"grava[çc](?:ão|ões)|áudios?|aufnahmen?|enregistrements?|registrazion[ei]|opnames?|nagra\w*|"
             r"аудио\w*|запис\w*)",
    "video": r"(?:videos?|clips?|footage|vídeos?|vid[ée]os?|wideo\w*|видео\w*)",
    # A written source is only claimed: text in is implicit ("generate images from text", "видео по тексту").
    "text": r"(?:text(?:\s+prompts?)?|prompts?|descriptions?|scripts?|texto|textos|texte|testo|"
            r"beschreibung\w*|descripci[oó]n\w*|descri[çc][ãa]o|текст\w*|описани\w*|metin\w*)",
}
_DET = (r"(?:(?:a|an|the|one|my|our|this|that|these|those|some|single|old|still|short|existing|uploaded|"
        r"una?|unos|unas|el|la|los|las|mis?|esta|este|um|uma|o|os|as|meus?|minhas?|une?|la|le|les|mes|"
        r"einem|einer|einen|ein|eine|meinem|meiner|meinen|dem|der|den|einzelnen?|"
        r"uno|una|il|lo|gli|le|mi[ae]?|mio|een|mijn|de|het|jednego|moich|моих|моего|одной|одного|этой|"
        r"[^\W\d_]+(?:ic|al|ed|nique|el)|\d+|"
        # "a few", "een paar", "ein paar", "algunas": how many of them
        r"few|couple|of|paar|enkele|einige[nr]?|algun[oa]s|quelques|alcune|alcuni|kilku|kilka)\s+){0,3}")
_FROM = (r"(?:from|out\s+of|based\s+on|starting\s+from|a\s+partir\s+d[eo]|a\s+partir\s+das?|desde|"
         r"[àa]\s+partir\s+d(?:e\s+|['’]\s*)|depuis|aus|anhand|ausgehend\s+von|uit|a\s+partire\s+da\w*|partendo\s+da\w*|"
         r"dall?[ae']?|"
         # Dutch "van een paar foto's een filmpje maken": made of the photos
         r"van|"
         r"ze?|из|по|со?)")
_SOURCE_RES = (
    *((kind, re.compile(rf"(?<![^\W\d_]){_FROM}(?:\s+|(?<=['’])){_DET}{noun}(?![^\W\d_])", re.IGNORECASE))
      for kind, noun in _SOURCE_NOUNS.items()),
    ("text", re.compile(r"(?:从|用|根据)\s*(?:一段|这段)?\s*(?:文字|文本|描述)|(?:テキスト|文章)\s*から")),
    ("image", re.compile(r"(?:画像|写真|静止画|图片|图像|照片|이미지|사진)\s*"
                         r"(?:から|を(?:元|もと)に|を使って|으로|로|에서)|"
                         r"(?:从|用|根据|基于|由|把)\s*(?:一张|一幅|这张|这幅|我的|几张)?\s*(?:图片|图像|照片|画像|写真)|"
                         r"(?<![^\W\d_])(?:fotoğraf|resim|görsel)\w*?(?:tan|ten|dan|den)(?![^\W\d_])", re.IGNORECASE)),
    ("audio", re.compile(r"(?:音声|録音|音频|录音|음성|녹음)\s*(?:から|を(?:元|もと)に|으로|로|에서)|"
                         r"(?:从|用|根据)\s*(?:一段|这段|我的)?\s*(?:音频|录音)", re.IGNORECASE)),
)


_VIDEO_NOUN_RE = re.compile(r"(?<![^\W\d_])(?:videos?|vídeos?|vid[ée]os?|video\w*|wideo\w*|видео\w*|clips?)"
                            r"(?![^\W\d_])|"
                            r"(?:短)?视频|動画|ビデオ|동영상|영상", re.IGNORECASE)


def read_sources(st: ParseState) -> None:
    """"Video from a single photo", "a partir de una imagen", "画像から": the medium named as the need's
    starting point is an input; with video output, text-to-video becomes image-to-video."""
    for kind, regex in _SOURCE_RES:
        for m in islice(regex.finditer(st.low), MAX_HITS):
            if kind == "text":
                if st.free_span(m.start(), m.end()):
                    st.claim(m.start(), m.end(), "from text (text input is implicit)")
                continue
            # "images from a prompt" makes what it names; "video from my video" edits it: not read here
            if kind in st.outputs and not st.inputs - {"text"} and (kind != "image" or "video" not in st.outputs):
                continue
            if st.free_span(m.start(), m.end()):
                st.claim(m.start(), m.end(), f"{kind} input (what the need starts from)")
            elif kind in st.inputs:
                continue
            st.inputs.add(kind)
    t2v, i2v = "capability://video.generation.text-to-video", "capability://video.generation.image-to-video"
    if "image" in st.inputs and "video" not in st.outputs:
        # "video from a single photo", "видео из фото", "用一张照片生成短视频": the clip named beside the
        # picture it starts from is what is made.
        for m in islice(_VIDEO_NOUN_RE.finditer(st.low), MAX_HITS):
            if st.free_span(m.start(), m.end()) and st.claim(m.start(), m.end(), f"video output; {i2v}"):
                st.outputs.add("video")
                st.caps.setdefault(i2v, m.start())
                break
    if "image" in st.inputs and t2v in st.caps:
        st.caps.setdefault(i2v, st.caps.pop(t2v))
