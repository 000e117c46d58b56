"""Needs in languages the sentence encoder was not trained on, and grammar forms found in needs written by
people who had not seen the rules: each is read by the grammar alone (no catalog)."""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need


@pytest.mark.parametrize(("need", "field", "value"), [
    # Persian digits, dollar, "for each million token"
    ("یه مدل ارزون برای چت که قیمت ورودیش زیر ۰٫۲ دلار برای هر میلیون توکن باشه", "max_input_per_mtok", 0.2),
    # Korean ten-thousands (만) and token (토큰) per (당)
    ("입력 100만 토큰당 0.1달러 이하였으면 좋겠어요", "max_input_per_mtok", 0.1),
    # Hungarian dollars per picture
    ("Max 0,04 dollár/kép", "max_per_image", 0.04),
    # Turkish: "at most" between the unit and the amount
    ("milyon karakter başına en fazla 16 dolar", "max_per_character", 0.000016),
    # French: spaces group thousands, and "max" sits between the amount and its unit
    ("modèle d'embeddings, 0,02 $ max pour 1 000 000 de tokens", "max_input_per_mtok", 0.02),
    # an image edit is priced per picture
    ("edit product photos, about $0.01 per edit max", "max_per_image", 0.01),
    # a clip of a stated length priced whole
    ("video generation for ads, we make 8 second clips and can pay $0.50 per clip at most", "max_per_second",
     0.0625),
])
def test_prices(need: str, field: str, value: float) -> None:
    assert getattr(parse_need(need).constraints, field) == pytest.approx(value)


def test_a_clip_of_unknown_length_is_not_a_token_price() -> None:
    c = parse_need("text to video, $1 per clip").constraints
    assert c.max_input_per_mtok is None and c.max_per_second is None


@pytest.mark.parametrize(("need", "orgs"), [
    ("le meilleur modèle pour les maths, et pas chez OpenAI", ("openai",)),
    ("deve prendere il video in input e non deve essere di Google", ("google",)),
    ("Am nevoie de un model, fără Google sau OpenAI", ("google", "openai")),
    ("做客服机器人,就是别用Anthropic的", ("anthropic",)),
    ("OpenAI hariç bir model", ("openai",)),
    ("un modelo que no sea de OpenAI", ("openai",)),
    # the model noun between the refusal and the maker
    ("nur Text, schnell, und bitte kein Modell von Google", ("google",)),
    ("ningún modelo de OpenAI, por favor", ("openai",)),
])
def test_refused_organizations(need: str, orgs: tuple[str, ...]) -> None:
    c = parse_need(need).constraints
    assert c.exclude_organizations == orgs
    assert not c.include_organizations


def test_a_model_made_by_an_organization_is_still_included() -> None:
    assert parse_need("OpenAI的模型").constraints.include_organizations == ("openai",)


@pytest.mark.parametrize(("need", "cap"), [
    ("Tarvitsen reaaliaikaisen puhemallin asiakaspalveluun (puhe sisään, puhe ulos)", "audio.realtime"),
    ("Türkçe metinleri sese çeviren bir model lazım", "audio.speech-synthesis"),
    ("Melyik modell tud képet generálni?", "image.generation.text-to-image"),
    ("Vreau un model pentru generare de imagini", "image.generation.text-to-image"),
    ("مدلی برای تبدیل صدا به متن جلسات", "audio.transcription"),
    ("Tarvitsen mallin, joka litteroi haastattelut", "audio.transcription"),
])
def test_tasks(need: str, cap: str) -> None:
    assert "capability://" + cap in parse_need(need).constraints.capabilities


@pytest.mark.parametrize(("need", "free", "open_weights"), [
    ("نموذج مجاني ومفتوح المصدر للمحادثة باللغة العربية", True, True),
    ("কোডিং এর জন্য সবচেয়ে শক্তিশালী ওপেন-ওয়েট মডেল কোনটা?", None, True),
    ("ingyenes chatbot modell", True, None),
    ("yksi avoimen lähdekoodin malli", None, True),
    ("free-form text in, a summary out", None, None),
])
def test_free_and_open_weights(need: str, free: bool | None, open_weights: bool | None) -> None:
    c = parse_need(need).constraints
    assert (c.free, c.open_weights) == (free, open_weights)


def test_best_and_coding_in_bengali() -> None:
    n = parse_need("কোডিং এর জন্য সবচেয়ে শক্তিশালী ওপেন-ওয়েট মডেল কোনটা?")
    assert "capability://text.coding" in n.preferences
    assert any("asks for the best" in u.meaning for u in n.understood)


@pytest.mark.parametrize(("need", "free", "open_weights", "cheapest"), [
    ("moderation model, ideally free", None, None, True),
    ("embedding model, open weights would be nice", None, None, False),
    ("Türkçe embedding modeli lazım. Açık ağırlıklı olursa süper olur.", None, None, False),
    ("Potrzebuję czegoś, najlepiej za darmo albo prawie za darmo.", None, None, True),
    ("Có model nào không? Miễn phí càng tốt.", None, None, True),
    ("I need something free, self-hosted preferably", True, None, False),
    # stated plainly, they stay requirements
    ("free moderation endpoint, open weights only", True, True, False),
])
def test_a_wish_is_not_a_requirement(need: str, free: bool | None, open_weights: bool | None,
                                     cheapest: bool) -> None:
    n = parse_need(need)
    assert (n.constraints.free, n.constraints.open_weights, n.constraints.cheapest) == (free, open_weights, cheapest)
    if free is None and open_weights is None:
        assert any("nice to have" in note for note in n.notes)


def test_a_modality_named_with_its_side_in_romance_and_german() -> None:
    assert parse_need("deve prendere il video in input").constraints.input_modalities == ("video",)
    assert parse_need("acepta imágenes como entrada").constraints.input_modalities == ("image",)
    assert parse_need("mit Audio als Ausgabe").constraints.output_modalities == ("audio",)


def test_a_web_search_api_in_russian_slang_and_a_host_in_indonesian() -> None:
    assert "capability://retrieval.web-search-api" in parse_need(
        "посоветуйте апишку для поиска в интернете").constraints.capabilities
    assert parse_need("model open source yg bisa jalan di ollama").constraints.include_hosts == ("ollama",)


def test_hosts_named_before_only_and_a_chinese_output_ceiling() -> None:
    c = parse_need("want fast inference, groq or cerebras only, must do function calling").constraints
    assert c.include_hosts == ("groq", "cerebras")
    assert parse_need("OpenAI only").constraints.include_organizations == ("openai",)
    c = parse_need("输出每百万token别超过2美元").constraints
    assert c.max_output_per_mtok == pytest.approx(2.0) and c.max_input_per_mtok is None


@pytest.mark.parametrize("text", [
    "qual o modelo mais barato que aceita PDF direto e tem pelo menos 200 mil tokens de contexto?",
    "el más barato que lea PDF",
])
def test_the_cheapest_that_is_a_superlative_not_a_model_to_undercut(text: str) -> None:
    # After a definite article "más barato que" starts a relative clause: no model is named, the PDF is read.
    need = parse_need(text)
    assert need.cheaper_than is None
    assert need.constraints.cheapest
    assert "capability://vision.pdf" in need.constraints.capabilities


@pytest.mark.parametrize(("text", "name"), [
    ("um modelo mais barato que o claude haiku", "claude haiku"),
    ("algo más barato que GPT-4o para resumir", "gpt-4o"),
    ("etwas günstiger als der Whisper für Podcasts", "whisper"),
])
def test_cheaper_than_a_model_names_the_model_alone(text: str, name: str) -> None:
    assert parse_need(text).cheaper_than == name


@pytest.mark.parametrize(("text", "org"), [("du JSON propre, pas d'OpenAI svp", "openai"),
                                          ("je veux pas d’Anthropic", "anthropic")])
def test_an_elided_de_before_a_maker_still_excludes_it(text: str, org: str) -> None:
    assert parse_need(text).constraints.exclude_organizations == (org,)


@pytest.mark.parametrize("text", [
    "um modelo de embeddings que eu possa rodar no meu próprio servidor",
    "lo quiero correr en mi propia máquina",
    "ça doit tourner sur mon serveur",
    "muss auf unseren eigenen Servern laufen",
    "que rode em servidor próprio",
    "Det måste gå att köra på vår egen server",
    "het moet op onze eigen servers draaien",
    "musi działać na naszym własnym serwerze",
    "должно работать на нашем собственном сервере",
    "musí to běžet na vlastním serveru",
    "自社サーバーで動かしたい",
    "we need it on our own servers",
])
def test_running_on_ones_own_machine_asks_for_open_weights(text: str) -> None:
    assert parse_need(text).constraints.open_weights is True


@pytest.mark.parametrize("text", [
    "am besten im logischen Denken, gerne mit sichtbaren Denkschritten",
    "quiero ver la cadena de pensamiento del modelo",
    "un modèle qui montre ses étapes de raisonnement",
    "想要能展示思考过程的模型",
])
def test_visible_reasoning_steps_ask_for_extended_thinking(text: str) -> None:
    assert "capability://text.reasoning.extended-thinking" in parse_need(text).constraints.capabilities


@pytest.mark.parametrize("text", ["algo para moderar comentarios, gratis o casi gratis", "almost free ocr",
                                  "quase grátis"])
def test_almost_free_is_a_low_price_not_zero(text: str) -> None:
    need = parse_need(text)
    assert need.constraints.free is None and need.constraints.cheapest


@pytest.mark.parametrize("text", ["音声をテキストにするAPI、OpenAIとGoogle以外で", "不要OpenAI和Google的",
                                  "OpenAI와 Google 말고"])
def test_and_in_japanese_chinese_and_korean_joins_excluded_makers(text: str) -> None:
    assert set(parse_need(text).constraints.exclude_organizations) == {"openai", "google"}


@pytest.mark.parametrize("text", ["elevenlabs is too pricey lol", "das ist mir zu teuer", "es demasiado caro",
                                  "c'est trop cher", "太贵了"])
def test_too_expensive_asks_for_a_lower_price(text: str) -> None:
    assert parse_need(text).constraints.cheapest


def test_abbreviated_video_generation_is_read() -> None:
    need = parse_need("vid gen from a prompt, max 8 cents/sec")
    assert "capability://video.generation.text-to-video" in need.constraints.capabilities


@pytest.mark.parametrize(("text", "size"), [
    ("contesto da almeno 500 mila token", 500_000), ("kontekstem 128 tys. tokenów", 128_000),
    ("百万上下文", 1_000_000), ("en az 64 bin token bağlamı", 64_000), ("سياق 128 ألف", 128_000),
    ("mujhe 1 million context wala model chahiye", 1_000_000),
])
def test_context_sizes_in_more_forms(text: str, size: int) -> None:
    assert parse_need(text).constraints.min_context == size


@pytest.mark.parametrize("text", ["不需要看图，只要长文本", "no necesito que entienda imágenes, solo texto largo",
                                  "pas besoin de comprendre les images"])
def test_a_task_said_not_needed_before_it_is_not_asked(text: str) -> None:
    need = parse_need(text)
    assert "capability://vision.image-understanding" in need.not_needed
    assert "capability://vision.image-understanding" not in need.constraints.capabilities


@pytest.mark.parametrize(("text", "org"), [("מודל שממיר טקסט לדיבור, לא של גוגל", "google"),
                                          ("нужна нейронка, не от гугла", "google"),
                                          ("mujhe model chahiye, openai ka nahi", "openai")])
def test_makers_excluded_in_other_scripts_and_hinglish(text: str, org: str) -> None:
    assert parse_need(text).constraints.exclude_organizations == (org,)


@pytest.mark.parametrize(("text", "uri"), [
    ("un modèle dispo sur Bedrock avec la recherche web intégrée", "capability://tools.web-search"),
    ("Kendi içinde web araması yapabilen bir model, ayrı bir arama API'si kurmak istemiyorum",
     "capability://tools.web-search"),
    ("API de busca na web para um agente", "capability://retrieval.web-search-api"),
    ("做个AI搜索产品，需要联网搜索的API", "capability://retrieval.web-search-api"),
    ("Modell mit Bildverständnis", "capability://vision.image-understanding"),
    ("أحتاج نموذج يفهم الصور ويدعم استدعاء الدوال", "capability://tools.function-calling"),
    ("model z obsługą narzędzi", "capability://tools.function-calling"),
])
def test_tasks_named_in_more_languages(text: str, uri: str) -> None:
    assert uri in parse_need(text).constraints.capabilities


def test_a_search_api_said_not_wanted_is_not_asked() -> None:
    need = parse_need("web araması yapabilen bir model, ayrı bir arama API'si kurmak istemiyorum")
    assert need.constraints.capabilities == ("capability://tools.web-search",)


@pytest.mark.parametrize(("text", "field", "value"), [
    ("وبسعر أقل من دولار لكل مليون توكن", "max_input_per_mtok", 1.0),
    ("每千次查詢 8 美元以內就可以", "max_per_query", 0.008),
])
def test_prices_in_more_forms(text: str, field: str, value: float) -> None:
    assert getattr(parse_need(text).constraints, field) == pytest.approx(value)


@pytest.mark.parametrize(("text", "org"), [("quel modèle est le meilleur en code ? hors OpenAI", "openai"),
                                          ("n'importe lequel en dehors de Google", "google")])
def test_french_hors_excludes(text: str, org: str) -> None:
    assert parse_need(text).constraints.exclude_organizations == (org,)


def test_italian_open_weights() -> None:
    assert parse_need("il modello più forte per la programmazione con pesi aperti").constraints.open_weights is True


@pytest.mark.parametrize(("text", "uri"), [
    ("Non mi serve che legga immagini né PDF, solo testo", "capability://vision.pdf"),
    ("No quiero que genere imágenes, solo que describa las fotos", "capability://image.generation.text-to-image"),
    ("ich brauche keine Bilder zu erzeugen, nur Texte", "capability://image.generation.text-to-image"),
    ("não preciso que leia PDF", "capability://vision.pdf"),
])
def test_not_needed_said_a_few_words_before_what_is_not_needed(text: str, uri: str) -> None:
    need = parse_need(text)
    assert uri in need.not_needed and uri not in need.constraints.capabilities


def test_a_turn_to_what_is_needed_ends_the_refusal() -> None:
    need = parse_need("no quiero pagar mucho pero necesito leer PDF")
    assert "capability://vision.pdf" in need.constraints.capabilities


@pytest.mark.parametrize("text", ["Pas besoin que ce soit open source, on veut des vidéos",
                                  "no necesito que sea open source"])
def test_open_weights_said_not_needed_is_no_filter(text: str) -> None:
    assert parse_need(text).constraints.open_weights is not True


@pytest.mark.parametrize("text", ["el audio de pacientes no puede salir de nuestros servidores",
                                  "the recordings cannot leave our servers",
                                  "les données ne doivent pas sortir de nos serveurs",
                                  "os dados não podem sair dos nossos servidores"])
def test_data_that_may_not_leave_ones_servers_asks_for_open_weights(text: str) -> None:
    assert parse_need(text).constraints.open_weights is True


@pytest.mark.parametrize(("text", "field", "value"), [
    ("ocr facturas escaneadas max $1 x 1000 pags", "max_per_page", 0.001),
])
def test_shorthand_per_and_page(text: str, field: str, value: float) -> None:
    assert getattr(parse_need(text).constraints, field) == pytest.approx(value)


def test_portuguese_pra_joins_a_conversion() -> None:
    c = parse_need("qual o melhor modelo de texto pra imagem hoje?").constraints
    assert "capability://image.generation.text-to-image" in c.capabilities and "image" in c.output_modalities


def test_an_arabic_host_after_on() -> None:
    assert parse_need("نموذج متاح على Bedrock فقط").constraints.include_hosts == ("bedrock",)
