"""Prices whose unit is named elsewhere in their clause, and prices of one item of a stated length.

The grammar (:mod:`matchgraph.match.grammar`) reads a price when its unit sits next to the amount, in one
of the orders it knows. People also write the unit a few words away: "per minute at most 0.006 USD",
"a minute of audio for 0.6 cents at most", "saniyesi 15 centi geçmesin", "한 장에 0.05달러는 넘으면 안 돼요",
and they price a whole item whose length they give: "each 5-second clip under 50 cents", "30 cents per
one-hour episode". This reader runs after the others, on amounts none of them placed (and on those
waiting for a unit), and reads:

- an amount and **one** unit word in the same clause, with no other amount between them, as a ceiling in
  that unit (a floor word before the amount leaves it to the readers of floors);
- an amount for an item (clip, video, episode, recording, call) whose length the need states once, as a
  price per second: the item's price over its length.

An amount counted over a period ("$12/month") is a budget, not a unit price, and is left alone; so is an
amount whose clause names a quantity of that unit ("600 images", "200 hours"), which the total-budget reader
owns.
"""

from __future__ import annotations

import re
from itertools import islice

from matchgraph.match.grammar import (
    _AMOUNT,
    _AMOUNT_CUE_RE,
    _CEIL_AFTER_RE,
    _CEIL_BEFORE_RE,
    _FLOOR_BEFORE_RE,
    _MULT_RE,
    _PER,
    _PERIOD_AFTER_RE,
    _REFUSE_MORE_RE,
    _UNIT_RE,
    _UNITS,
    DEC,
    FIELD_LABELS,
    _amount,
    _amount_windows,
    _amounts,
    _near_amounts,
    decimal_value,
    multiplier,
    unit_price,
)
from matchgraph.match.need_state import MAX_HITS, ParseState, format_number
from matchgraph.match.number_words import LENGTH_STEM, LENGTH_STEMS
from matchgraph.match.units import round_sig

# A clause ends at sentence punctuation or a comma, semicolon or colon that is not inside a number.
# A colon introduces the price ("cost per 1000 characters: max $0.02"); a full stop ends a clause only before
# a capital letter or the end ("pro Bild max. 4 Cent" is one clause), so boundaries are found in the text as written.
_CLAUSE_END_RE = re.compile(r"[;!?。，、；！？\n]|,(?![0-9])|\.(?=\s+[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]|\s*$)")
_REACH = 48  # characters either side of the amount a unit word may stand

# Unit words that name nothing else: (unit name of the grammar, Latin-script pattern). Ambiguous words the
# grammar accepts beside an amount ("calls", "edits", "ore", "jam", "分", "字") are not read at a distance.
_LATIN_UNITS = (
    ("minute", r"minutes?|mins?|minutos?|minuten?|minuti|minut[uęy]?|минут[уыа]?|хвилин[уиа]?|dakika\w*|λεπτ[όού]\w*|"
               r"phút|menit|นาที|मिनट|دقيقة|الدقيقة"),
    ("hour", r"hours?|hrs?|horas?|stunden?|heures?|godzin[ęy]?|hodin[uy]?|годин[уиа]?|час(?:а|ов)?|saat\w*|ώρα|giờ|"
             r"timme|timmar|ชั่วโมง|घंटे|घंटा|ساعة|الساعة"),
    ("second", r"seconds?|secs?|segundos?|sekunden?|secondes?|secondi|secondo|sekund[ęuy]?|секунд[уыа]?|saniye\w*|"
               r"δευτερόλεπτ\w*|giây|detik|วินาที|सेकंड|ثانية|الثانية"),
    ("character", r"characters?|chars?|caracteres|caract[eè]res?|carácter(?:es)?|zeichen|caratteri|символ(?:а|ов|ів)?|"
                  r"znak(?:ów|ů|y)?|karakter\w*|χαρακτήρ\w*|ký\s+tự|tecken|ตัวอักษร|अक्षर|कैरेक्टर|حرف|أحرف"),
    ("query", r"quer(?:y|ies)|requests?|searches|consultas?|búsquedas?|busquedas?|requ[eê]tes?|recherches?|"
              r"anfragen?|suchanfragen?|richieste|ricerche|запрос(?:а|ов)?|запит(?:ів|и)?|zapyta[ńn]|sorgu\w*|"
              r"zoekopdracht\w*|pencarian|sökningar|truy\s+vấn"),
    ("page", r"pages?|páginas?|paginas?|seiten?|pagine|stron[ęy]?|stran[uy]?|сторін(?:ок|ку|ки)|страниц[уыа]?|"
             r"sayfa\w*|σελίδ\w*|trang|halaman|sidor|sida|หน้า|पेज|صفحة|الصفحة"),
    ("image", r"images?|pictures?|pics?|photos?|fotos?|imágenes|imagen|imagens|imagem|bilder|bild|immagini|"
              r"immagine|obraz(?:ek|ků|y)?|zdj[eę]ci[ea]|зображенн[яь]|изображени[ея]|картин(?:ка|ку|ки|ок)|"
              r"εικόνα|εικόνες|kép(?:enként|et|ek)?|imagini|gambar|ảnh|ภาพ|รูป|تصویر|صورة|الصورة|"
              r"görsel\w*|resim\w*|तस्वीर\w*|छवि\w*|इमेज"),
)
_CJK_UNITS = (
    # A CJK unit is read at a distance only as a counter: after 每 / 一 / 1 / 한, or before 당 / あたり / 에.
    ("minute", r"分钟|分鐘|분"),
    ("hour", r"小时|小時|時間|시간"),
    ("second", r"秒|초"),
    ("character", r"字符|文字|글자|문자"),
    ("page", r"页|頁|ページ|페이지"),
    ("image", r"张图?|張|枚|장|图片|圖片|画像|이미지"),
    ("query", r"回|次|회"),
)
_UNIT_AT_DISTANCE_RE = re.compile(
    "|".join(rf"(?<![^\W\d_])(?P<l_{name}>{pat})(?![^\W\d_])" for name, pat in _LATIN_UNITS) + "|" +
    "|".join(rf"(?<=[每一한0-9])(?P<c_{name}>{pat})|(?P<d_{name}>{pat})\s?(?:당|あたり|当たり|에|하나에|で)"
             for name, pat in _CJK_UNITS),
    re.IGNORECASE)
# A count right before a unit word makes it a quantity of work ("600 images", "200 hours of audio"), unless a
# word of "per" comes before it: then it is the count the price is quoted for ("per 1000 characters").
_COUNT_BEFORE_RE = re.compile(rf"(?:(?P<n>{DEC})\s?(?P<m>{_MULT_RE})?|(?<![^\W\d_])(?P<w>{_MULT_RE})|"
                              r"hundreds|thousands|dozens)"
                              r"[\s-]*(?:of\s+|de\s+)?$", re.IGNORECASE)
_PER_BEFORE_COUNT_RE = re.compile(r"(?:/|(?<![^\W\d_])(?:per|each|every|por|pro|par|je|za|за|для|cada|le|les|el|"
                                  r"the|o|a|for|für|pour|para|voor|cho|mỗi|setiap|tiap|her)|每)\s*$", re.IGNORECASE)
# Only words of cost or of a ceiling between a counted unit and its amount: "1000 searches shouldn't cost more
# than $5", "Tausend Suchanfragen dürfen max. 1 Dollar kosten", "1万页不超过20美元", "検索1000回で5ドルまで".
_COST_GAP_RE = re.compile(
    r"(?:[\s:=-]|(?<![^\W\d_])(?:should(?:n['’]?t)?|must(?:n['’]?t)?|can(?:['’]?t)?|may|will|would|not|cost(?:s|ing)?|"
    r"me|us|be|is|are|at|for|max(?:imum)?\.?|maks\.?|under|below|up\s+to|at\s+most|no\s+more\s+than|"
    r"more\s+than|less\s+than|dürfen|darf|sollen|soll|kosten|kostet|höchstens|maximal|unter|bis|"
    r"cuesten?|cueste|cuestan|cuesta|menos\s+de|máximo|hasta|custam?|até|no\s+máximo|coûtent|coûte|"
    r"moins\s+de|maximum|au\s+plus|kosztuj\w*|stoj\w*|не\s+дороже|до|стоят|dưới|tối\s+đa)(?![^\W\d_])|"
    r"不超过|不超過|以内|以內|最多|で|に|まで|당|에|은|는)*$", re.IGNORECASE)
# The same "for" as a postposition after the unit: Hindi "1000 characters ke liye", "... ka", "के लिए".
_PER_AFTER_UNIT_RE = re.compile(r"\s*(?:ke\s+liye|ke|ka|ki|के\s+लिए|के|का|की)(?![^\W\d_])", re.IGNORECASE)

# Items priced whole, by what they are made of when their word says so: a clip or a reel is moving
# pictures, a call or a recording is sound, a song is music; episodes, spots and ads are either (None).
_ITEM_WORDS: dict[str | None, str] = {
    "video": (r"clips?|clipes?|videos?|vídeos?|vidéos?|filmpjes?|klip\w*|ролик\w*|відео|видео|βίντεο|shorts?|reels?|"
              r"shots?|tomas?|plans?|einstellung\w*|סרטונים|סרטון|مقاطع|مقطع"),
    "audio": (r"recordings?|grabaci[oó]n(?:es)?|gravaç(?:ão|ões)|aufnahmen?|enregistrements?|calls?|llamadas?|"
              r"chamadas?|appels?|anrufe?"),
    "music": r"songs?|tracks?|canci[oó]n(?:es)?|músicas?|chansons?|lieder?|lied",
    None: (r"pubs?|publicités?|werbespots?|anúncios?|propagandas?|anuncios?|ads?|spots?|episodes?|episodios?|"
           r"episódios?|épisodes?|folgen?|odcink\w*|эпизод\w*|выпуск\w*|bölüm\w*"),
}
_CJK_ITEM_WORDS: dict[str | None, str] = {"video": r"视频|視頻|动画|動画|影片|클립|영상|동영상|クリップ",
                                          "audio": r"通话|通話", "music": "", None: r"エピソード|에피소드"}
_ITEMS = "|".join(_ITEM_WORDS.values())
_CJK_ITEMS = "|".join(w for w in _CJK_ITEM_WORDS.values() if w)
_ITEM_AT_DISTANCE_RE = re.compile(rf"(?<![^\W\d_])(?:{_ITEMS})(?![^\W\d_])|{_CJK_ITEMS}", re.IGNORECASE)
_ITEM_MEDIA = tuple((medium, re.compile("|".join(w for w in (_ITEM_WORDS[medium], _CJK_ITEM_WORDS[medium]) if w)))
                    for medium in ("video", "audio", "music"))
# "an audio clip", "a voice recording", "radio ads": a sound word before the item makes it sound.
_SOUND_BEFORE_RE = re.compile(r"(?:audio|voice|sound|radio|podcast|ton|son|áudio|sonido|голосов\w*|音声|音频|오디오)"
                              r"[\s-]*$", re.IGNORECASE)


def item_medium(low: str, item: re.Match[str]) -> str | None:
    """"video", "audio" or "music": what the priced item ``item`` is made of, or None when its word
    does not say."""
    word = item.group(0)
    medium = next((m for m, regex in _ITEM_MEDIA if regex.fullmatch(word)), None)
    if medium == "video" and _SOUND_BEFORE_RE.search(low, max(0, item.start() - 12), item.start()):
        return "audio"
    return medium


_SECONDS = {"s": 1.0, "m": 60.0, "h": 3600.0}
_LENGTH_WORDS = (
    ("s", r"seconds?|secs?|s|segundos?|sekunden?|secondes?|secondi|sekund\w*|секундн\w*|секунд\w*|saniye\w*|giây|detik|"
          r"δευτερόλεπτ\w*|שניות|ثوان\w*|ثانية|सेकंड|วินาที"),
    ("m", r"minutes?|mins?|minutos?|minuten?|minuti|minut\w*|минут\w*|хвилин\w*|dakika\w*|phút|menit|नमिनट|मिनट"),
    ("h", r"hours?|hrs?|h|horas?|stunden?|heures?|ore|godzin\w*|hodin\w*|час\w*|годин\w*|saat\w*|giờ|jam"),
)
_LENGTH = "|".join(f"(?P<w{k}>{p})" for k, p in _LENGTH_WORDS)
_NUMBER = r"(?P<n>[0-9]{1,3}(?:[.,][0-9])?|an?|one|un[ae]?|uma?|ein(?:e|er)?|half\s+an?)"
_ITEM_LENGTH_RES = (
    # "5-second clip", "8 sec clips", "one-hour episode", "10秒の動画", "8초짜리 클립"
    re.compile(rf"(?<![0-9.,])(?<![^\W\d_]){_NUMBER}[\s-]?(?:{_LENGTH})(?![^\W\d_])[\s-]*(?:long\s+|-long\s+)?"
               rf"(?:[^\W\d_]+\s+)?(?:{_ITEMS}|{_CJK_ITEMS})", re.IGNORECASE),
    # "clips are 8 sec", "episodes of 1 hour", "clips de 6 segundos", "Videos von 10 Sekunden"
    re.compile(rf"(?:{_ITEMS})\s+(?:[^\W\d_]+\s+)?(?:are|is|run|last|of|de|von|di|van|duran?|dauern|durent|z|из|з)\s+"
               r"(?:(?:all|always|each|both|usually|todos?|todas?|immer|alle)\s+)?"
               rf"(?:about\s+|around\s+|unos\s+|ca\.?\s+|~\s*)?{_NUMBER}\s?(?:{_LENGTH})(?![^\W\d_])", re.IGNORECASE),
    re.compile(rf"(?P<n>[0-9]{{1,3}})\s?(?:(?P<ws>秒|초)|(?P<wm>分钟|分鐘|分|분)|(?P<wh>小时|小時|時間|시간))"
               rf"(?:の|짜리|的)?\s?(?:{_CJK_ITEMS})"),
    # one word of number and length: "пятисекундный ролик", "pięciosekundowy klip", "a five-second clip"
    re.compile(rf"(?<![^\W\d_])(?P<stem>{LENGTH_STEM})[\s-]?(?:(?P<ws>секундн\w*|sekundow\w*|sekundov\w*|"
               r"vteřinov\w*|seconds?|secs?)|(?P<wm>минутн\w*|хвилинн\w*|minutow\w*|minutov\w*|minutes?)|"
               r"(?P<wh>часов\w*|годинн\w*|godzinn\w*|hodinov\w*|hours?))(?![^\W\d_])[\s-]*(?:long\s+)?"
               rf"(?:[^\W\d_]+\s+)?(?:{_ITEMS}|{_CJK_ITEMS})", re.IGNORECASE),
)


def item_seconds(low: str) -> float | None:
    """Seconds of the one item length a need states ("8-second clips", "episodes of 3 hours"), or None when
    it states none or several different ones."""
    found: set[float] = set()
    for regex in _ITEM_LENGTH_RES:
        for m in regex.finditer(low):
            if m.groupdict().get("stem"):
                n = LENGTH_STEMS.get(m.group("stem").lower().replace("’", "'"), 0.0)
                if n:
                    found.add(n * _SECONDS[next(k for k in _SECONDS if m.group(f"w{k}"))])
                continue
            raw = m.group("n").lower()
            n = 0.5 if raw.startswith("half") else (
                1.0 if not raw[0].isdigit() else float(raw.replace(",", ".")))
            unit = next(k for k in _SECONDS if m.groupdict().get(f"w{k}"))
            if n > 0:
                found.add(n * _SECONDS[unit])
    return found.pop() if len(found) == 1 else None


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around [start, end), at most ``_REACH`` characters either side."""
    lo, hi = max(0, start - _REACH), min(len(text), end + _REACH)
    head = lo
    for m in _CLAUSE_END_RE.finditer(text, lo):  # not bounded at ``start``: "$" would match there
        if m.end() > start:
            break
        head = m.end()
    tail = _CLAUSE_END_RE.search(text, end)
    return head, (min(tail.start(), hi) if tail else hi)


def _unit_name(m: re.Match[str]) -> str:
    return next(k.split("_", 1)[1] for k, v in m.groupdict().items() if v)


def read_clause_prices(st: ParseState) -> None:
    """Place the amounts no other reader placed by the unit or the item named in their clause."""
    low = st.low
    amounts = _amounts(st)
    if not amounts:
        return
    length = None
    for m in amounts:
        if m.group("b1"):
            continue  # a bare decimal names no currency
        holder = next((p for p in st.pending if p[0] <= m.start() and m.end() <= p[1]), None)
        if holder is None and not st.free_span(m.start(), m.end()):
            continue
        usd = _amount(m)
        if usd is None or usd <= 0:
            continue
        floor = _FLOOR_BEFORE_RE.search(low, max(0, m.start() - 24), m.start()) and \
            not _REFUSE_MORE_RE.search(low, max(0, m.start() - 48), m.start())
        if _PERIOD_AFTER_RE.match(low, m.end()) or floor:
            continue  # a budget per month, or a floor: not a ceiling per unit
        a, b = _clause(st.text, m.start(), m.end())
        # a bare number ("1.000 trang") is a count, not another price standing between
        others = [o for o in amounts if o is not m and a <= o.start() < b and not o.group("b1")]
        # a unit word inside an item's length ("per 5-second clip") is the item's, not the price's unit
        lengths = [(i.start(), i.end()) for regex in _ITEM_LENGTH_RES for i in regex.finditer(low, a, b)]
        units = [u for u in _UNIT_AT_DISTANCE_RE.finditer(low, a, b)
                 if not any(min(u.start(), m.start()) < o.start() < max(u.end(), m.end()) for o in others)
                 and not any(s <= u.start() < e for s, e in lengths)]
        found = None
        if units:
            names = {_unit_name(u) for u in units}
            u = min(units, key=lambda u: abs(u.start() - m.start()))
            counted = _COUNT_BEFORE_RE.search(low, max(a, u.start() - 16), u.start())
            count: float | None = 1.0
            if counted:
                gap = low[u.end():m.start()] if u.end() <= m.start() else None
                per = _PER_BEFORE_COUNT_RE.search(low, max(a, counted.start() - 8), counted.start()) or \
                    _PER_AFTER_UNIT_RE.match(low, u.end()) or (gap is not None and _COST_GAP_RE.fullmatch(gap))
                count = _count_value(counted) if per else None
            if len(names) == 1 and count:
                got = unit_price(usd, _unit_name(u), count, _unit_size(_unit_name(u)))
                if got is not None:
                    found = (*got, min(u.start(), m.start()), max(u.end(), m.end()), "the unit named in its clause")
        if found is None:
            item = next((i for i in _ITEM_AT_DISTANCE_RE.finditer(low, a, b)), None)
            if item is not None:
                length = item_seconds(low) if length is None else length
                if length:
                    found = ("max_per_second", round_sig(usd / length), min(item.start(), m.start()),
                             max(item.end(), m.end()), f"the price of one {length:g}-second item over its length")
        if found is None:
            continue
        field, value, start, end, how = found
        if field == "max_per_second" and st.priced_item is None:
            # "each 8 second clip under a dollar" reads by its unit or by its item; either way the item says
            # what is made.
            item = next((i for i in _ITEM_AT_DISTANCE_RE.finditer(low, a, b)), None)
            st.priced_item = item_medium(low, item) if item is not None else None
        post = _CEIL_AFTER_RE.match(low, end)
        if post and post.group(0).strip():
            end = post.end()
        if holder is not None:
            st.pending.remove(holder)
            st.mask[holder[0]:holder[1]] = b"\x00" * (holder[1] - holder[0])
            start, end = min(start, holder[0]), max(end, holder[1])
        if not st.claim(start, end, f"{field}={format_number(value)} ({how})"):
            if holder is not None:  # keep waiting for a unit as before
                st.pending.append(holder)
                st.mask[holder[0]:holder[1]] = b"\x01" * (holder[1] - holder[0])
            continue
        st.ceilings.setdefault(field, []).append(value)
        st.note(f"'{st.text[m.start():m.end()].strip()}' was read as at most {format_number(value)} "
                f"{FIELD_LABELS[field]} ({how})")


def _count_value(m: re.Match[str]) -> float | None:
    if m.group("n"):
        v = decimal_value(m.group("n"))
        return None if v is None else v * multiplier(m.group("m"))
    return multiplier(m.group("w")) if m.group("w") else None


def _unit_size(name: str) -> float:
    return next(size for unit, _, _, size in _UNITS if unit == name)


# ---------------------------------------------------------------------------------------- counted, unit before

# "per-character pricing, $15 a million", "Precio por carácter: ... el millón me salga en 16 dólares",
# "文字数課金で、100万あたり16ドル": an amount per a count (a million, a thousand) with no unit after the count,
# in a need whose unit is named before it. Without this, "a million" alone is read as a million tokens.
_NO_UNIT_AFTER = (rf"(?![^\W\d_])(?!\s*(?:(?:de|of|di|d['’])\s+)?(?:{_UNIT_RE}|[^\W\d_]*tok|токен|トークン|토큰|词元))")
_ONE_BEFORE = r"(?:1\s?|one\s|un\s|um\s|une?\s|ein(?:e|en)?\s)?"
_COUNTED_RES = (
    # "$15 a million", "12 Dollar pro Million", "15 долларов за миллион"
    re.compile(rf"{_AMOUNT}\s*(?:max(?:imum)?\.?\s*)?(?:{_PER})\s*{_ONE_BEFORE}(?P<scale>{_MULT_RE}){_NO_UNIT_AFTER}",
               re.IGNORECASE),
    # "el millón me salga en 16 dólares", "the million at $15"
    re.compile(rf"(?<![^\W\d_])(?:el|la|le|o|the|per|pro|a|al|il|за|за\s+один)\s+(?P<scale>{_MULT_RE})"
               rf"{_NO_UNIT_AFTER}[^0-9$.,;:!?]{{0,30}}?{_AMOUNT}", re.IGNORECASE),
    # "100万あたり16ドル", "每百万不超过15美元"
    re.compile(rf"(?:每\s*)?(?P<sn>[0-9]{{1,4}})?\s?(?P<scale>百万|万|千)(?:あたり|当たり|につき|で)?\s*"
               rf"(?:不超过|不超過|最多|以内|最大)?\s*{_AMOUNT}"),
)
# A unit named before the amount, in its sentence: the Latin words read at a distance, and CJK words anywhere.
_UNIT_NAMED_BEFORE_RE = re.compile(
    "|".join(rf"(?<![^\W\d_])(?P<l_{name}>{pat})(?![^\W\d_])" for name, pat in _LATIN_UNITS) +
    r"|(?P<l2_character>символ\w*|caractere\w*|字符|文字|字数|글자|문자)|(?P<l2_page>页|頁|ページ|페이지)|"
    r"(?P<l2_image>图片|画像|이미지)|(?P<l2_query>查询|検索|クエリ)", re.IGNORECASE)
# A need that names tokens, or a chat model or an LLM (billed per token), keeps "a million" a million tokens.
_TOKEN_NAMED_RE = re.compile(r"tokens?|toks?\b|mtok|ktok|токен|トークン|토큰|词元|llm|chat", re.IGNORECASE)
_SENTENCE_START_RE = re.compile(r"[.!?。！？\n](?![0-9])")
_UNIT_BEFORE_REACH = 100


def read_counted_prices_of_named_unit(st: ParseState) -> None:
    """Read "per-character pricing, $15 a million" as a price per character, before the token readers see it."""
    low = st.low
    if not _AMOUNT_CUE_RE.search(low) or _TOKEN_NAMED_RE.search(low):
        return
    windows = _amount_windows(st)
    for regex in _COUNTED_RES:
        for m in islice(_near_amounts(regex, low, windows), MAX_HITS):
            if not st.free_span(m.start(), m.end()):
                continue
            usd = _amount(m)
            if usd is None or usd <= 0 or m.group("b1"):
                continue
            lo = max(0, m.start() - _UNIT_BEFORE_REACH)
            lo = max([lo] + [e.end() for e in _SENTENCE_START_RE.finditer(low, lo, m.start())])
            names = {next(k.split("_", 1)[1] for k, v in u.groupdict().items() if v)
                     for u in _UNIT_NAMED_BEFORE_RE.finditer(low, lo, m.start())}
            if len(names) != 1:
                continue  # no unit named before, or several: which one the count is of is not known
            name = names.pop()
            count = multiplier(m.group("scale"))
            if m.groupdict().get("sn"):
                count *= float(m.group("sn"))
            got = unit_price(usd, name, count, _unit_size(name))
            if got is None:
                continue
            field, value = got
            end = m.end()
            post = _CEIL_AFTER_RE.match(low, end)
            if post and post.group(0).strip():
                end = post.end()
            start = m.start()
            ceil = _CEIL_BEFORE_RE.search(low, max(0, start - 24), start)
            if _FLOOR_BEFORE_RE.search(low, max(0, start - 24), start):
                continue
            if ceil:
                start = ceil.start()
            if st.claim(start, end, f"{field}={format_number(value)} (per {count:g} of the unit named before it)"):
                st.ceilings.setdefault(field, []).append(value)
                st.note(f"'{st.text[start:end].strip()}' was read as at most {format_number(value)} "
                        f"{FIELD_LABELS[field]}: the count is of the {name}s the need names before it")
