"""Tasks told as situations: "my grandma sends voice messages and I'd rather read them" is speech to text.

A need that names no task often says what the person has and what they want done with it. The words
for those things come in a few kinds (``situations.yaml``: a picture, a recording, footage, a scanned
paper; into text, subtitles, a voice, music; make, change, tell what is in it, pull data out, find alike, put in
order, keep out what is offensive, fresh from the web, click through a website), in many languages.
A task is read when every kind of one of its combinations (:data:`SITUATIONS`) appears in the need;
the heaviest combination wins (each kind weighs 1 unless :data:`CUE_WEIGHTS` says otherwise), and a tie
is left to the semantic stage to settle among the tied tasks. Nothing here is a filter by itself: the
engine says how it read the need.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

# Task (a key of semantic.TASKS) -> combinations of cue kinds, each of which reads it when all appear.
SITUATIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "audio.transcription": (("audio", "to_text"), ("audio", "subtitles"), ("video", "subtitles")),
    "audio.speech-synthesis": (("voice_out",),),
    "audio.music-generation": (("music",), ("music", "make")),
    "audio.realtime": (("live_talk",), ("live_talk", "voice_out")),
    "audio.understanding": (("audio", "understand"),),
    "image.generation": (("picture_thing",), ("make", "picture_thing"), ("make", "image")),
    "image.editing": (("image", "edit"),),
    "vision.image-understanding": (("image", "understand"),),
    "vision.ocr": (("scan",), ("scan", "extract"), ("image", "extract"), ("scan", "to_text"),
                   ("image", "to_text")),
    "vision.video-understanding": (("video", "understand"), ("video", "to_text"), ("video", "subtitles")),
    "video.generation": (("film_thing",), ("make", "film_thing"), ("make", "video")),
    # a clip to be made from pictures the person has: "turn one product photo into a short clip", "a short
    # moving clip made of a few match photos"
    "video.generation.image-to-video": (("image", "film_thing"), ("image", "make", "film_thing"),
                                        ("image", "make", "video")),
    "embeddings": (("similar",),),
    "embeddings.multimodal": (("image", "similar"),),
    "retrieval.reranking": (("reorder",),),
    "safety.moderation": (("offensive",), ("offensive", "block")),
    "retrieval.web-search-api": (("fresh_web",),),
    "tools.computer-use": (("operate_ui",),),
}

# How much a cue kind weighs when combinations compete (others weigh 1). A thing to be made (a poster, a
# promo clip) outweighs a picture plus a word of text: "short videos from a text" is making video, not
# reading one. "Text" is in many needs that do not want text out, so it weighs less. Subtitles are text
# out of a recording even when they are to be made: "generate subtitles for my videos" reads the video.
# Music weighs as much as a clip to be made: "background music for our promo video" asks for the music, "a
# promo video with music" for the video, and the semantic stage settles the tie. A call answered out loud
# is a live conversation, not a text read aloud.
CUE_WEIGHTS: dict[str, float] = {"picture_thing": 2.5, "film_thing": 2.5, "music": 2.5, "to_text": 0.75,
                                 "subtitles": 1.25}

# Scripts written without spaces between words: an entry matches anywhere.
_UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
# A word: letters, and the marks that belong to them (Devanagari vowel signs, Arabic vowels), apostrophes
# and hyphens inside it ("re-rank", "l'image" is two words).
_WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0900-\u0dff])+"
                      r"(?:-(?:[^\W\d_]|[\u0900-\u0dff])+)*")
# Clitics written onto a word: Arabic "and/so", "with/for/like", "the" (والصور, بالصورة); Hebrew "the/and/in/to/
# from/that/as" (והתמונות, בתמונה). A word is also looked up without them.
_ARABIC_CLITIC_RE = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال|لل)?")
_HEBREW_CLITIC_RE = re.compile(r"^[והבלמשכ]{1,3}")
_POINTS_RE = re.compile(r"[\u0591-\u05c7\u064b-\u065f\u0670]")
_RUN_ONLY = frozenset({"to_text"})  # kinds a word does not have inside a run of another entry (see cues_in)
_MIN_PREFIX = 2  # Korean stems are often two syllables (사진*, 녹음*)
_MAX_NGRAM = 4
# A compound's last part ("*fotos") is read only after a first part of at least this many letters: "wedstrijdfotos"
# is match photos, and the bare word is an entry of its own.
_MIN_SUFFIX = 4
_MIN_COMPOUND_HEAD = 3


@dataclass
class _Lexicon:
    """Entries by how they match: whole words or word runs, word starts, and text anywhere (unspaced scripts)."""

    words: dict[str, set[str]]       # "voice message" -> {"audio"}
    prefixes: dict[str, set[str]]    # "fotograf" -> {"image"} (an entry written "fotograf*")
    anywhere: list[tuple[str, str]]  # ("照片", "image")
    run_starts: set[str] = field(default_factory=set)  # first words of entries of several words
    run_stems: dict[str, list[tuple[str, set[str]]]] = field(default_factory=dict)  # "voice" -> [("voice mess", ..)]
    longest_stem: int = 0
    # "fotos" -> {"image"} (an entry written "*fotos"): the last part of a compound ("wedstrijdfotos")
    suffixes: dict[str, set[str]] = field(default_factory=dict)
    longest_suffix: int = 0


@functools.cache
def lexicon() -> _Lexicon:
    """The cue words of ``situations.yaml``, indexed for lookup by word."""
    text = resources.files("matchgraph.match").joinpath("situations.yaml").read_text("utf-8")
    # The C loader when PyYAML has it: the pure-Python one takes half a second over these 270 KB.
    cues = (yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}).get("cues") or {}
    lex = _Lexicon({}, {}, [])
    for kind, entries in cues.items():
        for entry in entries or ():
            word = " ".join(_plain(str(entry)).split())
            prefix, suffix = word.endswith("*"), word.startswith("*")
            word = word.strip("*").strip()
            if not word:
                continue
            if _UNSPACED_RE.search(word):
                lex.anywhere.append((word, str(kind)))
                continue
            # Split as the need's text is split ("c'est quoi" is the words "c est quoi").
            word = " ".join(m.group(0) for m in _WORD_RE.finditer(word))
            if not word:
                continue
            if suffix and " " not in word and len(word) >= _MIN_SUFFIX:
                lex.suffixes.setdefault(word, set()).add(str(kind))
            elif prefix and len(word) >= _MIN_PREFIX:
                lex.prefixes.setdefault(word, set()).add(str(kind))
            else:
                lex.words.setdefault(word, set()).add(str(kind))
            if " " in word:
                lex.run_starts.add(word.split(" ", 1)[0])
    for stem in [p for p in lex.prefixes if " " in p]:
        lex.run_stems.setdefault(stem.split(" ", 1)[0], []).append((stem, lex.prefixes.pop(stem)))
        lex.run_starts.add(stem.split(" ", 1)[0])
    lex.longest_stem = max((len(p) for p in lex.prefixes), default=0)
    lex.longest_suffix = max((len(p) for p in lex.suffixes), default=0)
    return lex


def _forms(word: str) -> tuple[str, ...]:
    if "\u0600" <= word[0] <= "\u06ff":
        bare = _ARABIC_CLITIC_RE.sub("", word)
        return (word, bare) if bare and bare != word else (word,)
    if "\u0590" <= word[0] <= "\u05ff" and len(word) > 3:
        return (word, *(word[k:] for k in range(1, 4) if len(word) - k >= 2 and _HEBREW_CLITIC_RE.match(word[:k])))
    return (word,)


def _compound_kinds(word: str, lex: _Lexicon) -> set[str]:
    """Kinds of the entries a compound word ends with ("produktfotos" ends with "fotos")."""
    kinds: set[str] = set()
    for k in range(_MIN_SUFFIX, min(len(word) - _MIN_COMPOUND_HEAD, lex.longest_suffix) + 1):
        kinds |= lex.suffixes.get(word[-k:], set())
    return kinds


def _plain(text: str) -> str:
    """Lowercased, without Arabic vowel marks or Hebrew points, which people write only sometimes."""
    return _POINTS_RE.sub("", text.lower())


def cues_in(text: str) -> dict[str, str]:
    """Cue kind -> the first words of ``text`` that are of that kind. Linear in the text: each word is looked
    up once with its starts (for the entries written as stems), and the runs of words only from a word
    that starts some entry of several words."""
    low = _plain(text)
    lex = lexicon()
    found: dict[str, str] = {}
    words = [m.group(0) for m in _WORD_RE.finditer(low)]
    # A word for text inside a run of words some entry names is read as part of that run only: "text to speech"
    # and "el texto en una voz" are a voice out, not also text out (which, with "podcast", would read speech
    # to text). Other words keep their own kind inside a run ("matching photos" still names photos).
    runs: list[list[tuple[str, str]]] = [[] for _ in words]  # per start word: (kind, run) of the entries there
    in_run = [False] * len(words)
    for i, word in enumerate(words):
        if word not in lex.run_starts:
            continue
        for n in range(2, _MAX_NGRAM + 1):
            if i + n > len(words):
                break
            run = " ".join(words[i:i + n])
            if run in lex.words:
                runs[i].extend((kind, run) for kind in lex.words[run])
                in_run[i:i + n] = [True] * n
        for stem, kinds in lex.run_stems.get(word, ()):
            n = stem.count(" ") + 1
            run = " ".join(words[i:i + n])
            if run.startswith(stem):
                runs[i].extend((kind, run) for kind in kinds)
                in_run[i:i + n] = [True] * n
    for i, word in enumerate(words):
        skip = _RUN_ONLY if in_run[i] else frozenset()
        for form in _forms(word):
            for kind in lex.words.get(form, ()):
                if kind not in skip:
                    found.setdefault(kind, word)
            for k in range(_MIN_PREFIX, min(len(form), lex.longest_stem) + 1):
                for kind in lex.prefixes.get(form[:k], ()):
                    if kind not in skip:
                        found.setdefault(kind, word)
            for kind in _compound_kinds(form, lex):
                if kind not in skip:
                    found.setdefault(kind, word)
        for kind, run in runs[i]:
            found.setdefault(kind, run)
    if _UNSPACED_RE.search(low):
        for entry, kind in lex.anywhere:
            if kind not in found and entry in low:
                found[kind] = entry
    return found


def kind_spans(low: str, kind: str) -> list[tuple[int, int]]:
    """Where single words (or stems) of one cue kind stand in ``low`` (lowercased text), and entries of
    unspaced scripts anywhere: (start, end) in ``low``'s offsets. Linear in the text, like :func:`cues_in`."""
    lex = lexicon()
    spans = []
    for m in _WORD_RE.finditer(low):
        form = _plain(m.group(0))
        if any(kind in lex.words.get(f, ()) or any(kind in lex.prefixes.get(f[:k], ())
                                                   for k in range(_MIN_PREFIX, min(len(f), lex.longest_stem) + 1))
               or kind in _compound_kinds(f, lex) for f in _forms(form)):
            spans.append((m.start(), m.end()))
    if _UNSPACED_RE.search(low):
        for entry, entry_kind in lex.anywhere:
            if entry_kind == kind:
                at = low.find(entry)
                while at >= 0 and len(spans) < 64:
                    spans.append((at, at + len(entry)))
                    at = low.find(entry, at + len(entry))
    return sorted(spans)


@dataclass(frozen=True)
class Situation:
    """Tasks the need's situation reads as (all equally well), and the words that read them."""

    tasks: tuple[str, ...]
    words: tuple[str, ...]


def _weight(combo: tuple[str, ...]) -> float:
    return sum(CUE_WEIGHTS.get(k, 1.0) for k in combo)


def read_situation(text: str) -> Situation | None:
    """The task(s) the words of ``text`` describe, or None when no combination of cues is there."""
    found = cues_in(text)
    if not found:
        return None
    # Task -> the heaviest of its combinations whose kinds are all found (the first of equal ones).
    best = {task: max(met, key=_weight) for task, combos in SITUATIONS.items()
            if (met := [c for c in combos if all(k in found for k in c)])}
    if not best:
        return None
    top = max(map(_weight, best.values()))
    tasks = tuple(sorted(t for t, combo in best.items() if _weight(combo) == top))
    words = tuple(dict.fromkeys(found[k] for t in tasks for k in best[t]))
    return Situation(tasks, words)
