"""Comment threads in Japanese and Chinese, under class names no finder knows: the structure
finders (a region named for comments, a heading naming them, a run of signed, dated blocks with
a reply control) read a message's words as :func:`pipeline.extract.word_counts.word_count`
does, not by spaces. Counted by spaces, a Japanese comment of forty characters was one word
(no message), a line of it a name-like line, and "2024年3月6日 14:10" no date line, so none of
these threads gave a row. Pages without comments in these languages stay without."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_html
from pipeline.extract.comment_dates import only_a_date
from pipeline.extract.comment_names import looks_like_author_line

JAPANESE = (
    "<h1>食後の散歩で血糖値が下がる</h1>"
    "<p>食事の後に短い散歩をすると、血液中のブドウ糖が筋肉に取り込まれやすくなることが、七つの研究をまとめた"
    "報告で分かりました。わずか二分から五分の軽い歩行でも、はっきりとした違いが見られたといいます。</p>"
    "<p>研究者たちは、健康な成人と二型糖尿病の人を対象に、食後に座る、立つ、歩くの三つを比べました。"
    "立つことは少し役に立ち、歩くことが最も効果的でした。</p>"
    "<p>筋肉は動くときにブドウ糖を使うため、タイミングが大切です。食後一時間以内に血糖値は最も高くなるので、"
    "その間に歩くことが勧められています。</p>",
    (
        "去年の春から夕食後に歩くようにしたら、数週間で朝の数値が下がりました。続けてよかったです。",
        "歩く速さは関係ありますか。近所をゆっくり一周するだけでも効果があるのでしょうか。",
        "記事によると、ゆっくりした散歩で十分だそうです。筋肉が動くこと自体が大事なのだと思います。",
    ),
    ("山田花子", "佐藤健", "鈴木一郎"),
    "コメント",
    "返信",
)
CHINESE = (
    "<h1>饭后散步有助于降低血糖</h1>"
    "<p>一项汇总了七项研究的综述发现，饭后短暂散步可以帮助身体把血液中的葡萄糖送进肌肉。即使只是两到五分钟的"
    "轻松步行，也能带来可以测量的差别。研究人员认为，这对需要控制血糖的人来说是一个简单可行的办法。</p>"
    "<p>研究人员比较了健康成年人和二型糖尿病患者饭后坐着、站着和走路的效果。站着有一点帮助，走路的效果最好，"
    "而且不需要任何器材，也不需要专门去健身房，在家附近走一走就可以。</p>"
    "<p>肌肉在工作时会消耗葡萄糖，所以时机很重要。饭后一小时内血糖最高，作者建议在这段时间里散步。"
    "如果饭后马上坐下或者躺下，血糖的高峰会更明显，持续的时间也更长。</p>",
    (
        "我去年春天开始在晚饭后散步，几个星期后早上的血糖就下降了，真的很有用。",
        "走路的速度重要吗？还是说在小区里慢慢走一圈就足够了呢？",
        "文章说慢慢散步就够了，关键是肌肉在活动，我也是这样坚持下来的。",
    ),
    ("王小明", "李华", "张伟"),
    "评论",
    "回复",
)
LANGUAGES = {"ja": JAPANESE, "zh": CHINESE}


def _blocks(names: tuple[str, ...], texts: tuple[str, ...], reply: str, item: str) -> str:
    return "".join(
        f'<div class="{item}"><div class="_h2k"><span class="_n3q">{names[i]}</span> '
        f'<span class="_t9z">2024年3月{6 + i}日 14:1{i}</span></div><div class="_b7w"><p>{texts[i]}</p></div>'
        f'<a href="#r{i}" class="_r1">{reply}</a></div>'
        for i in range(3)
    )


def _page(language: str, layout: str) -> str:
    article, texts, names, heading, reply = LANGUAGES[language]
    if layout == "region named for comments":
        thread = f'<div id="comments"><h3>{heading}</h3>{_blocks(names, texts, reply, "cmt-box")}</div>'
    elif layout == "heading naming comments":
        thread = f'<div class="_c3"><h3>{heading}</h3>{_blocks(names, texts, reply, "_k2x")}</div>'
    else:  # no heading, no name: the reply controls mark the run
        thread = f'<div class="_c3">{_blocks(names, texts, reply, "_k2x")}</div>'
    return (
        f'<html lang="{language}"><head><title>{language}</title></head><body><div class="_m1">'
        f'<div class="_p2">{article}</div>{thread}</div></body></html>'
    )


@pytest.mark.parametrize("layout", ["region named for comments", "heading naming comments", "no heading"])
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_thread_in_japanese_or_chinese_is_read_by_its_structure(language: str, layout: str) -> None:
    _, texts, names, _, _ = LANGUAGES[language]
    result = extract_html(_page(language, layout), f"https://kenko.example/{language}/2024/03/walk.html")
    assert [(c.author, str(c.posted_date), c.text) for c in result.comments] == [
        (names[i], f"2024-03-0{6 + i}", texts[i]) for i in range(3)
    ]
    assert texts[1] not in result.text


def test_a_date_in_chinese_or_japanese_figures_is_only_a_date() -> None:
    assert only_a_date("2024年3月6日 14:10")
    assert only_a_date("2024年3月6日")
    assert only_a_date("2024년 3월 6일")
    assert not only_a_date("2024年3月6日に発表されました")


def test_a_sentence_without_spaces_is_no_name_line() -> None:
    assert looks_like_author_line("山田花子")
    assert not looks_like_author_line("去年の春から夕食後に歩くようにしたら、数週間で朝の数値が下がりました")


RELATED = (
    "<h3>関連記事</h3><ul>"
    + "".join(
        f'<li><a href="/2024/0{i}/story{i}.html">{title}</a><span>{name}</span> <span>2024年{i}月5日</span>'
        f"<p>{blurb}</p></li>"
        for i, (title, name, blurb) in enumerate(
            [
                (
                    "朝食を抜くと血糖値はどうなるのか",
                    "編集部",
                    "朝食を抜いた日の昼食後に血糖値が大きく上がることが分かりました。",
                ),
                (
                    "睡眠不足が食欲に与える影響について",
                    "田中記者",
                    "睡眠が六時間未満の人は甘いものを選びやすい傾向がありました。",
                ),
                (
                    "階段を使うだけで体力は向上するか",
                    "編集部",
                    "一日三回階段を上るだけで、持久力が少し改善したと報告されています。",
                ),
            ],
            start=1,
        )
    )
    + "</ul>"
)
VOICES = "<h3>利用者の声</h3>" + "".join(
    f'<div class="_v1"><span class="_v2">{name}</span> <span class="_v3">2024年{i}月{i + 9}日</span><p>{text}</p></div>'
    for i, (name, text) in enumerate(
        [
            ("山本さん", "毎日の食事記録がとても簡単になり、家族の健康管理にも役立っています。"),
            ("小林さん", "通知のおかげで薬を飲み忘れることがなくなりました。とても助かっています。"),
            ("中村さん", "グラフで数値の変化が分かるので、医師との相談がしやすくなりました。"),
        ],
        start=1,
    )
)


@pytest.mark.parametrize("box", [RELATED, VOICES], ids=["related stories", "testimonials"])
def test_signed_dated_blocks_in_japanese_without_a_thread_give_no_rows(box: str) -> None:
    article = JAPANESE[0]
    html = (
        '<html lang="ja"><head><title>ja</title></head><body><div class="_m1">'
        f'<div class="_p2">{article}</div><div class="_s4">{box}</div></div></body></html>'
    )
    assert extract_html(html, "https://kenko.example/ja/2024/03/walk.html").comments == []
