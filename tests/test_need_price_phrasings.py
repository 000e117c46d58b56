"""Price bounds as strangers write them, in a sentence of need, in many languages.

Each case is (language, need, the one price field it must bound or None, its value in USD). A case with no
field must bound no price at all; one marked ``NOTE`` must also say in a note why an amount it names is not a
filter. The classes: a budget over a period beside a volume over the same period ("600 a month, $12/month");
numbers in words and other scripts ("خمسة سنتات", "两毛", "a buck fifty", "dos dólares", "٣"); whole items of
a length written as one word ("пятисекундный ролик", "10-Sekunden-Clip"); a per-million amount whose unit is
named before it ("per-character pricing, $15 a million"); chat and forum spellings ("2 cts", "USD 0.5",
"$0,50", "between 1 and 2 cents"); and needs whose numbers are no USD price (a subscription, a salary, other
currencies, years, model names, context sizes).

``DEV`` is the list the rules were changed against. ``HELDOUT`` was written at the same time and run only
before and after the change; its cases the rules still read wrong are marked ``xfail`` with the reason.
"""

from __future__ import annotations

import math

import pytest

from matchgraph.match.need_parser import parse_need

NOTE = "note"  # no filter, and a note says why the amount named is not one

DEV = [
    # a budget over a period beside a volume over the same period
    ("en", "Looking for an image generator for my shop. I'll need about 600 a month and my total budget is "
           "$12/month", "max_per_image", 0.02),
    ("en", "need a model to generate 200 thumbnails a week, $10 a week max", "max_per_image", 0.05),
    ("en", "text to image API, we make ~1500 renders per month, can spend $30 a month", "max_per_image", 0.02),
    ("en", "transcription for our call center: roughly 100 hours of calls per month, budget $36/month",
     "max_per_second", 0.0001),
    ("en", "transcribe about 500 calls a month, budget $20 a month", None, NOTE),
    ("en", "video generator, around 40 clips a month, budget is $20 monthly", None, NOTE),
    ("en", "TTS, roughly 2 million characters a month, budget $30 per month", "max_per_character", 1.5e-05),
    ("de", "Bildgenerator für Produktfotos: ca. 250 pro Woche, maximal 5 Dollar pro Woche", "max_per_image", 0.02),
    ("es", "Necesito generar imágenes para redes, unas 300 al mes, con un presupuesto mensual de 9 dólares",
     "max_per_image", 0.03),
    ("pt", "Quero gerar umas 600 artes por mês pro Instagram, orçamento mensal de 12 dólares", "max_per_image", 0.02),
    ("fr", "Je veux générer des images pour mon blog, environ 120 par mois, budget de 6 dollars par mois",
     "max_per_image", 0.05),
    ("nl", "afbeeldingen genereren voor mijn webshop, zo'n 800 per maand, budget 16 dollar per maand",
     "max_per_image", 0.02),
    ("ru", "нужно генерировать картинки для магазина, штук 500 в месяц, бюджет 10 долларов в месяц",
     "max_per_image", 0.02),
    ("tr", "görsel oluşturmak istiyorum, ayda 400 tane, aylık bütçem 8 dolar", "max_per_image", 0.02),
    ("zh", "做电商主图，每周200个左右，每周预算10美元，用图片生成模型", "max_per_image", 0.05),
    ("ko", "이미지 생성, 한 달에 500개 정도 만들고 월 예산은 10달러", "max_per_image", 0.02),
    ("id", "butuh generator gambar, sekitar 1000 per bulan, budget 20 dolar per bulan", "max_per_image", 0.02),
    ("cs", "potřebuji generovat obrázky, asi 400 měsíčně, rozpočet 8 dolarů měsíčně", "max_per_image", 0.02),
    ("en", "I transcribe 200 hours a month, budget $50 a year", None, NOTE),
    ("es", "generar videos, unos 50 al mes, presupuesto 25 dólares al mes", None, NOTE),
    # numbers in words and in other scripts
    ("ar", "أريد نموذج لتوليد الصور بسعر لا يزيد عن خمسة سنتات للصورة", "max_per_image", 0.05),
    ("ar", "أحتاج توليد صور بسعر ٣ سنتات للصورة كحد أقصى", "max_per_image", 0.03),
    ("zh", "生成图片，每张不超过两毛钱美金", "max_per_image", 0.2),
    ("zh", "语音转文字，每分钟五分钱美元以内", "max_per_second", 0.000833333),
    ("zh", "OCR每页不超过一分钱美元", "max_per_page", 0.01),
    ("zh", "文生图，每张图片０．０３美元以内", "max_per_image", 0.03),
    ("ja", "画像を作りたい。１枚あたり３セントまで", "max_per_image", 0.03),
    ("ko", "이미지 생성 모델, 장당 5센트 이하", "max_per_image", 0.05),
    ("hi", "तस्वीरें बनानी हैं, प्रति तस्वीर पाँच सेंट से कम", "max_per_image", 0.05),
    ("th", "สร้างรูปภาพ ราคาไม่เกินห้าเซ็นต์ต่อภาพ", "max_per_image", 0.05),
    ("he", "מודל ליצירת תמונות, עד חמישה סנט לתמונה", "max_per_image", 0.05),
    ("en", "image generator, half a cent per image at most", "max_per_image", 0.005),
    ("en", "video gen, a buck fifty per 10-second clip tops", "max_per_second", 0.15),
    ("en", "transcription for two bucks an hour max", "max_per_second", 0.000555556),
    ("es", "generador de imágenes que no pase de dos centavos por imagen", "max_per_image", 0.02),
    ("es", "quiero texto a voz por dos dólares el millón de caracteres como máximo", "max_per_character", 2e-06),
    ("de", "Bilder generieren, zwei Cent pro Bild maximal", "max_per_image", 0.02),
    ("fr", "générer des images à deux centimes l'image maximum", "max_per_image", 0.02),
    ("pl", "generowanie obrazów, maks. trzy centy za obraz", "max_per_image", 0.03),
    ("it", "trascrizione a non più di tre centesimi al minuto", "max_per_second", 0.0005),
    ("pt", "gerar imagens por no máximo cinco centavos cada", "max_per_image", 0.05),
    ("ru", "генерация картинок, не дороже пяти центов за картинку", "max_per_image", 0.05),
    ("tr", "görsel üretimi, görsel başı en fazla beş sent", "max_per_image", 0.05),
    ("sv", "generera bilder för högst två cent per bild", "max_per_image", 0.02),
    ("id", "buat gambar, maksimal lima sen per gambar", "max_per_image", 0.05),
    ("ar", "أحتاج نموذج OCR بسعر لا يتجاوز سنتين للصفحة", "max_per_page", 0.02),
    ("en", "an image generator for under a nickel a picture", "max_per_image", 0.05),
    ("uk", "генерація зображень, не більше трьох центів за зображення", "max_per_image", 0.03),
    # an item of a stated length written as one word
    ("ru", "генерация видео, не дороже доллара за пятисекундный ролик", "max_per_second", 0.2),
    ("de", "Videogenerierung, höchstens 1,50 Dollar pro 10-Sekunden-Clip", "max_per_second", 0.15),
    ("en", "video model, $0.40 per 8s clip max", "max_per_second", 0.05),
    ("en", "video generation: 10s clips, no more than 80 cents each", "max_per_second", 0.08),
    ("zh", "视频生成，一段10秒的视频不超过1美元", "max_per_second", 0.1),
    ("ko", "영상 생성, 5초짜리 영상 하나에 50센트 이하", "max_per_second", 0.1),
    ("pt", "gerar vídeo, até 1 dólar por clipe de 5 segundos", "max_per_second", 0.2),
    ("pl", "generowanie wideo, maks. 2 dolary za 10-sekundowy klip", "max_per_second", 0.2),
    ("tr", "video üretimi, 10 saniyelik video başına en fazla 1 dolar", "max_per_second", 0.1),
    ("de", "Werbespots als Video erzeugen, ein 30-Sekunden-Spot höchstens 3 Dollar", "max_per_second", 0.1),
    ("en", "AI video, a buck per five-second clip", "max_per_second", 0.2),
    ("uk", "генерація відео, не більше долара за п'ятисекундний ролик", "max_per_second", 0.2),
    # a per-million amount whose unit is named before it
    ("es", "Precio por carácter: busco TTS barato, siempre que el millón me salga en 16 dólares", "max_per_character",
     1.6e-05),
    ("en", "per-character pricing, $15 a million", "max_per_character", 1.5e-05),
    ("de", "Sprachsynthese, Abrechnung pro Zeichen: maximal 12 Dollar pro Million", "max_per_character", 1.2e-05),
    ("pt", "TTS cobrado por caractere, no máximo 10 dólares o milhão", "max_per_character", 1e-05),
    ("ru", "синтез речи, оплата за символы, не дороже 15 долларов за миллион", "max_per_character", 1.5e-05),
    ("en", "search API priced per query, $5 per thousand max", "max_per_query", 0.005),
    ("ja", "音声合成は文字数課金で、100万あたり16ドルまで", "max_per_character", 1.6e-05),
    ("en", "embedding model, $0.02 per million", "max_input_per_mtok", 0.02),
    # chat and forum spellings
    ("en", "cheap img gen pls, <3c per image", "max_per_image", 0.03),
    ("en", "need an image model, 2 cts per image", "max_per_image", 0.02),
    ("en", "image generation at USD 0.5 per image max", "max_per_image", 0.5),
    ("en", "transcription for $0,50 per hour", "max_per_second", 0.000138889),
    ("en", "image gen, between 1 and 2 cents per image", "max_per_image", 0.02),
    ("en", "tts, 10 bucks per 1M chars tops", "max_per_character", 1e-05),
    ("en", "transcribe podcasts for less then a cent a minute", "max_per_second", 0.000166667),
    ("en", "Speech to text under US$0.006/min", "max_per_second", 0.0001),
    ("en", "between $1 and $2 per million output tokens", "max_output_per_mtok", 2.0),
    ("en", "at most a dime per picture", "max_per_image", 0.1),
    ("de", "OCR für max. 1,5 $ pro 1k Seiten", "max_per_page", 0.0015),
    ("es", "OCR a US$ 2 por mil páginas", "max_per_page", 0.002),
    ("fr", "OCR à 0,5 USD les 1000 pages max", "max_per_page", 0.0005),
    ("nl", "plaatjes genereren voor max 2 cent per stuk", "max_per_image", 0.02),
    ("ru", "распознавание речи, до $0.006 за минуту", "max_per_second", 0.0001),
    ("sv", "OCR för max 1 dollar per 1000 sidor", "max_per_page", 0.001),
    ("vi", "chuyển giọng nói thành văn bản, tối đa 0,01 USD mỗi phút", "max_per_second", 0.000166667),
    ("ja", "画像生成、1枚あたり0.04米ドル以下", "max_per_image", 0.04),
    ("en", "text-to-image, 0.5c/image", "max_per_image", 0.005),
    ("en", "2k images per month, total budget $40/mo, image generator", "max_per_image", 0.02),
    # numbers that are no USD price
    ("en", "ChatGPT Plus is $20 a month, I want something cheaper for coding", None, NOTE),
    ("pt", "gerar imagens por no máximo R$ 0,10 por imagem", None, NOTE),
    ("ja", "画像生成、1枚5円以下", None, None),
    ("en", "call me at +1 555 0100, need a transcription model", None, None),
    ("en", "something like gpt-4o-mini for summarizing, 128k context", None, None),
    ("ru", "ищу модель для генерации картинок, бюджет 500 рублей в месяц", None, None),
    ("zh", "图片生成，每张不超过0.2元人民币", None, None),
    ("en", "Midjourney costs $10/month, want an API alternative", None, NOTE),
    ("fr", "je paie 15 dollars par mois pour un abonnement, je veux générer des images", None, NOTE),
    ("en", "need gemini 1.5 pro or claude 3.5 sonnet for 200 page PDFs", None, None),
]

HELDOUT = [
    ("en", "image gen for memes, like 1k pics a month, budget 25 bucks a month", "max_per_image", 0.025),
    ("en", "speech synthesis for ~300 articles a month, $15/month total", None, NOTE),
    ("en", "video generator, around 40 clips of 5 seconds a month, budget $20 monthly", "max_per_second", 0.1),
    ("de", "Wir wollen Illustrationen erstellen lassen, so 1000 Stück im Monat, Budget 40 USD monatlich",
     "max_per_image", 0.04),
    ("es", "quiero crear miniaturas para YouTube, 100 por semana, máximo 4 dólares a la semana", "max_per_image", 0.04),
    ("pt", "preciso criar imagens, tipo 2 mil por mês, e posso gastar 40 dólares por mês", "max_per_image", 0.02),
    ("it", "devo generare immagini per il sito, circa 500 al mese, budget 10 dollari al mese", "max_per_image", 0.02),
    ("pl", "Potrzebuję generować obrazy, ok. 300 miesięcznie, budżet 6 dolarów miesięcznie", "max_per_image", 0.02),
    ("uk", "генерувати зображення, приблизно 200 на тиждень, бюджет 4 долари на тиждень", "max_per_image", 0.02),
    ("zh", "需要生成图片，每月大概600张，每月预算12美元", "max_per_image", 0.02),
    ("ja", "画像生成で月に300枚くらい、月の予算は9ドル", "max_per_image", 0.03),
    ("sv", "vill skapa bilder, ungefär 300 i månaden, budget 6 dollar i månaden", "max_per_image", 0.02),
    ("vi", "cần tạo ảnh, khoảng 500 tấm mỗi tháng, ngân sách 10 đô mỗi tháng", "max_per_image", 0.02),
    ("de", "Text-zu-Sprache für etwa 100 Hörbücher im Monat, Budget 50 Dollar im Monat", None, NOTE),
    # numbers in words and in other scripts
    ("ar", "نموذج تحويل الكلام إلى نص بسعر أقل من سنت واحد للدقيقة", "max_per_second", 0.000166667),
    ("zh", "图片生成，每张两毛美元以内", "max_per_image", 0.2),
    ("zh", "找个画图模型，一张图最多五美分", "max_per_image", 0.05),
    ("zh", "每张图片最多三毛美元，要生成图片", "max_per_image", 0.3),
    ("ja", "画像生成AI、1枚5セント以下で", "max_per_image", 0.05),
    ("ja", "文字起こし、1分あたり五セント以下", "max_per_second", 0.000833333),
    ("ko", "이미지 생성, 장당 삼 센트 이하", "max_per_image", 0.03),
    ("hi", "ऑडियो ट्रांसक्रिप्शन, प्रति मिनट दो सेंट से ज़्यादा नहीं", "max_per_second", 0.000333333),
    ("hi", "तस्वीर बनाने वाला मॉडल, एक तस्वीर के लिए ३ सेंट तक", "max_per_image", 0.03),
    ("th", "ถอดเสียงเป็นข้อความ ไม่เกิน ๒ เซ็นต์ต่อนาที", "max_per_second", 0.000333333),
    ("he", "תמלול אודיו, לא יותר משני סנט לדקה", "max_per_second", 0.000333333),
    ("fa", "مدل تولید تصویر با قیمت حداکثر ۴ سنت برای هر تصویر", "max_per_image", 0.04),
    ("en", "I want an image API that charges a quarter per picture or less", "max_per_image", 0.25),
    ("en", "need TTS for no more than two dollars per million characters", "max_per_character", 2e-06),
    ("es", "transcripción por menos de cinco centavos de dólar por minuto", "max_per_second", 0.000833333),
    ("de", "Transkription für höchstens drei Cent pro Minute", "max_per_second", 0.0005),
    ("fr", "transcription audio, pas plus de trois centimes par minute", "max_per_second", 0.0005),
    ("pl", "transkrypcja za najwyżej dwa centy za minutę", "max_per_second", 0.000333333),
    ("it", "generare immagini a due centesimi l'una al massimo", "max_per_image", 0.02),
    ("pt", "transcrição por dois centavos de dólar o minuto, no máximo", "max_per_second", 0.000333333),
    ("nl", "afbeeldingen genereren voor maximaal twee cent per afbeelding", "max_per_image", 0.02),
    ("ru", "расшифровка аудио максимум два цента за минуту", "max_per_second", 0.000333333),
    ("cs", "generování obrázků, maximálně dva centy za obrázek", "max_per_image", 0.02),
    ("vi", "tạo ảnh, tối đa năm xu mỗi ảnh", "max_per_image", 0.05),
    ("en", "image model, 1/2 cent per pic max", "max_per_image", 0.005),
    # an item of a stated length written as one word
    ("ru", "нужна модель для видео: за десятисекундный ролик максимум 2 доллара", "max_per_second", 0.2),
    ("de", "Video-KI gesucht, ein 5-Sekunden-Video darf max. 50 Cent kosten", "max_per_second", 0.1),
    ("en", "text to video, I'd pay up to $1 for a 4-sec clip", "max_per_second", 0.25),
    ("zh", "生成短视频，每个5秒的视频最多0.5美元", "max_per_second", 0.1),
    ("ja", "動画生成、10秒の動画1本で1ドル以下", "max_per_second", 0.1),
    ("es", "generar vídeos, máximo 2 dólares por un clip de diez segundos", "max_per_second", 0.2),
    ("fr", "génération vidéo, 3 dollars max pour une vidéo de 15 secondes", "max_per_second", 0.2),
    ("it", "generazione video, al massimo 1 dollaro per un clip da 5 secondi", "max_per_second", 0.2),
    ("nl", "video genereren, max 1 dollar per filmpje van 5 seconden", "max_per_second", 0.2),
    ("sv", "videogenerering, högst 2 dollar per 10-sekundersklipp", "max_per_second", 0.2),
    # a per-million amount whose unit is named before it
    ("en", "TTS billed by character, I can do $20 per million at most", "max_per_character", 2e-05),
    ("fr", "synthèse vocale facturée au caractère, 20 dollars le million maximum", "max_per_character", 2e-05),
    ("zh", "语音合成按字符计费，每百万不超过15美元", "max_per_character", 1.5e-05),
    ("it", "sintesi vocale a carattere, massimo 18 dollari al milione", "max_per_character", 1.8e-05),
    ("en", "page-priced OCR, $1.50 per thousand", "max_per_page", 0.0015),
    ("en", "characters: 16 bucks per mil max, need a TTS voice", "max_per_character", 1.6e-05),
    # chat and forum spellings
    ("en", "OCR at 0.5 USD per 1k pages", "max_per_page", 0.0005),
    ("en", "looking for an image gen under 3¢/img", "max_per_image", 0.03),
    ("en", "search api, 3 usd / 1k queries", "max_per_query", 0.003),
    ("en", "image generator that costs like 2c a pic", "max_per_image", 0.02),
    ("en", "we pay $4 for 1k searches max, need web search api", "max_per_query", 0.004),
    ("en", "llm for chat, max 30c per mil tokens", "max_input_per_mtok", 0.3),
    ("de", "Bildgenerator bis 0,03 USD pro Bild", "max_per_image", 0.03),
    ("es", "generar imágenes entre 1 y 3 centavos cada una", "max_per_image", 0.03),
    ("pt", "transcrição a US$ 0,006 o minuto", "max_per_second", 0.0001),
    ("it", "generare immagini a max 0.04$ a immagine", "max_per_image", 0.04),
    ("pl", "OCR, max 2 USD za 1000 stron", "max_per_page", 0.002),
    ("tr", "görsel üretimi için görsel başına 0,04 USD'den fazla olmasın", "max_per_image", 0.04),
    ("cs", "OCR do 2 USD za 1000 stran", "max_per_page", 0.002),
    ("id", "transkripsi maksimal $0.01 per menit", "max_per_second", 0.000166667),
    ("ko", "OCR 페이지당 0.002달러 이하", "max_per_page", 0.002),
    ("hi", "image generation, per image 2 cent se kam", "max_per_image", 0.02),
    # numbers that are no USD price
    ("en", "I'm a developer earning $5000 a month, need a coding assistant", None, NOTE),
    ("de", "Bildgenerator, maximal 0,03 € pro Bild", None, NOTE),
    ("hi", "इमेज जनरेशन, प्रति इमेज 2 रुपये से कम", None, None),
    ("en", "best image model of 2025 for product shots", None, None),
    ("en", "chat model with 128k context and 4k output", None, None),
    ("en", "OCR for 3000 pages a month", None, None),
    ("en", "image gen, budget £10 a month for 500 images", None, NOTE),
    ("ko", "이미지 생성 장당 50원 이하", None, None),
    ("tr", "görsel başına en fazla 1 lira", None, None),
    ("de", "Transkription, ca. 50 Stunden im Monat", None, None),
    ("en", "Running llama 3.1 8b locally on a 3090 with 24GB", None, None),
]

# Held-out cases the rules still read wrong (reason), filled in after the held-out list was run once.
HELDOUT_KNOWN_WRONG: dict[str, str] = {
    "video generator, around 40 clips of 5 seconds a month, budget $20 monthly":
        "the total-budget reader takes '5 seconds' (the clip length) as the quantity of work: 4.0 per second",
    "نموذج تحويل الكلام إلى نص بسعر أقل من سنت واحد للدقيقة":
        "a number word after the cent word ('سنت واحد', one cent) is not read",
    "generování obrázků, maximálně dva centy za obrázek": "'obrázek' is not among the image unit words",
    "generar vídeos, máximo 2 dólares por un clip de diez segundos":
        "a length in a Spanish number word ('diez segundos') is not read; 'segundos' is taken as the unit",
    "generazione video, al massimo 1 dollaro per un clip da 5 secondi": "'clip da 5 secondi' ('da') is no length form",
    "video genereren, max 1 dollar per filmpje van 5 seconden":
        "the Dutch 'seconden' is not among the length words of an item",
    "videogenerering, högst 2 dollar per 10-sekundersklipp": "the Swedish compound 'sekundersklipp' is not read",
    "sintesi vocale a carattere, massimo 18 dollari al milione":
        "'a carattere' (singular 'carattere') is not among the character unit words",
    "characters: 16 bucks per mil max, need a TTS voice":
        "'mil' is read as a thousand (as in Spanish and Portuguese), not as English slang for a million",
}


def _price_bounds(need: str) -> dict[str, float]:
    return {k: v for k, v in parse_need(need).constraints.to_dict().items() if k.startswith("max_") and v is not None}


def _check(need: str, field: str | None, value: float | str | None) -> None:
    bounds = _price_bounds(need)
    if field is None:
        assert bounds == {}, (need, bounds)
        if value == NOTE:
            notes = parse_need(need).notes
            assert any("filter" in n or "not converted" in n for n in notes), (need, notes)
        return
    got = bounds.get(field)
    assert got is not None and math.isclose(got, float(value), rel_tol=0.01), (need, bounds)
    assert set(bounds) == {field}, (need, bounds)


@pytest.mark.parametrize(("lang", "need", "field", "value"), DEV, ids=[f"dev-{c[0]}-{i}" for i, c in enumerate(DEV)])
def test_a_price_as_people_write_it(lang: str, need: str, field: str | None, value: float | str | None) -> None:
    _check(need, field, value)


@pytest.mark.parametrize(("lang", "need", "field", "value"), [
    pytest.param(*c, marks=pytest.mark.xfail(reason=HELDOUT_KNOWN_WRONG[c[1]], strict=False))
    if c[1] in HELDOUT_KNOWN_WRONG else c for c in HELDOUT], ids=[f"heldout-{c[0]}-{i}" for i, c in enumerate(HELDOUT)])
def test_a_held_out_price_as_people_write_it(lang: str, need: str, field: str | None,
                                             value: float | str | None) -> None:
    _check(need, field, value)


def test_the_cases_cover_enough_languages() -> None:
    assert len(DEV) + len(HELDOUT) >= 160
    assert len({c[0] for c in DEV + HELDOUT}) >= 16
