"""A new language is one data file: Swedish, Czech, Russian, Danish, Norwegian, Turkish,
Chinese and Japanese pages read by their vocabulary files (``pipeline/extract/vocab/<code>.toml``)
and nothing else.

Each page is a small health article as such sites print it, in neutral markup (no class says
"author", "date", "ad" or "comment"): a byline with a label and a date written with the month's
name, the date it was updated under its label, print and share links, an ad's label, a medical
disclaimer, an author's bio box under its label, and a comment thread under its heading whose
posts carry reply, like and report buttons.
Without the language's file none of it is read: no author (the label is a word), no date (the
month is a word), the disclaimer and the bio stay in the text, the thread is no thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from pipeline.extract import extract_html


@dataclass(frozen=True)
class Page:
    """One language's article, its bylined author and date, and its thread as the site prints it."""

    language: str
    title: str
    byline: str  # label, name and date as printed; {name} is the author's link
    author: str
    published: dt.date
    paragraphs: tuple[str, ...]
    disclaimer: str
    bio: tuple[str, str]  # the box's label, its text
    thread_heading: str
    comments: tuple[tuple[str, str, str, dt.datetime], ...]  # name, date line, text, time read
    buttons: tuple[str, ...]  # what each post's controls say
    ad_label: str = ""  # printed alone over an ad inside the article
    tools: tuple[str, ...] = ()  # the print and share links under the byline
    updated: tuple[str, dt.date] | None = None  # "Uppdaterad 20 augusti 2025" as printed, the date read


PAGES = {
    "sv": Page(
        "sv",
        "Så skyddar du dig mot fästingar i sommar",
        "Av {name} · 14 augusti 2025",
        "Anna Svensson",
        dt.date(2025, 8, 14),
        (
            "Fästingarna är aktiva från tidig vår till sen höst, och antalet bett ökar varje år i södra och "
            "mellersta Sverige. Den som vistas i skog och högt gräs bör se över kroppen efter varje utflykt.",
            "Fästingen sprider både borrelia och TBE. Mot TBE finns ett vaccin, som rekommenderas för den som bor "
            "eller vistas mycket i riskområden, till exempel i skärgården kring Stockholm och runt Mälaren.",
            "Ta bort fästingen så snart du upptäcker den, gärna med en pincett eller ett fästingkort. Håll nära "
            "huden och dra rakt ut utan att vrida. Tvätta sedan bettet med tvål och vatten.",
        ),
        "Informationen på den här sidan ersätter inte ett läkarbesök.",
        ("Om skribenten", "Anna Svensson är journalist och har skrivit om hälsa och medicin sedan 2010."),
        "3 kommentarer",
        (
            (
                "Karin L",
                "15 augusti 2025 kl. 08:12",
                "Vi hittade tre fästingar på hunden redan i april i år, de verkar bli fler för varje säsong.",
                dt.datetime(2025, 8, 15, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "Johan",
                "15 augusti 2025 kl. 09:40",
                "Bra artikel! Är det värt att vaccinera barnen också om vi bara har sommarstuga i skärgården?",
                dt.datetime(2025, 8, 15, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "Anna Svensson",
                "16 augusti 2025 kl. 10:05",
                "Hej Johan, vaccinet rekommenderas från ett års ålder för den som ofta vistas i riskområden.",
                dt.datetime(2025, 8, 16, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("Svara", "Gilla", "Anmäl"),
        ad_label="Annons",
        tools=("Skriv ut", "Dela"),
        updated=("Uppdaterad 20 augusti 2025", dt.date(2025, 8, 20)),
    ),
    "cs": Page(
        "cs",
        "Klíšťata jsou letos aktivní dříve než obvykle",
        "Autor: {name} | 12. května 2025",
        "Jana Nováková",
        dt.date(2025, 5, 12),
        (
            "Teplá zima a brzké jaro probudily klíšťata o několik týdnů dříve. Lékaři na pohotovostech hlásí více "
            "pacientů s přisátým klíštětem už od konce března.",
            "Klíšťata přenášejí lymskou boreliózu a klíšťovou encefalitidu. Proti encefalitidě existuje očkování, "
            "které lékaři doporučují zejména lidem, kteří často chodí do přírody.",
            "Přisáté klíště je dobré odstranit co nejdříve, pinzetou nebo speciální kartičkou, a místo "
            "vydezinfikovat. Pokud se v dalších týdnech objeví zarudnutí nebo horečka, navštivte lékaře.",
        ),
        "Informace uvedené na tomto webu nenahrazují návštěvu lékaře.",
        ("O autorovi", "Jana Nováková je novinářka, o zdraví a medicíně píše od roku 2010."),
        "Komentáře (3)",
        (
            (
                "Petr K.",
                "13. května 2025 v 08:12",
                "Na zahradě jsme letos našli klíště už v březnu, to se nám dřív nestávalo.",
                dt.datetime(2025, 5, 13, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "Lucie",
                "13. května 2025 v 09:40",
                "Dá se očkovat i v létě, nebo je lepší počkat až na podzim?",
                dt.datetime(2025, 5, 13, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "Jana Nováková",
                "14. května 2025 v 10:05",
                "Lucie, očkovat se dá celoročně, existuje i zrychlené schéma.",
                dt.datetime(2025, 5, 14, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("Odpovědět", "Nahlásit", "Líbí se mi"),
        ad_label="Reklama",
        tools=("Tisk", "Sdílet"),
        updated=("Aktualizováno: 20. května 2025", dt.date(2025, 5, 20)),
    ),
    "ru": Page(
        "ru",
        "Сезон клещей: как защититься и что делать после укуса",
        "Автор: {name} · 21 апреля 2025",
        "Ольга Седова",
        dt.date(2025, 4, 21),
        (
            "С начала апреля в травмпункты области обратились более шестисот человек с укусами клещей. Тёплая "
            "весна разбудила клещей раньше обычного, предупреждают врачи.",
            "Клещи переносят энцефалит и боррелиоз. Прививку от клещевого энцефалита можно сделать в любой "
            "поликлинике, первые две дозы лучше получить до начала лета.",
            "Клеща нужно удалить как можно скорее пинцетом или ниткой, не раздавливая, и отвезти на анализ. Если "
            "после укуса поднялась температура, сразу обратитесь к врачу.",
        ),
        "Информация носит ознакомительный характер и не заменяет консультацию врача.",
        ("Об авторе", "Ольга Седова пишет о здоровье и медицине с 2010 года."),
        "Комментарии (3)",
        (
            (
                "Наталья",
                "22 апреля 2025 в 08:12",
                "Сняли клеща с сына в субботу прямо во дворе, никуда не выезжали.",
                dt.datetime(2025, 4, 22, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "Дмитрий К.",
                "22 апреля 2025 в 09:40",
                "А прививку взрослым делают бесплатно или только по полису ДМС?",
                dt.datetime(2025, 4, 22, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "Ольга Седова",
                "23 апреля 2025 в 10:05",
                "Дмитрий, по ОМС прививку делают бесплатно при наличии вакцины.",
                dt.datetime(2025, 4, 23, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("Ответить", "Пожаловаться", "Нравится"),
        ad_label="Реклама",
        tools=("Печать", "Поделиться"),
        updated=("Обновлено: 25 апреля 2025", dt.date(2025, 4, 25)),
    ),
    "da": Page(
        "da",
        "Sådan beskytter du dig mod flåter i sommer",
        "Skrevet af {name} · 14. august 2025",
        "Mette Jensen",
        dt.date(2025, 8, 14),
        (
            "Flåterne er aktive fra det tidlige forår til sent på efteråret, og antallet af bid stiger hvert år. "
            "Den, der færdes i skov og højt græs, bør tjekke kroppen efter hver tur.",
            "Flåten kan overføre borrelia og i sjældne tilfælde TBE. Mod TBE findes en vaccine, som anbefales til "
            "dem, der ofte opholder sig i de områder, hvor virussen er fundet, blandt andet på Bornholm.",
            "Fjern flåten, så snart du opdager den, gerne med en pincet eller et flåtkort. Hold tæt ved huden og "
            "træk lige ud. Vask derefter bidstedet med vand og sæbe.",
        ),
        "Informationen på denne side erstatter ikke lægelig rådgivning.",
        ("Om skribenten", "Mette Jensen er journalist og har skrevet om sundhed og medicin siden 2012."),
        "3 kommentarer",
        (
            (
                "Lone",
                "15. august 2025 kl. 08:12",
                "Vi fandt tre flåter på hunden allerede i april i år, de bliver flere for hver sæson.",
                dt.datetime(2025, 8, 15, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "Søren P.",
                "15. august 2025 kl. 09:40",
                "Godt skrevet! Giver det mening at vaccinere børnene, hvis vi kun har sommerhus på Bornholm?",
                dt.datetime(2025, 8, 15, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "Mette Jensen",
                "16. august 2025 kl. 10:05",
                "Hej Søren, vaccinen anbefales til dem, der ofte færdes i områderne, også børn.",
                dt.datetime(2025, 8, 16, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("Svar", "Anmeld", "Synes godt om"),
        ad_label="Annonce",
        tools=("Udskriv", "Del artiklen"),
        updated=("Opdateret 20. august 2025", dt.date(2025, 8, 20)),
    ),
    "nb": Page(
        "nb",
        "Slik beskytter du deg mot flått i sommer",
        "Av {name} · 14. august 2025",
        "Ingrid Berg",
        dt.date(2025, 8, 14),
        (
            "Flåtten er aktiv fra tidlig vår til sen høst, og antallet bitt øker hvert år langs kysten. Den som "
            "ferdes i skog og høyt gress, bør sjekke kroppen etter hver tur.",
            "Flåtten kan overføre borrelia og skogflåttencefalitt. Mot skogflåttencefalitt finnes en vaksine, som "
            "anbefales for dem som bor eller ferdes mye i utsatte områder langs kysten i Sør-Norge.",
            "Fjern flåtten så snart du oppdager den, gjerne med en pinsett eller et flåttkort. Hold nær huden og "
            "trekk rett ut. Vask deretter bittstedet med såpe og vann.",
        ),
        "Informasjonen på denne siden erstatter ikke medisinsk rådgivning.",
        ("Om forfatteren", "Ingrid Berg er journalist og har skrevet om helse og medisin siden 2012."),
        "3 kommentarer",
        (
            (
                "Kari",
                "15. august 2025 kl. 08:12",
                "Vi fant tre flått på hunden allerede i april i år, det blir flere for hver sesong.",
                dt.datetime(2025, 8, 15, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "Ola N.",
                "15. august 2025 kl. 09:40",
                "Bra artikkel! Er det verdt å vaksinere barna også om vi bare har hytte ved sjøen?",
                dt.datetime(2025, 8, 15, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "Ingrid Berg",
                "16. august 2025 kl. 10:05",
                "Hei Ola, vaksinen anbefales for alle som ferdes mye i utsatte områder, også barn.",
                dt.datetime(2025, 8, 16, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("Svar", "Rapporter", "Lik"),
        ad_label="Annonse",
        tools=("Skriv ut", "Del artikkelen"),
        updated=("Oppdatert 20. august 2025", dt.date(2025, 8, 20)),
    ),
    "tr": Page(
        "tr",
        "Kene mevsimi başladı: korunmak için neler yapmalı",
        "Yazar: {name} | 14 Ağustos 2025",
        "Ayşe Yılmaz",
        dt.date(2025, 8, 14),
        (
            "Havaların ısınmasıyla birlikte kene vakaları artmaya başladı. Uzmanlar, özellikle kırsal alanlarda ve "
            "piknik yerlerinde vakit geçirenlerin dikkatli olması gerektiğini söylüyor.",
            "Keneler Kırım Kongo kanamalı ateşi gibi ciddi hastalıklar taşıyabilir. Açık renkli, uzun kollu "
            "giysiler giymek ve dönüşte vücudu kontrol etmek en etkili korunma yollarıdır.",
            "Vücudunuzda kene görürseniz kendiniz çıkarmaya çalışmayın, en yakın sağlık kuruluşuna başvurun. "
            "Ateş, halsizlik veya kas ağrısı olursa vakit kaybetmeden doktora gidin.",
        ),
        "Bu içerik tıbbi tavsiye yerine geçmez.",
        ("Yazar hakkında", "Ayşe Yılmaz, 2012 yılından bu yana sağlık ve tıp haberleri yazıyor."),
        "Yorumlar (3)",
        (
            (
                "Mehmet",
                "15 Ağustos 2025 saat 08:12",
                "Geçen hafta bahçede köpeğimizin üzerinde iki kene bulduk, bu yıl çok erken başladı.",
                dt.datetime(2025, 8, 15, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "Zeynep K.",
                "15 Ağustos 2025 saat 09:40",
                "Kene çıkarıldıktan sonra kaç gün boyunca belirtileri takip etmek gerekiyor?",
                dt.datetime(2025, 8, 15, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "Ayşe Yılmaz",
                "16 Ağustos 2025 saat 10:05",
                "Zeynep Hanım, uzmanlar en az on gün boyunca ateş ve halsizliği takip etmeyi öneriyor.",
                dt.datetime(2025, 8, 16, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("Yanıtla", "Şikayet et", "Beğen"),
        ad_label="Reklam",
        tools=("Yazdır", "Paylaş"),
        updated=("Güncellendi: 20 Ağustos 2025", dt.date(2025, 8, 20)),
    ),
    # Chinese, like Japanese below: numeric dates; its thread is read by its structure (the
    # posts' words counted by word_counts, not by spaces: session 20)
    "zh": Page(
        "zh",
        "夏季蜱虫活跃，外出游玩如何防护",
        "作者：{name} 2025年8月14日",
        "张丽",
        dt.date(2025, 8, 14),
        (
            "进入夏季以后，蜱虫进入活跃期。医生提醒，在草丛、树林和公园里活动的人，回家后要仔细检查身体，"
            "特别是头皮、耳后、腋下和腿部。",
            "蜱虫可以传播多种疾病。外出时尽量穿浅色的长袖衣裤，把裤脚塞进袜子里，并在暴露的皮肤上使用驱虫剂。",
            "如果发现蜱虫已经叮咬在皮肤上，不要用手硬拔，也不要用火烧，最好到医院由医生处理。",
            "被叮咬后的几周内，如果出现发热、乏力、皮疹或者肌肉酸痛，应及时就医，并告诉医生自己曾被蜱虫叮咬。",
            "带孩子外出时，家长要特别注意。孩子在草地上玩耍的时间较长，回家后应当帮他们洗澡并检查全身。",
        ),
        "本文内容仅供参考，不能代替医生的诊断和治疗。",
        ("作者简介", "张丽，健康栏目记者，从事医疗健康报道十余年。"),
        "评论",
        (
            (
                "王小明",
                "2025年8月15日 09:40",
                "上周去郊外爬山，回家后在小腿上发现了一只蜱虫，幸好及时去医院取了出来。",
                dt.datetime(2025, 8, 15, 9, 40, tzinfo=dt.UTC),
            ),
            (
                "李华",
                "2025年8月16日 10:05",
                "请问驱虫剂要选什么成分的？给孩子用的和大人用的一样吗？",
                dt.datetime(2025, 8, 16, 10, 5, tzinfo=dt.UTC),
            ),
        ),
        ("回复", "举报", "点赞"),
        ad_label="广告",
        tools=("打印", "分享"),
        updated=("更新时间：2025年8月20日", dt.date(2025, 8, 20)),
    ),
    # Japanese dates are numbers ("2026年1月15日"), read by their shape in any language; the
    # file brings the byline label, the disclaimer and the bio box's label. Its thread was left
    # out until session 20: the comment finders counted a post's words by spaces, and a
    # Japanese post has none (docs/audits.md, the language audit).
    "ja": Page(
        "ja",
        "初めての胃カメラ検査、鎮静剤ありで受けてきました",
        "著者: {name} 2026年1月15日",
        "つばめ",
        dt.date(2026, 1, 15),
        (
            "健康診断で要精密検査と言われ、近所の内科で胃カメラ検査を受けてきました。前日の夜九時以降は食事をせず、"
            "当日の朝は水だけ飲んで病院に向かいました。",
            "今回は鎮静剤を使う方法を選びました。点滴から薬が入ると数秒で眠くなり、気がついたときには検査が終わって"
            "いました。喉の麻酔も思ったほど苦くありませんでした。",
            "検査後は一時間ほど休んでから帰宅しました。鎮静剤を使った日は車の運転ができないので、電車かタクシーで"
            "行くのがおすすめです。",
            "結果は二週間後に聞きに行く予定です。先生からは、軽い胃炎があるかもしれないけれど大きな心配はいらないと"
            "言われたので、少しほっとしています。",
            "これから検査を受ける方へ。前の晩はよく眠って、当日は締め付けの少ない服で行くと楽です。不安なことは"
            "遠慮せずに看護師さんに聞いてみてください。",
        ),
        "本記事の内容は医師の診断に代わるものではありません。",
        ("この記事を書いた人", "つばめ。会社員として働きながら、健康診断や検査の体験を書いています。"),
        "コメント",
        (
            (
                "さくら",
                "2026年1月16日 08:12",
                "来月初めて受けるので、とても参考になりました。鎮静剤ありにしようと思います。",
                dt.datetime(2026, 1, 16, 8, 12, tzinfo=dt.UTC),
            ),
            (
                "山田太郎",
                "2026年1月17日 21:30",
                "私も去年受けましたが、鎮静剤のおかげで全く苦しくありませんでした。結果が良いといいですね。",
                dt.datetime(2026, 1, 17, 21, 30, tzinfo=dt.UTC),
            ),
        ),
        ("返信", "通報", "いいね"),
        ad_label="広告",
        tools=("印刷", "シェアする"),
        updated=("更新日：2026年1月20日", dt.date(2026, 1, 20)),
    ),
}


def _html(page: Page) -> str:
    name = f'<a href="/skribent/{len(page.author)}">{page.author}</a>'
    paragraphs = "".join(f"<p>{text}</p>" for text in page.paragraphs[:1])
    paragraphs += f'<p class="small">{page.ad_label}</p>'
    paragraphs += "".join(f"<p>{text}</p>" for text in page.paragraphs[1:])
    tools = " | ".join(f'<a href="#t{i}">{tool}</a>' for i, tool in enumerate(page.tools))
    updated = f'<p class="upd">{page.updated[0]}</p>' if page.updated else ""
    posts = "".join(
        f'<div class="item"><div class="head"><b>{who}</b> <span class="when">{when}</span></div><p>{text}</p>'
        '<div class="tools">' + "".join(f'<a href="#p{i}">{button}</a> ' for button in page.buttons) + "</div></div>"
        for i, (who, when, text, _) in enumerate(page.comments)
    )
    thread = f'<div class="talk"><h2>{page.thread_heading}</h2>{posts}</div>' if page.comments else ""
    return (
        f'<html lang="{page.language}"><head><meta charset="utf-8"><title>{page.title} | Hälsa.example</title>'
        f'</head><body><div id="wrap"><div class="main"><h1>{page.title}</h1>'
        f'<p class="meta">{page.byline.format(name=name)}</p>{updated}<p class="bar">{tools}</p>{paragraphs}'
        f'<p class="note">{page.disclaimer}</p>'
        f'<div class="box"><h3>{page.bio[0]}</h3><p>{page.bio[1]}</p></div></div>{thread}</div></body></html>'
    )


@pytest.mark.parametrize("language", list(PAGES))
def test_a_page_in_a_language_with_a_file_is_read_by_its_words(language: str) -> None:
    page = PAGES[language]
    result = extract_html(_html(page), f"https://halsa.example/{language}/artikel/48812")
    assert result.metadata.authors == [page.author]
    assert result.metadata.published == page.published
    assert result.metadata.modified == (page.updated[1] if page.updated else None)
    # the disclaimer is metadata, not the article's text; the bio box under its label goes
    assert result.metadata.disclaimer == page.disclaimer
    assert page.disclaimer[:20] not in result.text and page.bio[1][:20] not in result.text
    assert all(paragraph[:40] in result.text for paragraph in page.paragraphs)
    # the ad's label and the print and share links are no part of it
    assert [line for line in result.text.splitlines() if line == page.ad_label or page.tools[0] in line] == []
    # the thread: each post's name, date and time (after the language's joining word: "kl.",
    # "v", "в") and words, none of its buttons
    assert [(c.author, c.posted_at, c.text) for c in result.comments] == [
        (who, when, text) for who, _, text, when in page.comments
    ]
    fields = [result.text, *(f"{c.author} {c.text}" for c in result.comments)]
    assert not [button for button in page.buttons for field in fields if button in field]
