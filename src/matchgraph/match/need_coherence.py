"""What one reading of a need implies for another, said in the need's notes.

The readers each read their own words; some pairs of readings only make sense together. An embedding
of "product photos and their descriptions" is an embedding of pictures, so a multimodal one, not a text
embedding plus image understanding (no model is both). A moderation model for "uploaded photos" must
take images in. The pictures are found by the situation cue words (:mod:`matchgraph.match.situations`),
which cover the languages the task readers do.
"""

from __future__ import annotations

from matchgraph.match.need_state import ParseState
from matchgraph.match.situations import cues_in

_P = "capability://"
_MULTIMODAL = _P + "embeddings.multimodal"
_TEXT_EMBEDDING = _P + "embeddings.text"
_SEE = _P + "vision.image-understanding"
_MODERATION = _P + "safety.moderation"


def _picture_word(st: ParseState) -> str | None:
    """A word for a picture in the need, unless the need says pictures are not needed."""
    if any(u.startswith((_P + "vision.", _MULTIMODAL)) for u in st.not_needed):
        return None
    return cues_in(st.text).get("image")


def read_implied(st: ParseState) -> None:
    """Make the readings agree: pictures with an embedding, pictures with moderation."""
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
