"""Benchmark our build against stock Pelican at archive scale.

    python benchmarks/run.py                       # 1,000, 10,000 and 50,000 alerts, both lengths
    python benchmarks/run.py --sizes 1000 10000    # or `make bench BENCH_ARGS="--sizes 1000"`
    python benchmarks/run.py --lengths short       # only short bodies (50-200 words)

For each size: generate the archive twice (ours, and the same items in
stock-Pelican form, benchmarks/generate.py), then, each build a separate
`pelican` process as an editor would run it:

1. our cold build (empty build cache), with every page, feed and search
   index of ours that the plugins in pelicanconf.py write, then stock
   Pelican 4.12's cold build of the same items (default theme, its
   category and tag feeds, its content cache switched on as shipped, the
   pagination pelican-quickstart suggests; a settings file written into
   the work folder);
2. once every size's cold builds are done: each side's rebuild after
   editing one alert's body, then after adding one alert.

The cold builds come first because a rebuild that renders everything
replaces, and so deletes, a whole output folder, and on a file system like
this machine's (ext4 without a journal) files made within minutes of
deleting many cost several times more: a cold build right after that
measured the file system's memory, not the build.

Each size is built from two archives: long bodies (300-800 words) and short
ones (50-200 words), where no Markdown time hides the fixed cost of a page.
Ours is built as `make publish` builds it (publishconf.py, under a sub-path
SITEURL), so the bytes are those GitHub Pages would publish: after each cold
build the bytes and files of every part of the site are printed
(tools/site_size.py) and checked against the budget (SIZE_BUDGET_MB); the
run exits 1 when a size is over it.

Measured per build: wall time, CPU time of the build and all its workers,
the largest process's peak RSS and the peak PSS of the whole process tree
(sampled; shared pages counted once), the output's files and bytes, and
the bytes of the search index. The table is printed and written to
benchmarks/results.md with the date, the machine and the corpus; the raw
figures go to benchmarks/results.json, so a run of one size keeps the
others' latest figures.
Timings on a shared machine vary; the load average, and what making a folder
with a file cost just before the cold builds (fs_probe.py), are recorded
beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fs_probe import cost_per_page  # noqa: E402
from generate import BODY_WORDS, SHORT_BODY_WORDS, generate  # noqa: E402

sys.path.insert(0, str(REPO / "tools"))
from site_size import parts as site_parts  # noqa: E402

SOURCE_DATE_EPOCH = "1795867200"
DEFAULT_SIZES = (1_000, 10_000, 50_000)
STEPS = ("cold", "edit", "add")  # each needs the ones before it
LENGTHS = {"long": BODY_WORDS, "short": SHORT_BODY_WORDS}  # words per alert body
PUBLISHED_AT = "https://owner.github.io/repo"  # SITEURL of our builds: a project site, as deployed
# The published site must fit GitHub Pages' 1 GB (issue 16): at most this many
# MB (1,000,000 bytes) up to this many alerts.
SIZE_BUDGET_MB = ((10_000, 250), (50_000, 1_000))


def size_budget_mb(alerts: int) -> int | None:
    return next((mb for most, mb in SIZE_BUDGET_MB if alerts <= most), None)


RESULTS = REPO / "benchmarks" / "results.md"
STOCK_SETTINGS = '''\
"""Stock Pelican 4.12 for the baseline: default theme, its own feeds and cache."""
AUTHOR = "Benchmark"
SITENAME = "Stock Pelican baseline"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10  # pelican-quickstart's suggestion
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
CACHE_CONTENT = True  # Pelican's own content cache, as it ships
LOAD_CONTENT_CACHE = True
CACHE_PATH = %(cache)r
'''


@dataclass
class Build:
    """What one `pelican` run cost and wrote."""

    wall: float
    cpu: float
    max_rss_mb: float
    tree_pss_mb: float
    files: int = 0
    output_mb: float = 0.0
    search_bytes: int = 0


@dataclass
class Row:
    size: int
    corpus_files: int
    corpus_mb: float
    ours: dict[str, Build] = field(default_factory=dict)
    stock: dict[str, Build] = field(default_factory=dict)
    measured: str = ""  # when and on what: "2026-11-28 17:00, <machine>"
    length: str = "long"  # of the alert bodies: LENGTHS
    parts: dict[str, list[int]] = field(default_factory=dict)  # of our cold build: part -> [bytes, files]

    @property
    def key(self) -> tuple[int, str]:
        return self.size, self.length

    @property
    def label(self) -> str:
        return f"{self.size:,} {self.length}"

    @classmethod
    def from_json(cls, data: dict) -> Row:
        builds = {side: {k: Build(**v) for k, v in data.pop(side).items()} for side in ("ours", "stock")}
        data.setdefault("length", "long")  # rows written before both lengths were measured
        return cls(**data, **builds)


# -- measuring one build -------------------------------------------------------
# Seconds between two looks at the build's memory. Reading a process's PSS
# walks its page tables: at 10,000 alerts one look at our build's processes
# took about 50 ms, and looking every 0.2 s took 10 s of CPU from the two
# cores the build runs on and made it about 8 s slower (46-50 s against
# 38-41 s without, same commit); every second costs under 2 s of CPU, and
# the peaks it looks for last many seconds.
SAMPLE_EVERY = 1.0


class TreeSampler(threading.Thread):
    """Peak PSS of a process and its descendants, sampled every SAMPLE_EVERY seconds."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_EVERY):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_build(command: list[str], env: dict[str, str], log: Path) -> Build:
    """Run one build; its wall, CPU (with its workers) and memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.exit(f"build failed ({' '.join(command)}); see {log}:\n{log.read_text()[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Build(wall, cpu, usage.ru_maxrss / 1024, sampler.peak_kb / 1024)


def measure_output(build: Build, output: Path) -> Build:
    files = [p for p in output.rglob("*") if p.is_file()]
    build.files = len(files)
    build.output_mb = sum(p.stat().st_size for p in files) / 1e6
    build.search_bytes = sum(
        p.stat().st_size for p in files if "search" in p.relative_to(output).parts[:-1] and p.suffix != ".html"
    )
    return build


# -- the scenario -------------------------------------------------------------
def edit_one(content: Path) -> Path:
    """Append a paragraph to one alert in the middle of the archive."""
    alerts = sorted(p for p in (content / "alerts").rglob("*.md") if p.name.count(".") == 1)
    target = alerts[len(alerts) // 2]
    with target.open("a", encoding="utf-8") as out:
        out.write("\nCorrection: an earlier version of this alert gave the wrong date for the hearing.\n")
    return target


def add_one(content: Path, like: Path) -> Path:
    """A new alert beside `like`: same front matter, new file name (so a new id)."""
    new = like.with_name("benchmark-new-alert.md")
    text = like.read_text(encoding="utf-8").replace("Correction:", "New:")
    text = text.replace(f"Slug: {like.stem}\n", f"Slug: {new.stem}\n")  # stock Pelican's id
    new.write_text(text, encoding="utf-8")
    return new


def pelican(content: Path, output: Path, settings: Path, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output), *extra]


@dataclass
class Scenario:
    """One size's archives and the commands that build them."""

    size: int
    work: Path
    env: dict[str, str]
    ours: Path
    ours_cmd: list[str]
    stock: Path | None = None
    stock_cmd: list[str] | None = None

    def sides(self) -> list[tuple[str, Path, list[str]]]:
        found = [("ours", self.ours, self.ours_cmd)]
        if self.stock is not None and self.stock_cmd is not None:
            found.append(("stock", self.stock, self.stock_cmd))
        return found


def prepare(size: int, length: str, work: Path, seed: int, baseline: bool) -> tuple[Scenario, Row]:
    """Generate the archive (ours, and stock Pelican's form of it) and the commands."""
    ours = work / f"ours-{size}"
    say(f"{size:,} alerts, {length} bodies: generating")
    generate(size, ours, seed, body_words=LENGTHS[length])
    corpus = [p for p in ours.rglob("*.md")]
    row = Row(size, len(corpus), sum(p.stat().st_size for p in corpus) / 1e6, length=length)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PROGRESS": "0", "SITEURL": PUBLISHED_AT}
    cache = work / f"cache-{size}"
    ours_cmd = pelican(ours, work / f"out-ours-{size}", REPO / "publishconf.py", ["-e", f'CACHE_PATH="{cache}"'])
    scenario = Scenario(size, work, env, ours, ours_cmd)
    if baseline:
        stock = work / f"stock-{size}"
        generate(size, stock, seed, pelican=True, body_words=LENGTHS[length])
        settings = work / "stock_pelicanconf.py"
        settings.write_text(STOCK_SETTINGS % {"cache": str(work / f"stock-cache-{size}")})
        scenario.stock, scenario.stock_cmd = stock, pelican(stock, work / f"out-stock-{size}", settings, [])
    return scenario, row


def cold_builds(scenario: Scenario, row: Row) -> None:
    """Each side's build from nothing: no output, an empty cache."""
    for name, _, command in scenario.sides():
        say(f"  {name}: cold build")
        output = scenario.work / f"out-{name}-{scenario.size}"
        getattr(row, name)["cold"] = measure_output(
            run_build(command, scenario.env, scenario.work / f"{name}-cold.log"), output
        )
        if name == "ours":
            row.parts = {part: list(counts) for part, counts in site_parts(output).items()}


def rebuilds(scenario: Scenario, row: Row, steps: tuple[str, ...]) -> None:
    """Each side's rebuild after editing one alert, then after adding one."""
    for name, content, command in scenario.sides():
        output, work = scenario.work / f"out-{name}-{scenario.size}", scenario.work
        results = getattr(row, name)
        edited = edit_one(content)
        say(f"  {name}: rebuild after editing {edited.name}")
        results["edit"] = measure_output(run_build(command, scenario.env, work / f"{name}-edit.log"), output)
        if "add" in steps:
            add_one(content, edited)
            say(f"  {name}: rebuild after adding one alert")
            results["add"] = measure_output(run_build(command, scenario.env, work / f"{name}-add.log"), output)


# -- reporting -----------------------------------------------------------------
def table(rows: list[Row]) -> str:
    head = (
        "| alerts, bodies | build | wall s | CPU s | CPU ms/alert | max RSS MB | tree PSS MB | files | output MB "
        "| search index KB | stock wall s | stock CPU s | ours/stock wall | ours/stock CPU |\n"
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for row in rows:
        for step, label in (("cold", "cold"), ("edit", "rebuild, 1 edited"), ("add", "rebuild, 1 added")):
            if step not in row.ours:
                continue
            b, s = row.ours[step], row.stock.get(step)
            lines.append(
                f"| {row.label} | {label} | {b.wall:.1f} | {b.cpu:.1f} | {1000 * b.cpu / row.size:.2f} "
                f"| {b.max_rss_mb:.0f} | {b.tree_pss_mb:.0f} | {b.files:,} | {b.output_mb:.0f} "
                f"| {b.search_bytes / 1024:,.0f} | {f'{s.wall:.1f}' if s else '-'} | {f'{s.cpu:.1f}' if s else '-'} "
                f"| {f'{b.wall / s.wall:.2f}' if s else '-'} | {f'{b.cpu / s.cpu:.2f}' if s else '-'} |"
            )
    return "\n".join(lines)


def stock_table(rows: list[Row]) -> str:
    lines = [
        "| alerts, bodies | stock build | wall s | CPU s | max RSS MB | files | output MB |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for step, b in row.stock.items():
            lines.append(
                f"| {row.label} | {step} | {b.wall:.1f} | {b.cpu:.1f} | {b.max_rss_mb:.0f} | {b.files:,} "
                f"| {b.output_mb:.0f} |"
            )
    return "\n".join(lines)


def size_table(rows: list[Row]) -> str:
    """Bytes per part of our published cold build, against the budget (tools/site_size.py)."""
    names = list(dict.fromkeys(name for row in rows for name in row.parts))
    lines = [
        "| alerts, bodies | " + " | ".join(names) + " | total MB | files | budget MB | fits |",
        "|---|" + "---:|" * (len(names) + 3) + "---|",
    ]
    for row in rows:
        if not row.parts:
            continue
        total = sum(size for size, _ in row.parts.values()) / 1e6
        files = sum(count for _, count in row.parts.values())
        budget = size_budget_mb(row.size)
        cells = " | ".join(f"{row.parts.get(name, [0, 0])[0] / 1e6:,.1f}" for name in names)
        fits = "-" if budget is None else ("yes" if total <= budget else "**no**")
        lines.append(f"| {row.label} | {cells} | {total:,.1f} | {files:,} | {budget or '-'} | {fits} |")
    return "\n".join(lines)


def over_budget(rows: list[Row]) -> list[str]:
    """The sizes whose published site is larger than SIZE_BUDGET_MB allows."""
    found = []
    for row in rows:
        budget, total = size_budget_mb(row.size), sum(size for size, _ in row.parts.values()) / 1e6
        if row.parts and budget is not None and total > budget:
            found.append(f"{row.label}: {total:,.0f} MB published, budget {budget:,} MB")
    return found


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}; "
        f"Python {platform.python_version()}; load average at start {load}"
    )


def report(rows: list[Row]) -> str:
    corpus = "; ".join(f"{r.label} = {r.corpus_files:,} files, {r.corpus_mb:.0f} MB of Markdown" for r in rows)
    measured = "\n".join(f"- {r.label}: {r.measured}" for r in rows)
    return (
        "# Benchmark results\n\n"
        "Written by `python benchmarks/run.py` (`make bench`); each size keeps its latest run.\n\n"
        "Measured (local time; machine; load average when the size started; what making a folder with a "
        "file cost just before the cold builds, benchmarks/fs_probe.py: well under 100 µs is a quiet file "
        f"system, and a cold build makes 18,000 folders at 10,000 alerts):\n\n{measured}\n\n"
        f"- Corpus (benchmarks/generate.py, seed 1): {corpus}\n"
        "- Bodies: long = 300-800 words, short = 50-200 words per alert.\n"
        f"- Our build: publishconf.py as `make publish` runs it (SITEURL {PUBLISHED_AT}; every plugin it lists), "
        "a fresh build cache for the cold build; "
        "stock: Pelican 4.12, default theme, category and tag feeds, content cache on.\n"
        "- CPU ms/alert = CPU time / alerts (flat from size to size = linear cost); ours/stock = our time over "
        "the stock build's, same step, by wall and by CPU time (CPU is steadier on a shared machine).\n\n"
        f"{table(rows)}\n\nThe published site, MB per part (1,000,000 bytes; tools/site_size.py), "
        f"after our cold build:\n\n{size_table(rows)}\n\n"
        f"Stock Pelican, for reference:\n\n{stock_table(rows)}\n"
    )


def merged(rows: list[Row], saved: Path) -> list[Row]:
    """These rows, plus the saved rows of sizes not measured this time."""
    old = [Row.from_json(r) for r in json.loads(saved.read_text())] if saved.is_file() else []
    keys = {r.key for r in rows}
    result = sorted([r for r in old if r.key not in keys] + rows, key=lambda r: (r.size, r.length != "long"))
    saved.write_text(json.dumps([asdict(r) for r in result], indent=1) + "\n", encoding="utf-8")
    return result


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--lengths", nargs="+", choices=list(LENGTHS), default=list(LENGTHS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed after)")
    parser.add_argument("--no-baseline", action="store_true", help="skip stock Pelican")
    parser.add_argument(
        "--until", choices=STEPS, default=STEPS[-1], help="last step: cold, edit (then rebuild) or add (all)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the Markdown table")
    args = parser.parse_args(argv)
    # as `make publish` does before every build (Makefile, COMPILE)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "plugins")], check=True, stdout=subprocess.DEVNULL
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-"))
    steps = STEPS[: STEPS.index(args.until) + 1]
    scenarios, rows = [], []
    try:
        # every size's cold builds first, then the rebuilds (see the docstring)
        for size, length in ((size, length) for size in args.sizes for length in args.lengths):
            target = work / f"{size}-{length}"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            started = f"{datetime.now():%Y-%m-%d %H:%M}, {machine()}"
            scenario, row = prepare(size, length, target, args.seed, not args.no_baseline)
            # what a page costs the kernel right now: cold builds follow it (fs_probe.py)
            probe = cost_per_page(target)
            cold_builds(scenario, row)
            row.measured = f"{started}; file system {probe:.0f} µs a page before the cold builds"
            scenarios.append(scenario)
            rows.append(row)
            print(table(rows[-1:]) + "\n\n" + size_table(rows[-1:]), flush=True)
        if "edit" in steps:
            for scenario, row in zip(scenarios, rows, strict=True):
                say(f"{row.label}: rebuilds")
                rebuilds(scenario, row, steps)
                print(table([row]), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    text = report(merged(rows, args.results.with_suffix(".json")))
    args.results.write_text(text, encoding="utf-8")
    print("\n" + text)
    over = over_budget(rows)
    for line in over:
        say(f"over the size budget: {line}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
