"""The match pipeline: parse → retrieve → filter → score → explain.

:func:`run_match` is pure over a :class:`MatchIndex` and a learned-outcome table, so it serves the
live catalog, the dev evaluation and the synthetic benchmark alike. Logging belongs to the service.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from typing import Any

import numpy as np

from matchgraph.catalog.facts import fmt_money
from matchgraph.match.filters import Check, apply_filters
from matchgraph.match.grammar import asks_for_another_maker, asks_for_best, asks_for_less
from matchgraph.match.index import MatchIndex, host_key, org_key
from matchgraph.match.lexical import MAX_QUERY_TOKENS, tokenize
from matchgraph.match.need import Constraints, Need
from matchgraph.match.need_coherence import picture_word
from matchgraph.match.need_parser import parse_need
from matchgraph.match.need_rules import CAPABILITY_PREFIX
from matchgraph.match.reasons import build_reasons, cap_name
from matchgraph.match.scoring import (
    FORMULA_VERSION,
    NAME_MATCH_WEIGHT,
    LearnedTable,
    ScoreSpec,
    component_dict,
    score,
)
from matchgraph.match.semantic import (
    TASK_ALONE_MIN_SIMILARITY,
    TASK_MIN_SIMILARITY,
    TASKS,
    infer_task,
    task_group,
    task_of,
)
from matchgraph.match.situations import read_situation
from matchgraph.store.read_model import OfferView

MAX_LIMIT = 100
# The billing units besides tokens and images that a need can bound (``Constraints.max_<unit>``).
OTHER_UNITS = ("per_second", "per_character", "per_query", "per_page")
# A retrieved capability counts for half a stated preference at most: it is a guess from words.
RETRIEVED_WEIGHT = 0.5
# With no task named at all, a "model" most often means a chat model; this is a soft assumption.
DEFAULT_PREFERENCE = "capability://text.chat"


@dataclass
class MatchResult:
    """One ranked artifact with everything the ``search --json`` contract shows."""

    position: int
    slug: str
    name: str
    score: float
    components: dict[str, float | None]
    reasons: list[str]
    capabilities: list[str]
    matched: list[str]
    prices: dict[str, Any]
    sources: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready result (the DESIGN.md ``results[]`` shape plus ``matched``)."""
        return {"slug": self.slug, "name": self.name, "score": self.score, "components": self.components,
                "reasons": self.reasons, "capabilities": self.capabilities, "matched": self.matched,
                "prices": self.prices, "sources": self.sources}


@dataclass
class MatchOutcome:
    """Results plus the reading of the need and the account of how the list was narrowed."""

    need: Need
    results: list[MatchResult]
    retrieved: list[tuple[str, float]]
    explanation: dict[str, Any]
    spec: ScoreSpec = field(default_factory=ScoreSpec)

    def matched_capabilities(self) -> list[str]:
        """Hard, preferred and retrieved URIs that scoring used."""
        return self.spec.requested()


def _prices(offer: OfferView | None) -> dict[str, Any]:
    p = offer.prices if offer is not None else {}
    return {
        "currency": "USD",
        "input_per_mtok": p.get("input_per_mtok"),
        "output_per_mtok": p.get("output_per_mtok"),
        "per_image": p.get("per_image"),
        "per_query": p.get("per_query"),
        "per_second": p.get("per_second"),
        "per_character": p.get("per_character"),
        "per_page": p.get("per_page"),
        "offer": {"host": offer.host, "source": offer.source, "key": offer.source_key} if offer else None,
    }


def _offer_view(index: MatchIndex, offer_pos: int) -> OfferView | None:
    if offer_pos < 0:
        return None
    i = int(index.offers.artifact[offer_pos])
    # Offers of one artifact are stored contiguously, in the artifact's own order.
    first = int(np.searchsorted(index.offers.artifact, i, side="left"))
    return index.artifacts[i].offers[offer_pos - first]


def _spec(index: MatchIndex, need: Need, required: tuple[str, ...], retrieved: list[tuple[str, float]]
          ) -> ScoreSpec:
    c = need.constraints
    hard = list(dict.fromkeys([*c.capabilities, *required]))
    soft: dict[str, float] = {u: 1.0 for u in need.preferences if u not in hard}
    # A text task the rules read ("to summarize our tickets", "translate"): retrieved tasks of another kind (a text
    # embedding near "support tickets") are rival readings of the other words, not what a result should be.
    text_task = not hard and any(u.startswith(_CHAT_AREAS) and task_of(u) is None for u in need.preferences)
    if text_task:
        retrieved = [(u, w) for u, w in retrieved if task_of(u) is None]
    guessed = _guessed_task(c, retrieved) if not hard else None
    if guessed is None and not hard:
        # A task the rules could only prefer (music generation: few artifacts declare it) is as much the task.
        guessed = next((t for u in need.preferences if (t := task_of(u)) and not t.startswith(("text.", "tools."))),
                       None)
    if guessed is not None:
        # The best guess from the words is a task that is not chat ("cover art" → image generation): chat
        # capabilities retrieved beside it are rival readings, not what a result should be good at.
        retrieved = [(u, w) for u, w in retrieved if task_of(u) is not None or not u.startswith(_CHAT_AREAS)]
    for uri, weight in retrieved:
        if uri not in hard and uri not in soft and uri not in need.not_needed:
            soft[uri] = round(RETRIEVED_WEIGHT * weight, 4)
    image_out = "image" in c.output_modalities or c.max_per_image is not None or any(
        u.startswith("capability://image.generation") for u in hard)
    modality = "image" if image_out else ("vision" if "image" in c.input_modalities else "text")
    if guessed is not None and modality == "text":
        outputs = TASKS[guessed][2]
        modality = "image" if "image" in outputs else ("vision" if guessed.startswith("vision.") else "none")
    other = next((u for u in OTHER_UNITS if getattr(c, f"max_{u}") is not None), None)
    kind = other or ("image" if image_out else "token")
    return ScoreSpec(hard=hard, soft=soft, price_kind=kind,
                     price_asked=bool(c.cheapest or c.free or c.max_input_per_mtok is not None or other
                                      or c.max_output_per_mtok is not None or c.max_per_image is not None
                                      or need.cheaper_than),
                     modality=modality, quality_asked=asks_for_best(need.text),
                     local_asked=c.open_weights is True, cheap_asked=bool(c.cheapest or c.free))


# Capability areas of chat models: retrieved from a need whose words name another kind of task, they are noise.
_CHAT_AREAS = tuple(CAPABILITY_PREFIX + a for a in ("text.", "tools.", "api.", "pricing.", "deployment."))


def _guessed_task(c: Constraints, retrieved: list[tuple[str, float]]) -> str | None:
    """The kind of task (a :data:`TASKS` key other than chat features) of the best retrieved capability,
    when no rule named a task; None otherwise."""
    if _states_task(c) or not retrieved:
        return None
    task = task_of(retrieved[0][0])
    if task is None or task.startswith(("text.", "tools.")):
        return None
    return task


def _task_io(task: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """A task's filter capability and modalities: from TASKS, or for a task only a situation reads (computer
    use), the capability itself with no modality."""
    return TASKS.get(task, (task, (), ()))


def _agrees(task: str, c: Constraints) -> bool:
    """Whether ``task`` takes in and puts out every non-text modality the rules read."""
    _, inputs, outputs = _task_io(task)
    return set(c.input_modalities) - {"text"} <= set(inputs) and set(c.output_modalities) - {"text"} <= set(outputs)


def _states_task(c: Constraints) -> bool:
    return bool(c.capabilities or set(c.input_modalities) - {"text"} or set(c.output_modalities) - {"text"}
                or c.kinds)


# Words in Latin letters, accents included ("embeddingów" is one word, not "embedding" and "w").
_WORD_RE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]{4,}")


def _naming_words(index: MatchIndex, text: str) -> list[str]:
    """Words of ``text`` only model names use, but not letters too few to tell a name from a word: "ko" is part
    of a Korean embedding model's name and a Tagalog word ("shop ko", my shop); "o3" has its digit."""
    return [w for w in index.name_words(text) if len(w) >= 3 or any(ch.isdigit() for ch in w)]


def _model_phrase(index: MatchIndex, text: str) -> str | None:
    """The longest run of words in ``text`` that names one model and holds a word only model names use."""
    words = text.split()[:12]
    if not _naming_words(index, text):
        return None
    for size in range(min(6, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            if _naming_words(index, phrase) and index.find_named(phrase) is not None:
                return phrase
    return None


def _task_size(c: Constraints) -> int:
    """How much task a reading states: capabilities and modalities other than text."""
    return len(c.capabilities) + len(set(c.input_modalities) - {"text"}) + len(set(c.output_modalities) - {"text"}) \
        + len(c.kinds)


def _respell(index: MatchIndex, need: Need, required: tuple[str, ...]) -> Need:
    """Read misspelt words ("embeding modle for serch") as the nearest taxonomy word, when that makes a
    rule name a task the original spelling did not; the need is told which words were read how."""
    if required or not need.soft_text.strip():
        return need
    fixes: dict[str, str] = {}
    for m in islice(_WORD_RE.finditer(need.soft_text), 32):
        word = m.group(0).lower()
        if index.tax_lex.known(tokenize(word)) or index.doc_lex.known(tokenize(word)):
            continue
        near = index.nearest_word(word)
        # A short word two letters away from a taxonomy word is more often another word than a typo
        # ("anime" is not "animate"), and so is one that starts with another letter ("catch" is not "batch"):
        # typing slips seldom hit the first letter.
        if near and near != word and _first_letter(near) == _first_letter(word) and near not in _FLAG_WORDS \
                and (abs(len(near) - len(word)) <= 1 or len(word) >= 7):
            fixes[m.group(0)] = near
    if not fixes:
        return need

    def respelt(text: str) -> str:
        return _WORD_RE.sub(lambda m: fixes.get(m.group(0), m.group(0)), text)

    text = respelt(need.text)
    again = parse_need(text)
    said = ", ".join(f"{k!r} as {v!r}" for k, v in fixes.items())
    if again.conflicts or not (_task_size(again.constraints) > _task_size(need.constraints)
                               or len(again.soft_text.split()) < len(need.soft_text.split())):
        # The respelt need reads no more than the original; the corrected words still read better by
        # meaning and by words.
        return replace(need, soft_text=respelt(need.soft_text), notes=(*need.notes, f"read {said} (nearest spelling)"))
    # A spelling guess may name the task, never a hard bound or flag: "frene" (Spanish, "stop") is one letter
    # from "free", and a free filter the need never stated would empty or bend the answer.
    kept = replace(again.constraints, **{f: getattr(need.constraints, f) for f in _STATED_ONLY})
    return replace(again, text=need.text, constraints=kept, notes=(*again.notes, f"read {said} (nearest spelling)"))


def _first_letter(word: str) -> str:
    """The word's first letter without its accent ("áudio" and "audio" start alike)."""
    return unicodedata.normalize("NFKD", word[:1])[:1].lower()


# Taxonomy words that state a flag or bound rather than a task: never the reading of a misspelt word.
_FLAG_WORDS = frozenset({"free", "open", "weights", "cheap", "cheaper", "cheapest", "local", "offline", "hosted",
                         "hosting", "host", "self", "price", "budget"})
# Constraint fields a respelt word may not set: only the words the need wrote state them.
_STATED_ONLY = tuple(f.name for f in fields(Constraints)
                     if f.name not in ("input_modalities", "output_modalities", "capabilities", "kinds"))


def _infer_task(index: MatchIndex, need: Need, required: tuple[str, ...]) -> Need:
    """Read the task from the wording when no rule named one ("Bilder erstellen" → image generation).

    Only the kinds of task in :data:`~matchgraph.match.semantic.TASKS` become filters, and only when
    the semantic stage reads one clearly; the need is told how it was read.
    """
    c = need.constraints
    if required or c.capabilities or c.kinds or not need.soft_text.strip():
        return need
    situation = read_situation(need.text)
    if _states_task(c):
        # The rules read what goes in or out but no task ("photos"): the situation may say which task that is.
        tasks = tuple(t for t in situation.tasks if _agrees(t, c)) if situation is not None else ()
        if not tasks:
            return need
        situation = replace(situation, tasks=tasks)
    sem = index.semantic_similarities(need.soft_text)
    alone = c.is_empty() and not need.preferences and not (need.cheaper_than or need.like)
    billed = [f for f in UNIT_TASKS if getattr(c, f) is not None]
    allowed = {t for f in billed for t in UNIT_TASKS[f]}
    if need.priced_item and c.max_per_second is not None:
        # "each 8-second clip under $1": the item priced whole is video, so the task is one that makes video.
        allowed &= set(ITEM_TASKS.get(need.priced_item, allowed))
    found: tuple[str, float | None] | None = None
    if situation is not None:
        told = set(situation.tasks) & allowed if allowed else set(situation.tasks)
        if len(told) == 1:
            found = (next(iter(told)), None)
        elif told:
            allowed = told  # the semantic stage settles a tie among the tasks the situation reads
        else:
            situation = None
    if found is None and sem is not None and allowed:
        # "at most $16 per million characters": the unit the need prices in is billed for a few tasks only,
        # so the wording is read among those, and a weaker reading is enough.
        uris, sims = sem
        sem = uris, np.where([task_of(u) in allowed for u in uris], sims, -1.0)
    if found is None and sem is not None:
        floor = TASK_ALONE_MIN_SIMILARITY if alone or allowed else TASK_MIN_SIMILARITY
        # Among tasks the situation already reads, the nearest in meaning is taken however near, and however
        # little it leads the other tasks read ("发票照片…识别": reading text off a photo, or telling what is in it).
        found = (infer_task(*sem, min_similarity=-1.0, margin=float("-inf")) if situation is not None
                 else infer_task(*sem, min_similarity=floor))
    if found is None and allowed:
        # One task billed this way, or one that covers all the others (video generation, from text or an image).
        broadest = min(allowed, key=len)
        if all(t == broadest or t.startswith(broadest + ".") for t in allowed):
            found = (broadest, None)
    if found is None:
        return need
    task, sim = found
    cap, inputs, outputs = _task_io(task)
    if task == "safety.moderation" and "image" not in inputs and picture_word(need.text, need.not_needed):
        # Moderation of "photos users upload" must take the pictures in, as when the rules read the task.
        inputs = (*inputs, "image")
    uri = CAPABILITY_PREFIX + (cap or task)
    if uri in need.not_needed or not index.has_capability(CAPABILITY_PREFIX + task).any():
        return need
    caps = (*c.capabilities, uri) if cap else c.capabilities
    prefs = need.preferences if cap else (*need.preferences, uri)
    c = replace(c, capabilities=caps,
                input_modalities=tuple(dict.fromkeys([*c.input_modalities, *inputs])),
                output_modalities=tuple(dict.fromkeys([*c.output_modalities, *outputs])))
    what = ", ".join(x for x in (cap_name(index, uri), *(f"{m} input" for m in inputs),
                                 *(f"{m} output" for m in outputs)) if x)
    if sim is not None:
        how = f"semantic match {sim:.2f}"
    elif situation is not None and task in situation.tasks:
        how = "the words " + ", ".join(repr(w) for w in situation.words)
    elif need.priced_item and c.max_per_second is not None:
        how = f"a {need.priced_item} item priced whole, billed per second"
    else:
        how = f"the only task billed {_UNIT_WORDS[billed[0]]}"
    note = f"the wording was read as a request for {what} ({how}); this is a filter"
    return replace(need, constraints=c, preferences=prefs, notes=(*need.notes, note))


# The tasks each non-token price unit bills (TASKS keys): a bound in that unit narrows what the wording can mean.
UNIT_TASKS: dict[str, tuple[str, ...]] = {
    "max_per_character": ("audio.speech-synthesis",),
    "max_per_page": ("vision.ocr",),
    "max_per_image": ("image.generation", "image.editing"),
    "max_per_second": ("audio.transcription", "audio.speech-synthesis", "audio.music-generation", "video.generation",
                       "video.generation.image-to-video"),
}
# Fewer artifacts listed at $0 than this, for a need asking for free, are followed by the cheapest others.
MIN_LISTED_FREE = 3
# What a whole item priced in the need is made of -> the tasks billed per second that make or read it.
ITEM_TASKS: dict[str, tuple[str, ...]] = {
    "video": ("video.generation", "video.generation.image-to-video"),
    "audio": ("audio.transcription", "audio.speech-synthesis"),
    "music": ("audio.music-generation",),
}
_UNIT_WORDS = {"max_per_character": "per character", "max_per_page": "per page", "max_per_image": "per image",
               "max_per_second": "per second"}


def _rival_tasks(index: MatchIndex, need: Need) -> tuple[Need, str] | None:
    """Two kinds of task no artifact does together ("we already run embeddings, which reranker is best?"):
    the need without all but the rarest of them, and a note saying so; None when there is no such pair.

    The rarer task is the one asked for: a common one named beside it is the setting the model works in.
    """
    tasks = [u for u in need.constraints.capabilities if task_of(u) is not None]
    groups: dict[str, list[str]] = {}
    for u in tasks:
        groups.setdefault(task_group(u), []).append(u)
    if len(groups) < 2 or np.logical_and.reduce([index.has_capability(u) for u in tasks]).any():
        return None
    counts = {g: int(np.logical_and.reduce([index.has_capability(u) for u in us]).sum()) for g, us in groups.items()}
    keep = min((g for g in counts if counts[g]), key=lambda g: (counts[g], g), default=None)
    if keep is None:
        return None
    dropped = [u for g, us in groups.items() if g != keep for u in us]
    kept_io = [TASKS[t] for u in groups[keep] if (t := task_of(u))]
    dropped_io = [TASKS[t] for u in dropped if (t := task_of(u))]
    no_in = {m for _, ins, _ in dropped_io for m in ins} - {m for _, ins, _ in kept_io for m in ins}
    no_out = {m for _, _, outs in dropped_io for m in outs} - {m for _, _, outs in kept_io for m in outs}
    cons = need.constraints
    relaxed = replace(cons, capabilities=tuple(u for u in cons.capabilities if u not in dropped),
                      input_modalities=tuple(m for m in cons.input_modalities if m not in no_in),
                      output_modalities=tuple(m for m in cons.output_modalities if m not in no_out))
    names = ", ".join(cap_name(index, u) for u in dropped)
    note = (f"no artifact does both {names} and {cap_name(index, groups[keep][0])}, so the need was read as "
            f"asking for {cap_name(index, groups[keep][0])} (the rarer of them) and {names} as the setting it "
            "works in; that is not a filter")
    return replace(need, constraints=relaxed), note


# The price fields a named model may be billed in, with the constraint each bounds and its unit in words.
_REFERENCE_UNITS = (("image", "max_per_image", "per image"), ("input", "max_input_per_mtok", "per 1M input tokens"),
                    ("per_second", "max_per_second", "per second"), ("per_character", "max_per_character",
                                                                       "per character"),
                    ("per_query", "max_per_query", "per query"), ("per_page", "max_per_page", "per page"))


def _reference_price(index: MatchIndex, i: int, image: bool, kind: str | None = None, *,
                     output: bool = False) -> tuple[str, float, str] | None:
    """The cheapest active, priced offer of artifact ``i`` in the unit it is billed in: (constraint field,
    USD, unit words). An image generator is compared per image first, anything else per 1M input
    tokens first, then per second, character, query or page; a model of a non-chat kind (a transcriber,
    a voice, a search API) in those units first."""
    # Offers of one artifact are stored contiguously (see ``_offer_view``): only its own are read.
    own = slice(int(np.searchsorted(index.offers.artifact, i, side="left")),
                int(np.searchsorted(index.offers.artifact, i, side="right")))
    sel = index.offers.active[own]
    # The maker's own list price when it sells the model ("the same price as gpt-4o-mini" means OpenAI's),
    # else the cheapest offer.
    maker = index.host_codes.get(host_key(org_key(index.artifacts[i].organization)))
    if maker is not None and (sel & (index.offers.host[own] == maker)).any():
        sel = sel & (index.offers.host[own] == maker)
    if output and not image and not kind:
        order = (("output", "max_output_per_mtok", "per 1M output tokens"), *_REFERENCE_UNITS)
    elif image:
        order = _REFERENCE_UNITS
    elif kind:
        # A transcriber, a voice, a search or OCR API is compared in the unit its kind is billed in.
        order = (*_REFERENCE_UNITS[2:], _REFERENCE_UNITS[0], _REFERENCE_UNITS[1])
    else:
        order = (_REFERENCE_UNITS[1], _REFERENCE_UNITS[0], *_REFERENCE_UNITS[2:])
    for name, field_name, unit in order:
        arr = getattr(index.offers, name) if name in ("image", "input", "output") else index.offers.units.get(name)
        if arr is None:
            continue
        vals = arr[own][sel]
        vals = vals[~np.isnan(vals) & (vals > 0)]
        if vals.size:
            return field_name, float(vals.min()), unit
    return None


def _named_models(index: MatchIndex, need: Need, c: Constraints) -> tuple[Constraints, list[str], list[Check]]:
    """Resolve models the need names as a reference ("less than what claude haiku costs", "an
    alternative to dall-e"): their family is left out, a non-text output they produce is required,
    and "cheaper than" becomes a ceiling at the named model's own price."""
    notes: list[str] = []
    checks: list[Check] = []
    for phrase, priced in ((need.cheaper_than, True), (need.like, False)):
        if not phrase or (not priced and phrase == need.cheaper_than):
            continue
        i = index.find_named(phrase)
        if i is None:
            c, note = _task_of_unknown_name(index, phrase, c)
            notes.append(note)
            continue
        a = index.artifacts[i]
        family = index.family_codes[i]
        checks.append(Check(f"not_family:{a.slug}", f"is not {a.name} itself", index.family_codes != family))
        maker = a.slug.split("/", 1)[0]
        if asks_for_another_maker(need.text) and maker not in c.exclude_organizations:
            c = replace(c, exclude_organizations=(*c.exclude_organizations, maker))
            notes.append(f"'another company' was read as: not made by {maker}, the maker of {a.name}")
        kind = _kind_task(index, i)
        outs = [] if kind else sorted(a.output_modalities - {"text"})
        if outs and not set(c.output_modalities) & set(outs):
            c = replace(c, output_modalities=tuple(dict.fromkeys([*c.output_modalities, outs[0]])))
        if kind and not c.capabilities:
            # An alternative does the same job: a transcriber for whisper, a voice for aura.
            task = task_of(kind)
            outs = [m for m in (TASKS[task][2] if task else ()) if m != "text"]
            c = replace(c, capabilities=(kind,),
                        output_modalities=tuple(dict.fromkeys([*c.output_modalities, *outs])))
            notes.append(f"{a.name} is a {cap_name(index, kind)} model, so that is required")
        image = "image" in a.output_modalities and "text" not in a.output_modalities
        what = f"{phrase!r} was read as {a.name} ({a.slug})"
        if priced:
            ref = _reference_price(index, i, image, kind, output=need.cheaper_on == "output")
            if ref is None:
                notes.append(f"{what}; its price is unknown, so no price bound was set")
                continue
            field_name, price, unit = ref
            bound = price * (1 - 1e-9)
            current = getattr(c, field_name)
            c = replace(c, **{field_name: bound if current is None else min(current, bound)})
            notes.append(f"{what}; results must cost less than its {fmt_money(price)} {unit}")
        else:
            notes.append(f"{what}; it is left out and " + (f"{outs[0]} output is required" if outs else
                                                         "similar models are ranked"))
    return c, notes, checks


# Tasks that say what kind of artifact a model is (not what a chat model can also do): an alternative
# to a model of one of these kinds must be of the same kind.
_KIND_TASKS = ("image.generation", "image.editing", "video.generation", "audio.speech-synthesis",
               "audio.music-generation", "audio.transcription", "embeddings", "retrieval.reranking",
               "safety.moderation", "retrieval.web-search-api")


def _names_a_kind(uri: str) -> bool:
    """True when ``uri`` says what kind of artifact is asked for (a search API, a realtime voice model), which
    is the need itself rather than a feature that could steer it."""
    key = uri.removeprefix(CAPABILITY_PREFIX)
    return any(key == t or key.startswith(t + ".") for t in (*_KIND_TASKS, "audio.realtime"))


def _kind_task(index: MatchIndex, i: int) -> str | None:
    """The capability URI that says what kind of artifact ``i`` is, when it is not a chat model."""
    a = index.artifacts[i]
    if "text" in a.output_modalities and "text" in a.input_modalities and "audio" not in a.input_modalities:
        return None
    for task in _KIND_TASKS:
        uri = CAPABILITY_PREFIX + task
        if index.has_capability(uri)[i]:
            return uri
    return None


def _task_of_unknown_name(index: MatchIndex, phrase: str, c: Constraints) -> tuple[Constraints, str]:
    """A reference to a product the catalog lacks ("an alternative to midjourney"): the semantic stage reads
    the name alone, and a task it reads clearly becomes the output the alternative must produce."""
    base = f"{phrase!r} was read as a model name but matches no artifact in the catalog"
    if c.capabilities or c.output_modalities:
        return c, base + "; it was not used"  # the need already says what it wants: the name is not read
    sem = index.semantic_similarities(phrase)
    found = infer_task(*sem) if sem is not None else None
    if found is None:
        return c, base + "; it was not used"
    cap, _, outputs = TASKS[found[0]]
    if not outputs or outputs == ("text",):
        return c, base + "; it was not used"
    c = replace(c, output_modalities=tuple(dict.fromkeys([*c.output_modalities, *outputs])))
    return c, base + f"; by meaning it is {cap_name(index, CAPABILITY_PREFIX + (cap or found[0]))}, so " \
        f"{', '.join(outputs)} output is required (semantic match {found[1]:.2f})"


def _unread(index: MatchIndex, need: Need, retrieved: list[tuple[str, float]], spec: ScoreSpec,
            read_by_meaning: bool = False) -> list[str]:
    """Words of the soft text that nothing read: no capability was retrieved for them by words or by
    meaning, and no artifact text contains them. A soft text the semantic stage read a task from was read
    as a whole."""
    if not need.soft_text.strip() or read_by_meaning:
        return []
    words = tokenize(need.soft_text, MAX_QUERY_TOKENS)
    if not words and re.search(r"[^\W_]", need.soft_text):
        # Only filler words are left ("model for", "an api that"): nothing that could have been read.
        return []
    if retrieved or spec.text is not None:
        # Something was read from the text; only words no index knows are said to be unread.
        return [w for w in dict.fromkeys(words) if not index.tax_lex.known([w]) and not index.doc_lex.known([w])]
    return [need.soft_text]


# The family head stands for its best-ranked version only when it scores about as well: a version
# ranked higher on its own evidence (an arena rating the head lacks) is shown itself.
HEAD_TOLERANCE = 0.02


def _one_per_family(index: MatchIndex, cand: np.ndarray, order: np.ndarray, limit: int,
                    total: np.ndarray | None = None) -> list[int]:
    """The first ``limit`` families in ``order``, each shown by its head when the head is a candidate
    scoring within :data:`HEAD_TOLERANCE` of the family's best-ranked version (else by that version),
    at the place of its best-ranked version."""
    # Position in ``cand`` of each family's head (the last one when a family has several), found
    # with array operations: ``cand`` holds every candidate, so a Python loop over it is the cost of
    # a search on a large catalog.
    cand_ix = np.asarray(cand, dtype=np.int64)
    head_pos = np.flatnonzero(index.family_head[cand_ix])[::-1]
    fams, first = np.unique(index.family_codes[cand_ix[head_pos]], return_index=True)
    heads = np.full(int(index.family_codes.max(initial=0)) + 1, -1, dtype=np.int64)
    heads[fams] = head_pos[first]
    seen: set[int] = set()
    out: list[int] = []
    for pos in order:
        fam = int(index.family_codes[int(cand[int(pos)])])
        if fam in seen:
            continue
        seen.add(fam)
        found = int(heads[fam])
        head = found if found >= 0 else None
        if head is not None and total is not None and total[head] < total[int(pos)] - HEAD_TOLERANCE:
            head = None
        out.append(int(pos) if head is None else head)
        if len(out) >= limit:
            break
    return out


# Above this many candidates the rows are looked for among the best few thousand first (most searches
# find their families there); the full order is sorted only when they do not hold enough families.
PARTIAL_ORDER_FROM = 16_384
PARTIAL_ORDER_ROWS = 4_096


def _family_rows(index: MatchIndex, cand: np.ndarray, scores: Any, limit: int) -> list[int]:
    """:func:`_one_per_family` over the score order, sorting all candidates only when needed."""
    if len(cand) > PARTIAL_ORDER_FROM:
        rows = _one_per_family(index, cand, scores.order(index, first=PARTIAL_ORDER_ROWS), limit, scores.total)
        if len(rows) >= limit:
            return rows
    return _one_per_family(index, cand, scores.order(index), limit, scores.total)


_COMPONENT_WORDS = {"coverage": "how many of the asked capabilities it has", "quality": "quality evidence",
                    "price_fit": "price", "learned_success": "reported outcomes", "adoption": "number of hosts",
                    "text_match": "words of the need in its name and capabilities"}


def _weights_in_words(weights: dict[str, float]) -> str:
    """The score's components as a person reads them, heaviest first ("quality evidence, price and ...")."""
    words = [_COMPONENT_WORDS.get(k, k.replace("_", " ")) for k, _ in sorted(weights.items(), key=lambda kw: -kw[1])]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _decided_by(scores: Any, pos: int) -> str:
    """One sentence naming the components that contributed most to this result's score."""
    parts = []
    for k, w in scores.weights.items():
        v = float(scores.components[k][pos])
        parts.append((w * (0.5 if np.isnan(v) else v), k, v))
    parts.sort(reverse=True)
    named = [f"{_COMPONENT_WORDS[k]} ({'unknown' if np.isnan(v) else f'{v:.2f}'})" for _, k, v in parts[:2] if _ > 0]
    return "Ranked mostly by " + " and ".join(named) + "." if named else "Ranked by name order."


def _empty(need: Need, index: MatchIndex, message: str, **extra: Any) -> MatchOutcome:
    explanation = {"candidates": index.n, "after_filters": 0, "steps": [], "emptied_by": extra.pop("emptied_by", None),
                   "message": message, "conflicts": list(need.conflicts), **extra}
    return MatchOutcome(need=need, results=[], retrieved=[], explanation=explanation)


def run_match(index: MatchIndex, need: Need | str, *, limit: int = 10, learned: LearnedTable | None = None,
              active_only: bool = True, required: tuple[str, ...] = (), extra_checks: list[Check] | None = None,
              retriever: Callable[[str], list[tuple[str, float]]] | None = None) -> MatchOutcome:
    """Match a need against the index and return ranked, explained results.

    ``required`` adds hard capability URIs (``resolve``); ``extra_checks`` adds artifact-level checks
    (risk postures); ``active_only`` leaves deprecated artifacts out; ``retriever`` replaces the
    BM25 capability retrieval (soft text → weighted URIs), for measuring alternatives.
    """
    need = parse_need(need) if isinstance(need, str) else need
    limit = max(1, min(int(limit), MAX_LIMIT))
    learned = learned or {}
    if need.conflicts:
        return _empty(need, index, "The need contradicts itself, so no artifact can meet it: "
                      + "; ".join(need.conflicts) + ". Remove one side of each conflict and search again.",
                      emptied_by="conflict")
    if need.soft_text.strip() and not any(ch.isalpha() for ch in need.soft_text):
        # Bare numbers or symbols left after the grammar read its units name no task: nothing to retrieve on.
        need = replace(need, soft_text="")
    read_by_rules = need
    if retriever is None:
        need = _infer_task(index, _respell(index, need, required), required)
    if not (need.cheaper_than or need.like) and need.soft_text.strip() and asks_for_less(need.text):
        # "gemini 2.5 pro quality but cheaper": a model named with no cue word is the one to undercut; its name
        # is a reference, not words to retrieve capabilities or artifacts by.
        phrase = _model_phrase(index, need.soft_text)
        if phrase:
            rest = " ".join(need.soft_text.replace(phrase, " ").split())
            need = replace(need, cheaper_than=phrase, soft_text=rest)
    retrieve = retriever or index.hybrid_capabilities
    retrieved = retrieve(need.soft_text) if need.soft_text.strip() else []
    spec = _spec(index, need, required, retrieved)
    notes: list[str] = []
    if need.soft_text.strip():
        spec.text = index.text_scores(need.soft_text)
        names = index.name_words(need.soft_text)
        if names and spec.text is not None:
            spec.text_weight = NAME_MATCH_WEIGHT
            notes.append(f"{', '.join(repr(n) for n in names[:3])} read as part of a model name; artifacts whose "
                         "names match rank higher (not a filter).")
    c = need.constraints
    if required:
        c = replace(c, capabilities=tuple(dict.fromkeys([*c.capabilities, *required])))
    # "Which model is strongest at <words nothing reads>?" still asks for the best: ranked by quality.
    if c.is_empty() and not spec.hard and not spec.soft and spec.text is None and not (need.cheaper_than or need.like) \
            and not spec.quality_asked:
        what = "The need is empty." if not need.text.strip() else \
            "Nothing in the need was recognised as a capability, modality, price, context size, organization or host."
        return _empty(need, index, what + " Describe the task, e.g. 'cheap model that reads invoices and returns "
                      "JSON, 128K context'.", emptied_by="nothing_understood")
    c, named_notes, named_checks = _named_models(index, need, c)
    notes.extend(named_notes)
    if named_checks and not required:
        need = replace(need, constraints=c)
    if named_checks:
        extra_checks = [*(extra_checks or []), *named_checks]
        spec = _spec(index, replace(need, constraints=c), required, retrieved)
        # The name is a reference to move away from, not a name to look for.
        notes = [n for n in notes if "read as part of a model name" not in n]
    filtered = apply_filters(index, c, active_only=active_only, extra=extra_checks)
    cand = np.flatnonzero(filtered.mask)
    # Preferences no candidate has cannot separate candidates; say so instead of listing them as lacking.
    ignored = [u for u in spec.soft if not index.family_has(u)[cand].any()] if len(cand) else []
    for u in ignored:
        spec.soft.pop(u)
    if not spec.hard and not spec.soft and not c.output_modalities and not c.input_modalities:
        spec.soft[DEFAULT_PREFERENCE] = RETRIEVED_WEIGHT
        notes.append("No task was named, so text chat models are preferred (not a filter).")
    # The constraints differ from the rules' reading: a task was read by meaning or respelling (or a named model
    # bounded them).
    guessed_task = need.constraints != read_by_rules.constraints
    explanation: dict[str, Any] = {
        "candidates": index.n,
        "after_filters": len(cand),
        "steps": filtered.steps,
        "emptied_by": filtered.emptied_by,
        "message": filtered.message,
        "conflicts": [],
        "ignored_preferences": [{"uri": u, "why": f"no candidate is known to have {cap_name(index, u)}"}
                                for u in ignored],
        "formula": FORMULA_VERSION,
        "notes": notes,
        "not_understood": _unread(index, need, retrieved, spec, read_by_meaning=guessed_task),
    }

    def retry(relaxed: Need) -> MatchOutcome:
        """The same search for a relaxed reading of the need (retrieval by rules and words only)."""
        return run_match(index, relaxed, limit=limit, learned=learned, active_only=active_only, required=required,
                         extra_checks=extra_checks, retriever=index.hybrid_capabilities)

    def without_guess() -> MatchOutcome:
        """A task read by meaning or by respelling is a guess; when it leaves nothing, the need is read without it."""
        again = retry(read_by_rules)
        guessed = [n for n in need.notes if n not in read_by_rules.notes]
        again.explanation.setdefault("notes", []).append(
            "a task read from the wording (" + "; ".join(guessed) + ") left no artifact meeting the other "
            "constraints, so it was dropped")
        return again

    # Free moderation is still moderation: with "free" asked, the free relaxation below keeps the task read from
    # the wording, and the guess is dropped only when that finds nothing either.
    if not len(cand) and guessed_task and retriever is None and not c.free:
        return without_guess()
    if not len(cand) and retriever is None and not need.conflicts and (rival := _rival_tasks(index, need)):
        relaxed, note = rival
        again = retry(relaxed)
        if again.results:
            again.explanation.setdefault("notes", []).insert(0, note)
            again.explanation["relaxed"] = [*again.explanation.get("relaxed", []), "rival_task"]
            return again
    emptied_by = filtered.emptied_by or ""
    feature = emptied_by.removeprefix("capability:")
    if not len(cand) and retriever is None and emptied_by.startswith("capability:") and task_of(feature) is None \
            and not _names_a_kind(feature) and feature in need.constraints.capabilities and feature not in required:
        # A feature no artifact meeting the rest is known to have ("streaming" speech-to-text under $0.004 a
        # minute) steers the answer instead of emptying it: those that have it would rank first.
        cons = need.constraints
        relaxed = replace(need, constraints=replace(cons, capabilities=tuple(u for u in cons.capabilities
                                                                            if u != feature)),
                          preferences=tuple(dict.fromkeys([*need.preferences, feature])))
        again = retry(relaxed)
        if again.results:
            again.explanation.setdefault("notes", []).insert(0, (
                f"no artifact meeting the rest of the need is known to have {cap_name(index, feature)}, so it was "
                "read as a preference, not a filter: none of those shown is known to have it"))
            again.explanation["relaxed"] = [*again.explanation.get("relaxed", []), "capability"]
            return again
    if not len(cand) and c.free and retriever is None and not need.conflicts:
        # Nothing of this kind is confirmed free (a $0 in a record is not taken as free). Next best, said as
        # such: those a host lists at $0 without confirming it, then the cheapest, rather than an empty list.
        # "Free" asked for something to use: still only artifacts someone offers as a service.
        relaxed = replace(need, constraints=replace(need.constraints, free=None, cheapest=True, hosted=True))
        listed = np.zeros(index.n, dtype=bool)
        o = index.offers
        listed[o.artifact[o.listed_zero & o.active]] = True
        again = run_match(index, relaxed, limit=limit, learned=learned, active_only=active_only, required=required,
                          extra_checks=[*(extra_checks or []), Check(
                              "listed_free", "has a hosted offer whose source lists $0 for every price", listed)],
                          retriever=index.hybrid_capabilities)
        note = ("no artifact meeting the rest of the need has a confirmed free offer, so those shown are ones a "
                "host lists at $0 for every price it states; that is not confirmed free (limits or a later charge "
                "may apply), and the price shown is the lowest confirmed one, if any")
        if len(again.results) >= MIN_LISTED_FREE:
            again.explanation.setdefault("notes", []).insert(0, note)
            again.explanation["relaxed"] = ["free"]
            return again
        cheapest = retry(relaxed)
        if again.results:
            # Too few to choose from: the cheapest of the rest follow them, said as such.
            shown = {r.slug for r in again.results}
            again.results.extend([r for r in cheapest.results if r.slug not in shown][:limit - len(again.results)])
            again.results.sort(key=lambda r: -r.score)  # rows stay in score order; each says how it is priced
            again.explanation.setdefault("notes", []).insert(0, note + "; as they are fewer than three, the "
                                                             "cheapest others are shown beside them, none of "
                                                             "them free")
            again.explanation["relaxed"] = ["free"]
            return again
        if cheapest.results:
            cheapest.explanation.setdefault("notes", []).insert(0, (
                "no artifact meeting the rest of the need has a confirmed free offer (a price of $0 in one "
                "record is not taken as free), so the cheapest are shown instead; none of them is free"))
            cheapest.explanation["relaxed"] = ["free"]
            return cheapest
    if not len(cand) and guessed_task and retriever is None:
        return without_guess()
    if not len(cand):
        if explanation["message"] is None:
            explanation["message"] = "No artifact meets every hard constraint."
        return MatchOutcome(need, [], retrieved, explanation, spec)
    scores = score(index, cand, filtered.offer_mask, spec, learned, offer_constrained=filtered.offer_constrained)
    explanation["weights"] = scores.weights
    order = _family_rows(index, cand, scores, limit)
    # A head shown for its family keeps its own score, so the rows are put in score order again.
    order.sort(key=lambda p: (-round(float(scores.total[p]), 4), int(index.slug_rank[cand[p]])))
    requested = spec.requested()
    results: list[MatchResult] = []
    for pos in order:
        i = int(cand[pos])
        a = index.artifacts[i]
        offer = _offer_view(index, int(scores.offer[pos]))
        matched = index.matched_uris(i, requested)
        stats = learned.get(a.slug, {})
        reasons = build_reasons(index, i, offer=offer, kind=spec.price_kind, hard=spec.hard,
                                soft=list(spec.soft),
                                quality_caps=scores.quality_caps if "quality" in scores.weights else [],
                                learned={u: stats[u] for u in matched if u in stats}, soft_text=need.soft_text)
        reasons.append(_decided_by(scores, int(pos)))
        results.append(MatchResult(
            position=i, slug=a.slug, name=a.name, score=round(float(scores.total[pos]), 4),
            components=component_dict(scores, int(pos)), reasons=reasons, capabilities=sorted(a.capabilities),
            matched=matched, prices=_prices(offer), sources=list({(s["source"], s["key"]): s for s in a.sources}
                                                                    .values()),
        ))
    shown = len(results)
    explanation["message"] = (f"{len(cand)} of {index.n} artifacts meet every hard constraint; showing the top "
                              f"{shown}, ranked by {_weights_in_words(scores.weights)}.")
    return MatchOutcome(need, results, retrieved, explanation, spec)
