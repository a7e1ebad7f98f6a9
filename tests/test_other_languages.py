"""Pages in languages other than English: the shape rules hold in scripts written without spaces
(Japanese, Chinese), and the word rules hold in every vocabulary language, not English alone."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html
from pipeline.extract.arbitrate import menu_like
from pipeline.extract.word_counts import CJK_CHARS_PER_WORD, ends_a_sentence, word_count

JAPANESE = (
    "花粉症は春になると多くの人を悩ませる病気で、くしゃみや鼻水、目のかゆみなどの症状が続きます。",
    "症状を和らげるためには、外出時にマスクを着用し、帰宅したら衣服についた花粉を払うことが大切です。",
    "薬を使う場合は、症状が出る前から飲み始めると効果が高いと言われているので、早めに医師に相談しましょう。",
    "また、室内の空気を清潔に保つために、空気清浄機を使ったり、こまめに掃除をしたりすることも役に立ちます。",
)


def _japanese_page(extra: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in JAPANESE)
    return (
        "<!doctype html><html lang='ja'><head><title>花粉症の対策 | 健康ブログ</title></head><body>"
        f"<article><h1>花粉症の対策</h1>{paragraphs}{extra}</article></body></html>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Plantar fasciitis is one of the most common causes of heel pain.",
        "Bluthochdruck ist eine der häufigsten Erkrankungen in Deutschland.",
        "고혈압은 흔한 질환이며 대부분의 사람들은 자신이 영향을 받는다는 것을 모릅니다.",  # Korean spaces its words
        "  ",
        "",
    ],
)
def test_a_spaced_script_counts_its_words_as_before(text: str) -> None:
    assert word_count(text) == len(text.split())


def test_japanese_and_chinese_count_words_by_their_letters() -> None:
    sentence = JAPANESE[0]
    letters = sum(1 for ch in sentence if ch not in "、。")
    assert len(sentence.split()) == 1
    assert word_count(sentence) == -(-letters // CJK_CHARS_PER_WORD)
    assert word_count("高血压是一种常见的慢性疾病，大多数患者并不知道自己患病。") >= 8
    assert word_count("東京 2020 オリンピック") == 1 + 8 // CJK_CHARS_PER_WORD  # the digits, and eight letters
    assert word_count("ホーム") == 2  # a menu entry stays a few words
    assert ends_a_sentence(sentence) and ends_a_sentence("本当ですか？") and ends_a_sentence("Done. ")
    assert not ends_a_sentence("花粉症の対策") and not ends_a_sentence("")


def test_a_japanese_article_is_no_menu() -> None:
    # every line of it was one "word", so four of five lines "held four words or fewer": a short
    # candidate kept its place over the baseline's whole Japanese article as over a menu
    assert not menu_like("\n".join(JAPANESE))
    assert menu_like("\n".join(["ホーム", "ニュース", "健康", "お問い合わせ", "会社概要"]))


def test_a_japanese_faq_question_on_a_button_is_the_pages_text() -> None:
    # an accordion writes each question as the button that opens its answer; the English question of
    # five words or more was kept, the Japanese one (one "word") went as a control
    question = "花粉症の薬は眠くなりますか？"
    page = _japanese_page(f"<h2>よくある質問</h2><button>{question}</button><p>{JAPANESE[2]}</p>")
    assert question in extract_html(page, "https://kenko.example/kafunsho").text


@pytest.mark.parametrize(
    ("lang", "disclaimer"),
    [
        ("de", "Die Inhalte dieser Seite dienen der allgemeinen Information und ersetzen keine ärztliche Beratung."),
        ("pt", "As informações deste site têm caráter informativo e não substituem a consulta com um médico."),
        ("it", "Le informazioni contenute in questo sito non sostituiscono in alcun modo il parere del medico."),
        ("nl", "De informatie op deze website is algemeen van aard en vervangt geen medisch advies van uw arts."),
        ("pl", "Informacje zawarte w serwisie mają charakter informacyjny i nie zastępują porady lekarskiej."),
        ("es", "La información de esta página es orientativa y no sustituyen en ningún caso la consulta médica."),
    ],
)
def test_a_medical_disclaimer_in_a_vocabulary_language_is_metadata_not_text(lang: str, disclaimer: str) -> None:
    prose = {
        "de": "Heuschnupfen ist eine allergische Reaktion der Nasenschleimhaut auf Pollen von Bäumen und Gräsern.",
        "pt": "A hipertensão atinge cerca de um em cada quatro adultos e é um fator de risco para infarto.",
        "it": "L'ipertensione colpisce circa un adulto su tre ed è uno dei principali fattori di rischio.",
        "nl": "Hoge bloeddruk komt veel voor en veel mensen weten niet dat ze er last van hebben.",
        "pl": "Nadciśnienie tętnicze dotyczy co trzeciego dorosłego i często nie daje żadnych objawów.",
        "es": "La hipertensión afecta a uno de cada tres adultos y a menudo no produce ningún síntoma.",
    }[lang]
    paragraphs = "".join(f"<p>{prose} ({i})</p>" for i in range(5))
    html = (
        f"<!doctype html><html lang='{lang}'><head><title>Gesundheit</title></head><body><article>"
        f"<h1>Gesundheit</h1>{paragraphs}<p>{disclaimer}</p></article></body></html>"
    )
    extraction = extract_html(html, "https://gesund.example/a")
    assert disclaimer not in extraction.text and prose in extraction.text
    assert extraction.metadata.disclaimer == disclaimer


@pytest.mark.parametrize(
    "label", ["Über die Autorin", "Über den Autor", "À propos de l'auteur", "Sobre o autor", "Over de auteur"]
)
def test_an_about_the_author_box_goes_in_the_vocabulary_languages(label: str) -> None:
    bio = "Katrin Wegener ist Fachärztin für Allgemeinmedizin und schreibt seit 2016 über Allergien."
    prose = "Heuschnupfen ist eine allergische Reaktion der Nasenschleimhaut auf Pollen von Bäumen und Gräsern."
    paragraphs = "".join(f"<p>{prose} ({i})</p>" for i in range(5))
    html = (
        "<!doctype html><html lang='de'><head><title>Heuschnupfen</title></head><body><article>"
        f"<h1>Heuschnupfen</h1>{paragraphs}<div><div><p><b>{label}</b></p><p>{bio}</p></div></div>"
        "</article></body></html>"
    )
    extraction = extract_html(html, "https://gesund.example/heuschnupfen")
    assert bio not in extraction.text and prose in extraction.text


CZECH = (
    "Vysoký krevní tlak je jednou z nejčastějších nemocí v Česku. Mnoho lidí o své nemoci neví, protože "
    "dlouho nemá žádné příznaky. Lékaři doporučují pravidelně měřit tlak, omezit sůl a více se hýbat, i když "
    "se člověk cítí dobře."
)
SWEDISH = (
    "Högt blodtryck är en av de vanligaste sjukdomarna i Sverige. Många vet inte om att de har det, "
    "eftersom det ofta inte ger några symtom. Läkare rekommenderar att man mäter blodtrycket regelbundet "
    "och äter mindre salt, även om man mår bra."
)
CHINESE = (
    "高血压是最常见的慢性疾病之一。许多人并不知道自己患有高血压，因为这种疾病在很长时间内没有任何症状。"
    "医生建议即使感觉良好也要定期测量血压，减少盐的摄入并多运动。如果体检发现血压偏高，应尽早就医。"
)


@pytest.mark.parametrize(("text", "expected"), [(CZECH, "cs"), (SWEDISH, "sv"), (JAPANESE[0] + JAPANESE[1], "ja")])
def test_a_page_that_declares_no_language_is_not_named_by_a_few_short_words(text: str, expected: str) -> None:
    # Czech "o", "se", "na" are Portuguese stop words, Swedish "de", "en", "om" Spanish and Dutch
    # ones: five hits named the page Portuguese or Spanish without asking the model
    from pipeline.extract.html import parse_html
    from pipeline.extract.language import page_language

    html = f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>"
    assert page_language(parse_html(html), None, None) == expected


@pytest.mark.parametrize("declared", ["", " lang='en'"])
def test_two_paragraphs_of_chinese_are_enough_to_judge(declared: str) -> None:
    # 190 letters were "under 200 characters": no language at all, or the template's "en" kept
    from pipeline.extract.html import parse_html
    from pipeline.extract.language import page_language

    html = f"<html{declared}><body><article><p>{CHINESE[:95]}</p><p>{CHINESE[95:]}</p></article></body></html>"
    assert len(CHINESE) < 200
    assert page_language(parse_html(html), None, None) == "zh"


def test_a_japanese_title_loses_its_site_name_after_a_full_width_bar() -> None:
    from pipeline.extract.title_parts import strip_title_suffix

    # Japanese and Chinese sites write "｜" without spaces: the site's name stayed in the title
    assert strip_title_suffix("花粉症の対策｜健康ブログ") == "花粉症の対策"
    assert strip_title_suffix("花粉症の対策 │ 健康ブログ") == "花粉症の対策"
    # a long last part is no site's name, in letters as in words
    assert strip_title_suffix("健康ブログ｜花粉症の薬は眠くなるのかを医師に聞きました") == (
        "健康ブログ｜花粉症の薬は眠くなるのかを医師に聞きました"
    )
    page = _japanese_page("").replace("<h1>花粉症の対策</h1>", "").replace(" | 健康ブログ", "｜健康ブログ")
    assert extract_html(page, "https://kenko.example/kafunsho").metadata.title == "花粉症の対策"


def _german_page(extra: str, head: str = "") -> str:
    prose = "Rückenschmerzen sind einer der häufigsten Gründe für einen Besuch in der Hausarztpraxis."
    paragraphs = "".join(f"<p>{prose} ({i})</p>" for i in range(5))
    return (
        f"<!doctype html><html lang='de'><head><title>Rückenschmerzen</title>{head}</head><body><article>"
        f"<h1>Rückenschmerzen</h1>{paragraphs}{extra}</article></body></html>"
    )


@pytest.mark.parametrize(
    "question",
    [
        "War dieser Artikel hilfreich?",
        "Cet article vous a-t-il été utile ?",
        "¿Te ha resultado útil este artículo?",
        "Este artigo foi útil?",
        "Questo articolo ti è stato utile?",
        "Was dit artikel nuttig?",
        "Czy ten artykuł był pomocny?",
    ],
)
def test_was_this_helpful_goes_in_the_vocabulary_languages(question: str) -> None:
    extra = f"<div><p>{question}</p><button>Ja</button> <button>Nein</button></div>"
    assert question not in extract_html(_german_page(extra), "https://kasse.example/ruecken").text


@pytest.mark.parametrize("label", ["- Publicidade -", "– Anzeige –", "- Advertisement -"])
def test_an_ad_label_between_dashes_is_a_label(label: str) -> None:
    # the Newspaper theme prints its ad slots' label between dashes; under a theme's own class
    # names nothing else says it is no line of the article
    extra = f"<div><span>{label}</span><div><img src='/banner.jpg' alt=''></div></div>"
    assert label.strip("-– ") not in extract_html(_german_page(extra), "https://zeitung.example/a").text


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("Katrin Albers, Apothekerin", ["Katrin Albers"]),
        ("Dr Hervé Lambert, neurologue", ["Hervé Lambert"]),
        ("Jane Doe, Pharmacist", ["Jane Doe"]),
        ("Ann Lee, Bo Chan", ["Ann Lee", "Bo Chan"]),  # two full names: two people
        ("Mary, John and Sue", ["Mary", "John", "Sue"]),  # first names only: no role
        ("Grace Adeyemi, MD, FACC", ["Grace Adeyemi"]),
    ],
)
def test_one_word_after_a_full_name_is_a_role_in_any_language(byline: str, people: list[str]) -> None:
    from pipeline.extract.names import split_names

    assert split_names(byline) == people


def test_a_marked_authors_label_is_dropped_in_any_language() -> None:
    # "Автор:" is in no label list: one word and a colon before the name, in an element marked as the author
    extra = '<p class="news-detail__author">Автор: Ольга Седова</p>'
    assert extract_html(_german_page(extra), "https://news.example/a").metadata.authors == ["Ольга Седова"]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Ingezonden door <span class='username'>Bas Hofstede</span> op ma, 22/07/2013 - 14:05", "Bas Hofstede"),
        ("Soumis par <span class='username'>Marie Dupont</span> le 14/03/2019", "Marie Dupont"),
    ],
)
def test_drupals_submitted_by_in_other_languages(line: str, author: str) -> None:
    extra = f"<div class='submitted'>{line}</div>"
    assert extract_html(_german_page(extra), "https://gemeente.example/a").metadata.authors == [author]


@pytest.mark.parametrize("label", ["Validé par", "Geprüft von", "Revisado por", "Medically reviewed by"])
def test_a_review_label_alone_names_the_reviewer_not_an_author(label: str) -> None:
    # Drupal's inline field: the label in one element, the reviewer's name in the next
    extra = (
        "<footer><div class='submitted'>Par Marion Leclerc</div><div class='field field--label-inline'>"
        f"<div class='field__label'>{label}</div><div class='field__item'>Dr Hervé Lambert, neurologue</div>"
        "</div></footer>"
    )
    metadata = extract_html(_german_page(extra), "https://sante.example/migraine").metadata
    assert metadata.reviewers == ["Hervé Lambert"]
    assert "Hervé Lambert" not in metadata.authors


def test_a_review_said_again_after_the_reviewers_name_ends_the_value() -> None:
    from pipeline.extract.bylines import byline_people

    value = "Yarilet Perez, Fact checked by Yarilet Perez, Full Bio"
    assert [name for name, _ in byline_people(value)] == ["Yarilet Perez"]


@pytest.mark.parametrize("name", ["Łukasz Nowak", "Øystein Berg", "Šárka Nováková", "Анна Петрова", "Ζωή Παππά"])
def test_a_bare_byline_names_a_person_whose_capital_is_outside_latin_1(name: str) -> None:
    from pipeline.extract.boxes import is_byline

    assert is_byline(f"von {name}")
    extraction = extract_html(_german_page(f"<div class='meta'><span>von {name}</span></div>"), "https://z.example/a")
    assert name not in extraction.text


def test_a_bare_preposition_before_a_lower_case_word_is_no_byline() -> None:
    from pipeline.extract.boxes import is_byline

    assert not is_byline("by the way it is")
    assert not is_byline("von ärztlicher Seite")


@pytest.mark.parametrize("unix_time", ["1768446000", "1768446000000"])
def test_a_publication_date_written_as_a_unix_time_is_read(unix_time: str) -> None:
    # Hatena Blog: article:published_time in seconds, its entry's <time class="updated"> the same moment
    head = f"<meta property='article:published_time' content='{unix_time}'>"
    # the <time> at the entry's foot, far from the headline (a dateline by it is read without the meta)
    more = "".join(f"<p>Viele Betroffene warten zu lange, bevor sie ärztlichen Rat suchen ({i}).</p>" for i in range(6))
    extra = f"{more}<footer><time datetime='2026-01-15T03:00:00Z' class='updated'>2026-01-15 12:00</time></footer>"
    metadata = extract_html(_german_page(extra, head), "https://blog.example/entry/1").metadata
    assert str(metadata.published) == "2026-01-15"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2025.05.12", "2025-05-12"),
        ("2025/5/2", "2025-05-02"),
        ("2025. 5. 12.", "2025-05-12"),  # Korean, Hungarian
        ("2025年5月12日", "2025-05-12"),
        ("v2023.12.1", "None"),  # a calendar-versioned release
        ("Version 2019.1.2", "None"),
    ],
)
def test_a_year_first_date_is_read_in_any_language(printed: str, expected: str) -> None:
    from pipeline.extract.dates import find_date

    assert str(find_date(printed, "ru")) == expected


def test_a_japanese_publication_line_with_a_year_first_date_dates_the_page() -> None:
    page = _japanese_page("<p class='entry-meta'>公開日：2025.05.12</p>")
    assert str(extract_html(page, "https://kenko.example/kafunsho").metadata.published) == "2025-05-12"


def test_a_japanese_disclaimer_starts_at_its_own_sentence() -> None:
    # "。" ends a sentence with no space after it: the sentence before the disclaimer in its
    # block ("This blog shares ...") was read as part of the disclaimer
    before = "当ブログでは花粉症の体験を紹介しています。"
    disclaimer = "本記事は医師の診断に代わるものではありません。気になる症状は医療機関にご相談ください。"
    extraction = extract_html(_japanese_page(f"<p>{before}{disclaimer}</p>"), "https://kenko.example/kafunsho")
    assert extraction.metadata.disclaimer == disclaimer


POLLEN_SV = (
    "Pollenallergi ger besvär som nysningar, rinnande näsa och kliande ögon under våren och sommaren.",
    "Besvären brukar bli mindre om man undviker att vädra när pollenhalten är som högst på dagen.",
    "Receptfria läkemedel som antihistaminer hjälper många, men tala med apoteket om vad som passar dig.",
)


def test_a_swedish_page_loses_its_see_also_section_and_its_teasers() -> None:
    # the words of a closing section's heading, a control and a teaser's link were English,
    # German, Spanish and French in code; sv.toml's closing_headings and teaser_ends now say
    # them for Swedish (control_labels: tests/test_vocabulary.py)
    paragraphs = "".join(f"<p>{p}</p>" for p in POLLEN_SV)
    html = (
        "<!doctype html><html lang='sv'><head><title>Pollenallergi</title></head><body>"
        f"<main><article><h1>Pollenallergi</h1>{paragraphs}"
        "<p>Ny forskning om gräspollen och astma hos barn. <a href='/astma'>Läs mer »</a></p>"
        "<h2>Se även</h2><p>Vår guide om hosta hos barn och vuxna förklarar när man bör söka vård.</p>"
        "</article></main></body></html>"
    )
    extraction = extract_html(html, "https://halsa.example/pollenallergi", explain=True)
    assert all(p in extraction.text for p in POLLEN_SV)
    assert "Se även" not in extraction.text and "Vår guide om hosta" not in extraction.text
    assert "Ny forskning om gräspollen" not in extraction.text
    rules = {step.rule for step in extraction.trace}
    assert {"closing-sections", "labels-teasers-bylines"} <= rules
