"""The feeds (issue 3): what subscribers' readers and other organisations' scripts get.

Real builds, read with lxml, feedparser, the RFC 4287 schema (via trang)
and Debian's newsboat; what each feed must carry is worked out again from
the content files (tests/feeds_support.py), never asked of the plugin.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml
from alert_feeds.titles import starts_with_a_place
from clearinghouse.content.vocabulary import country_name
from conftest import DEMO_CONTENT, FIXTURES, REPO, SUBPATH_SITEURL, TODAY_EPOCH, build_ok, read
from feeds_support import (
    ATOM,
    CONTENT,
    DC,
    FORMATS,
    LANGS,
    MAX_BYTES,
    MAX_ITEMS,
    Hub,
    atom_schema,
    edit_body_and_rename,
    entry_id,
    expected_feeds,
    feed_files,
    feed_path,
    feeds_content,
    newsboat,
    read_feed,
    regions_of,
    rfc822,
    sources,
    w3c_problems,
)
from lxml import etree

TODAY = datetime.fromtimestamp(int(TODAY_EPOCH), tz=UTC).date()
DATA = REPO / "data"
EXTRAS_SITEURL = "https://alerts.example/network"
EXTRAS_CAP = 3
QUIET_TIME = "2026-01-01T00:00:00+00:00"  # the start of FEED_TAG_AUTHORITY's date


def labels(name: str) -> dict[str, dict[str, str]]:
    """slug -> {lang: label} from a data file."""
    path = DATA / ("regions.yaml" if name == "regions" else f"vocabularies/{name}.yaml")
    return {slug: term["label"] for slug, term in yaml.safe_load(path.read_text(encoding="utf-8"))["terms"].items()}


# -- builds -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_expected() -> dict[str, list[str]]:
    return expected_feeds(DEMO_CONTENT, DATA, TODAY)


@pytest.fixture(scope="session")
def hub():
    hub = Hub()
    yield hub
    hub.stop()


@pytest.fixture(scope="session")
def extras_content(tmp_path_factory) -> Path:
    return feeds_content(FIXTURES / "minimal", tmp_path_factory.mktemp("extras") / "content")


@pytest.fixture(scope="session")
def extras_expected(extras_content) -> dict[str, list[str]]:
    return expected_feeds(extras_content, DATA, TODAY, cap=EXTRAS_CAP, caps={})


def build_extras(content: Path, output: Path, hub: Hub) -> Path:
    """Built for a sub-path, with a hub and a small FEED_MAX_ITEMS."""
    return build_ok(
        content,
        output,
        settings="publishconf.py",
        env={"SITEURL": EXTRAS_SITEURL},
        extra=("-e", f'WEBSUB_HUB="{hub.url}"', f"FEED_MAX_ITEMS={EXTRAS_CAP}", "FEED_MAX_ITEMS_BY_KIND={}"),
    )


@pytest.fixture(scope="session")
def extras_site(extras_content, hub, tmp_path_factory) -> Path:
    return build_extras(extras_content, tmp_path_factory.mktemp("extras-site") / "output", hub)


@pytest.fixture(scope="session")
def edited_site(extras_content, hub, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("edited")
    return build_extras(edit_body_and_rename(extras_content, folder / "content"), folder / "output", hub)


def relative(path: Path, site: Path) -> str:
    return path.relative_to(site).as_posix()


# -- which feeds exist, and what each carries -------------------------------------


def test_every_feed_of_the_spec_exists_in_both_formats_and_every_language(demo_site, demo_expected):
    wanted = {feed_path(name, lang, fmt) for name in (*demo_expected, "digest") for lang in LANGS for fmt in FORMATS}
    assert {relative(p, demo_site) for p in feed_files(demo_site)} == wanted
    assert sum(name.startswith("countries/") for name in demo_expected) == 249  # every ISO 3166-1 country
    assert len(wanted) > 2900


def test_membership_is_exact_for_every_alert_feed_language_and_format(demo_site, demo_expected):
    """An alert is in its countries', regions', members', case's and violations'
    feeds, in `all`, in `appeals` while open, and nowhere else; newest first."""
    wrong = []
    for name, ids in demo_expected.items():
        for lang in LANGS:
            for fmt in FORMATS:
                found = read_feed(demo_site / feed_path(name, lang, fmt)).ids
                if found != [entry_id(i) for i in ids]:
                    wrong.append(f"{feed_path(name, lang, fmt)}: {found} != {ids}")
    assert not wrong, "\n".join(wrong[:5])
    # FEED_MAX_ITEMS by default, and FEED_MAX_ITEMS_BY_KIND for "all"
    assert len(demo_expected["all"]) == 20 < len(sources(DEMO_CONTENT, DATA))
    assert max(len(ids) for name, ids in demo_expected.items() if name.startswith("regions/")) == MAX_ITEMS == 10
    assert demo_expected["regions/global"] and not set(demo_expected["regions/global"]) & set(
        demo_expected["regions/africa"]
    )


def test_membership_on_two_countries_co_signers_and_a_small_cap(extras_site, extras_expected):
    for name, ids in extras_expected.items():
        for fmt in FORMATS:
            assert read_feed(extras_site / feed_path(name, "en", fmt)).ids == [entry_id(i) for i in ids], name
    joint = entry_id("joint-accra-oslo")
    for name in ("countries/gh", "countries/no", "regions/africa", "regions/europe-central-asia"):
        assert joint in read_feed(extras_site / feed_path(name, "fr", "atom")).ids, name
    assert joint in read_feed(extras_site / "feeds/members/nordic-test-council.rss").ids  # co-signer
    assert (
        len(read_feed(extras_site / "feeds/all.atom").ids) == EXTRAS_CAP < len(sources(FIXTURES / "minimal", DATA)) + 2
    )


def test_open_appeals_feed_holds_exactly_the_open_appeals_as_of_the_build(extras_site, demo_site, demo_expected):
    # gh-editor-detained's appeal closed on 30 April 2026; the new one runs to 2027
    assert read_feed(extras_site / "feeds/appeals.atom").ids == [entry_id("gh-links-and-images")]
    open_now = {s.id for s in sources(DEMO_CONTENT, DATA).values() if s.deadline and s.deadline >= TODAY}
    closed = {s.id for s in sources(DEMO_CONTENT, DATA).values() if s.deadline and s.deadline < TODAY}
    assert open_now and closed
    for lang in LANGS:
        assert set(read_feed(demo_site / feed_path("appeals", lang, "rss")).ids) == {entry_id(i) for i in open_now}


def test_every_feed_stays_under_250_kb(demo_site, subpath_site):
    for site in (demo_site, subpath_site):
        too_big = [(relative(p, site), p.stat().st_size) for p in feed_files(site) if p.stat().st_size >= MAX_BYTES]
        assert not too_big


def test_a_feed_over_the_size_limit_keeps_its_newest_entries_that_fit():
    """The limit holds whatever the bodies' length: the oldest entries give way."""
    from alert_feeds.config import FeedSettings
    from alert_feeds.entries import EntryBuilder
    from alert_feeds.feedwriter import FeedWriter
    from alert_feeds.generator import fitted, head
    from alert_feeds.membership import feeds_of
    from clearinghouse.pipeline import Options, build_site
    from pelican.settings import read_settings

    settings = {**read_settings(str(REPO / "pelicanconf.py")), "CACHE_PATH": "", "BUILD_WORKERS": 1}
    site = build_site(Options.from_settings(settings, DEMO_CONTENT))
    config = FeedSettings.from_settings({**settings, "SITEURL": "https://example.org"})
    small = FeedSettings(**{**vars(config), "max_bytes": 40_000})
    builder, gettext = EntryBuilder(small, {lang: str for lang in LANGS}), str
    everything = feeds_of(site)[0]
    entries = [builder(alert, "en") for alert in everything.latest(50)]
    for fmt, entry_tag, id_tag in (("atom", f"{ATOM}entry", f"{ATOM}id"), ("rss", "channel/item", "guid")):
        data = fitted(FeedWriter(), everything, "en", fmt, entries, small, gettext)
        ids = [e.findtext(id_tag) for e in etree.fromstring(data).findall(entry_tag)]
        assert len(data) < 40_000 and 0 < len(ids) < 50
        assert ids == [entry_id(a.id) for a in everything.items[: len(ids)]]
        # cut by an estimate before rendering, but not by much: two more would not fit
        more = entries[: len(ids) + 2]
        assert len(FeedWriter().render(head(everything, "en", fmt, more, small, gettext), more, fmt)) >= 40_000


def test_an_entry_shared_between_editions_is_written_as_if_built_for_each():
    """One entry's XML serves every edition showing the same text (feedwriter.py):
    each feed must come out exactly as with entries built for it alone."""
    from alert_feeds.config import FeedSettings
    from alert_feeds.entries import EntryBuilder
    from alert_feeds.feedwriter import FORMATS, FeedWriter
    from alert_feeds.generator import head
    from alert_feeds.membership import feeds_of
    from clearinghouse.pipeline import Options, build_site
    from clearinghouse.site.i18n import load_translations
    from pelican.settings import read_settings

    settings = {**read_settings(str(REPO / "pelicanconf.py")), "CACHE_PATH": "", "BUILD_WORKERS": 1}
    site = build_site(Options.from_settings(settings, DEMO_CONTENT))
    config = FeedSettings.from_settings({**settings, "SITEURL": "https://example.org"})
    gettexts = {lang: load_translations(REPO / "theme/translations", lang).gettext for lang in LANGS}
    builder, shared = EntryBuilder(config, gettexts), FeedWriter()
    compared = set()
    for feed in feeds_of(site):  # in write_feeds' order: every edition of a feed, then the next feed
        for lang in LANGS:
            entries = [builder(alert, lang) for alert in feed.latest(config.max_items)]
            for fmt in FORMATS:
                top = head(feed, lang, fmt, entries, config, gettexts[lang])
                assert shared.render(top, entries, fmt) == FeedWriter().render(top, entries, fmt), (feed.key, lang)
                compared.update((e.text_key, lang) for e in entries)
    shared_texts = {key for key, _ in compared}
    assert len(shared_texts) < len(compared) / 2  # most entries did serve several editions
    untranslated = {(key, lang) for key, lang in compared if key[0][1] != lang}  # key[0][1]: the entry's language
    assert {lang for _, lang in untranslated} == set(LANGS) - {"en"}
    assert all(content is None for (_, content), _ in untranslated)  # summary-only...
    summary_only = {key for key, _ in untranslated}
    assert len(untranslated) >= 3.5 * len(summary_only)  # ...and one entry serves the four language editions


# -- what readers and validators accept --------------------------------------------


def test_every_atom_feed_validates_against_the_rfc_4287_schema(subpath_site, extras_site, tmp_path):
    schema = atom_schema(tmp_path)
    invalid = []
    for site in (subpath_site, extras_site):
        for path in feed_files(site):
            if path.suffix == ".atom" and not schema.validate(etree.parse(str(path))):
                invalid.append(f"{relative(path, site)}: {schema.error_log.last_error}")
    assert not invalid, "\n".join(invalid[:5])
    broken = etree.parse(str(subpath_site / "feeds/all.atom"))
    broken.getroot().remove(broken.getroot().find(f"{ATOM}updated"))
    assert not schema.validate(broken), "the schema must be able to fail"


@pytest.mark.parametrize("which", ["subpath_site", "extras_site"])
def test_every_feed_follows_the_w3c_feed_validator_rules(which, request):
    site = request.getfixturevalue(which)
    siteurl = SUBPATH_SITEURL if which == "subpath_site" else EXTRAS_SITEURL
    problems = {}
    for path in feed_files(site):
        found = w3c_problems(read_feed(path), f"{siteurl}/{relative(path, site)}")
        if found:
            problems[relative(path, site)] = found
    assert not problems, list(problems.items())[:3]


def test_the_validator_rules_catch_what_feedgen_gets_wrong(extras_site, tmp_path):
    """The rules above can fail: feedgen's own faults, put back by hand, are caught."""
    atom = (extras_site / "feeds/countries/gh.atom").read_text(encoding="utf-8")
    atom = atom.replace(' rel="related"', "").replace(
        f'href="{EXTRAS_SITEURL}/alerts/gh-editor-detained/"', 'href="../x/"'
    )
    (tmp_path / "gh.atom").write_text(atom, encoding="utf-8")
    found = " ".join(w3c_problems(read_feed(tmp_path / "gh.atom"), "https://elsewhere.example/gh.atom"))
    assert "two alternate links" in found and "relative address" in found and "self link" in found
    rss = (
        (extras_site / "feeds/countries/gh.rss")
        .read_text(encoding="utf-8")
        .replace('isPermaLink="false"', 'isPermaLink="true"')
    )
    assert "&#x26; &#x3C;notes&#x3E;" in rss  # lxml's &amp; and &lt;, put back below, are caught
    rss = rss.replace("&#x26; &#x3C;notes&#x3E;", "&amp; &lt;notes&gt;")
    (tmp_path / "gh.rss").write_text(rss, encoding="utf-8")
    found = " ".join(w3c_problems(read_feed(tmp_path / "gh.rss"), f"{EXTRAS_SITEURL}/feeds/countries/gh.rss"))
    assert "isPermaLink" in found and "<title> \"Alert — Ghana: Newspaper's cameras &amp; &lt;notes" in found


def test_every_feed_parses_in_feedparser_without_the_bozo_flag(subpath_site, demo_expected):
    bozo = []
    for path in feed_files(subpath_site):
        parsed = feedparser.parse(
            path.read_bytes(),
            response_headers={
                "content-type": f"application/{path.suffix[1:]}+xml; charset=utf-8",
                "content-location": f"{SUBPATH_SITEURL}/{relative(path, subpath_site)}",
            },
            sanitize_html=False,
            resolve_relative_uris=False,
        )
        if parsed.bozo:
            bozo.append(f"{relative(path, subpath_site)}: {parsed.bozo_exception}")
    assert not bozo, bozo[:5]
    for fmt in FORMATS:
        parsed = feedparser.parse(str(subpath_site / f"feeds/all.{fmt}"))
        assert [e.id for e in parsed.entries] == [entry_id(i) for i in demo_expected["all"]]
        assert parsed.entries[0].link.startswith(f"{SUBPATH_SITEURL}/alerts/")


def test_newsboat_subscribes_to_the_opml_bundle_and_reads_every_item(served_demo, tmp_path, demo_expected):
    bundle = tmp_path / "all.opml"
    with urllib.request.urlopen(f"{served_demo}/feeds/all.opml", timeout=30) as response:  # the local test server
        bundle.write_bytes(response.read())
    reading = newsboat(tmp_path / "newsboat", opml=bundle)
    assert reading.returncodes == [0, 0]
    assert not re.search(r"ERROR|WARN", reading.log), reading.log[:2000]
    wanted = (*demo_expected, "digest")  # and the weekly digest's feed (tests/test_digest.py reads its weeks)
    assert set(reading.feeds) == {f"{served_demo}/{feed_path(name, 'en', 'atom')}" for name in wanted}
    assert all(title.endswith("Free Expression Exchange — Action Alerts") for title in reading.feeds.values())
    published = sources(DEMO_CONTENT, DATA)
    assert {guid for guid in reading.items if ":digest/" not in guid} == {entry_id(i) for i in published}
    for alert in published.values():
        title, page, _feed = reading.items[entry_id(alert.id)]
        assert title.endswith(alert.title) and page == f"{served_demo}/alerts/{alert.id}/"


def test_newsboat_reads_a_language_edition_in_rss(served_demo, tmp_path, demo_expected):
    reading = newsboat(tmp_path / "newsboat-fr", urls=[f"{served_demo}/fr/feeds/all.rss"])
    assert reading.returncodes == [0] and not re.search(r"ERROR|WARN", reading.log), reading.log[:2000]
    assert set(reading.items) == {entry_id(i) for i in demo_expected["all"]}
    translated = entry_id("bf-journalist-seized-ouagadougou")
    assert reading.items[translated][0].startswith("Alerte — Burkina Faso : Le journaliste burkinabè")
    assert reading.items[translated][1] == f"{served_demo}/fr/alerts/bf-journalist-seized-ouagadougou/"


# -- identity and time --------------------------------------------------------------


def test_ids_do_not_depend_on_where_the_site_is_served(demo_site, subpath_site):
    for path in feed_files(demo_site):
        here, there = read_feed(path), read_feed(subpath_site / relative(path, demo_site))
        assert (here.id, here.ids) == (there.id, there.ids), relative(path, demo_site)
        assert here.self_link != there.self_link  # the addresses did move
    assert (
        read_feed(demo_site / "fr/feeds/countries/gh.atom").id
        == "tag:freeexpression.example,2026:fr/feeds/countries/gh"
    )


def test_times_come_from_the_content_and_never_from_the_clock(demo_site):
    published = {entry_id(s.id): s for s in sources(DEMO_CONTENT, DATA).values()}
    for path in feed_files(demo_site):
        if path.stem == "digest":
            continue  # its entries are weeks, timed by their end: tests/test_digest.py
        feed = read_feed(path)
        newest = max((published[i].updated for i in feed.ids), default=datetime.fromisoformat(QUIET_TIME))
        if feed.fmt == "atom":
            assert datetime.fromisoformat(feed.updated) == newest, relative(path, demo_site)
            for item in feed.items:
                assert datetime.fromisoformat(item.published) == published[item.id].date
                assert datetime.fromisoformat(item.updated) == published[item.id].updated
        else:
            assert rfc822(feed.updated) == newest, relative(path, demo_site)
            assert [rfc822(i.published) for i in feed.items] == [published[i].date for i in feed.ids]


def test_times_keep_their_instant_and_an_empty_feed_has_a_fixed_one(extras_site):
    joint = next(i for i in read_feed(extras_site / "feeds/countries/no.atom").items)
    assert (joint.published, joint.updated) == ("2026-06-01T14:30:00+00:00", "2026-06-02T06:00:00+00:00")
    assert read_feed(extras_site / "feeds/countries/no.rss").items[0].published == "Mon, 01 Jun 2026 14:30:00 +0000"
    empty = read_feed(extras_site / "es/feeds/countries/aq.atom")
    assert empty.items == [] and empty.updated == QUIET_TIME
    assert read_feed(extras_site / "feeds/countries/aq.rss").updated == "Thu, 01 Jan 2026 00:00:00 +0000"


def test_no_feed_carries_the_build_time_or_a_draft(extras_site):
    for path in feed_files(extras_site):  # "today" is 28 November 2026
        text = path.read_text(encoding="utf-8")
        assert "2026-11-28" not in text and "28 Nov 2026" not in text, relative(path, extras_site)
        assert "draft-item" not in text and "never be published" not in text, relative(path, extras_site)


def test_a_body_only_edit_and_a_renamed_file_change_no_id_or_time(extras_site, edited_site, extras_expected):
    # the edited alert is not translated: its body is in the default edition only,
    # and the edit is after the first paragraph (its summary), so only "en" changes
    touched = {
        feed_path(name, "en", fmt)
        for name, ids in extras_expected.items()
        if "gh-links-and-images" in ids
        for fmt in FORMATS
    }
    for path in feed_files(extras_site):
        name = relative(path, extras_site)
        before, after = read_feed(path), read_feed(edited_site / name)
        assert [(i.id, i.updated, i.published) for i in before.items] == [
            (i.id, i.updated, i.published) for i in after.items
        ], name
        assert before.updated == after.updated, name
        assert (path.read_bytes() == (edited_site / name).read_bytes()) == (name not in touched), name
    edited = read_feed(edited_site / "feeds/all.atom").items[0]
    assert edited.id == entry_id("gh-links-and-images") and "A typo fixed" in edited.content


# -- what an entry says ---------------------------------------------------------------


def test_bodies_are_made_absolute_once_and_an_unchanged_one_is_shared():
    from alert_feeds.entries import AbsoluteBodies

    bodies = AbsoluteBodies()
    plain = '<p>No address here, and <a href="https://example.net/x?a=1&amp;b=2">an absolute one</a>.</p>'
    assert bodies(plain, "https://site.example/alerts/a/") is plain
    assert bodies(plain, "https://site.example/fr/alerts/a/") is plain  # remembered, not scanned again
    relative = '<p><a href="../b/">b</a> <img src="x.png" alt=""></p>'
    assert bodies(relative, "https://site.example/alerts/a/") == (
        '<p><a href="https://site.example/alerts/b/">b</a> <img src="https://site.example/alerts/a/x.png" alt=""></p>'
    )
    assert bodies(relative, "https://site.example/fr/alerts/a/") == (  # a changed body is not taken for another's
        '<p><a href="https://site.example/fr/alerts/b/">b</a> '
        '<img src="https://site.example/fr/alerts/a/x.png" alt=""></p>'
    )


def test_an_entry_carries_title_body_links_appeal_author_and_categories(extras_site, hub):
    page = f"{EXTRAS_SITEURL}/alerts/gh-links-and-images/"
    feed = read_feed(extras_site / "feeds/countries/gh.atom")
    item = next(i for i in feed.items if i.id == entry_id("gh-links-and-images"))
    # the headline names its place first: the place is not said twice, the headline stays whole
    assert item.title == "Alert — Ghana: Newspaper's cameras & <notes> seized in Tamale"
    assert item.lang == "en" and item.page == page
    for address in [
        f'href="{EXTRAS_SITEURL}/alerts/gh-editor-detained/"',
        f'href="{EXTRAS_SITEURL}/alerts/gh-editor-detained/#appeal-heading"',
        'href="https://alerts.example/about/"',  # root-relative: the host's root, as on the page
        f'href="{page}#details"',
        'href="https://ministry.example/s?a=1&amp;b=2"',
        f'src="{page}images/camera.jpg"',
    ]:
        assert address in item.content, address
    assert "Open appeal" in item.content and "Please write before 31 January 2027." in item.content
    assert f'<a href="{page}#appeal-heading">Take action: write a letter</a>' in item.content
    assert {"href": page, "rel": "alternate", "type": "text/html", "hreflang": "en"} in item.links
    assert {
        "href": f"{page}#appeal-heading",
        "rel": "related",
        "type": "text/html",
        "hreflang": "en",
        "title": "Take action: write a letter",
    } in item.links
    entry = next(e for e in feed.root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == item.id)
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Test Press Union (TPU)"
    assert entry.findtext(f"{ATOM}author/{ATOM}uri") == f"{EXTRAS_SITEURL}/members/test-press-union/"
    assert entry.findtext(f"{ATOM}summary").startswith("Police seized the cameras of The Test Weekly")
    violations = labels("violations")
    scheme = "tag:freeexpression.example,2026:"
    assert sorted(item.categories) == sorted(
        [
            ("alert", scheme + "types", "Alert"),
            ("GH", scheme + "countries", "Ghana"),
            ("africa", scheme + "regions", "Africa"),
            ("attack-on-property", scheme + "violations", violations["attack-on-property"]["en"]),
            ("censorship", scheme + "violations", violations["censorship"]["en"]),
        ]
    )


def test_an_rss_item_carries_the_same_in_rss_terms(extras_site):
    # "all" carries the bodies of its 20 newest items (a country's feed, of its newest only)
    channel = etree.parse(str(extras_site / "feeds/all.rss")).getroot().find("channel")
    item = next(i for i in channel.findall("item") if i.findtext("guid") == entry_id("joint-accra-oslo"))
    assert item.find("guid").get("isPermaLink") == "false"
    assert (
        item.findtext("title")
        == "Joint action — Ghana, Norway: Members condemn threats against reporters in Accra and Oslo"
    )
    assert item.findtext("link") == f"{EXTRAS_SITEURL}/alerts/joint-accra-oslo/"
    assert item.findtext("description") == "Two members condemn coordinated threats."
    assert "<p>Reporters in two countries" in item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert item.findtext(f"{DC}creator") == "Test Press Union (TPU)"
    assert item.findtext(f"{DC}contributor") == "Nordic Test Council"
    assert item.find("author") is None  # RSS wants an e-mail address there
    domains = {(c.get("domain").rsplit(":", 1)[1], c.text) for c in item.findall("category")}
    assert {("countries", "Ghana"), ("countries", "Norway"), ("regions", "Africa")} <= domains


def test_a_case_item_has_its_case_as_a_category(extras_site):
    # an item with its body carries its categories: in a feed that carries its body (a case's does not)
    items = (i for path in sorted((extras_site / "feeds").rglob("*.atom")) for i in read_feed(path).items)
    item = next(i for i in items if i.id == entry_id("gh-editor-detained") and i.has_content)
    assert (
        "kofi-test-case",
        "tag:freeexpression.example,2026:cases",
        "Editor detained in Accra over corruption report",
    ) in (item.categories)


def test_language_editions_carry_the_same_items_each_in_its_language(demo_site):
    published = {entry_id(s.id): s for s in sources(DEMO_CONTENT, DATA).values()}
    types, translated_seen = labels("types"), 0
    for lang in LANGS:
        for name in ("all", "countries/bf", "countries/mx", "countries/kz", "countries/tn"):
            for item in read_feed(demo_site / feed_path(name, lang, "atom")).items:
                alert = published[item.id]
                shown = lang if lang in alert.translations else alert.lang
                translated_seen += shown != "en"
                title = alert.translations[lang]["title"] if shown != alert.lang else alert.title
                assert item.lang == shown, (lang, item.id)
                kind = f"{types[alert.type][lang]} — "
                assert item.title.startswith(kind) and item.title.endswith(title), (lang, item.title)
                assert item.title.endswith(f": {title}") or item.title == kind + title  # place said once at most
                assert item.page == ("" if shown == "en" else f"/{shown}") + f"/alerts/{alert.id}/"
    assert translated_seen >= 4
    mexico = read_feed(demo_site / "fr/feeds/countries/mx.atom").items[0]
    assert " — Mexique : " in mexico.title
    assert mexico.categories == []  # untranslated in this edition: title, summary and link only (urls.md)
    burkina = next(
        i
        for i in read_feed(demo_site / "fr/feeds/regions/africa.atom").items  # a region's: its 5 newest in full
        if i.id == entry_id("bf-journalist-seized-ouagadougou")  # translated: every part, labels in French
    )
    assert ("BF", "tag:freeexpression.example,2026:countries", "Burkina Faso") in burkina.categories
    assert ("africa", "tag:freeexpression.example,2026:regions", "Afrique") in burkina.categories


def test_a_language_edition_carries_bodies_only_of_items_in_its_language(demo_site):
    """urls.md, "Languages": an item not translated into the edition's language
    carries its title, summary and links only (issue 16: each edition repeated
    every body); the default edition carries the body of each feed's
    FEED_FULL_ITEMS newest items (5; FEED_FULL_ITEMS_BY_KIND: 20 in "all" and "appeals", 1 in a
    country's, 3 in a member's, none in a case's), the older ones their title, summary and link."""
    published = {entry_id(s.id): s for s in sources(DEMO_CONTENT, DATA).values()}
    seen = set()
    full_items = {"all": 20, "appeals": 20, "countries/bf": 1, "topics/threat": 5, "cases/tr-elif-yilmaz": 0}
    for lang in LANGS:
        for name, limit in full_items.items():
            for fmt in FORMATS:
                feed = read_feed(demo_site / feed_path(name, lang, fmt))
                for number, item in enumerate(feed.items):
                    alert = published[item.id]
                    full = (lang == "en" or lang in alert.translations) and number < limit
                    seen.add((lang, full, number < limit))
                    seen.add((lang, full))
                    where = (feed_path(name, lang, fmt), alert.id)
                    assert item.has_content is full and bool(item.content.strip()) is full, where
                    shown = lang if lang == "en" or lang in alert.translations else alert.lang
                    assert item.summary.strip() and item.lang == shown, where
                    assert item.page.endswith(f"/alerts/{alert.id}/"), where
                    if fmt == "atom" and not full:  # RFC 4287: no content, so an alternate link
                        assert {"href": item.page, "rel": "alternate", "type": "text/html", "hreflang": shown} in (
                            item.links
                        ), where
    assert {("en", True, True), ("en", False, False), ("fr", True, True), ("fr", False, True)} <= seen
    assert ("en", False, True) not in seen

    french = read_feed(demo_site / "fr/feeds/all.atom")
    english = {i.id: i for i in read_feed(demo_site / "feeds/all.atom").items}
    translated = next(i for i in french.items if i.id == entry_id("bf-journalist-seized-ouagadougou"))
    assert translated.has_content and "écrire avant le 31 décembre 2026" in translated.content  # the notice, in French
    untranslated = next(i for i in french.items if i.id == entry_id("pk-rafiq-sheikh-charged"))
    assert not untranslated.has_content and untranslated.summary == english[untranslated.id].summary
    assert [x["rel"] for x in untranslated.links] == [x["rel"] for x in english[untranslated.id].links]  # related too
    assert english[untranslated.id].has_content and "Open appeal" in english[untranslated.id].content
    rss = etree.parse(str(demo_site / "fr/feeds/all.rss")).getroot()
    item = next(i for i in rss.iter("item") if i.findtext("guid") == untranslated.id)
    assert item.findtext("description") == untranslated.summary and item.find(f"{CONTENT}encoded") is None
    # "only its title, summary and link": no member credited (its page names them); a body, its members
    assert item.find(f"{DC}creator") is None
    for path, full in (("fr/feeds/all.atom", False), ("feeds/all.atom", True)):
        atom = etree.parse(str(demo_site / path)).getroot()
        entry = next(e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == untranslated.id)
        assert (entry.find(f"{ATOM}author") is not None) is full, path
        assert (entry.find(f"{ATOM}content") is not None) is full, path


# -- links ------------------------------------------------------------------------------

PAGES = {
    "all": "alerts/",
    "appeals": "act/",
    "regions/africa": "regions/africa/",
    "countries/gh": "countries/gh/",
    "topics/threat": "topics/threat/",
    "members/test-press-union": "members/test-press-union/",
    "cases/kofi-test-case": "cases/kofi-test-case/",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_feed_links_itself_its_page_and_the_hub(extras_site, hub, name):
    for lang in ("en", "ar"):
        prefix = "" if lang == "en" else f"{lang}/"
        for fmt in FORMATS:
            feed = read_feed(extras_site / feed_path(name, lang, fmt))
            assert feed.self_link == f"{EXTRAS_SITEURL}/{feed_path(name, lang, fmt)}"
            assert feed.page == f"{EXTRAS_SITEURL}/{prefix}{PAGES[name]}"
            assert feed.hub == hub.url
            assert feed.lang == lang
        assert (extras_site / prefix / PAGES[name] / "index.html").is_file()


def test_no_hub_link_without_a_hub(demo_site):
    assert all(read_feed(demo_site / f"feeds/all.{fmt}").hub is None for fmt in FORMATS)


# -- WebSub: make ping ------------------------------------------------------------------


def ping(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "tools/ping_hub.py", *args], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_ping_notifies_the_hub_of_exactly_the_feeds_that_changed(extras_site, edited_site, hub, extras_expected):
    hub.received.clear()
    result = ping("--output", str(edited_site), "--previous", str(extras_site / "feeds/manifest.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(r["hub.mode"] == ["publish"] for r in hub.received)
    notified = sorted(url for r in hub.received for url in r["hub.url"])
    assert notified == sorted(  # the body is in the default edition only (the alert is not translated)
        f"{EXTRAS_SITEURL}/{feed_path(name, 'en', fmt)}"
        for name, ids in extras_expected.items()
        if "gh-links-and-images" in ids
        for fmt in FORMATS
    )


def test_ping_sends_nothing_when_nothing_changed_or_no_hub(extras_site, demo_site, hub):
    hub.received.clear()
    count = len(feed_files(extras_site))
    same = ping("--output", str(extras_site), "--previous", str(extras_site / "feeds/manifest.json"))
    assert same.returncode == 0 and f"ping: 0 of {count} feeds changed" in same.stdout and not hub.received
    first = ping("--output", str(extras_site), "--all", "--dry-run")
    assert first.returncode == 0 and f"{count} of {count} feeds changed" in first.stdout and not hub.received
    none = ping("--output", str(demo_site), "--all")
    assert none.returncode == 0 and "no WebSub hub configured" in none.stdout
    missing = ping("--output", str(extras_site), "--previous", str(extras_site / "no-such-manifest.json"))
    assert missing.returncode == 2 and "--all" in missing.stderr


# -- discovery: /feeds/, OPML, and every page's <head> -----------------------------------


class Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []  # every <a>, with its text
        self.head: list[dict] = []  # <link rel="alternate" type=feed>
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("type") in ("application/atom+xml", "application/rss+xml"):
            self.head.append(attrs)
        if tag == "a":
            self._open = {**attrs, "text": ""}
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def hrefs(html: str) -> Hrefs:
    parser = Hrefs()
    parser.feed(html)
    return parser


def test_the_feeds_page_lists_every_feed_with_a_copyable_address(demo_site, demo_expected):
    for lang in LANGS:
        prefix = "" if lang == "en" else f"{lang}/"
        page = hrefs(read(demo_site, f"{prefix}feeds/"))
        listed = {a["href"]: a["text"].strip() for a in page.links if a.get("href", "").endswith((".atom", ".rss"))}
        wanted = {f"/{feed_path(name, lang, fmt)}" for name in (*demo_expected, "digest") for fmt in FORMATS}
        assert set(listed) == wanted
        # the address itself, ready to copy; a case's feeds, thousands of them, on one short line each
        cases = {href: text for href, text in listed.items() if "/feeds/cases/" in href or "/feeds/digest." in href}
        assert cases and all(text == ("Atom" if href.endswith(".atom") else "RSS") for href, text in cases.items())
        assert all(text == href for href, text in listed.items() if href not in cases)
        bundles = {a["href"] for a in page.links if a.get("href", "").endswith(".opml")}
        assert bundles == {f"/{prefix}feeds/all.opml"} | {f"/{prefix}feeds/regions/{r}.opml" for r in labels("regions")}
        assert all((demo_site / b.lstrip("/")).is_file() for b in bundles)
    assert "How to subscribe" in read(demo_site, "feeds/")


def test_opml_bundles_list_every_feed_and_each_region_with_its_countries(subpath_site, demo_expected):
    region_of = regions_of(DATA)
    for lang in ("en", "ru"):
        prefix = "" if lang == "en" else f"{lang}/"
        root = etree.parse(str(subpath_site / f"{prefix}feeds/all.opml")).getroot()
        assert root.get("version") == "2.0" and root.findtext("head/title")
        outlines = root.findall(".//outline[@xmlUrl]")
        assert sorted(o.get("xmlUrl") for o in outlines) == sorted(
            f"{SUBPATH_SITEURL}/{feed_path(name, lang, 'atom')}" for name in (*demo_expected, "digest")
        )
        for outline in outlines:
            assert outline.get("type") == "rss" and outline.get("text") and outline.get("language") == lang
            page = outline.get("htmlUrl").removeprefix(SUBPATH_SITEURL + "/")
            assert (subpath_site / page / "index.html").is_file(), page
        for region in labels("regions"):
            bundle = etree.parse(str(subpath_site / f"{prefix}feeds/regions/{region}.opml")).getroot()
            names = {o.get("xmlUrl").rsplit("/feeds/", 1)[1] for o in bundle.findall(".//outline[@xmlUrl]")}
            countries = {f"countries/{c.lower()}.atom" for c, r in region_of.items() if r == region}
            assert names == {f"regions/{region}.atom"} | countries


ADVERTISED = {
    "": {"appeals"},
    "act/": {"appeals"},
    "feeds/": set(),
    "alerts/bf-journalist-seized-ouagadougou/": None,  # worked out from its front matter below
    "countries/gh/": {"countries/gh", "regions/africa"},
    "countries/aq/": {"countries/aq", "regions/asia-pacific"},
    "regions/global/": {"regions/global"},
    "topics/threat/": {"topics/threat"},
    "members/ghana-media-freedom-network/": {"members/ghana-media-freedom-network"},
    "cases/gh-kwabena-asante-mensah/": {"cases/gh-kwabena-asante-mensah"},
}


SUBJECT_PAGES = ("alerts/", "countries/", "regions/", "topics/", "members/", "cases/")


@pytest.mark.parametrize("address", sorted(ADVERTISED))
def test_every_page_advertises_its_own_feeds_in_its_head(demo_site, address):
    own = ADVERTISED[address]
    formats = FORMATS
    if (
        own is None
    ):  # an alert page: its case's feed (its countries' when in no case), and open appeals while it has one
        alert = sources(DEMO_CONTENT, DATA)[address.split("/")[1]]
        own = {f"cases/{alert.case}"} if alert.case else {f"countries/{c.lower()}" for c in alert.countries}
        own |= {"appeals"} if alert.deadline >= TODAY else set()
        assert len(own) == 2 and "appeals" in own
    if address.startswith(("alerts/", "cases/")):
        formats = ("atom",)  # alert and case pages name Atom only; list pages name both
    for lang in ("en", "fr"):
        prefix = "" if lang == "en" else f"{lang}/"
        links = hrefs(read(demo_site, prefix + address)).head
        named = own if address.startswith(SUBJECT_PAGES) else {"all", *own}  # "all": on pages without a subject
        wanted = {f"/{feed_path(name, lang, fmt)}" for name in named for fmt in formats}
        assert {link["href"] for link in links} == wanted
        for link in links:
            assert link["type"] == f"application/{link['href'].rsplit('.', 1)[1]}+xml"
            assert (demo_site / link["href"].lstrip("/")).is_file()


def test_a_country_page_offers_its_region_feed_too(demo_site):
    html = read(demo_site, "fr/countries/gh/")
    body = html[html.index("<body") :]
    for name in ("countries/gh", "regions/africa"):
        for fmt in FORMATS:
            assert f'href="/fr/feeds/{name}.{fmt}"' in body


def test_the_feeds_page_is_accessible(browser, served_demo):
    for address in ("/feeds/", "/ar/feeds/"):
        browser.page.goto(served_demo + address)
        assert browser.page.locator("h1").count() == 1
        assert not browser.axe(), address


# -- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting, value",
    [
        ("FEED_TAG_AUTHORITY", None),
        ("FEED_TAG_AUTHORITY", "https://example.org"),
        ("FEED_MAX_ITEMS", 0),
        ("FEEDS_CHILD_MAX_ALERTS", -1),
        ("FEEDS_CHILD_MAX_ALERTS", "many"),
        ("WEBSUB_HUB", "hub"),
        ("FEED_FULL_ITEMS_BY_KIND", 3),
        ("FEED_FULL_ITEMS_BY_KIND", {"case": 1}),
        ("FEED_FULL_ITEMS_BY_KIND", {"cases": -1}),
    ],
)
def test_a_wrong_feed_setting_stops_the_build_with_its_name(setting, value):
    from alert_feeds.config import FeedSettings, FeedSettingsError

    settings = {"SITENAME": "x", "FEED_TAG_AUTHORITY": "example.org,2026", setting: value}
    with pytest.raises(FeedSettingsError, match=setting):
        FeedSettings.from_settings(settings)
    assert FeedSettings.from_settings({"SITENAME": "x", "FEED_TAG_AUTHORITY": "a@example.org,2026-03"}).quiet_time == (
        datetime(2026, 3, 1, tzinfo=UTC)
    )


@pytest.mark.parametrize("lang, kind", [("en", "Alert"), ("fr", "Alerte"), ("ar", "تنبيه")])
def test_a_headline_that_names_its_place_first_is_not_given_the_place_twice(extras_site, lang, kind):
    feed = read_feed(extras_site / feed_path("countries/gh", lang, "atom"))
    item = next(i for i in feed.items if i.id == entry_id("gh-links-and-images"))
    assert item.title == f"{kind} — Ghana: Newspaper's cameras & <notes> seized in Tamale"


@pytest.mark.parametrize(
    "headline, starts",
    [
        ("Ghana: editor detained", True),
        ("ghana's editor detained", True),
        ("Ghana", True),
        ("Ghanaian editor detained", False),
        ("Editor detained in Ghana", False),
        ("غانا: احتجاز رئيس تحرير", True),  # the place in the edition's language
    ],
)
def test_which_headlines_name_their_place_first(headline, starts):
    class Ghana:
        slug = "gh"

        def label_in(self, lang: str) -> str:
            return country_name("GH", lang)

    assert starts_with_a_place(headline, [Ghana()], ("en", "ar")) is starts


def test_an_archive_with_no_case_yet_builds_its_feeds_page_without_a_cases_group(minimal, tmp_path):
    """A network's first alerts may not be on any case: /feeds/ and the OPML files then have no "Cases" group."""
    for path in sorted(minimal.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "\ntype: update" in text:  # an update needs a case: its translations go with it
            for own in path.parent.glob(path.name.removesuffix(".md") + ".*"):
                own.unlink()
        elif "\ncase:" in text:
            path.write_text(re.sub(r"\ncase:[^\n]*", "", text), encoding="utf-8")
    site = build_ok(minimal, tmp_path / "output")
    page = read(site, "feeds/")
    assert "/feeds/all.atom" in page and "/feeds/cases/" not in page and ">Cases</h2>" not in page
    assert b"/feeds/cases/" not in (site / "feeds/all.opml").read_bytes()
