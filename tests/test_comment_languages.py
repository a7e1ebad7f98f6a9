"""Comments on pages in the vocabularies' other languages: a region named with the language's
word for "comment" (Dutch "reacties", Polish "komentarze") holding items of a class no finder
knows, each with a date line that joins the date and the time with the language's word ("6
maart 2012 om 14:10", "6 marca 2012 o 14:10"). Both come from the vocabulary files
(``comment``, ``time_joiners``): a new language is one data file.
"""

from __future__ import annotations

import re

import pytest

from pipeline.extract import extract_html
from tests.test_comment_systems import DISQUS_PLUGIN, DRUPAL_6, HACKER_NEWS, System

DUTCH = (
    "<h1>Wandelen na het eten verlaagt de bloedsuiker</h1>"
    "<p>Een korte wandeling na de maaltijd helpt het lichaam om glucose uit het bloed op te nemen, zo blijkt uit "
    "een overzicht van zeven onderzoeken. Zelfs twee tot vijf minuten licht wandelen maakte een meetbaar verschil.</p>"
    "<p>De onderzoekers vergeleken zitten, staan en wandelen na de maaltijd bij gezonde volwassenen en bij mensen met "
    "diabetes type 2. Staan hielp een beetje; wandelen hielp het meest.</p>"
    "<p>Spieren nemen glucose op wanneer ze werken, dus het moment is belangrijk: in het eerste uur na een maaltijd "
    "piekt de bloedsuiker. De auteurs raden een wandeling binnen dat uur aan.</p>",
    (
        "Ik ben vorig voorjaar na het avondeten gaan wandelen en mijn ochtendwaarden daalden binnen een paar weken.",
        "Maakt het uit hoe snel je loopt, of is een rustig rondje om het blok genoeg om te helpen?",
        "Een rustige wandeling is volgens het artikel genoeg; het effect komt van de spieren die werken.",
    ),
)
POLISH = (
    "<h1>Spacer po posiłku obniża poziom cukru we krwi</h1>"
    "<p>Krótki spacer po jedzeniu pomaga organizmowi usunąć glukozę z krwi, wynika z przeglądu siedmiu badań. "
    "Nawet dwie do pięciu minut lekkiego chodzenia dawało mierzalną różnicę.</p>"
    "<p>Badacze porównali siedzenie, stanie i chodzenie po posiłku u zdrowych dorosłych i u osób z cukrzycą typu 2. "
    "Stanie pomagało trochę, a chodzenie najbardziej.</p>"
    "<p>Mięśnie pobierają glukozę, kiedy pracują, więc liczy się czas: w pierwszej godzinie po posiłku cukier jest "
    "najwyższy. Autorzy radzą spacer w ciągu tej godziny.</p>",
    (
        "Zacząłem chodzić po kolacji zeszłej wiosny i moje poranne wyniki spadły w ciągu kilku tygodni.",
        "Czy ma znaczenie, jak szybko się idzie, czy wystarczy spokojny spacer wokół bloku?",
        "Według artykułu spokojny spacer wystarczy; efekt bierze się z samej pracy mięśni.",
    ),
)
CASES = {
    "Dutch": ("nl", "reacties", "reactie-blok", "maart", "om", DUTCH),
    "Polish": ("pl", "komentarze", "wpis-blok", "marca", "o", POLISH),
}
NAMES = ("Maria de Vries", "Tom Jansen", "Anna Bakker")


@pytest.mark.parametrize("case", list(CASES))
def test_a_thread_in_another_language_is_read_by_its_words(case: str) -> None:
    language, region, item_class, march, joiner, (article, texts) = CASES[case]
    items = "".join(
        f'<div class="{item_class}"><div class="kop"><strong>{NAMES[i]}</strong> <span class="tijd">{6 + i} {march} '
        f'2012 {joiner} 14:1{i}</span></div><div class="tekst"><p>{texts[i]}</p></div></div>'
        for i in range(3)
    )
    html = (
        f'<html lang="{language}"><head><title>{article[4:40]}</title></head><body><div id="inhoud"><div class="tresc">'
        f'{article}</div><div id="{region}"><h3>3</h3>{items}</div></div></body></html>'
    )
    result = extract_html(html, "https://zdrowie.example/2012/03/spacer.html")
    assert [(c.author, str(c.posted_date), c.text) for c in result.comments] == [
        (NAMES[i], f"2012-03-0{6 + i}", texts[i]) for i in range(3)
    ]
    assert texts[1][:30] not in result.text


def _named_in(word: str, html: str) -> str:
    """The page with "comment" in every class and id written ``word`` (a theme of another language)."""

    def rename(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{match.group(2).replace("comment", word).replace("Comment", word.capitalize())}"'

    return re.sub(r'\b(class|id)="([^"]*)"', rename, html)


@pytest.mark.parametrize("word", ["kommentar", "reactie", "komentarz"])
@pytest.mark.parametrize("system", [DRUPAL_6, HACKER_NEWS, DISQUS_PLUGIN], ids=["drupal6", "hn", "disqus"])
def test_a_comment_item_named_in_another_language_is_read_as_the_english_one(word: str, system: System) -> None:
    """``div.kommentar``, ``tr.reactie``, ``li.komentarz-item``: the class names of the comment
    items WordPress and its kin write, with "comment" in a vocabulary language."""
    result = extract_html(_named_in(word, system.html), "https://healthnotes.example/2012/03/walking.html")
    assert [(c.author, " ".join(c.text.split())) for c in result.comments] == [
        (row.author, " ".join(row.text.split())) for row in system.rows
    ]


def test_a_weekday_beside_a_date_is_part_of_the_date_in_every_language() -> None:
    """Drupal's "Tue, 03/06/2012 - 02:13" is a date line, not a name ("Tue") and a date."""
    from pipeline.extract.comment_dates import only_a_date
    from pipeline.extract.comment_names import signed_line

    for line in ("Tue, 03/06/2012 - 02:13", "Dienstag, 6. März 2012 - 14:13", "mardi 6 mars 2012, 14:13"):
        assert only_a_date(line), line
    assert signed_line("Tue, 03/06/2012 - 02:13") is None
