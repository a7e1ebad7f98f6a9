"""The author read from a link to their own page on the site, whatever the template calls its
classes (``bench/perturb.py``'s rename-classes: the author marked only by ``class="author"`` was
lost on 12 wcxb-dev tune pages)."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html
from tests.test_extract_rules import article, page

URL = "https://footnotes.example/heel"


def authors(*extra: str) -> list[str]:
    return extract_html(page(article(*extra)), URL).metadata.authors


def test_a_byline_in_classes_that_say_nothing_names_the_author_by_the_link_to_their_page() -> None:
    byline = (
        "<div class='k3f9a'><span class='k0b1c'><a href='/staff/2648209001/brian-truitt/'>Brian Truitt</a></span></div>"
    )
    assert authors(byline) == ["Brian Truitt"]
    titled = "<div class='k3f9a'><a href='https://footnotes.example/doctors/alan-stone'>Dr. Alan Stone, MD</a></div>"
    assert authors(titled) == ["Alan Stone"]


@pytest.mark.parametrize(
    "links",
    [
        "<p class='k1'><a href='/tag/brian-truitt/'>Brian Truitt</a></p>",  # a topic: whom the article is about
        "<p class='k1'><a href='/author/bt/'>Brian Truitt</a></p>",  # a user name, not the name's slug
        "<nav><a href='/team/ann-lee'>Ann Lee</a></nav>",  # the site's menu
        "<div class='k2'>"
        + "".join(
            f"<a href='/authors/{n.lower().replace(' ', '-')}'>{n}</a>" for n in ("Ann Lee", "Bo Chan", "Cy Diaz")
        )
        + "</div>",  # several people's pages: a listing, a team
    ],
)
def test_links_that_do_not_name_the_writer(links: str) -> None:
    assert authors(links) == []
