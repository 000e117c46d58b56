"""What one reading of a need implies for another, said in the need's notes.

The readers each read their own words; some pairs of readings only make sense together. An embedding
of "product photos and their descriptions" is an embedding of pictures, so a multimodal one, not a text
embedding plus image understanding (no model is both). A moderation model for "uploaded photos" must
take images in. The pictures are found by the situation cue words (:mod:`matchgraph.match.situations`),
which cover the languages the task readers do.
"""

from __future__ import annotations

import re
from itertools import islice

from matchgraph.match.need_state import MAX_HITS, ParseState
from matchgraph.match.situations import cues_in, kind_spans

_P = "capability://"
_MULTIMODAL = _P + "embeddings.multimodal"
_TEXT_EMBEDDING = _P + "embeddings.text"
_SEE = _P + "vision.image-understanding"
_MODERATION = _P + "safety.moderation"
_TEXT_TO_IMAGE = _P + "image.generation.text-to-image"
_TEXT_TO_VIDEO = _P + "video.generation.text-to-video"
_IMAGE_TO_VIDEO = _P + "video.generation.image-to-video"

# Words before a picture that make it what the work starts from: "from my cat pics", "turn a sketch into",
# "based on my selfie", "aus meinen Urlaubsfotos", "a partir de mis fotos", "à partir de mes photos".
# Prepositions that also mean "of" ("de", "di", "von") count only with a possessive: "de mis fotos" is a
# source, "un montón de fotos" is not.
_OWN = (r"(?:my|our|his|her|their|these|this|those|the|a|an|meine[nmrs]?|unsere[nmrs]?|seine[nmrs]?|die|den|dem|"
        r"der|diese[nmrs]?|einem?|mis|mi|nuestr[oa]s?|tus?|est[oa]s|las|los|una?|mes|ma|mon|nos|notre|ces|les|"
        r"une?|minhas?|meus?|nossas?|nossos|est[ae]s|umas?|uns|as|os|mie|mia|miei|mio|nostr[eiao]|queste|"
        r"questi|le|la|i|gli|мои[хм]?|моей|моего|моих|наши[хм]?|нашей|этих|этой|mijn|onze|deze|het|een|moich|"
        r"moje|naszych|tych)")
_SOURCE_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:(?:from|using|use|off|based\s+on|out\s+of|turn|turns|turning|convert|converting|"
    r"transform|transforming|restyle|animate|aus|anhand|basierend\s+auf|ausgehend\s+von|a\s+partir\s+de|"
    r"desde|basad[oa]s?\s+en|usando|à\s+partir\s+de|partant\s+de|basée?s?\s+sur|baseado\s+em|com\s+base\s+em|"
    r"a\s+partire\s+da|partendo\s+da|basat[oa]\s+su|uit|op\s+basis\s+van|из|по|на\s+основе|z|ze|na\s+podstawie)"
    rf"(?:\s+{_OWN})?|(?:de|di|von|da|das|dos|dalle|dai|dagli|des)\s+{_OWN})\s+(?:[^\W\d_]+[\s-]+){{0,2}}$",
    re.IGNORECASE)
_SOURCE_AFTER_RE = re.compile(r"\s*(?:into|in\s+(?:an?\s+)?(?:video|clip|anime|cartoon)|を元に|をもとに|を入れて|"
                              r"を使って|から|を基に|로\s|으로\s|을\s?바탕으로|를\s?바탕으로)", re.IGNORECASE)
# A drawing is a picture to start from too: "turn a rough pencil sketch into", "aus meiner Skizze".
_DRAWING_RE = re.compile(r"(?<![^\W\d_])(?:sketch(?:es)?|drawings?|doodles?|skizze\w*|zeichnung\w*|boceto\w*|"
                         r"dibujo\w*|croquis|dessins?|esbo[çc]o\w*|desenhos?|schizz\w*|disegn\w*|набросок\w*|"
                         r"рисун\w*|eskiz\w*|szkic\w*|schets\w*)(?![^\W\d_])|スケッチ|ラフ画|草图|手绘|線画|스케치")
# Chinese puts the source after a verb of using: "用我的照片", "根据这张图片", "把照片".
_SOURCE_CJK_BEFORE_RE = re.compile(r"(?:用|根据|根據|基于|基於|把|将|將|拿)(?:我的|我们的|这张|這張|这些|這些)?\s*$")


def picture_word(text: str, not_needed: tuple[str, ...] | set[str] | frozenset[str] = ()) -> str | None:
    """A word for a picture in ``text``, unless the need says pictures are not needed."""
    if any(u.startswith((_P + "vision.", _MULTIMODAL)) for u in not_needed):
        return None
    return cues_in(text).get("image")


def _picture_word(st: ParseState) -> str | None:
    return picture_word(st.text, st.not_needed)


def _source_picture(st: ParseState) -> str | None:
    """A picture the need makes something from ("memes from my cat pics"), or None."""
    drawings = [(m.start(), m.end()) for m in islice(_DRAWING_RE.finditer(st.low), MAX_HITS)]
    for start, end in sorted(kind_spans(st.low, "image") + drawings):
        before = st.low[max(0, start - 60):start]
        if (_SOURCE_BEFORE_RE.search(before) or _SOURCE_CJK_BEFORE_RE.search(before[-8:])
                or _SOURCE_AFTER_RE.match(st.low, end)):
            return st.text[start:end]
    return None


def _read_source_picture(st: ParseState) -> None:
    """A picture or a video made from a picture takes the picture in; a video made from one is no picture."""
    making_image = _TEXT_TO_IMAGE in st.caps or "image" in st.outputs
    making_video = any(u.startswith(_P + "video.generation") for u in st.caps) or "video" in st.outputs
    if not (making_image or making_video) or "image" in st.inputs:
        return
    word = _source_picture(st)
    if word is None:
        return
    st.inputs.add("image")
    if making_video:
        # "画像を入れて動画にする": the picture goes in, the video comes out; no picture is made
        st.outputs.discard("image")
        st.caps.pop(_TEXT_TO_IMAGE, None)
        if (pos := st.caps.pop(_TEXT_TO_VIDEO, None)) is not None:
            st.caps.setdefault(_IMAGE_TO_VIDEO, pos)
        st.note(f"'{word}' is what the video is made from: image input")
    else:
        st.note(f"'{word}' is what the picture is made from: image input")


def read_implied(st: ParseState) -> None:
    """Make the readings agree: pictures with an embedding, pictures with moderation, a picture as source."""
    _read_source_picture(st)
    embedding = _TEXT_EMBEDDING in st.caps or _MULTIMODAL in st.caps or "embedding" in st.outputs
    moderation = _MODERATION in st.caps
    if not (embedding or moderation) or (embedding and _MULTIMODAL in st.caps and "image" in st.inputs):
        return
    word = _picture_word(st)
    if word is None:
        return
    pos = min(st.caps.get(_TEXT_EMBEDDING, len(st.text)), st.caps.get(_MODERATION, len(st.text)))
    st.inputs.add("image")
    if embedding:
        st.caps.pop(_TEXT_EMBEDDING, None)
        st.caps.pop(_SEE, None)
        st.caps.setdefault(_MULTIMODAL, pos)
        st.outputs.add("embedding")
        st.note(f"'{word}' with an embedding was read as a multimodal embedding (pictures and text in one "
                "space): capability://embeddings.multimodal, image input")
    else:
        st.note(f"'{word}' with moderation was read as moderating images: image input")
