"""Small numbers written in words, in the languages the price grammar reads, for amounts of money.

People write a price in words as often as in digits when it is small: "خمسة سنتات", "пяти центов", "dwa centy",
"beş sent", "ห้าเซ็นต์", "两毛钱美金", "五セント". These words are read only right before a cent or dollar word
(see :mod:`matchgraph.match.grammar`), where they cannot mean anything else; a word that is also a common word
elsewhere ("on" is ten in Turkish, "sex" six in Swedish) costs nothing there.

The English, German, Spanish, French, Portuguese and Italian words are in :mod:`matchgraph.match.units`; the
words here are the other languages, and the Chinese tenths and hundredths of a currency (毛 and 角 a tenth,
分 a hundredth), which are US dollars only when the dollar is named with them ("两毛钱美金").
"""

from __future__ import annotations

import re

# word -> value, per language; inflected forms are listed as they are written before a money word.
_BY_LANGUAGE: dict[str, dict[str, float]] = {
    "ar": {"واحد": 1, "واحدة": 1, "اثنين": 2, "اثنان": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "اربعة": 4, "أربع": 4,
           "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9,
           "عشرة": 10, "عشر": 10, "عشرين": 20, "عشرون": 20, "خمسين": 50, "خمسون": 50},
    "fa": {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10,
           "بیست": 20, "پنجاه": 50},
    "he": {"אחד": 1, "אחת": 1, "שניים": 2, "שתיים": 2, "שני": 2, "שתי": 2, "שלושה": 3, "שלוש": 3, "ארבעה": 4,
           "ארבע": 4, "חמישה": 5, "חמש": 5, "שישה": 6, "שש": 6, "שבעה": 7, "שבע": 7, "שמונה": 8, "תשעה": 9,
           "תשע": 9, "עשרה": 10, "עשר": 10, "עשרים": 20, "חמישים": 50},
    "hi": {"एक": 1, "दो": 2, "तीन": 3, "चार": 4, "पाँच": 5, "पांच": 5, "छह": 6, "छः": 6, "सात": 7, "आठ": 8,
           "नौ": 9, "दस": 10, "बीस": 20, "पचास": 50, "ek": 1, "do": 2, "teen": 3, "char": 4, "paanch": 5, "das": 10},
    "th": {"หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "สิบ": 10,
           "ยี่สิบ": 20, "ห้าสิบ": 50},
    "ru": {"один": 1, "одна": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трёх": 3,
           "трех": 3, "четыре": 4, "четырёх": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
           "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
           "двадцать": 20, "двадцати": 20, "пятьдесят": 50, "пятидесяти": 50},
    "uk": {"одна": 1, "одного": 1, "дві": 2, "двох": 2, "трьох": 3, "чотири": 4, "чотирьох": 4, "п'ять": 5,
           "п’ять": 5, "п'яти": 5, "п’яти": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9, "десять": 10,
           "десяти": 10, "двадцять": 20, "п'ятдесят": 50},
    "pl": {"jeden": 1, "jedna": 1, "jednego": 1, "dwa": 2, "dwie": 2, "dwóch": 2, "trzy": 3, "trzech": 3,
           "cztery": 4, "czterech": 4, "pięć": 5, "pięciu": 5, "sześć": 6, "siedem": 7, "osiem": 8, "dziewięć": 9,
           "dziesięć": 10, "dziesięciu": 10, "dwadzieścia": 20, "pięćdziesiąt": 50},
    "cs": {"jeden": 1, "jedna": 1, "dva": 2, "dvě": 2, "dvou": 2, "tři": 3, "tří": 3, "čtyři": 4, "pět": 5,
           "šest": 6, "sedm": 7, "osm": 8, "devět": 9, "deset": 10, "dvacet": 20, "padesát": 50},
    "nl": {"één": 1, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
           "negen": 9, "tien": 10, "twintig": 20, "vijftig": 50},
    "sv": {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
           "tio": 10, "tjugo": 20, "femtio": 50},
    "tr": {"bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9,
           "on": 10, "yirmi": 20, "elli": 50},
    "id": {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
           "sembilan": 9, "sepuluh": 10, "dua puluh": 20, "lima puluh": 50},
    "vi": {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
           "hai mươi": 20, "năm mươi": 50},
    "it": {"uno": 1, "una": 1, "due": 2},
    "ko": {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9, "십": 10, "이십": 20,
           "오십": 50, "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5},
}
# Words that carry their number in their form: the Arabic dual ("سنتين", two cents).
DUAL_CENTS = r"سنتين|سنتان"
DUAL_DOLLARS = r"دولارين|دولاران"

WORD_VALUES: dict[str, float] = {w: float(v) for table in _BY_LANGUAGE.values() for w, v in table.items()}

# Chinese and Japanese numerals, written with or without 十: 五, 十, 十五, 二十, 两.
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
CJK_NUMBER = r"[〇零一二两兩三四五六七八九十]{1,3}"


def cjk_number_value(text: str) -> float | None:
    """``"五"`` → 5, ``"十五"`` → 15, ``"二十"`` → 20, ``"两"`` → 2; None when it is no number below 100."""
    if not text or any(c not in _CJK_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return float(_CJK_DIGITS[text]) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return float((_CJK_DIGITS[tens] if tens else 1) * 10 + (_CJK_DIGITS[ones] if ones else 0))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# Words in scripts written with spaces stand as whole words; Thai puts no space before the money word, so its
# numbers are matched without a word boundary (Chinese and Japanese numerals are :data:`CJK_NUMBER`).
# Hebrew joins a one-letter preposition to the word after it ("משני סנט", from two cents).
_SPACED = [w for w in WORD_VALUES if not re.search(r"[\u0e00-\u0e7f\u05d0-\u05ea]", w)]
_HEBREW = [w for w in WORD_VALUES if re.search(r"[\u05d0-\u05ea]", w)]
_UNSPACED = [w for w in WORD_VALUES if re.search(r"[\u0e00-\u0e7f]", w)]
NUMBER_WORD = (rf"(?:(?<![^\W\d_])(?:{_alternation(_SPACED)})(?![^\W\d_])"
               rf"|(?<![^\W\d_])[מבלוכש]?(?:{_alternation(_HEBREW)})(?![^\W\d_])|(?:{_alternation(_UNSPACED)}))")


def number_word_value(word: str) -> float | None:
    """The value of a word :data:`NUMBER_WORD` matched, or of a Chinese numeral; None for anything else."""
    key = re.sub(r"\s+", " ", word.strip().lower()).replace("’", "'")
    if key in WORD_VALUES:
        return WORD_VALUES[key]
    if key[:1] in "מבלוכש" and key[1:] in WORD_VALUES:
        return WORD_VALUES[key[1:]]
    return cjk_number_value(key)


# 毛 / 角 are a tenth of the currency, 分 a hundredth ("两毛钱", "五分钱"); 分钟 is a minute, never money.
CJK_FRACTION = {"毛": 0.1, "角": 0.1, "分": 0.01}

# The number that starts a compound adjective of length ("пятисекундный ролик", "pięciosekundowy klip",
# "pětivteřinový klip", "п'ятихвилинний"): the stem -> its value.
LENGTH_STEMS: dict[str, float] = {
    # Russian and Ukrainian
    "одно": 1, "двух": 2, "двох": 2, "трёх": 3, "трех": 3, "трьох": 3, "четырёх": 4, "четырех": 4, "чотирьох": 4,
    "пяти": 5, "п'яти": 5, "п’яти": 5, "шести": 6, "шости": 6, "семи": 7, "восьми": 8, "десяти": 10,
    "пятнадцати": 15, "п'ятнадцяти": 15, "двадцати": 20, "двадцяти": 20, "тридцати": 30, "тридцяти": 30,
    "шестидесяти": 60,
    # Polish
    "jedno": 1, "dwu": 2, "trzy": 3, "cztero": 4, "pięcio": 5, "sześcio": 6, "siedmio": 7, "ośmio": 8,
    "dziesięcio": 10, "piętnasto": 15, "dwudziesto": 20, "trzydziesto": 30, "sześćdziesięcio": 60,
    # Czech
    "dvou": 2, "tří": 3, "čtyř": 4, "pěti": 5, "šesti": 6, "sedmi": 7, "osmi": 8, "deseti": 10, "patnácti": 15,
    "dvaceti": 20, "třiceti": 30, "šedesáti": 60,
    # English number words before "-second", "-minute" ("a five-second clip")
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
}
LENGTH_STEM = _alternation(list(LENGTH_STEMS))


def word_amount_usd(groups: dict[str, str | None]) -> float | None:
    """USD of an amount the grammar read in words, from its match's groups (``nw``/``nwc``: a number word and a
    cent or dollar word; ``cjn``/``cjc``: a Chinese numeral; ``cjm``/``cjf``: tenths and hundredths; ``dualc``,
    ``duald``: the Arabic dual; ``oned``, ``onec``: the noun alone); None when it read none or it is unreadable."""
    for number, cents in (("nw", "nwc"), ("cjn", "cjc")):
        if groups.get(number) is not None:
            v = number_word_value(groups[number] or "")
            return None if v is None else round(v / 100 if groups.get(cents) else v, 12)
    if groups.get("cjm") is not None:
        raw = groups["cjm"] or ""
        v = float(raw) if raw.isdigit() else number_word_value(raw)
        return None if v is None else round(v * CJK_FRACTION[groups["cjf"] or "分"], 12)
    for name, value in (("dualc", 0.02), ("duald", 2.0), ("oned", 1.0), ("onec", 0.01)):
        if groups.get(name) is not None:
            return value
    return None
