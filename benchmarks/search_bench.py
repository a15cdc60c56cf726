"""Benchmark search at archive scale: a reader's first search for any name, bytes and time.

    python benchmarks/search_bench.py                     # 1,000, 10,000 and 50,000 alerts
    python benchmarks/search_bench.py --sizes 1000 10000  # fewer sizes
    python benchmarks/search_bench.py --work /tmp/search-bench   # where archives and builds are kept
    python benchmarks/search_bench.py --reuse                     # browser figures again, same index
    python benchmarks/search_bench.py --per-decade 3 --rebuild    # names per decade; time a rebuild too

For each size: generate the archive (benchmarks/generate.py, reused if the
work folder already holds it) and give the first victim of every alert
that names one a surname no other alert has (generate.py draws names from
small pools; a real archive's names are mostly unique, which is what makes
an old name costly to find and the term directory big). Then build the
site model (read, validate, enrich) and the search files of every edition
exactly as the build does (alert_search.write_search, SEARCH_* settings from
pelicanconf.py), timed on their own, and render the five search pages with
the site's templates, served with the theme under a sub-path as GitHub
Pages would (no other page is needed to search, so the 50,000-alert run
does not wait for 250,000 other pages).

Then, in Debian's Chromium (the browser the tests use), each search on a
fresh page with nothing cached, as a reader would: open /search/, wait
until it has loaded, type the query, press Enter, and wait until the
expected alert is the first result. Queries: `--per-decade` unique
surnames from every decade of the archive (1990s to 2020s, evenly spread
within each), the newest alert's surname, and "journalist" (any first
result). Reported: Enter -> first result (median of 3 fresh pages), and the
gzipped bytes of every file fetched until then, after the page's load (the
search's own files) and in all (page, CSS, scripts too); median and worst
over the decades' names. Also the bytes of every edition's search files
and, with --rebuild, the time of the search part of a rebuild after one
new alert, from the cache.

Bytes are counted gzipped (GitHub Pages serves text gzipped), per file
fetched. Not part of the test suite: times vary with the machine's load,
which is printed beside them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "plugins"), str(REPO / "tests"), str(REPO)]

SUBPATH = "repo"
RUNS = 3  # each browser measurement is the median of this many fresh pages


@dataclass
class Build:
    alerts: int
    site_seconds: float
    index_seconds: float
    index_cpu_seconds: float
    shards: int
    peak_rss_mb: float


def generate(size: int, work: Path) -> Path:
    archive = work / f"archive-{size}"
    if not (archive / NAMES).is_file():
        shutil.rmtree(archive, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--alerts", str(size), "--out", str(archive)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        unique_surnames(archive)
    return archive


NAMES = "unique-surnames.json"
SYLLABLES = [c + v for c in "bdfghjklmnprstvwz" for v in "aeiou"] + ["ch" + v for v in "aeiou"]


def unique_surnames(archive: Path) -> None:
    """Give the first victim of every alert that names one a surname no other alert has.

    generate.py draws names from small pools (every surname is in hundreds
    of alerts); a real archive's names are many and mostly unique, which is
    what makes finding an old one costly and the term directory big. Each
    surname is made of syllables, from the file's own seeded generator, so
    the archive stays deterministic. The names, with their alert's day, are
    listed in `unique-surnames.json`, for the queries.
    """
    import random
    import re

    taken: set[str] = set()
    listed = []
    for path in sorted((archive / "alerts").rglob("*.md")):
        if re.search(r"\.[a-z]{2}\.md$", path.name):
            continue  # translations inherit the victims of their original
        text = path.read_text(encoding="utf-8")
        found = re.search(r'^victims:\n  - name: "([^" ]+) [^"]+"', text, re.M)
        if not found:
            continue
        rng = random.Random(f"surname:{path.name}")
        surname = ""
        while not surname or surname in taken:
            surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()
        taken.add(surname)
        first = found.group(1)
        start, end = found.span()
        text = text[:start] + f'victims:\n  - name: "{first} {surname}"' + text[end:]
        path.write_text(text, encoding="utf-8")
        day = re.search(r"^date: (\d{4}-\d{2}-\d{2})", text, re.M).group(1)
        listed.append([surname, day, path.name.removesuffix(".md")])
    (archive / NAMES).write_text(json.dumps(sorted(listed, key=lambda n: n[1])), encoding="utf-8")


def settings(siteurl: str) -> dict:
    import pelicanconf

    values = {k: getattr(pelicanconf, k) for k in dir(pelicanconf) if k.isupper()}
    values["SITEURL"] = siteurl
    values["BUILD_CACHE"] = False  # time the work, not a cache from an earlier run
    return values


def build(archive: Path, out: Path, conf: dict):
    """The site model, then the search files of every language, timed apart."""
    from alert_search.generator import SearchOptions, write_search
    from clearinghouse.pipeline import Options, build_site

    started = time.perf_counter()
    site = build_site(Options.from_settings(conf, archive))
    site_seconds = time.perf_counter() - started
    started, cpu = time.perf_counter(), cpu_seconds()
    shards = write_search(site, out, SearchOptions.from_settings(conf))
    index_seconds, index_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return site, Build(len(site.alerts), site_seconds, index_seconds, index_cpu, shards, peak / 1024)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the shard-building pool)."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def render_search_pages(site, out: Path, conf: dict) -> None:
    """The search page of every language, with the site's own templates, and the theme."""
    from clearinghouse.publish.publisher import Publisher
    from clearinghouse.site import urls

    publisher = Publisher(site=site, settings=conf, output=out, theme=Path(conf["THEME"]))
    for lang in site.languages:
        publisher.use_language(lang)
        publisher.render("search.html", urls.search(lang), lang)
    shutil.copytree(Path(conf["THEME"]) / "static", out / conf["THEME_STATIC_DIR"], dirs_exist_ok=True)


def gz_size(path: Path, cache: dict[Path, int]) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), 6))
    return cache[path]


def local_file(url: str, root: Path) -> Path:
    path = urlsplit(url).path.lstrip("/")
    target = root / path
    return target / "index.html" if path.endswith("/") or not path else target


# Runs before any page script: notes Enter and when the expected alert is the first result.
ENTER = """
window.__bench = { enter: null, found: null, expect: null };
document.addEventListener('keydown', e => {
  if (e.key === 'Enter' && e.target && e.target.id === 'search-q') window.__bench.enter = performance.now();
}, true);
new MutationObserver(() => {
  const b = window.__bench;
  if (b.enter === null || b.found !== null) return;
  const first = document.querySelector('#search-results li .alert-card__title a');
  if (first && (b.expect === '*' || first.pathname.endsWith('/alerts/' + b.expect + '/'))) b.found = performance.now();
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


def first_search(chromium, base: str, query: str, expect: str, root: Path, cache) -> dict:
    """A fresh page (nothing cached): load /search/, type `query`, press Enter, until `expect` is first.

    `expect` is the id of the alert that must come first ('*': any result). Bytes
    are gzipped, of every file fetched until then: `after_load` counts only
    what was fetched after the page's load event (the search's own files),
    `total` the page, its CSS and scripts too.
    """
    context = chromium.new_context()
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.add_init_script(ENTER)
    page.goto(f"{base}/search/")
    page.wait_for_selector("#search-form:not([hidden])")
    page.wait_for_load_state("networkidle")
    loaded = len(fetched)
    page.evaluate("expect => { window.__bench.expect = expect; }", expect)
    page.focus("#search-q")
    page.keyboard.type(query, delay=60)
    page.keyboard.press("Enter")
    page.wait_for_function("window.__bench.found !== null", timeout=120_000)
    bench = page.evaluate("window.__bench")
    found_at = page.evaluate("performance.timeOrigin") + bench["found"]
    context.close()

    def finished(request) -> float:
        timing = request.timing
        return timing["startTime"] + timing["responseEnd"] if timing["responseEnd"] >= 0 else float("inf")

    before = [r for r in fetched if finished(r) <= found_at]
    return {
        "ms": bench["found"] - bench["enter"],
        "after_load": sum(gz_size(local_file(r.url, root), cache) for r in before if fetched.index(r) >= loaded),
        "total": sum(gz_size(local_file(r.url, root), cache) for r in before),
    }


def decade_names(archive: Path, per_decade: int) -> list[list[str]]:
    """`per_decade` unique surnames from every decade of the archive, evenly spread within it."""
    names = json.loads((archive / NAMES).read_text(encoding="utf-8"))
    picked = []
    for decade in sorted({n[1][:3] for n in names}):
        group = [n for n in names if n[1][:3] == decade]
        picked += [group[(2 * k + 1) * len(group) // (2 * per_decade)] for k in range(per_decade)]
    return picked


def browse(cases: list[tuple[str, str, str]], root: Path, server_origin: str) -> list[dict]:
    """Each case (label, query, expected first title text), measured RUNS times on fresh pages."""
    from playwright.sync_api import sync_playwright
    from web import CHROMIUM, CHROMIUM_ARGS

    cache: dict[Path, int] = {}
    rows = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        base = f"{server_origin}/{SUBPATH}"
        for label, query, expect in cases:
            runs = [first_search(chromium, base, query, expect, root, cache) for _ in range(RUNS)]
            rows.append(
                {
                    "label": label,
                    "query": query,
                    "ms": statistics.median(r["ms"] for r in runs),
                    "after_load": runs[0]["after_load"],
                    "total": runs[0]["total"],
                }
            )
            print(f"  {label} {query!r}: {rows[-1]['ms']:.0f} ms, {rows[-1]['after_load'] / 1024:.0f} KB", flush=True)
        chromium.close()
    return rows


def search_bytes(out: Path) -> tuple[int, int]:
    """Bytes of every edition's search files (manifests, shards, directory): raw, and gzipped."""
    files = [f for f in out.rglob("*.json") if "search" in f.relative_to(out).parts]
    return sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def rebuild_cost(archive: Path, conf: dict, work: Path) -> tuple[float, int, int]:
    """Seconds of the search part after one new alert, with the cache of a build before it; files written, of all."""
    from alert_search.cache import ShardCache
    from alert_search.generator import SearchOptions, write_search
    from clearinghouse.pipeline import Options, build_site

    cached = dict(conf, BUILD_CACHE=True, CACHE_PATH=str(work / "rebuild-cache"))
    shutil.rmtree(work / "rebuild-cache", ignore_errors=True)
    before, after = work / "rebuild-before", work / "rebuild-after"
    for folder in (before, after):
        shutil.rmtree(folder, ignore_errors=True)
    write_search(
        build_site(Options.from_settings(cached, archive)),
        before,
        SearchOptions.from_settings(cached),
        ShardCache.from_settings(cached),
    )
    newest_id = json.loads((archive / NAMES).read_text(encoding="utf-8"))[-1][2]
    newest = next((archive / "alerts").rglob(f"{newest_id}.md"))
    added = newest.with_name("zz-bench-new-alert.md")
    text = newest.read_text(encoding="utf-8")
    added.write_text(text.replace("title: ", "title: Newly added ", 1), encoding="utf-8")
    try:
        site = build_site(Options.from_settings(cached, archive))
        started = time.perf_counter()
        write_search(site, after, SearchOptions.from_settings(cached), ShardCache.from_settings(cached))
        seconds = time.perf_counter() - started
    finally:
        added.unlink()
    old = {p.relative_to(before): p.read_bytes() for p in before.rglob("*.json")}
    new = {p.relative_to(after): p.read_bytes() for p in after.rglob("*.json")}
    return seconds, sum(1 for p, data in new.items() if old.get(p) != data), len(new)


def run_size(size: int, work: Path, reuse: bool, per_decade: int, rebuild: bool) -> None:
    from web import Server

    served = work / f"served-{size}"
    notes = served / "bench.json"
    archive = generate(size, work)
    if not (reuse and notes.is_file()):
        shutil.rmtree(served, ignore_errors=True)
        served.mkdir(parents=True)
    server = Server(served)
    try:
        out = served / SUBPATH
        conf = settings(f"/{SUBPATH}")  # root-relative: the same files work on any port, so --reuse can serve them
        if reuse and notes.is_file():
            saved = json.loads(notes.read_text(encoding="utf-8"))
            built = Build(**{"index_cpu_seconds": float("nan"), **saved["build"]})
        else:
            site, built = build(archive, out, conf)
            render_search_pages(site, out, conf)
            notes.write_text(json.dumps({"build": built.__dict__}), encoding="utf-8")
        raw, gz = search_bytes(out)
        print(
            f"\n## {built.alerts:,} alerts ({built.shards} shards, shared by 5 editions)\n"
            f"site model (read, validate, enrich): {built.site_seconds:.1f} s; "
            f"search index, all editions: {built.index_seconds:.1f} s ({built.index_cpu_seconds:.1f} s CPU) "
            f"({os.cpu_count()} cores, SEARCH_PROCESSES={conf.get('SEARCH_PROCESSES')}); peak RSS {built.peak_rss_mb:.0f} MB\n"
            f"search files of all editions: {raw / 1e6:.1f} MB ({gz / 1e6:.1f} MB gzipped)",
            flush=True,
        )
        names = decade_names(archive, per_decade)
        newest = json.loads((archive / NAMES).read_text(encoding="utf-8"))[-1]
        cases = [(f"name from {day[:4]}", name, ident) for name, day, ident in names]
        cases += [(f"newest name ({newest[1][:4]})", newest[0], newest[2]), ("common word", "journalist", "*")]
        rows = browse(cases, served, server.origin)
        by_decade = [r for r in rows if r["label"].startswith("name from")]
        print(
            "\n| search (fresh page, Enter -> alert first) | Enter -> first result | fetched after load | with page, CSS, scripts |"
        )
        print("|---|---|---|---|")
        for row in rows:
            print(
                f"| {row['label']}: {row['query']} | {row['ms']:.0f} ms | {row['after_load'] / 1024:.0f} KB | {row['total'] / 1024:.0f} KB |"
            )
        ms = [r["ms"] for r in by_decade]
        kb = [r["after_load"] / 1024 for r in by_decade]
        print(
            f"| **every decade ({len(by_decade)} names): median / worst** | {statistics.median(ms):.0f} / {max(ms):.0f} ms "
            f"| {statistics.median(kb):.0f} / {max(kb):.0f} KB | {max(r['total'] for r in by_decade) / 1024:.0f} KB worst |",
            flush=True,
        )
        if rebuild:
            seconds, changed, total = rebuild_cost(archive, conf, work)
            print(
                f"\nrebuild after one new alert (search part, from the cache): {seconds:.1f} s; {changed} of {total} search files changed"
            )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"))
    parser.add_argument("--reuse", action="store_true", help="keep the index built by an earlier run in --work")
    parser.add_argument("--per-decade", type=int, default=3, help="names searched from each decade of the archive")
    parser.add_argument(
        "--rebuild", action="store_true", help="also time the search part of a rebuild after one new alert"
    )
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795867200")  # the tests' "today"
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"# Search benchmark (load average {os.getloadavg()[0]:.1f} at start)")
    for size in args.sizes:
        run_size(size, args.work, args.reuse, args.per_decade, args.rebuild)


if __name__ == "__main__":
    main()
