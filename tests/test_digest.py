"""The weekly Communiqué's pages and feed (plugins/weekly_digest, docs/digest.md).

A small archive written here has several items in week 47 of 2026 (16-22
November) in two regions, an item about the whole world, translations into
French, Arabic and Russian, appeals that close before and after the Monday
the week's Communiqué goes out, and an item in the week of the tests'
"today" (Saturday 28 November 2026), which is not over. It is built once,
for a sub-path, and read as a reader and a feed reader would.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from conftest import FIXTURES, REPO, SUBPATH_SITEURL, build_ok, read
from feeds_support import atom_schema, read_feed, w3c_problems
from lxml import etree

AUTHORITY = "freeexpression.example,2026"
FIRST = "2026-w45"
BUILT: dict[str, Path] = {}


def _alert(folder: Path, name: str, front: str, body: str = "Body text.") -> None:
    (folder / f"{name}.md").write_text(f"---\n{front.strip()}\n---\n{body}\n", encoding="utf-8")


APPEAL = """appeal:
  deadline: {deadline}
  asks:
    - Release them.
  addressees:
    - name: Ama Example
      title: Minister of the Interior
      email: minister@interior.example"""


def write_archive(content: Path) -> Path:
    """The minimal fixture's members and pages, and the alerts described above."""
    shutil.copytree(FIXTURES / "minimal" / "members", content / "members")
    shutil.copytree(FIXTURES / "minimal" / "pages", content / "pages")
    alerts = content / "alerts" / "2026"
    alerts.mkdir(parents=True)
    common = "member: test-press-union\nviolations: [arbitrary-detention]"
    _alert(
        alerts,
        "gh-accra-editor",
        f"""
type: alert
title: Accra editor detained & questioned
date: 2026-11-17
country: GH
case: gh-accra-editor
{common}
summary: Security agents detained the editor of a weekly in Accra over a report on procurement.
{APPEAL.format(deadline="2026-12-20")}""",
    )
    _alert(
        alerts,
        "gh-accra-editor.fr",
        """
lang: fr
title: Un rédacteur en chef détenu à Accra
summary: Des agents ont détenu le rédacteur en chef d'un hebdomadaire d'Accra.""",
    )
    _alert(
        alerts,
        "gh-accra-editor.ar",
        """
lang: ar
title: احتجاز رئيس تحرير في أكرا
summary: احتجز عناصر الأمن رئيس تحرير صحيفة أسبوعية في أكرا بسبب تقرير عن المشتريات.""",
    )
    _alert(
        alerts,
        "ng-lagos-reporters",
        f"""
type: joint-action
title: Lagos reporters released on bail
date: 2026-11-19
country: NG
{common}
summary: Two reporters arrested during the fuel protests were released on bail.
{APPEAL.format(deadline="2026-11-22")}""",
    )
    _alert(
        alerts,
        "kz-almaty-journalist",
        f"""
type: alert
title: Almaty journalist charged with false information
date: 2026-11-20
country: KZ
{common}
summary: Police in Almaty charged a journalist over a report on flood relief.""",
    )
    _alert(
        alerts,
        "kz-almaty-journalist.ru",
        """
lang: ru
title: Алматинской журналистке предъявлено обвинение
summary: Полиция Алматы предъявила журналистке обвинение в распространении ложной информации.""",
    )
    _alert(
        alerts,
        "global-spyware-statement",
        f"""
type: press-release
title: Network statement on spyware
date: 2026-11-21
region: global
{common}
summary: The network calls for a moratorium on spyware sales.""",
    )
    _alert(
        alerts,
        "tn-tunis-commentator",
        f"""
type: alert
title: Tunis radio commentator arrested
date: 2026-11-10
country: TN
{common}
summary: A radio commentator was arrested after a programme on the economy.
{APPEAL.format(deadline="2026-11-23")}""",
    )
    _alert(
        alerts,
        "mx-veracruz-reporter",
        f"""
type: alert
title: Veracruz reporter missing
date: 2026-11-26
country: MX
{common}
summary: A reporter has been missing since Tuesday.""",
    )
    return content


def digest_site(tmp_path_factory) -> Path:
    """The archive above, built once per test session for https://owner.github.io/repo/."""
    if "site" not in BUILT:
        root = tmp_path_factory.mktemp("digest")
        content = write_archive(root / "content")
        BUILT["content"] = content
        BUILT["site"] = build_ok(
            content,
            root / "output",
            settings="publishconf.py",
            env={"SITEURL": SUBPATH_SITEURL},
            extra=("-e", f'DIGEST_FIRST_WEEK="{FIRST}"'),
        )
    return BUILT["site"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return digest_site(tmp_path_factory)


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', html)


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_digest_lists_every_week_from_the_first_newest_first(site):
    html = _main(read(site, "digest/"))
    weeks = re.findall(r'href="/repo/digest/(\d{4}-w\d\d)/"', html)
    assert weeks == ["2026-w48", "2026-w47", "2026-w46", "2026-w45"]
    assert "4 items" in html and "so far" in html.split("2026-w47")[0]  # the current week is marked
    for lang in ("fr", "es", "ar", "ru"):
        assert f'href="/repo/{lang}/digest/2026-w47/"' in read(site, f"{lang}/digest/")


def test_week_is_grouped_by_region_then_country_with_each_items_parts(site):
    html = _main(read(site, "digest/2026-w47/"))
    headings = re.findall(r"<h([23])>([^<]+)</h\1>", html)
    assert headings == [
        ("2", "Africa"),
        ("3", "Ghana"),
        ("3", "Nigeria"),
        ("2", "Europe and Central Asia"),
        ("3", "Kazakhstan"),
        ("2", "Global"),
        ("2", "Still open: write before…"),
    ]
    ghana = html.split("<h3>Ghana</h3>", 1)[1].split("</li>", 1)[0]
    assert "<b>Alert</b>" in ghana  # type
    assert 'href="/repo/alerts/gh-accra-editor/"' in ghana  # link
    assert "Accra editor detained &amp; questioned" in ghana  # title
    assert "Security agents detained the editor" in ghana  # summary
    assert "Issued by Test Press Union (TPU)" in ghana  # member
    assert "Tunis" not in html.split("Still open")[0]  # week 46's item is not in week 47
    assert "Veracruz" not in html  # nor week 48's


def test_still_open_lists_appeals_open_on_the_monday_after_soonest_first(site):
    still = _main(read(site, "digest/2026-w47/")).split("Still open: write before…", 1)[1]
    assert "Appeals open on 23 November 2026" in still
    # Tunis (week 46) closes on the Monday itself: still open; Lagos closed on Sunday 22
    assert re.findall(r'datetime="([\d-]+)"', still) == ["2026-11-23", "2026-12-20"]
    assert still.index("tn-tunis-commentator") < still.index("gh-accra-editor")
    assert "ng-lagos-reporters" not in still


def test_current_week_is_so_far_and_has_no_email_or_feed_entry(site):
    html = _main(read(site, "digest/2026-w48/"))
    assert "so far: this page is complete once the week is over." in html
    assert "Veracruz reporter missing" in html
    assert not (site / "digest/2026-w48/email.html").exists()
    assert not (site / "digest/2026-w48/email.txt").exists()
    for lang_prefix in ("", "fr/", "ar/"):
        assert (site / f"{lang_prefix}digest/2026-w47/email.html").is_file()
        assert (site / f"{lang_prefix}digest/2026-w47/email.txt").is_file()
    assert not (site / "digest/2026-w44").exists()  # before DIGEST_FIRST_WEEK


def test_language_editions_translate_the_interface_and_mark_untranslated_items(site):
    fr = _main(read(site, "fr/digest/2026-w47/"))
    assert "Le Communiqué : Semaine 47, 2026" in fr or "Le Communiqué: Semaine 47, 2026" in fr
    assert "Encore ouverts : écrivez avant…" in fr
    ghana = fr.split("Ghana</h3>", 1)[1].split("</li>", 1)[0]
    assert 'href="/repo/fr/alerts/gh-accra-editor/"' in ghana and "Un rédacteur en chef détenu à Accra" in ghana
    assert "Des agents ont détenu" in ghana  # a translated item keeps its summary
    nigeria = fr.split("Nigeria</h3>", 1)[1].split("</li>", 1)[0]
    assert 'lang="en"' in nigeria and "(Anglais)" in nigeria and "bail" in nigeria
    ar = read(site, "ar/digest/2026-w47/")
    assert '<html lang="ar" dir="rtl">' in ar and "احتجاز رئيس تحرير في أكرا" in ar
    assert 'lang="en" dir="ltr"' in _main(ar)  # an English title on a right-to-left page
    ru = _main(read(site, "ru/digest/2026-w47/"))
    assert "Алматинской журналистке предъявлено обвинение" in ru


def test_pages_work_under_a_sub_path_and_link_to_existing_pages(site):
    for address in ("digest/", "digest/2026-w47/", "fr/digest/2026-w47/", "digest/2026-w48/"):
        for link in _links(_main(read(site, address))):
            if link.startswith("/repo/"):
                target = site / link.removeprefix("/repo/")
                assert (target / "index.html").is_file() or target.is_file(), f"{address} links to missing {link}"
            else:
                assert link in ("email.html", "email.txt"), link
                assert (site / address / link).is_file()
    head = read(site, "digest/2026-w47/").split("</head>", 1)[0]
    assert 'href="/repo/feeds/digest.atom"' in head and 'type="application/atom+xml"' in head


def _feed(site: Path, path: str):
    return feedparser.parse((site / path).read_bytes())


def test_feed_has_one_entry_per_finished_week_with_a_permanent_id(site):
    atom = _feed(site, "feeds/digest.atom")
    assert not atom.bozo, atom.bozo_exception
    assert [e.id for e in atom.entries] == [
        f"tag:{AUTHORITY}:digest/2026-w47",
        f"tag:{AUTHORITY}:digest/2026-w46",
        f"tag:{AUTHORITY}:digest/2026-w45",
    ]
    first = atom.entries[0]
    assert first.link == f"{SUBPATH_SITEURL}/digest/2026-w47/"
    assert first.title == "The Communiqué: Week 47, 2026"
    content = first.content[0].value
    assert f'href="{SUBPATH_SITEURL}/alerts/gh-accra-editor/"' in content  # the whole digest, absolute links
    assert "Still open: write before…" in content and "Network statement on spyware" in content
    assert first.updated_parsed[:3] == (2026, 11, 23)  # the week's end, not the clock
    for lang in ("fr", "ar", "ru"):
        for fmt in ("atom", "rss"):
            edition = _feed(site, f"{lang}/feeds/digest.{fmt}")
            assert not edition.bozo
            assert [e.id for e in edition.entries] == [e.id for e in atom.entries], (lang, fmt)
    rss = _feed(site, "feeds/digest.rss")
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]


def test_feed_edition_holds_translated_items_and_links_the_rest(site):
    ru = _feed(site, "ru/feeds/digest.atom").entries[0].content[0].value
    assert "Алматинской журналистке предъявлено обвинение" in ru
    assert "Lagos reporters" not in ru
    assert f'href="{SUBPATH_SITEURL}/digest/2026-w47/" hreflang="en"' in ru
    assert "3 материала ещё не переведены" in ru


def test_digest_feed_is_valid_atom_and_passes_the_w3c_rules(site, tmp_path):
    schema = atom_schema(tmp_path)
    for lang_prefix in ("", "ar/"):
        document = etree.parse(str(site / f"{lang_prefix}feeds/digest.atom"))
        assert schema.validate(document), schema.error_log
        for fmt in ("atom", "rss"):
            path = f"{lang_prefix}feeds/digest.{fmt}"
            assert w3c_problems(read_feed(site / path), f"{SUBPATH_SITEURL}/{path}") == []


def test_feeds_page_and_opml_list_the_digest_feed(site):
    feeds = read(site, "feeds/")
    assert 'href="/repo/feeds/digest.atom"' in feeds and 'href="/repo/feeds/digest.rss"' in feeds
    assert "The weekly Communiqué" in feeds
    assert "Le Communiqué hebdomadaire" in read(site, "fr/feeds/")
    opml = etree.parse(str(site / "feeds/all.opml"))
    urls = opml.xpath("//outline/@xmlUrl")
    assert f"{SUBPATH_SITEURL}/feeds/digest.atom" in urls
    assert f"{SUBPATH_SITEURL}/fr/feeds/digest.atom" in etree.parse(str(site / "fr/feeds/all.opml")).xpath(
        "//outline/@xmlUrl"
    )


# -- weeks and settings, without a build ------------------------------------------


def test_weeks_are_iso_weeks_in_the_site_time_zone():
    from weekly_digest.weeks import Week, local_day, published_weeks

    assert Week.parse("2026-w48").monday == date(2026, 11, 23)
    assert Week.parse("2026-W53").sunday == date(2027, 1, 3)  # 2026 has 53 ISO weeks
    assert Week.of(date(2027, 1, 1)).name == "2026-w53"
    assert Week.parse("2026-w53").next().name == "2027-w01"
    late = datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert Week.of(local_day(late, ZoneInfo("UTC"))).name == "2026-w47"
    assert Week.of(local_day(late, ZoneInfo("Asia/Tokyo"))).name == "2026-w48"
    assert [w.name for w in published_weeks(Week.parse("2026-w47"), date(2026, 11, 28))] == ["2026-w47", "2026-w48"]
    assert published_weeks(Week.parse("2027-w01"), date(2026, 11, 28)) == []


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("DIGEST_FIRST_WEEK", "2026-48", "a week is written <year>-w<week>"),
        ("DIGEST_FIRST_WEEK", "2025-w53", "2025 has no ISO week 53"),
        ("DIGEST_FEED_MAX_ITEMS", 0, "DIGEST_FEED_MAX_ITEMS must be a whole number of at least 1"),
        ("DIGEST_LIST_UNSUBSCRIBE", "unsubscribe@example.org", "mailto: or https: address"),
    ],
)
def test_wrong_settings_are_refused_with_what_is_allowed(setting, value, message):
    from weekly_digest.config import DigestSettings, DigestSettingsError

    settings = {"SITENAME": "x", "FEED_TAG_AUTHORITY": AUTHORITY, setting: value}
    with pytest.raises(DigestSettingsError, match=re.escape(message)):
        DigestSettings.from_settings(settings)


def test_a_wrong_first_week_stops_the_build_naming_the_setting(tmp_path):
    from conftest import run_pelican

    content = write_archive(tmp_path / "content")
    result = run_pelican(content, tmp_path / "out", extra=("-e", 'DIGEST_FIRST_WEEK="week 48"'))
    assert result.returncode != 0
    assert "DIGEST_FIRST_WEEK" in result.stdout + result.stderr
    assert not (tmp_path / "out" / "digest").exists()


def test_repo_settings_name_the_week_the_digest_began():
    text = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    assert re.search(r'^DIGEST_FIRST_WEEK = "\d{4}-w\d\d"', text, re.M)


def test_a_feed_reader_subscribes_to_the_digest(served_demo, tmp_path):
    from feeds_support import newsboat

    atom, rss = f"{served_demo}/feeds/digest.atom", f"{served_demo}/ar/feeds/digest.rss"
    # one reader each: both editions give a week the same id, and one reader keeps
    # one item per id, under whichever feed its reload threads fetched first
    english = newsboat(tmp_path / "english", urls=[atom])
    arabic = newsboat(tmp_path / "arabic", urls=[rss])
    for reading in (english, arabic):
        assert set(reading.returncodes) == {0}, reading.log
    assert english.feeds[atom] == "The Communiqué — Free Expression Exchange — Action Alerts"
    weeks = {guid: item for guid, item in english.items.items() if item[2] == atom}
    ids = [f"tag:{AUTHORITY}:digest/2026-w{n}" for n in (45, 46, 47)]
    assert sorted(weeks) == ids
    assert weeks[f"tag:{AUTHORITY}:digest/2026-w47"][:2] == (
        "The Communiqué: Week 47, 2026",
        f"{served_demo}/digest/2026-w47/",
    )
    assert arabic.feeds[rss].startswith("النشرة") and sorted(arabic.items) == ids  # the same ids in every edition
