"""Needs told as a situation: the task is implied by what should happen, not named."""

from __future__ import annotations

import pytest

from matchgraph.match.need_parser import parse_need
from matchgraph.match.situations import read_situation


@pytest.mark.parametrize(("text", "cap"), [
    ("Is there an AI that can literally move the mouse and click through the site for us?",
     "capability://tools.computer-use"),
    ("want a bot that checks messages for slurs, threats, sexual stuff before they go through",
     "capability://safety.moderation"),
    ("Il faudrait un truc qui reclasse les résultats pour mettre les plus pertinents en haut",
     "capability://retrieval.reranking"),
    ("我們診所想把醫師看診的錄音直接變成文字病歷", "capability://audio.transcription"),
    ("Chcę, żeby szukało po sensie, a nie po słowach", "capability://embeddings.text"),
    ("Mijn script moet een lijstje met links en snippets terugkrijgen", "capability://retrieval.web-search-api"),
    ("which AI makes the most believable footage from just a written description?",
     "capability://video.generation.text-to-video"),
    ("koi free wala AI hai jo aisi photo bana de?", "capability://image.generation.text-to-image"),
    ("cansei de gravar narração. qual IA tem a voz mais parecida com gente de verdade?",
     "capability://audio.speech-synthesis"),
    ("יש משהו שמייצר מוזיקה מתיאור במילים?", None),
])
def test_a_task_implied_by_the_situation(text: str, cap: str | None) -> None:
    c = parse_need(text).constraints
    if cap is None:  # music is steered to, not filtered on: its output is what is required
        assert "audio" in c.output_modalities
    else:
        assert cap in c.capabilities


@pytest.mark.parametrize("text", ["mod of a 40k member discord, need a moderation model",
                                  "we have ~60k scanned photos and nobody ever tagged them"])
def test_a_count_of_things_is_not_a_context_window(text: str) -> None:
    assert parse_need(text).constraints.min_context is None


def test_scanned_photos_are_not_documents_to_read_but_scanned_papers_are() -> None:
    assert "capability://vision.ocr" not in parse_need("~60k scanned photos to search").constraints.capabilities
    assert "capability://vision.ocr" in parse_need("ocr for scanned pdfs, cheap").constraints.capabilities


def test_a_budget_followed_by_what_it_buys() -> None:
    c = parse_need("paste a ~600k token monorepo; budget is $20 for about 400M input tokens this month").constraints
    assert c.max_input_per_mtok == 0.05


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Maximaal 5 dollar per 1000 zoekopdrachten.", "max_per_query", 0.005),
    ("Que no pase de 4 céntimos de dólar por foto.", "max_per_image", 0.04),
    ("Mehr als 1,5 US-Cent pro Seite will ich nicht zahlen.", "max_per_page", 0.015),
    ("Giá đầu ra dưới 0,5 đô cho 1 triệu token nhé.", "max_output_per_mtok", 0.5),
])
def test_more_price_words(text: str, field: str, value: float) -> None:
    assert getattr(parse_need(text).constraints, field) == value


def test_a_price_per_shot_of_a_stated_length_is_a_price_per_second() -> None:
    c = parse_need("AI video footage from a written description; shots are 5 seconds and I can pay $0.40 a shot "
                   "tops").constraints
    assert c.max_per_second == 0.08


def test_the_one_host_a_company_approved() -> None:
    assert parse_need("our company only approved Groq for API stuff").constraints.include_hosts == ("groq",)


def test_two_makers_compared_are_the_ones_asked_for() -> None:
    c = parse_need("Tra Claude e Gemini, quale sbaglia di meno?").constraints
    assert set(c.include_organizations) == {"anthropic", "google"}


def test_free_as_no_dealbreaker_is_a_wish() -> None:
    assert parse_need("moderation bot, free would be amazing but not a dealbreaker").constraints.free is not True


@pytest.mark.parametrize(("text", "cap"), [
    ("Quel modèle fait le moins d'erreurs pour passer des entrevues enregistrées à l'écrit?",
     "capability://audio.transcription"),
    ("Хочу щоб комп'ютер сам перетворював запис у текст", "capability://audio.transcription"),
    ("我阿嬤每天都傳一堆台語語音訊息給我，我聽不太懂，想把它們變成中文字慢慢看", "capability://audio.transcription"),
    ("our town library has 40 hours of council meeting recordings and wants them as searchable text",
     "capability://audio.transcription"),
    ("Queria tirá-los das fotos sem ter de aprender Photoshop", "capability://image.editing"),
    ("vreau ca clienții să poată încărca o poză cu ceva ce le place și să le găsesc produse asemănătoare",
     "capability://embeddings.multimodal"),
    ("אפשר שהבינה המלאכותית תיכנס לאתר בעצמה, תלחץ על הכפתורים ותמלא במקומי?", "capability://tools.computer-use"),
    ("욕이나 혐오 발언 들어간 건 사람이 안 보고 자동으로 걸러졌으면 좋겠어요", "capability://safety.moderation"),
    ("Existuje API s dávkovým zpracováním a slevou?", "capability://api.batch"),
    ("chcę, żeby model je obejrzał. Jest coś lepszego do oglądania filmów?", "capability://vision.video-understanding"),
    ("อยากได้ AI วาดรูปที่สวยที่สุดตอนนี้", "capability://image.generation.text-to-image"),
])
def test_more_tasks_implied_by_the_situation(text: str, cap: str) -> None:
    assert cap in parse_need(text).constraints.capabilities


def test_analysing_call_recordings_is_not_watching_videos() -> None:
    c = parse_need("Model do analizy nagrań rozmów, żeby rozumiał ton i emocje").constraints
    assert "capability://vision.video-understanding" not in c.capabilities


def test_cannot_use_a_maker_in_chinese_excludes_it() -> None:
    c = parse_need("现在写代码最强的模型是哪个？钱不是问题，但公司规定不能用 OpenAI 的").constraints
    assert c.exclude_organizations == ("openai",) and not c.include_organizations


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Servono almeno 500 mila token di contesto", "min_context", 500000),
    ("we can't go over $0.20 an hour of audio", "max_per_second", 0.0000555556),
])
def test_italian_thousands_and_a_refusal_to_go_over(text: str, field: str, value: float) -> None:
    assert getattr(parse_need(text).constraints, field) == pytest.approx(value, rel=1e-6)


@pytest.mark.parametrize(("text", "task"), [
    ("Für das Schultheater brauchen wir ein paar Sprecherstimmen für die Ansagen", "audio.speech-synthesis"),
    ("quiero algo que convierta el texto en una voz agradable para mi podcast", "audio.speech-synthesis"),
    ("chcę, żeby moje artykuły czytał ktoś naturalnym głosem", "audio.speech-synthesis"),
    ("mi serve una musichetta allegra per la pubblicità della pizzeria", "audio.music-generation"),
    ("Vi spelar in alla möten och vill skriva ut dem automatiskt", "audio.transcription"),
    ("İnstagram için görsel çıkaran bir yapay zeka arıyorum", "image.generation"),
    ("turn this photo of my dog into a short clip where he wags his tail", "video.generation.image-to-video"),
    # a call answered out loud at once is a live conversation, not a text read aloud
    ("un assistant qui décroche au téléphone et répond à voix haute tout de suite", "audio.realtime"),
    ("um bot no zap que responde áudio com áudio e fala de volta com o cliente", "audio.realtime"),
    ("blur the faces in these stills from our store camera", "image.editing"),
    ("Ich habe alte Kassetten von meinem Opa und will die Aufnahmen abtippen lassen", "audio.transcription"),
    ("quiero que una voz lea mis cuentos a los niños", "audio.speech-synthesis"),
    ("Kunderna ska kunna fota produkten och få veta vad den heter", "vision.image-understanding"),
    # the last part of a compound names the thing: "Hochzeitsfotos", "vakantiefoto's"
    ("Ich will aus unseren Hochzeitsfotos ein kurzes bewegtes Video machen", "video.generation.image-to-video"),
    ("maak van onze vakantiefoto's een filmpje", "video.generation.image-to-video"),
    ("kami selalu rekam rapat, pengennya dijadikan tulisan otomatis", "audio.transcription"),
    ("quiero que el fondo de las fotos de mis productos sea blanco", "image.editing"),
    ("我们店想给每个商品配图，但请不起摄影师，能直接生成吗", "image.generation"),
    ("on veut retrouver les articles qui traitent du même sujet, même si les mots sont différents", "embeddings"),
    ("find the tickets about the same topic even when they are worded differently", "embeddings"),
    ("we want to cluster the support tickets by what they are about", "embeddings"),
    ("kamera robi zdjęcia i chcemy wyłapywać rysy", "vision.image-understanding"),
    ("maç videolarını izleyip hataları not alıyorum", "vision.video-understanding"),
    ("電話口でお客様と話してくれるAI", "audio.realtime"),
    ("把商品图的背景换成纯白", "image.editing"),
    ("jeden Abend sprech ich aufs Handy, was los war, und das muss als Text ins Tagebuch", "audio.transcription"),
])
def test_more_situation_words(text: str, task: str) -> None:
    read = read_situation(text)
    assert read is not None and read.tasks == (task,), read


def test_a_chatbot_that_answers_customers_in_arabic_is_no_live_call() -> None:
    # "يرد على العملاء" (answers the customers) is said of any chatbot; it names no phone call
    read = read_situation("أريد روبوت دردشة يرد على العملاء في المتجر")
    assert read is None or "audio.realtime" not in read.tasks


@pytest.mark.parametrize("text", [
    "un bot que llame a nuestra API de pedidos",
    "un assistant qui appelle notre API de réservations",
    "ein Bot, der unsere Bestell-API aufruft",
    "um agente que chama uma API externa",
    "бот, который вызывает наш API заказов",
    "روبوت دردشة ويستدعي واجهة الطلبات",
    # looking things up through it
    "um bot que consulte o estoque pela nossa API",
    "un bot que revise los pedidos por nuestra API",
    "un assistant qui vérifie les commandes via notre API",
    "ein Bot, der über unsere Bestell-API nachschaut",
    "un bot che controlla gli ordini tramite la nostra API",
    "a bot that checks order status through our internal API",
])
def test_calling_ones_own_api_in_other_languages_asks_for_tool_calling(text: str) -> None:
    assert "capability://tools.function-calling" in parse_need(text).constraints.capabilities


def test_calling_a_providers_api_is_no_tool_calling() -> None:
    # "calling the OpenAI API is expensive" says how the person reaches a model, not that it calls tools
    assert "capability://tools.function-calling" not in parse_need(
        "llamar a la API de OpenAI es caro").constraints.capabilities


def test_reaching_a_model_through_an_api_gateway_is_no_tool_calling() -> None:
    assert "capability://tools.function-calling" not in parse_need(
        "we deploy every model through our api gateway").constraints.capabilities


def test_a_polish_price_apiece_in_the_genitive_plural() -> None:
    c = parse_need("Coś, co wygeneruje obrazek z opisu, do 3 centów za sztukę").constraints
    assert c.max_per_image == pytest.approx(0.03)


@pytest.mark.parametrize("text", [
    "the agent should hit the inventory endpoint and the pricing endpoint at the same time",
    "our bot has to call three tools at once, not one after the other",
    "der Agent soll mehrere APIs gleichzeitig abfragen",
    "el asistente tiene que llamar a varias herramientas al mismo tiempo",
    "エージェントが複数のツールを同時に呼び出せること",
])
def test_tools_called_at_the_same_time_ask_for_parallel_tool_calls(text: str) -> None:
    assert "capability://tools.function-calling.parallel" in parse_need(text).constraints.capabilities


def test_a_tool_and_another_task_at_the_same_time_are_no_parallel_calls() -> None:
    c = parse_need("I want to use tools and also generate images at the same time").constraints
    assert "capability://tools.function-calling.parallel" not in c.capabilities
    assert "image" in c.output_modalities


@pytest.mark.parametrize(("text", "host"), [
    ("quiero que el fondo quede blanco como en Amazon", None),
    ("a clean white background like on Amazon", None),
    ("I'd like it on Bedrock", "bedrock"),
])
def test_a_place_named_for_comparison_is_no_maker_or_host(text: str, host: str | None) -> None:
    c = parse_need(text).constraints
    assert not c.include_organizations
    assert c.include_hosts == ((host,) if host else ())


@pytest.mark.parametrize("text", ["Je cherche un modèle pour résumer nos comptes rendus",
                                  "Wir wollen Kundenbewertungen zusammenfassen lassen",
                                  "necesito resumir las reseñas de clientes", "会議の議事録を要約したい"])
def test_summarising_in_other_languages_is_a_summary_preference(text: str) -> None:
    assert "capability://text.summarization" in parse_need(text).preferences


@pytest.mark.parametrize("text", ["유튜브 영상들 자막 만들려고 해요", "quiero hacer subtítulos para mis videos"])
def test_making_subtitles_for_videos_makes_no_video(text: str) -> None:
    c = parse_need(text).constraints
    assert "video" not in c.output_modalities
    assert not any(u.startswith("capability://video.generation") for u in c.capabilities)


def test_subtitles_for_ones_videos_told_as_a_situation_are_speech_to_text() -> None:
    read = read_situation("유튜브에 올린 강의 영상들 자막이 필요해요")
    assert read is not None and "audio.transcription" in read.tasks
