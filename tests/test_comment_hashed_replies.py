"""Replies nested in a comment under hashed class names: a CSS-in-JS build prints every comment
and every reply in one element of one hashed class (``reply_y7v3b``), a reply inside the
comment it answers. Hashed names hold digits, so they are no kind a class can name
(``item_kind``); the same tag and class attribute, whole, is the item's own kind."""

from __future__ import annotations

from pipeline.extract import extract_html

URL = "https://community.example/posts/walking-after-meals-9921"
OPENING = (
    "My consultant suggested a ten minute walk after each meal to help my glucose readings. I have "
    "been doing it for three weeks now and I would love to hear from anyone who has kept it up for "
    "longer, and whether the effect lasted once the novelty wore off. Do you walk after every meal "
    "or only after the largest one, and does the weather stop you in winter?"
)
# (name, day, text, replies): each reply a (name, day, text) nested in its comment.
THREAD = (
    (
        "hillwalker_jo",
        "3",
        "I walk after dinner only, around the block twice. My readings two hours later are lower most evenings.",
        (("ann_b", "3", "Twice round the block is about what I manage too, it makes a real difference."),),
    ),
    ("DrPatel_GP", "4", "Even light activity after a meal helps the muscles take up glucose, a stroll counts.", ()),
    (
        "marcus_t",
        "5",
        "In winter I march on the spot in the kitchen while the kettle boils. It sounds silly but it works.",
        (("kettle_kate", "6", "Stealing the kettle idea, thank you. My hallway is long enough for laps."),),
    ),
)


def _post(name: str, day: str, text: str, nested: str = "") -> str:
    return (
        f'<div class="reply_y7v3b"><div class="meta_8ak2n"><a class="user_a9c0d" href="/u/{name}">{name}</a>'
        f'<span class="dot_q0">·</span><time datetime="2025-02-0{day}T09:00:00Z">{day} February 2025</time></div>'
        f'<div class="body_v51sm"><p>{text}</p></div><div class="actions_h3l8o"><button>Like (2)</button>'
        f"<button>Reply</button></div>{nested}</div>"
    )


def _page() -> str:
    posts = ""
    for name, day, text, replies in THREAD:
        nested = "".join(_post(*reply) for reply in replies)
        posts += _post(name, day, text, f'<div class="nested_n4p7e">{nested}</div>' if replies else "")
    return (
        '<html lang="en"><head><title>Walking after meals</title></head><body><div class="app_k3j9d">'
        '<main class="main_d0e9r"><div class="post_r7k1c" id="post-9921"><div class="meta_8ak2n">'
        '<a class="user_a9c0d" href="/u/sugar_steady">sugar_steady</a><time datetime="2025-02-02T08:00:00Z">2 February '
        '2025</time></div><h1 class="title_4kz0p">Walking after meals: does it last?</h1>'
        f'<div class="body_v51sm"><p>{OPENING}</p></div></div><div class="count_c9w1x">5 replies</div>'
        f'<div class="replies_f6m2k">{posts}</div><div class="composer_b2x8q"><h2>Write a reply</h2>'
        "<textarea></textarea><button>Post reply</button></div></main></div></body></html>"
    )


def test_a_reply_in_the_hashed_class_of_the_comment_it_answers_is_a_row_of_its_own() -> None:
    result = extract_html(_page(), URL)
    rows = [(c.author, c.text, c.parent_position) for c in result.comments]
    assert rows == [
        ("hillwalker_jo", THREAD[0][2], None),
        ("ann_b", THREAD[0][3][0][2], 0),
        ("DrPatel_GP", THREAD[1][2], None),
        ("marcus_t", THREAD[2][2], None),
        ("kettle_kate", THREAD[2][3][0][2], 3),
    ]
