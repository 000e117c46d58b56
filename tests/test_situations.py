"""Tasks told as situations: the cue words, how they match, and the tasks their combinations read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from match_helpers import has, index_for

from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex
from matchgraph.match.need_parser import parse_need
from matchgraph.match.semantic import TASKS
from matchgraph.match.situations import SITUATIONS, cues_in, lexicon, read_situation


def test_every_situation_names_a_task_and_known_cue_kinds() -> None:
    lex = lexicon()
    known = {k for ks in (*lex.words.values(), *lex.prefixes.values()) for k in ks} | {k for _, k in lex.anywhere}
    for task, combos in SITUATIONS.items():
        assert task in TASKS or task == "tools.computer-use", task
        for combo in combos:
            assert set(combo) <= known, (task, combo)


@pytest.mark.parametrize(("text", "kind", "word"), [
    ("two old photographs of my grandfather", "image", "photographs"),   # a stem written "photograph*"
    ("Fotografías antiguas", "image", "fotografías"),
    ("مرسلة بالصور", "image", None),                                     # Arabic clitics on the noun
    ("사진을 보내면", "image", "사진을"),                                   # a Korean particle on the noun
    ("拍了很多照片", "image", "照片"),                                      # no spaces: anywhere
])
def test_cue_words_match_inflected_and_unspaced_forms(text: str, kind: str, word: str | None) -> None:
    found = cues_in(text)
    assert kind in found, (text, found)
    if word is not None:
        assert found[kind] == word


def test_a_cue_word_does_not_match_inside_another_word() -> None:
    # "pic" is a cue; "picked" and "topic" are not pictures.
    assert "image" not in cues_in("I picked a topic")


@pytest.mark.parametrize(("text", "task"), [
    ("my grandma keeps sending voice messages and I would rather read them as text", "audio.transcription"),
    ("Ich will den Hintergrund auf meinen Fotos entfernen", "image.editing"),
    ("the comments under our videos are full of insults and racism", "safety.moderation"),
    ("我想把小票拍照，然后自动提取金额", "vision.ocr"),
])
def test_a_situation_reads_its_task(text: str, task: str) -> None:
    read = read_situation(text)
    assert read is not None and task in read.tasks, (text, read)


def test_nothing_is_read_from_words_of_one_kind_that_need_another() -> None:
    # A picture alone says nothing about what to do with it.
    assert read_situation("here is a photo of my cat") is None
    assert read_situation("") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_reads_as_a_situation_or_none(text: str) -> None:
    read = read_situation(text)
    assert read is None or (read.tasks and all(t in SITUATIONS for t in read.tasks))


@pytest.fixture(scope="module")
def ix(catalog_db: str) -> MatchIndex:
    return index_for(catalog_db)


def test_a_situation_becomes_the_task_filter_and_is_said(ix: MatchIndex) -> None:
    need = "Meine Oma schickt mir dauernd Sprachnachrichten und ich will die lieber als Text lesen"
    assert not parse_need(need).constraints.capabilities
    out = run_match(ix, need)
    assert len(out.results) >= 3
    assert all(has(ix, r.slug, "capability://audio.transcription") for r in out.results)
    assert any("the words" in n and "this is a filter" in n for n in out.need.notes)


def test_a_situation_never_overrides_a_task_the_rules_read(ix: MatchIndex) -> None:
    # "text to speech" is named; the recording and text words do not turn it into transcription.
    out = run_match(ix, "text to speech for the recordings of my podcast intro")
    assert all(has(ix, r.slug, "capability://audio.speech-synthesis") for r in out.results)


def test_a_sound_to_be_told_about_is_audio_understanding() -> None:
    """A recording plus "what is it" asks what is heard, not a transcript."""
    got = read_situation("I recorded the weird noise my car makes, can some AI listen to the audio file and "
                         "tell me what it is?")
    assert got is not None and got.tasks == ("audio.understanding",)
