"""What one reading implies for another: an embedding of pictures is a multimodal embedding; moderating
uploaded pictures takes images in. Written in several languages, as people ask."""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need

MULTIMODAL = "capability://embeddings.multimodal"
TEXT_EMBED = "capability://embeddings.text"
SEE = "capability://vision.image-understanding"
MODERATION = "capability://safety.moderation"


@pytest.mark.parametrize("text", [
    "embeddings that put product photos and their descriptions in the same vector space",
    "one embedding space for app screenshots and their captions",
    "Procuro um modelo de embeddings que aceite imagens e texto no mesmo espaço vetorial",
    "bhai koi embedding model batao jo image aur text dono handle kare",
    "Embedding-Modell für unsere Produktbilder, damit man per Text nach Bildern suchen kann",
    "un modelo de embeddings para buscar fotos de muebles por texto",
    "图片和文字放在同一个向量空间的embedding模型",
])
def test_an_embedding_of_pictures_is_multimodal(text: str) -> None:
    c = parse_need(text).constraints
    assert MULTIMODAL in c.capabilities
    assert TEXT_EMBED not in c.capabilities and SEE not in c.capabilities
    assert "image" in c.input_modalities and "embedding" in c.output_modalities


@pytest.mark.parametrize("text", [
    "text embeddings for our support tickets",
    "embedding model for 2 million pages of technical docs",
    "Embedding-Modell für deutsche Verträge, günstig",
])
def test_an_embedding_of_text_stays_text(text: str) -> None:
    c = parse_need(text).constraints
    assert MULTIMODAL not in c.capabilities
    assert "image" not in c.input_modalities


@pytest.mark.parametrize("text", [
    "does anything moderate images too, not just text? our discord bot needs to catch nsfw uploads",
    "kullanıcıların yüklediği fotoğrafları ve yorumları uygunsuz içerik için kontrol edecek bir moderasyon modeli",
    "moderation model for user uploaded photos",
])
def test_moderating_pictures_takes_images_in(text: str) -> None:
    c = parse_need(text).constraints
    assert MODERATION in c.capabilities
    assert "image" in c.input_modalities


def test_moderating_comments_takes_no_images() -> None:
    c = parse_need("moderation model for forum comments, cheap").constraints
    assert MODERATION in c.capabilities and "image" not in c.input_modalities


def test_the_reading_is_said() -> None:
    need = parse_need("embeddings that put product photos and their descriptions in the same vector space")
    assert any("multimodal" in u.meaning and "photos" in u.span.lower() for u in need.understood) or any(
        "multimodal" in n for n in need.notes)


@pytest.mark.parametrize("text", [
    "turn a rough pencil sketch into a polished illustration",
    "make memes from my cat pics lol",
    "generate a cartoon image based on my selfie",
    "Bildgenerator, der aus meinen Fotos vom Urlaub Comics macht",
    "quiero crear ilustraciones a partir de mis fotos",
    "créer des images à partir de mes photos",
    "gerar artes a partir das minhas fotos de produto",
    "自分の写真を元にイラストを作りたい",
])
def test_a_picture_made_from_a_picture_takes_it_in(text: str) -> None:
    c = parse_need(text).constraints
    assert "image" in c.output_modalities
    assert "image" in c.input_modalities


@pytest.mark.parametrize("text", [
    "自作漫画のコマから短いアニメ動画を作りたい。画像を入れて動画にするやつ",
    "quero fazer vídeos curtos a partir das minhas fotos",
    "make short videos from my product photos",
])
def test_a_video_made_from_pictures_takes_them_in(text: str) -> None:
    c = parse_need(text).constraints
    assert "video" in c.output_modalities and "image" in c.input_modalities
    assert "image" not in c.output_modalities
    assert "capability://image.generation.text-to-image" not in c.capabilities


@pytest.mark.parametrize("text", [
    "generate product images from text descriptions",
    "make 600 photos of cats for my blog",
    "quiero generar imágenes de gatos",
    "créer des images pour mon site",
])
def test_a_picture_made_from_words_takes_no_picture_in(text: str) -> None:
    c = parse_need(text).constraints
    assert "image" in c.output_modalities and "image" not in c.input_modalities



@pytest.mark.parametrize("text", ["una app de audiolibros para gente con baja visión, voz que suene humana",
                                  "text to speech for our low vision users",
                                  "leitor de tela para pessoas com baixa visão"])
def test_people_with_low_vision_ask_for_no_model_that_sees(text: str) -> None:
    c = parse_need(text).constraints
    assert SEE not in c.capabilities and "image" not in c.input_modalities
