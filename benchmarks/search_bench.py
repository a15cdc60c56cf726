"""Benchmark search at archive scale: index build, bytes on the wire, time to results.

    python benchmarks/search_bench.py                     # 1,000, 10,000 and 50,000 alerts
    python benchmarks/search_bench.py --sizes 1000 10000  # fewer sizes
    python benchmarks/search_bench.py --work /tmp/search-bench   # where archives and builds are kept
    python benchmarks/search_bench.py --reuse                     # browser figures again, same index

For each size: generate the archive (benchmarks/generate.py, reused if the
work folder already holds it), build the site model (read, validate,
enrich) and then the search index of every language exactly as the build
does (alert_search.write_search, SEARCH_* settings from pelicanconf.py),
timed on its own. The search page itself is rendered with the site's
templates and served, with the theme, under a sub-path as GitHub Pages
would; no other page is needed to search, so the 50,000-alert run does not
wait for 250,000 other pages.

Then, in Debian's Chromium (the browser the tests use), for the English
page and two queries (a victim's name from the newest alert, and a common
word):
- cold: open /search/?q=…; time to the first result on screen, and the
  gzipped bytes of every file fetched until then (page, CSS, scripts,
  manifest, shards), and until the search had looked through every shard;
- warm: open /search/, let it load, type the query; time from the last
  keystroke to the results on screen.

Bytes are counted gzipped (GitHub Pages serves text gzipped), per file
fetched. Not part of the test suite: figures vary with the machine's load,
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
from urllib.parse import quote_plus, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "plugins"), str(REPO / "tests"), str(REPO)]

SUBPATH = "repo"
RUNS = 3  # each browser measurement is the median of this many fresh pages

# Runs before any page script: notes when results first appear, and typing.
INSTRUMENT = """
window.__bench = { first: null, inputs: [], renders: [] };
document.addEventListener('input', e => {
  if (e.target && e.target.id === 'search-q') window.__bench.inputs.push(performance.now());
}, true);
new MutationObserver(records => {
  for (const r of records) {
    if (r.target.id === 'search-results' && r.addedNodes.length) {
      const now = performance.now();
      window.__bench.renders.push(now);
      if (window.__bench.first === null) window.__bench.first = now;
    }
  }
}).observe(document, { childList: true, subtree: true });
"""


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
    if not (archive / "alerts").is_dir():
        shutil.rmtree(archive, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--alerts", str(size), "--out", str(archive)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return archive


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
    from clearinghouse import urls
    from clearinghouse.publish import Publisher

    publisher = Publisher(site=site, settings=conf, output=out, theme=Path(conf["THEME"]))
    for lang in site.languages:
        publisher.env.install_gettext_translations(publisher.catalogues[lang], newstyle=True)
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


def language_bytes(out: Path, cache: dict[Path, int]) -> tuple[int, int]:
    """Gzipped bytes of the English search files: all of them, and the largest shard's index."""
    files = list((out / "search").rglob("*.json"))
    largest = max((gz_size(f, cache) for f in files if f.name.startswith("i-")), default=0)
    return sum(gz_size(f, cache) for f in files), largest


def cold(chromium, base: str, query: str, root: Path, cache) -> dict[str, float]:
    context = chromium.new_context()
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda request: fetched.append(request))
    page.add_init_script(INSTRUMENT)
    page.goto(f"{base}/search/?q={quote_plus(query)}")
    page.wait_for_function("window.__bench.first !== null", timeout=120_000)
    first_ms = page.evaluate("window.__bench.first")
    first_at = page.evaluate("performance.timeOrigin") + first_ms  # the page's clock, as request timings are
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached", timeout=300_000)
    done_ms = page.evaluate("performance.now()")
    count = page.inner_text("#search-status")
    context.close()

    def finished(request) -> float:
        timing = request.timing
        return timing["startTime"] + timing["responseEnd"] if timing["responseEnd"] >= 0 else float("inf")

    before = [r.url for r in fetched if finished(r) <= first_at]  # unknown timing: counted after
    return {
        "first_ms": first_ms,
        "first_bytes": sum(gz_size(local_file(u, root), cache) for u in before),
        "all_ms": done_ms,
        "all_bytes": sum(gz_size(local_file(r.url, root), cache) for r in fetched),
        "status": count,
    }


def warm(chromium, base: str, query: str) -> float:
    context = chromium.new_context()
    page = context.new_page()
    page.add_init_script(INSTRUMENT)
    page.goto(f"{base}/search/")
    page.wait_for_load_state("networkidle")
    page.focus("#search-q")
    page.keyboard.type(query, delay=60)
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached", timeout=300_000)
    page.wait_for_function("window.__bench.renders.some(t => t > window.__bench.inputs.at(-1))")
    last = page.evaluate("window.__bench.inputs.at(-1)")
    shown = page.evaluate(f"window.__bench.renders.find(t => t > {last})")
    context.close()
    return shown - last


def queries(site) -> list[str]:
    newest = next((a for a in site.alerts if a.victims), site.alerts[0])
    name = newest.victims[0].name if newest.victims else newest.title.split()[0]
    return [name, "journalist"]


def browse(asked: list[str], siteurl_root: Path, server_origin: str) -> list[dict]:
    from playwright.sync_api import sync_playwright
    from web import CHROMIUM, CHROMIUM_ARGS

    cache: dict[Path, int] = {}
    rows = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        base = f"{server_origin}/{SUBPATH}"
        for query in asked:
            colds = [cold(chromium, base, query, siteurl_root, cache) for _ in range(RUNS)]
            warms = [warm(chromium, base, query) for _ in range(RUNS)]
            rows.append(
                {
                    "query": query,
                    "first_ms": statistics.median(c["first_ms"] for c in colds),
                    "first_kb": colds[0]["first_bytes"] / 1024,
                    "all_ms": statistics.median(c["all_ms"] for c in colds),
                    "all_kb": colds[0]["all_bytes"] / 1024,
                    "typed_ms": statistics.median(warms),
                    "typed_max_ms": max(warms),
                    "status": colds[0]["status"],
                }
            )
        chromium.close()
    return rows


def run_size(size: int, work: Path, reuse: bool) -> None:
    from web import Server

    served = work / f"served-{size}"
    notes = served / "bench.json"
    if not (reuse and notes.is_file()):
        shutil.rmtree(served, ignore_errors=True)
        served.mkdir(parents=True)
    server = Server(served)
    try:
        out = served / SUBPATH
        conf = settings(f"/{SUBPATH}")  # root-relative: the same files work on any port, so --reuse can serve them
        if reuse and notes.is_file():
            saved = json.loads(notes.read_text(encoding="utf-8"))
            asked, built = saved["queries"], Build(**{"index_cpu_seconds": float("nan"), **saved["build"]})
        else:
            site, built = build(generate(size, work), out, conf)
            render_search_pages(site, out, conf)
            asked = queries(site)
            notes.write_text(json.dumps({"queries": asked, "build": built.__dict__}), encoding="utf-8")
        total, largest = language_bytes(out, {})
        print(
            f"\n## {built.alerts:,} alerts ({built.shards} shards, 5 languages)\n"
            f"site model (read, validate, enrich): {built.site_seconds:.1f} s; "
            f"search index, all languages: {built.index_seconds:.1f} s ({built.index_cpu_seconds:.1f} s CPU) "
            f"({os.cpu_count()} cores, SEARCH_PROCESSES={conf.get('SEARCH_PROCESSES')}); peak RSS {built.peak_rss_mb:.0f} MB\n"
            f"English search files: {total / 1024:,.0f} KB gzipped in all; largest shard index {largest / 1024:.0f} KB",
            flush=True,
        )
        print(
            "| query | first results | bytes until then | every shard searched | bytes then | typed -> results (median / max) |"
        )
        print("|---|---|---|---|---|---|")
        for row in browse(asked, served, server.origin):
            print(
                f"| {row['query']} ({row['status']}) | {row['first_ms']:.0f} ms | {row['first_kb']:.0f} KB | "
                f"{row['all_ms']:.0f} ms | {row['all_kb']:,.0f} KB | {row['typed_ms']:.0f} / {row['typed_max_ms']:.0f} ms |",
                flush=True,
            )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"))
    parser.add_argument("--reuse", action="store_true", help="keep the index built by an earlier run in --work")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795867200")  # the tests' "today"
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"# Search benchmark (load average {os.getloadavg()[0]:.1f} at start)")
    for size in args.sizes:
        run_size(size, args.work, args.reuse)


if __name__ == "__main__":
    main()
