"""Search II: the term directory finds an old name in one small download.

The demo is built here with shards of 8 alerts (so it has many), under a
sub-path, and searched in Chromium: a name must make the page fetch the
directory bucket of the name and only the shards that hold it. Python tests
pin that a new alert changes only the directory buckets of its own terms,
and that lunr.js stems every language as lunr.py does (the one shared index
is stemmed).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from alert_search.build import ShardJob, _stem, build_shard
from alert_search.directory import buckets, files, postings
from alert_search.documents import SearchDoc
from alert_search.shards import partition
from alert_search.text import fold
from conftest import DEMO_CONTENT, build_ok
from test_search import LUNR_JS, REPO

SHARD_ALERTS = 8


@pytest.fixture(scope="module")
def many_shards(tmp_path_factory, chromium):
    from web import Browser, Server

    root = tmp_path_factory.mktemp("many-shards")
    server = Server(root)
    build_ok(
        DEMO_CONTENT,
        root / "repo",
        settings="publishconf.py",
        env={"SITEURL": f"{server.origin}/repo"},
        extra=("-e", f"SEARCH_SHARD_ALERTS={SHARD_ALERTS}"),
    )
    context = chromium.new_context()
    browser = Browser(page=context.new_page(), origin=server.origin)
    browser.guard()
    yield browser, root / "repo"
    context.close()
    server.stop()


def _shards_holding(site, term: str) -> set[str]:
    manifest = json.loads((site / "search/manifest.json").read_text(encoding="utf-8"))
    held = set()
    for shard in manifest["shards"]:
        index = json.loads((site / "search" / shard["index"]).read_text(encoding="utf-8"))["index"]
        if any(row[0] == term for row in index["terms"]):
            held.add(shard["index"])
    return held


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_an_old_name_fetches_its_bucket_and_only_the_shards_that_hold_it(many_shards, prefix):
    browser, site = many_shards
    page = browser.page
    manifest = json.loads((site / "search/manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["shards"]) >= 6
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{browser.origin}/repo/{prefix}search/")
    page.wait_for_selector("#search-form:not([hidden])")
    page.wait_for_load_state("networkidle")
    page.fill("#search-q", "Quispe")
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results[aria-busy=false] li", state="attached")
    first = page.locator("#search-results .alert-card__title a").first.get_attribute("href")
    assert "pe-journalist-defamation-sentence-lima" in first
    shards = {url.split("/repo/search/")[1] for url in fetched if "/shards/i-" in url}
    assert shards == _shards_holding(site, _stem("quispe")), "only the shards whose terms include the name"
    assert len(shards) < len(manifest["shards"]) / 2
    buckets_read = [url for url in fetched if "/shards/t-" in url]
    assert len(buckets_read) == 1
    assert not browser.foreign


def test_a_country_named_in_another_language_finds_its_alerts(many_shards):
    browser, _ = many_shards
    page = browser.page
    page.goto(f"{browser.origin}/repo/search/?q=Mexique")
    page.wait_for_selector("#search-results[aria-busy=false] li", state="attached")
    places = set(page.locator("#search-results .alert-card__place").all_inner_texts())
    assert places == {"Mexico"}, "the French name finds Mexico's alerts on the English page"
    page.goto(f"{browser.origin}/repo/ru/search/?q=Veracruz")
    page.wait_for_selector("#search-results[aria-busy=false] li", state="attached")
    notes = page.locator("#search-results .alert-card__language").all_inner_texts()
    assert notes, "an alert not translated into Russian is shown in its original, marked"


def _doc(ident: str, title: str, day: str) -> SearchDoc:
    return SearchDoc(id=ident, day=day, fields={"t": title, "n": "", "p": "", "s": ""}, facets=[], display=[])


def test_a_new_alert_changes_only_the_buckets_of_its_own_terms():
    start = date(2020, 1, 1)
    words = [f"w{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(150)]
    docs = [_doc(f"a{i}", f"{words[i]} common", (start + timedelta(days=i * 7)).isoformat()) for i in range(150)]

    def directory(docs):
        shards = [build_shard(ShardJob(s, True, 10)) for s in partition(docs, cap=20)]
        numbers = [(len(shards) - 1 - i, s.terms) for i, s in enumerate(shards)]
        return files(buckets(postings(numbers), limit=300))[0]

    before = directory(docs)
    after = directory([*docs, _doc("new", "zebra common", (start + timedelta(days=150 * 7)).isoformat())])
    changed = {key for key in after if before.get(key) != after[key]}
    assert changed and changed <= {"z", "ze", "zeb", "zebr"}, changed


def test_lunr_js_stems_every_language_as_lunr_py(chromium):
    """The shared index is stemmed (Porter) whatever the language: the browser must stem every word the same.

    lunr.py and lunr.js differ on a final "y" ("day": "dai" and "day");
    the build makes lunr.js's term (build._stem). Words: the demo's
    content, the vocabularies and the interface catalogues, all languages.
    """
    sources = [*DEMO_CONTENT.rglob("*.md"), *(REPO / "data").rglob("*.*"), *(REPO / "theme").rglob("*.po")]
    words = sorted({w for path in sources for w in fold(path.read_text(encoding="utf-8", errors="ignore"))})
    words += ["day", "days", "monday", "norway", "destroyed", "why", "trying", "happy", "generalization"]
    assert len(words) > 3000
    page = chromium.new_page()
    page.add_script_tag(path=str(LUNR_JS))
    in_browser = page.evaluate("ws => ws.map(w => lunr.stemmer(new lunr.Token(w)).toString())", words)
    page.close()
    assert [(w, s) for w, s in zip(words, in_browser, strict=True) if s != _stem(w)] == []
