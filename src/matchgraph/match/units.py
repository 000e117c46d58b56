"""Numbers, money and token counts as people type them.

The regular-expression fragments here are shared with the need parser so that "1.5", "32,000",
"a million", "128K", "$0.2", "0.2$", "50 cents" and "2¢" are read the same way everywhere.
All amounts are US dollars; a price per N tokens is normalised to USD per 1M tokens.

Conventions (documented because they change results):
- ``k`` is 1,000 and ``M`` is 1,000,000 (people say "128K" for 128,000-token windows).
- ``/M`` after a price means per million tokens, never per month (``/mo`` is a month).
"""

from __future__ import annotations

import math
import re

# Plain ASCII digits only: other Unicode digit characters are never read as numbers.
NUM = r"(?<![\w.,])(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?![0-9])"

_WORD_VALUES: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5,
    # before a scale: "half a million tokens", "a quarter million characters"
    "half-a": 0.5, "half-an": 0.5, "a-quarter": 0.25,
    # the same small amounts in the other languages the price grammar reads ("zwei Dollar", "dos dólares")
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "zehn": 10, "zwanzig": 20, "fünfzig": 50,
    "dos": 2, "dois": 2, "duas": 2, "tres": 3, "três": 3, "cuatro": 4, "quatro": 4, "cinco": 5, "diez": 10,
    "dez": 10, "veinte": 20, "vinte": 20, "cincuenta": 50, "cinquenta": 50,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "vingt": 20, "cinquante": 50,
    "tre": 3, "quattro": 4, "cinque": 5, "dieci": 10, "venti": 20, "cinquanta": 50,
    "sechs": 6, "seis": 6, "sei": 6, "sieben": 7, "siete": 7, "sete": 7, "sept": 7, "sette": 7, "acht": 8, "ocho": 8,
    "oito": 8, "huit": 8, "otto": 8, "neun": 9, "nueve": 9, "nove": 9, "neuf": 9, "fünfzehn": 15, "quince": 15,
    "quinze": 15, "quindici": 15, "dreißig": 30, "treinta": 30, "trinta": 30, "trente": 30, "trenta": 30,
}
# Longest first so that "twenty-five" wins over "twenty".
WORD_NUM = r"\b(?:" + "|".join(
    re.escape(w).replace(r"\-", r"[- ]") for w in sorted(_WORD_VALUES, key=len, reverse=True)
) + r")\b"

_SCALES: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "ktok": 1e3, "ktoks": 1e3, "ktoken": 1e3, "ktokens": 1e3,
    "m": 1e6, "mn": 1e6, "million": 1e6, "mtok": 1e6, "mtoks": 1e6, "mtoken": 1e6,
    "mtokens": 1e6, "b": 1e9, "billion": 1e9,
}
# Scale words after a number; "m\b" cannot eat the start of "million" thanks to the boundary.
# "mil" is left to the multilingual grammar, where it is a thousand ("200 mil tokens").
SCALE = r"(?:mtokens?|mtoks?|ktokens?|ktoks?|million|thousand|billion|mn|k|m)\b"

_CENT_UNITS = ("¢", "c", "cent", "cents", "penny", "pennies")
_DOLLAR_UNITS = ("$", "usd", "dollar", "dollars", "buck", "bucks", "us$")

_NUM_RE = re.compile(rf"\s*(?:(?P<d>{NUM})|(?P<w>{WORD_NUM}))\s*", re.I)
_CONTEXT_RE = re.compile(rf"\s*(?P<n>{NUM}|{WORD_NUM})\s?(?P<s>{SCALE})?\s*(?:tokens?)?\s*", re.I)
_MONEY_RE = re.compile(
    rf"\s*(?:(?:us)?\$\s?(?P<a>{NUM})|(?P<b>{NUM}|{WORD_NUM})\s?(?P<u>\$|usd|dollars?|bucks?|cents?|¢|c)"
    rf"|¢\s?(?P<c>{NUM}))\s*",
    re.I,
)

SIGNIFICANT_DIGITS = 12


# A fraction of a cent or a dollar: "1/2", "¾", "half", "a quarter", "three quarters".
FRACTION = (r"(?:(?<![0-9/.,])(?P<fn>[1-9])\s?/\s?(?P<fd>2|3|4|5|8|10)(?![0-9/]|[.,][0-9])|(?P<fu>[½¼¾⅓⅔⅛])"
             r"|(?P<fw>(?:a\s+|one\s+)?half|(?:a|one)\s+quarter|three\s+quarters|(?:a|one)\s+(?:third|fifth|tenth)))")
FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "quarters": 0.75, "third": 1 / 3, "fifth": 0.2, "tenth": 0.1}
FRACTION_SIGNS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


def fraction_value(m: re.Match[str]) -> float | None:
    """The value of a :data:`FRACTION` match (its groups ``fn``/``fd``, ``fu`` or ``fw``)."""
    if m.group("fn") is not None:
        return int(m.group("fn")) / int(m.group("fd"))
    if m.group("fu") is not None:
        return FRACTION_SIGNS[m.group("fu")]
    return FRACTION_WORDS.get(m.group("fw").split()[-1].lower())


def round_sig(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """Round to ``digits`` significant digits.

    Unit conversions then read back as typed: $0.001 per 1K tokens is 1.0 per 1M, not 1.0000000000000002.
    """
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def number_value(token: str) -> float | None:
    """Value of one number token: ``"32,000"`` → 32000.0, ``".5"`` → 0.5, ``"fifty"`` → 50.0.

    Returns None for anything that is not a number or is not finite.
    """
    key = re.sub(r"[\s-]+", "-", token.strip().lower())
    if key in _WORD_VALUES:
        return float(_WORD_VALUES[key])
    try:
        value = float(key.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def scale_value(word: str | None) -> float:
    """Multiplier for a scale word (``k`` → 1e3, ``M``/``million``/``Mtok`` → 1e6); 1 when absent."""
    if not word:
        return 1.0
    return _SCALES.get(word.strip().lower(), 1.0)


def to_usd(amount: float, unit: str) -> float:
    """Convert an amount in ``unit`` (dollar or cent spellings, ``$`` or ``¢``) to US dollars."""
    unit = unit.strip().lower()
    if unit in _CENT_UNITS:
        return round_sig(amount / 100.0)
    if unit in _DOLLAR_UNITS:
        return amount
    raise ValueError(f"unknown money unit {unit!r}")


def per_million_tokens(usd: float, tokens: float) -> float | None:
    """USD for ``tokens`` tokens → USD per 1M tokens; None when the result is not a finite number."""
    if tokens <= 0 or not math.isfinite(tokens) or not math.isfinite(usd):
        return None
    value = usd * (1e6 / tokens)
    return round_sig(value) if math.isfinite(value) else None


def token_count(number: str, scale: str | None) -> int | None:
    """A token count from a number and an optional scale: (``"128"``, ``"K"``) → 128000.

    Returns None when the number is unreadable, not finite or beyond 10**12 tokens.
    """
    value = number_value(number)
    if value is None:
        return None
    total = value * scale_value(scale)
    if not math.isfinite(total) or total < 0 or total > 1e12:
        return None
    return round(total)


def parse_number(text: str) -> float | None:
    """Parse a whole string as one number (digits with separators or a small number word)."""
    m = _NUM_RE.fullmatch(text)
    if not m:
        return None
    return number_value(m.group("d") or m.group("w"))


def parse_context(text: str) -> int | None:
    """Parse a whole string as a token count: ``"128K"``, ``"1M tokens"``, ``"1 million"``, ``"32,000"``."""
    m = _CONTEXT_RE.fullmatch(text)
    if not m:
        return None
    return token_count(m.group("n"), m.group("s"))


def parse_money(text: str) -> float | None:
    """Parse a whole string as a USD amount: ``"$1"``, ``"0.2$"``, ``"1.5 usd"``, ``"50 cents"``, ``"2¢"``."""
    m = _MONEY_RE.fullmatch(text)
    if not m:
        return None
    if m.group("a"):
        return number_value(m.group("a"))
    if m.group("c"):
        value = number_value(m.group("c"))
        return None if value is None else to_usd(value, "¢")
    value = number_value(m.group("b"))
    return None if value is None else to_usd(value, m.group("u"))


# Money of other countries: an amount in it is no USD price ("R$ 0,10", "5円", "0.2元", "50원", "500 рублей").
OTHER_CURRENCY = (r"(?:[€£¥₩₹₽₺]|(?<![^\W\d_])(?:r|a|c|nz|hk|s|mx|ca|au)\$|円|元|人民币|원|руб\w*|грн|гривен\w*|"
                  r"(?<![^\W\d_])(?:euros?|eur|pounds?|gbp|yen|yuan|rmb|won|rupees?|inr|rs\.?|lira|tl|reais|real|"
                  r"pesos?|zł|złot\w*|kč|korun\w*|kronor|kr|rupiah|rp|đồng|vnd|baht|dirhams?|riyals?|shekels?|"
                  r"ש\"ח|שקל\w*|रुपये|रुपए|रुपया|ریال|تومان|ريال|درهم|บาท)(?![^\W\d_]))")
# "a buck fifty", "two dollars 25": cents said after the dollars.
CENTS_AFTER = (r"(?:\s+(?:and\s+)?(?P<wc>[0-9]{2}|ten|fifteen|twenty(?:[- ]five)?|thirty|forty|fifty|sixty|seventy|"
                r"eighty|ninety)(?![\w.,])(?:\s?cents?(?![a-z]))?"
                r"(?!\s*(?:[kmb]\b|mil|million|thousand|images?|pictures?|tokens?|requests?|quer|minutes?|seconds?|"
                r"hours?|pages?|char)))?")

# A price for one item of no named unit ("half a cent each", "1 centavo cada", "2 centimes chacune"): read like
# "under", as a budget per item whose unit the task gives.
EACH_RE = re.compile(r"\s*(?:each|apiece|a\s+piece|a\s+pop|per\s+(?:piece|item|one|go)|cada\s+(?:uma?|una?)|cada|"
                      r"chacune?|la\s+pi[èe]ce|ciascun[oa]|l['’]uno|jeweils|pro\s+st[üu]ck|je\s+st[üu]ck|"
                      r"każd[aey]|za\s+sztuk[ęe]|за\s+штуку|каждая|каждый|stuk|per\s+stuk)(?![^\W\d_])")
