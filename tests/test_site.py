"""What a reader gets from a built site: addresses, languages, appeals, links."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pycountry
from conftest import DEMO_CONTENT, FIXTURES, SUBPATH_SITEURL, build_ok, read, run_pelican


class Links(HTMLParser):
    """Every address a page refers to, by tag and attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.html_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        for name in ("href", "src", "action", "srcset", "poster", "data"):
            if attrs.get(name):
                self.refs.append((tag, name, attrs[name]))


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- addresses ---------------------------------------------------------------


def test_pages_exist_at_the_spec_addresses(minimal_site):
    for address in [
        "",
        "alerts/",
        "alerts/gh-editor-detained/",
        "alerts/gh-editor-released/",
        "alerts/global-statement/",
        "fr/alerts/gh-editor-detained/",
        "members/",
        "members/test-press-union/",
        "members/nordic-test-council/",
        "regions/africa/",
        "regions/global/",
        "countries/gh/",
        "countries/no/",
        "topics/arbitrary-detention/",
        "cases/",
        "cases/kofi-test-case/",
        "act/",
        "search/",
        "about/",
        "fr/",
        "ar/alerts/",
        "ru/members/test-press-union/",
    ]:
        assert (minimal_site / address / "index.html").is_file(), address
    assert (minimal_site / "404.html").is_file()
    assert (minimal_site / ".nojekyll").is_file()
    assert (minimal_site / "sitemap.xml").is_file()


def test_every_iso_country_has_a_page_even_without_alerts(minimal_site):
    for country in pycountry.countries:
        assert (minimal_site / "countries" / country.alpha_2.lower() / "index.html").is_file(), country.name
    assert "no alert about Åland Islands yet" in read(minimal_site, "countries/ax/")


def test_an_alert_page_exists_only_in_languages_it_was_translated_into(minimal_site):
    assert (minimal_site / "fr/alerts/gh-editor-detained/index.html").is_file()
    assert not (minimal_site / "es/alerts/gh-editor-detained/index.html").exists()


def test_drafts_are_never_published(minimal_site):
    assert not (minimal_site / "alerts/draft-item").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in pages(minimal_site))
    assert "A draft that must never be published" not in everything
    assert "draft-item" not in (minimal_site / "sitemap.xml").read_text()


def test_drafts_show_in_the_local_preview(tmp_path):
    site = build_ok(FIXTURES / "minimal", tmp_path / "out", extra=("-e", "SHOW_DRAFTS=true"))
    assert "never published" in read(site, "alerts/draft-item/")
    assert "draft-item" not in read(site, "alerts/")


# -- the alert page ------------------------------------------------------------


def test_alert_page_shows_everything_an_editor_wrote(minimal_site):
    html = read(minimal_site, "alerts/gh-editor-detained/")
    for expected in [
        "<h1>Editor detained in Accra over corruption report</h1>",
        '<span class="type">Alert</span>',
        '<time datetime="2026-03-02T00:00:00+00:00">2 March 2026</time>',
        '<a href="/countries/gh/">Ghana</a>',
        '<a href="/regions/africa/">Africa</a>',
        '<a href="/members/test-press-union/">Test Press Union (TPU)</a>',
        '<a href="/topics/arbitrary-detention/">Arbitrary detention</a>',
        '<a href="/cases/kofi-test-case/">',
        "Current status: Released.",
        "<strong>Kofi Testman</strong>, Journalist (The Test Weekly)",
        "Accra",
        "State security forces",
        "<strong>Kofi Testman</strong> on 1 March 2026",
        "Ama Example",
        "Minister of the Interior",
        "Dear Minister",
        "Release Kofi Testman at once.",
        "Sample letter",
    ]:
        assert expected in html, expected


def test_appeal_is_open_or_closed_as_of_the_builds_today(minimal_site, tmp_path):
    # the tests' "today" is 28 November 2026; this deadline was 30 April 2026
    closed = read(minimal_site, "alerts/gh-editor-detained/")
    assert "Appeal closed" in closed and "closed on 30 April 2026" in closed
    assert "Write now" not in closed
    assert "gh-editor-detained" not in read(minimal_site, "act/")
    site = build_ok(FIXTURES / "minimal", tmp_path / "out", env={"SOURCE_DATE_EPOCH": "1775044800"})  # 1 April
    opened = read(site, "alerts/gh-editor-detained/")
    assert "Please write before 30 April 2026" in opened
    assert "Editor detained in Accra" in read(site, "act/")
    assert "Editor detained in Accra" in read(site, "")


def test_write_now_link_carries_the_letter_in_any_language(tmp_path):
    site = build_ok(FIXTURES / "minimal", tmp_path / "out", env={"SOURCE_DATE_EPOCH": "1775044800"})
    html = read(site, "alerts/gh-editor-detained/")
    [mailto] = re.findall(r'href="(mailto:[^"]+\?[^"]+)"', html)
    address = urlsplit(mailto.replace("&amp;", "&"))
    query = parse_qs(address.query)
    assert unquote(address.path) == "minister@interior.example"
    assert query["subject"] == ["Editor detained in Accra over corruption report"]
    assert query["body"] == ["Dear Minister,\r\n\r\nI urge you to release Kofi Testman — now."]


def test_case_threads_items_and_reports_the_latest_status(minimal_site):
    html = read(minimal_site, "cases/kofi-test-case/")
    assert "Current status: <strong>Released</strong>" in html
    assert html.index("Editor detained in Accra") < html.index("Editor released on bail")
    assert "Nordic Test Council" in html and "Test Press Union" in html


def test_translation_inherits_structure_and_keeps_its_own_words(minimal_site):
    html = read(minimal_site, "fr/alerts/gh-editor-detained/")
    assert '<html lang="fr" dir="ltr">' in html
    assert "<h1>Un rédacteur en chef détenu à Accra</h1>" in html
    assert "2 mars 2026" in html
    assert 'href="/fr/countries/gh/"' in html and "Ghana" in html
    assert 'hreflang="en" href="/alerts/gh-editor-detained/"' in html


def test_lists_link_the_readers_language_or_say_which_language_it_is_in(minimal_site):
    french = read(minimal_site, "fr/alerts/")
    assert 'href="/fr/alerts/gh-editor-detained/"' in french
    assert 'href="/alerts/gh-editor-released/"' in french and 'lang="en"' in french


def test_arabic_pages_are_right_to_left(minimal_site):
    assert '<html lang="ar" dir="rtl">' in read(minimal_site, "ar/")
    assert '<html lang="en" dir="ltr">' in read(minimal_site, "")


def test_global_items_appear_in_global_only(minimal_site):
    assert "Network statement on spyware" in read(minimal_site, "regions/global/")
    assert "Network statement on spyware" not in read(minimal_site, "regions/africa/")


# -- the whole site ------------------------------------------------------------


def test_every_page_says_it_is_a_demonstration_unless_turned_off(minimal_site, tmp_path):
    for page in pages(minimal_site):
        assert '<p class="demo-notice">' in page.read_text(encoding="utf-8"), page
    assert "Demonstration site: all names here are fictional." in read(minimal_site, "")
    assert "fictive" in read(minimal_site, "fr/") or "fictif" in read(minimal_site, "fr/")
    site = build_ok(FIXTURES / "minimal", tmp_path / "out", extra=("-e", "DEMO_NOTICE=false"))
    assert "demo-notice" not in read(site, "")


def test_no_page_asks_another_host_for_anything(demo_site):
    for page in pages(demo_site):
        for tag, attr, ref in links(page.read_text(encoding="utf-8")).refs:
            if tag == "a":  # links a reader may follow; nothing is fetched
                continue
            assert not re.match(r"^(https?:)?//", ref), f"{page}: <{tag} {attr}={ref}>"


def test_every_page_declares_language_and_direction(demo_site):
    for page in pages(demo_site):
        attrs = links(page.read_text(encoding="utf-8")).html_attrs
        assert attrs.get("lang") in {"en", "fr", "es", "ar", "ru"} and attrs.get("dir") in {"ltr", "rtl"}, page


def test_subpath_build_has_no_broken_internal_link(subpath_site):
    """Resolve every link as a browser would, from the page's public address."""
    prefix = urlsplit(SUBPATH_SITEURL).path + "/"
    for page in pages(subpath_site):
        relative = page.relative_to(subpath_site).as_posix().removesuffix("index.html")
        base = f"{SUBPATH_SITEURL}/{relative}"
        for tag, _attr, ref in links(page.read_text(encoding="utf-8")).refs:
            address = urljoin(base, ref)
            if address.startswith(("mailto:",)) or not address.startswith(SUBPATH_SITEURL):
                assert tag == "a" or address.startswith("mailto:"), f"{page}: <{tag}> loads {ref} from elsewhere"
                continue
            target = subpath_site / urlsplit(address).path.removeprefix(prefix)
            assert target.is_file() or (target / "index.html").is_file(), f"{page}: broken link {ref}"


def test_site_built_links_carry_the_subpath(subpath_site):
    """Links between pages start at the host's root ("/repo/…": no scheme or host to
    repeat in every link); the canonical address and a text's language alternates are absolute."""
    html = read(subpath_site, "alerts/")
    assert 'href="/repo/theme/css/site.css"' in html
    assert 'href="/repo/alerts/page/1/" rel="next"' in html  # the next older page, counted from the oldest
    assert f'<link rel="canonical" href="{SUBPATH_SITEURL}/alerts/">' in html
    # a list names its editions in the switcher only; a translated text names them in <head> too
    assert (
        '<a href="/repo/fr/alerts/" lang="fr" hreflang="fr">' in html and '<link rel="alternate" hreflang' not in html
    )
    alert = read(subpath_site, "alerts/bf-journalist-seized-ouagadougou/")
    assert (
        f'<link rel="alternate" hreflang="fr" href="{SUBPATH_SITEURL}/fr/alerts/bf-journalist-seized-ouagadougou/">'
        in alert
    )
    assert f'href="{SUBPATH_SITEURL}/feeds/all.atom"' in read(subpath_site, "feeds/")  # addresses to copy


def test_sitemap_lists_pages_with_absolute_addresses(subpath_site):
    sitemap = (subpath_site / "sitemap.xml").read_text()
    assert f"<loc>{SUBPATH_SITEURL}/alerts/" in sitemap
    assert "404" not in sitemap


def test_a_sitemap_over_the_protocols_limit_becomes_an_index_of_parts(minimal_site, tmp_path):
    """sitemaps.org: at most 50,000 addresses a file (SITEMAP_MAX_URLS); a
    50,000-alert site has about 80,000 pages, so sitemap.xml lists parts."""
    whole = re.findall(r"<loc>([^<]+)</loc>", (minimal_site / "sitemap.xml").read_text())
    site = build_ok(FIXTURES / "minimal", tmp_path / "out", extra=("-e", "SITEMAP_MAX_URLS=10"))
    index = (site / "sitemap.xml").read_text()
    assert "<sitemapindex " in index and "<urlset" not in index
    parts = re.findall(r"<sitemap><loc>([^<]+)</loc></sitemap>", index)
    assert len(parts) == -(-len(whole) // 10) > 1
    listed = []
    for number, address in enumerate(parts, 1):
        assert address.endswith(f"/sitemap-{number}.xml")
        found = re.findall(r"<loc>([^<]+)</loc>", (site / f"sitemap-{number}.xml").read_text())
        assert 0 < len(found) <= 10
        listed += found
    assert listed == whole


def digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(demo_site, tmp_path):
    again = build_ok(DEMO_CONTENT, tmp_path / "again")
    assert digest(again) == digest(demo_site)


def test_a_failed_build_writes_nothing_and_exits_non_zero(tmp_path):
    content = tmp_path / "content"
    (content / "alerts").mkdir(parents=True)
    (content / "alerts" / "x.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert "x.md:3: the front matter is not valid YAML" in result.stderr


def test_older_pages_are_numbered_from_the_oldest_in_the_default_edition_only(demo_site):
    """urls.md, "Pagination" and "Languages": page 1 holds the oldest alerts; a language
    edition has the first address and links, in its language, to the default edition."""
    oldest = read(demo_site, "alerts/page/1/")
    front = read(demo_site, "alerts/")
    # lines give the date as text, after the type ("<li><b>Alert</b> 2 March 2026 · Ghana <a…")
    lines = re.findall(r"<li><b>[^<]+</b> (\d{1,2} [A-Z][a-z]+ \d{4}) · ", oldest)
    dates = [datetime.strptime(line, "%d %B %Y").date().isoformat() for line in lines]
    shown = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)', front)
    # 59 alerts: the first address shows the newest 10 as cards; page 1 (not yet full: it holds
    # ALERTS_PER_OLDER_PAGE, 100) lists all 59 as lines, newest first, from the oldest on
    assert len(dates) == 59 and dates == sorted(dates, reverse=True) and len(shown) >= 10
    assert min(dates) < min(shown)
    assert 'href="/alerts/page/1/" rel="next"' in front and not (demo_site / "alerts/page/2/index.html").exists()
    assert not (demo_site / "fr/alerts/page/1/index.html").exists()
    french = read(demo_site, "fr/alerts/")
    assert '<a href="/alerts/page/1/" hreflang="en">Alertes plus anciennes, en anglais</a>' in french


def test_a_language_edition_of_a_case_lists_its_translated_items_and_links_to_the_rest(demo_site):
    """urls.md, "Languages": a case page is a list; its edition may hold only the items
    translated into it, when it links, in its language, to the default edition for the rest.
    Burkina Faso's case has three items, the first of them translated into French."""
    english = read(demo_site, "cases/bf-issouf-kabore-sawadogo/")
    french = read(demo_site, "fr/cases/bf-issouf-kabore-sawadogo/")
    arabic = read(demo_site, "ar/cases/bf-issouf-kabore-sawadogo/")
    assert english.count("<time datetime=") == 3 and "timeline-elsewhere" not in english
    assert french.count("<time datetime=") == 1 and 'href="/fr/alerts/bf-journalist-seized-ouagadougou/"' in french
    assert '<a href="/cases/bf-issouf-kabore-sawadogo/" hreflang="en">2 éléments pas encore traduits' in french
    assert "<time datetime=" not in arabic.split("<main", 1)[1].split('class="appeal')[0]
    assert '<a href="/cases/bf-issouf-kabore-sawadogo/" hreflang="en">3 ' in arabic


def test_a_summary_that_is_the_first_paragraph_is_shown_once(minimal_site, demo_site):
    """content.md: with no summary written, the summary is the body's first paragraph;
    the page then shows that paragraph once, as the lead, not above itself again."""
    released = read(minimal_site, "alerts/gh-editor-released/")
    body = released.split("<body", 1)[1]  # the <meta> description says it too
    assert body.count("Kofi Testman was released on bail on 20 March.") == 1
    assert '<p class="lead">' not in released and '<div class="body body--lead">' in released
    written = read(demo_site, "alerts/tr-elif-yilmaz-sentenced/")  # a summary of its own: the lead
    assert '<p class="lead">' in written and '<div class="body">' in written
