"""Search: what a reader finds, in Chromium over the served demo, and how the index is cut.

Browser tests drive /repo/search/ as a reader would (typing, choosing filters,
going back, reloading a shared address, keyboard alone) against the demo built
for and served under a sub-path; any request to another host fails them.
Python tests pin the folding pipeline (it must cut words exactly as the
browser does) and the shard layout (small first download, stable old shards).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from alert_search.build import ShardJob, build_index, build_shard
from alert_search.cache import ShardCache
from alert_search.compact import expand
from alert_search.documents import SearchDoc
from alert_search.generator import build_all
from alert_search.shards import partition
from alert_search.text import FOLD_TABLE, alert_fold, fold
from conftest import build_ok, read
from lunr import lunr
from lunr.builder import Builder
from lunr.stemmer import stemmer

REPO = Path(__file__).resolve().parent.parent
JS = REPO / "theme" / "static" / "js"
LUNR_JS = JS / "vendor" / "lunr-2.3.9" / "lunr.min.js"

# Texts that exercise every step of the fold, in several scripts.
SAMPLES = [
    "Elif Yılmaz",
    "José Ángel Ñúñez Ríos",
    "Nguyễn Thị Hà",
    "L'Écho du Kadiogo — «Radio» 95.1 FM",
    "İstanbul, Çağlayan; Straße; Łódź; Ørsted; Đặng; Þór; Æsir; Œuvre",
    "Press freedom 🔥！ Ｔｈａｎｋｓ ❤️ 𝐁𝐨𝐥𝐝 ﬁnal",
    "الولايات المتّحدة — أحمد إبراهيم آمنة ـــ",
    "Соединённые Штаты, Йошкар-Ола",
    "ΟΔΟΣ Σωκράτης",
    "Oʻzbekiston, col·legi, 東京 사건",
    "a\u0301b\u0308c  tabs\tand\nnewlines",
]


# -- the folding pipeline (Python) --------------------------------------------


def test_fold_finds_names_with_or_without_diacritics():
    assert fold("Elif Yılmaz") == fold("Elif Yilmaz") == ["elif", "yilmaz"]
    assert fold("José Ángel Ñúñez Ríos") == fold("Jose Angel Nunez Rios") == ["jose", "angel", "nunez", "rios"]
    assert fold("Nguyễn Thị Hà") == fold("NGUYEN THI HA") == ["nguyen", "thi", "ha"]
    assert fold("İstanbul Straße Łódź") == ["istanbul", "strasse", "lodz"]
    assert fold("Соединённые") == fold("Соединенные")
    assert fold("أحمد") == fold("احمد")


def test_fold_drops_emoji_and_every_astral_character():
    words = fold("Press 🔥 freedom！🎉 𝐁𝐨𝐥𝐝 ❤️")
    assert words == ["press", "freedom", "bold"]  # 𝐁𝐨𝐥𝐝 is compatibility-decomposed first
    assert all(ord(c) <= 0xFFFF for s in SAMPLES for w in fold(s) for c in w)


def test_fold_is_idempotent_so_query_and_index_agree():
    for text in SAMPLES:
        words = fold(text)
        assert fold(" ".join(words)) == words
        assert [w for word in words for w in fold(word)] == words


def test_the_fast_index_builder_makes_lunrs_own_index():
    """Pre-folded words in ShardBuilder give what lunr.py's Builder makes with the declared pipeline."""
    docs = [_doc(str(i), text) for i, text in enumerate(SAMPLES)]
    for stem in (True, False):
        ours = build_index(_shard(docs), stem)
        builder = Builder()
        steps = (alert_fold, stemmer) if stem else (alert_fold,)
        builder.pipeline.add(*steps)
        builder.search_pipeline.add(*steps)
        builder.ref("r")
        for name in ("t", "n", "p", "s"):
            builder.field(name)
        for position, doc in enumerate(docs):
            builder.add({"r": str(position), **doc.fields})
        theirs = builder.build().serialize()
        assert ours["invertedIndex"] == theirs["invertedIndex"]
        assert ours["pipeline"] == theirs["pipeline"] == [s.label for s in steps]
        assert [ref for ref, _ in ours["fieldVectors"]] == [ref for ref, _ in theirs["fieldVectors"]]


def test_terms_shared_between_editions_give_each_edition_its_own_index():
    """build.Terms serves a shard's five editions: stemmed and unstemmed terms never mix."""
    from alert_search.build import Terms

    docs = [_doc(str(i), text) for i, text in enumerate(SAMPLES)]
    shared = Terms()
    for stem in (True, False, True):
        assert build_index(_shard(docs), stem, shared) == build_index(_shard(docs), stem)


# -- shard layout ------------------------------------------------------------


def _doc(ident: str, title: str = "", day: str = "2026-01-01") -> SearchDoc:
    return SearchDoc(id=ident, day=day, fields={"t": title, "n": "", "p": "", "s": ""}, facets=[], display=[])


def _shard(docs):
    from alert_search.shards import Shard

    return Shard("test", tuple(docs))


def _archive(per_year: dict[int, int]) -> list[SearchDoc]:
    """`n` alerts spread evenly over each year, oldest first."""
    docs = []
    for year, count in sorted(per_year.items()):
        start = date(year, 1, 1)
        for i in range(count):
            day = start + timedelta(days=i * 365 // count)
            docs.append(_doc(f"a-{year}-{i}", day=day.isoformat()))
    return docs


def test_shards_follow_the_calendar_newest_first_and_stay_under_the_cap():
    docs = _archive({2001: 10, 2002: 15, 2003: 20, 2024: 90, 2025: 300, 2026: 40})
    shards = partition(docs, cap=100)
    periods = [s.period for s in shards]
    assert periods[0] == "2026", "the newest period comes first: it is what a reader gets first"
    assert all(len(s.docs) <= 100 for s in shards)
    assert "2001-2003" in periods, "thin old years are merged"
    assert "2024" in periods and not any(p.startswith("2025") and len(p) == 4 for p in periods)
    assert {p for p in periods if p.startswith("2025")} >= {"2025-q1", "2025-q2", "2025-q3", "2025-q4"}
    flattened = [d for s in reversed(shards) for d in s.docs]
    assert flattened == docs, "every alert once, in date order"


def test_a_crowded_month_is_cut_into_runs_of_the_cap():
    docs = [_doc(f"m{i}", day=f"2026-03-{1 + i % 28:02d}") for i in range(250)]
    docs.sort(key=lambda d: d.day)
    periods = [s.period for s in partition(docs, cap=100)]
    assert periods == ["2026-03-3", "2026-03-2", "2026-03-1"]


def test_a_new_alert_changes_only_the_newest_shard_files():
    """Old shards keep their content-hashed names, so browsers keep them cached."""
    docs = _archive({2023: 120, 2024: 120, 2025: 120})
    before = [build_shard(ShardJob(s, True, 50)) for s in partition(docs, cap=150)]
    after = [
        build_shard(ShardJob(s, True, 50)) for s in partition([*docs, _doc("new", "Fresh", "2025-12-31")], cap=150)
    ]
    assert after[0].index.name != before[0].index.name
    assert [b.index.name for b in after[1:]] == [b.index.name for b in before[1:]]
    assert [f.name for f in after[0].texts[:-1]] == [f.name for f in before[0].texts[:-1]]


def test_a_rebuild_reuses_unchanged_shards_from_the_cache(tmp_path):
    docs = _archive({2024: 30, 2025: 30})
    jobs = [ShardJob(s, True, 10) for s in partition(docs, cap=50)]
    cache = ShardCache(tmp_path / "search")
    first = build_all(jobs, 1, cache)
    assert len(list((tmp_path / "search").glob("*.pickle"))) == len(jobs)
    changed = [*docs[:-1], _doc(docs[-1].id, "Edited title", docs[-1].day)]
    jobs = [ShardJob(s, True, 10) for s in partition(changed, cap=50)]
    again = ShardCache(tmp_path / "search")
    second = build_all(jobs, 1, again)
    assert [f.index for f in second[1:]] == [f.index for f in first[1:]], "the old shard came from the cache"
    assert second[0].index != first[0].index and second[0] == build_shard(jobs[0]), "the edited one was rebuilt"
    assert len(list((tmp_path / "search").glob("*.pickle"))) == len(jobs), "the stale entry was pruned"


def test_a_process_pool_builds_the_same_files_as_one_process(monkeypatch):
    from alert_search import generator

    jobs = [ShardJob(s, True, 10) for s in partition(_archive({2024: 30, 2025: 30, 2026: 30}), cap=40)]
    monkeypatch.setattr(generator, "POOL_THRESHOLD", 1)
    assert generator.run(jobs, 2) == generator.run(jobs, 1)


def test_the_demo_build_writes_one_shared_index_and_a_small_manifest_per_language(demo_site):
    """One set of shards and one term directory for every edition; per edition, labels and translations."""
    shared = demo_site / "search"
    names = None
    for prefix in ("", "fr/", "es/", "ar/", "ru/"):
        folder = demo_site / prefix / "search"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["lang"] == (prefix.strip("/") or "en")
        assert (folder / manifest["base"]).resolve() == shared.resolve()
        assert manifest["stem"] is True
        assert sum(s["count"] for s in manifest["shards"]) == 59  # every published alert, once
        assert [s["to"] for s in manifest["shards"]] == sorted((s["to"] for s in manifest["shards"]), reverse=True)
        listed = [[s["index"], *s["texts"]] for s in manifest["shards"]], manifest["terms"]
        assert names is None or listed == names, "every edition reads the same shards and directory"
        names = listed
        for shard in manifest["shards"]:
            for name in [shard["index"], *shard["texts"], *shard.get("tr", {}).values()]:
                data = (shared / name).read_bytes()
                assert re.fullmatch(r"shards/[idl]-[0-9a-f]{16}\.json", name)
                assert hashlib.sha256(data).hexdigest()[:16] in name, "the name is the content's hash"
            index = json.loads((shared / shard["index"]).read_text(encoding="utf-8"))
            assert len(index["facets"]) == shard["count"]
            assert index["index"]["pipeline"] == ["alertFold", "stemmer"]
        assert not (folder / "shards").exists() or prefix == "", "no edition has its own copy of the index"
    fr = json.loads((demo_site / "fr/search/manifest.json").read_text(encoding="utf-8"))
    translated = [
        json.loads((shared / f).read_text(encoding="utf-8")) for s in fr["shards"] for f in s.get("tr", {}).values()
    ]
    assert any(row[0].startswith("fr/alerts/") for rows in translated for row in rows.values())


def test_the_term_directory_lists_every_term_of_every_shard(demo_site):
    manifest = json.loads((demo_site / "search/manifest.json").read_text(encoding="utf-8"))
    shared = demo_site / "search"
    directory: dict[str, set] = {}
    for key, name in manifest["terms"].items():
        for term, runs in json.loads((shared / name).read_text(encoding="utf-8")).items():
            assert term.startswith(key)
            ids = set()
            for run in runs:
                ids |= set(range(run[0], run[1] + 1)) if isinstance(run, list) else {run}
            directory[term] = ids
    expected: dict[str, set] = {}
    for shard in manifest["shards"]:
        index = expand(json.loads((shared / shard["index"]).read_text(encoding="utf-8"))["index"])
        for term, _ in index["invertedIndex"]:
            expected.setdefault(term, set()).add(shard["id"])
    assert directory == expected


def test_directory_buckets_are_cut_by_letters_while_too_big():
    from alert_search.directory import buckets, postings, runs

    assert runs([1, 2, 3, 7, 9, 10]) == [[1, 3], 7, 9, 10]
    terms = [f"ma{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(26)] + ["ma", "m", "zed"]
    cut = buckets(postings([(0, terms), (1, terms[:10])]), limit=2000)
    assert set(cut["m"]) == {"m"} and set(cut["ma"]) == {"ma"} and "maa" in cut and "zed" in cut["z"]
    assert all(term.startswith(key) for key, bucket in cut.items() for term in bucket)
    assert sorted(t for b in cut.values() for t in b) == sorted(terms + [])
    assert cut["maa"]["maaa"] == [0, 1]


def test_search_page_without_javascript_offers_the_browse_pages(demo_site):
    html = read(demo_site, "search/")
    assert re.search(r'<form id="search-form"[^>]* hidden>', html), "the form needs JavaScript, so it starts hidden"
    assert 'href="/regions/africa/"' in html and 'href="/topics/arbitrary-detention/"' in html
    assert 'href="/alerts/"' in html and 'href="/cases/"' in html
    assert re.search(r'<script defer src="/theme/js/search.js">', html)


# -- in the browser ----------------------------------------------------------


def open_search(browser, served_demo, query: str = "", prefix: str = "") -> None:
    browser.page.goto(f"{served_demo}/{prefix}search/{query}")
    wait_for_results(browser)


def wait_for_results(browser) -> None:
    """Until the latest search has been answered in full (aria-busy is false again)."""
    browser.page.wait_for_selector("#search-results[aria-busy=false]", state="attached")


def titles(browser) -> list[str]:
    return browser.page.locator("#search-results .alert-card__title").all_inner_texts()


def marks(browser) -> list[str]:
    return browser.page.locator("#search-results mark").all_inner_texts()


def count(browser) -> int:
    return int(re.search(r"\d+", browser.page.inner_text("#search-status")).group())


def type_query(browser, text: str) -> None:
    field = browser.page.locator("#search-q")
    field.fill("")
    field.press_sequentially(text)
    wait_for_results(browser)


@pytest.mark.parametrize(
    ("written", "typed", "shown"),
    [
        ("Elif Yılmaz", "Elif Yilmaz", "Yılmaz"),
        ("José Ángel Ñúñez Ríos", "jose angel nunez rios", "Ñúñez"),
        ("Nguyễn Thị Hà", "Nguyen Thi Ha", "Nguyễn"),
    ],
)
def test_a_name_is_found_with_or_without_its_diacritics(browser, served_demo, written, typed, shown):
    open_search(browser, served_demo)
    type_query(browser, written)
    with_marks = titles(browser)
    assert with_marks and all(shown in t for t in with_marks), with_marks
    type_query(browser, typed)
    assert titles(browser) == with_marks
    assert shown in marks(browser), "the matched words are highlighted as written"
    assert "q=" in browser.page.url


def test_an_outlet_finds_its_journalists_alerts_newest_first(browser, served_demo):
    open_search(browser, served_demo, "?q=Yerel+Dosya")
    found = titles(browser)
    assert len(found) == 3 and all("Elif Yılmaz" in t for t in found)
    days = browser.page.locator("#search-results time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert days == sorted(days, reverse=True), "equally good matches: newest first"


def test_a_country_name_finds_the_countrys_alerts(browser, served_demo):
    browser.page.goto(f"{served_demo}/countries/mx/")
    on_country_page = browser.page.locator("main .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    open_search(browser, served_demo, "?q=mexico")
    found = browser.page.locator("#search-results .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    assert on_country_page and set(on_country_page) <= set(found)
    browser.page.goto(f"{served_demo}/countries/vn/")
    in_viet_nam = browser.page.locator("main .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    open_search(browser, served_demo, "?q=vietnam")
    found = browser.page.locator("#search-results .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    assert in_viet_nam and set(in_viet_nam) <= set(found), "ISO's 'Viet Nam' is also found as 'Vietnam'"


def test_filters_combine_with_the_query_live_in_the_address_and_go_back(browser, served_demo):
    page = browser.page
    open_search(browser, served_demo, "?q=charges")
    everywhere = count(browser)
    page.select_option("#search-country", "gh")
    wait_for_results(browser)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["charges"], "country": ["gh"]}
    in_ghana = count(browser)
    assert 0 < in_ghana < everywhere
    places = page.locator("#search-results .alert-card__place").all_inner_texts()
    assert set(places) == {"Ghana"}
    page.select_option("#search-type", "update")
    wait_for_results(browser)
    assert 0 < count(browser) < in_ghana
    assert {t.lower() for t in page.locator("#search-results .type").all_inner_texts()} == {"update"}
    page.select_option("#search-type", "")
    wait_for_results(browser)
    assert "type=" not in page.url and count(browser) == in_ghana
    page.go_back()
    wait_for_results(browser)
    assert page.input_value("#search-type") == "update" and "type=update" in page.url
    page.go_back()
    wait_for_results(browser)
    assert page.input_value("#search-country") == "gh" and "type=" not in page.url
    page.go_back()
    wait_for_results(browser)
    assert page.input_value("#search-country") == "" and count(browser) == everywhere


def test_filters_alone_list_what_the_browse_pages_list(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/act/")
    open_now = page.locator("main .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    open_search(browser, served_demo, "?appeal=open")
    assert page.is_checked("#search-appeal")
    found = page.locator("#search-results .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    assert sorted(found) == sorted(open_now)
    page.goto(f"{served_demo}/topics/surveillance/")
    topic = page.locator("main .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    open_search(browser, served_demo, "?violation=surveillance")
    found = page.locator("#search-results .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    assert found == topic, "same alerts, same order (newest first)"


def test_a_shared_search_address_reloads_to_the_same_results(browser, served_demo):
    page = browser.page
    open_search(browser, served_demo, "?q=nunez&type=update&year=2025")
    first = titles(browser)
    assert first and all("Ñúñez" in t for t in first)
    assert page.input_value("#search-q") == "nunez" and page.input_value("#search-year") == "2025"
    page.reload()
    wait_for_results(browser)
    assert titles(browser) == first


def test_typing_a_new_search_can_be_gone_back_from(browser, served_demo):
    page = browser.page
    open_search(browser, served_demo, "?q=Accra")
    type_query(browser, "Veracruz")
    assert "q=Veracruz" in page.url
    page.go_back()
    wait_for_results(browser)
    assert page.input_value("#search-q") == "Accra" and "q=Accra" in page.url


def test_nothing_found_says_so_and_offers_the_browse_pages(browser, served_demo):
    open_search(browser, served_demo, "?q=zzyzxqw")
    assert "No alert matches" in browser.page.inner_text("#search-status")
    assert browser.page.is_visible("#search-browse a[href$='/alerts/']")
    assert titles(browser) == []


def test_results_link_to_the_alert_in_the_pages_language_where_it_exists(browser, served_demo):
    page = browser.page
    open_search(browser, served_demo, "?q=veracruz", prefix="es/")
    links = page.locator("#search-results .alert-card__title a").evaluate_all("as => as.map(a => a.href)")
    assert f"{served_demo}/es/alerts/mx-veracruz-reporter-missing/" in links, "translated: the Spanish page"
    untranslated = [a for a in links if "/es/" not in a]
    assert untranslated, "others link to their original"
    # an English result: its title and summary marked English, its note in the page's Spanish
    foreign = page.locator("#search-results article:has(.alert-card__title[lang=en])").first
    assert foreign.locator(".alert-card__summary").get_attribute("lang") == "en"
    assert foreign.locator(".alert-card__language").get_attribute("lang") is None
    assert foreign.get_attribute("lang") is None and foreign.locator(".alert-card__meta").get_attribute("lang") is None
    assert page.locator("#search-results [lang=es]").count() == 0, "a Spanish result is not marked foreign"
    open_search(browser, served_demo, "?q=veracruz", prefix="fr/")
    assert page.locator("#search-results .type").first.inner_text().lower() in {"mise à jour", "alerte"}


def test_keyboard_alone_type_then_tab_to_filters_then_to_a_result(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/search/")
    page.wait_for_selector("#search-form:not([hidden])")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("journalist")
    wait_for_results(browser)
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the filters' summary (open on a wide screen)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-region"
    page.keyboard.press("ArrowDown")  # the first region
    wait_for_results(browser)
    assert "region=" in page.url
    chosen = count(browser)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#search-results')"):
            break
    focused = page.evaluate("document.activeElement.href")
    assert focused and "/alerts/" in focused and chosen > 0
    page.keyboard.press("Enter")
    page.wait_for_url(focused)


def test_on_a_phone_filters_fold_away_and_results_come_first(chromium, served_demo):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{served_demo}/search/?q=journalist")
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
    assert not page.evaluate("document.getElementById('search-filters').open")
    gap = page.evaluate(
        """document.querySelector('#search-results li').getBoundingClientRect().top
           - document.getElementById('search-q').getBoundingClientRect().bottom"""
    )
    page.goto(f"{served_demo}/search/?q=journalist&country=gh")
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
    assert page.evaluate("document.getElementById('search-filters').open"), "a filter in the address shows the filters"
    context.close()
    assert gap < 200, f"results start {gap}px below the search box: the filters push them down"


def test_search_page_with_results_has_no_serious_accessibility_violation(browser, served_demo):
    open_search(browser, served_demo, "?q=journalist&region=africa")
    status = browser.page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert marks(browser)
    violations = browser.axe()
    assert not violations, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def test_arabic_search_lays_results_out_right_to_left(browser, served_demo):
    open_search(browser, served_demo, "?q=tunis", prefix="ar/")
    assert browser.page.evaluate("getComputedStyle(document.querySelector('#search-results')).direction") == "rtl"
    assert count(browser) > 0


def test_show_more_moves_focus_to_the_first_new_result(browser, served_demo):
    page = browser.page
    open_search(browser, served_demo, "?year=2026")
    total = count(browser)
    assert total > 20 and len(titles(browser)) == 20
    page.click("#search-more")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 20")
    assert len(titles(browser)) == min(40, total)
    assert (
        page.evaluate(
            "[...document.querySelectorAll('#search-results li')].indexOf(document.activeElement.closest('li'))"
        )
        == 20
    )


# -- the folding pipeline runs identically in the browser --------------------


def test_the_browser_folds_every_text_exactly_as_the_build_does(browser, served_demo):
    page = browser.page
    page.goto(f"{served_demo}/search/")
    page.add_script_tag(path=str(JS / "search-text.js"))
    assert page.evaluate("AlertSearchText.FOLD_TABLE") == FOLD_TABLE
    in_browser = page.evaluate("texts => texts.map(t => AlertSearchText.fold(t))", SAMPLES)
    assert in_browser == [fold(text) for text in SAMPLES]


# -- an emoji anywhere is safe (lunr.py #144) --------------------------------

EMOJI_TITLE = "Editor freed 🎉！ Ｔｈａｎｋｓ ❤️ to all who wrote"


def test_stock_lunr_py_index_with_emoji_does_not_load_in_lunr_js(chromium):
    """The hazard the fold removes, shown on the same title: so the next test can fail."""
    stock = lunr(ref="r", fields=("t",), documents=[{"r": "0", "t": EMOJI_TITLE}]).serialize()
    page = chromium.new_page()
    page.add_script_tag(path=str(LUNR_JS))
    error = page.evaluate("ix => { try { lunr.Index.load(ix); return ''; } catch (e) { return e.message; } }", stock)
    page.close()
    assert "Out of order word insertion" in error


def test_an_emoji_in_a_title_does_not_break_the_index(chromium, minimal, tmp_path):
    from web import Browser, Server

    alert = minimal / "alerts" / "2026" / "gh-editor-released.md"
    alert.write_text(
        alert.read_text(encoding="utf-8").replace("title: Editor released on bail", f'title: "{EMOJI_TITLE}"'),
        encoding="utf-8",
    )
    root = tmp_path / "served"
    server = Server(root)
    try:
        build_ok(minimal, root / "repo", settings="publishconf.py", env={"SITEURL": f"{server.origin}/repo"})
        context = chromium.new_context()
        guarded = Browser(page=context.new_page(), origin=server.origin)
        guarded.guard()
        errors: list[str] = []
        guarded.page.on("pageerror", lambda e: errors.append(str(e)))
        guarded.page.goto(f"{server.origin}/repo/search/?q=thanks")
        wait_for_results(guarded)
        assert titles(guarded) == [EMOJI_TITLE]
        assert marks(guarded) == ["Ｔｈａｎｋｓ"]
        assert not errors and not guarded.foreign
        context.close()
    finally:
        server.stop()
