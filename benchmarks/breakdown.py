"""Where a build's time goes: per stage, per generator, per page template.

    python benchmarks/breakdown.py CONTENT [--cache DIR] [--workers N] [--cprofile out.prof]

Runs one build in this process (as `pelican CONTENT -s pelicanconf.py`
would), timing every Pelican generator's two phases and, for our pages,
every template: how many pages, total and per page. The numbers say which
template or plugin to look at first; `--cprofile` adds a full profile
(read it with `python -m pstats out.prof`, or snakeviz).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from pelican import Pelican  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

TIMES: dict[str, list[float]] = defaultdict(list)  # wall seconds per call
CPU: dict[str, float] = defaultdict(float)  # CPU seconds of this process (workers not included)
PEAK_MB: dict[str, float] = {}  # this process's peak RSS when each generator phase ended


def timed(name: str, function):
    """`function`, adding each call's seconds to TIMES[name]."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[name].append(time.perf_counter() - started)
            CPU[name] += time.process_time() - cpu

    return wrapper


def peaked(name: str, function):
    """`function`, noting the process's peak RSS once it returns."""

    @wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            PEAK_MB[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    return wrapper


def instrument(pelican: Pelican) -> None:
    from clearinghouse.content import read
    from clearinghouse.publish import publisher as publish
    from clearinghouse.site import markup

    for cls in pelican._get_generator_classes():
        for phase in ("generate_context", "generate_output"):
            if phase in vars(cls):
                setattr(
                    cls, phase, peaked(f"{cls.__name__}.{phase}", timed(f"{cls.__name__}.{phase}", getattr(cls, phase)))
                )
    read.read_content = timed("stage: read (all files)", read.read_content)
    markup.render_all = timed("stage: Markdown (all texts)", markup.render_all)
    original = publish.Publisher.render

    def render(self, template, *args, **kwargs):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(self, template, *args, **kwargs)
        finally:
            TIMES[f"page: {template}"].append(time.perf_counter() - started)
            CPU[f"page: {template}"] += time.process_time() - cpu

    publish.Publisher.render = render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--output", type=Path, help="default: a temporary folder")
    parser.add_argument("--cache", help="CACHE_PATH (default: a fresh temporary folder, i.e. a cold build)")
    parser.add_argument("--workers", type=int, help="BUILD_WORKERS (default: the setting)")
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile file")
    parser.add_argument(
        "--pipeline-only", action="store_true", help="only read, validate, convert and enrich (no pages, feeds, search)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795867200")
    os.chdir(REPO)
    work = Path(tempfile.mkdtemp(prefix="profile-"))
    override = {
        "PATH": str(args.content.resolve()),
        "OUTPUT_PATH": str(args.output or work / "output"),
        "CACHE_PATH": args.cache or str(work / "cache"),
    }
    if args.workers:
        override["BUILD_WORKERS"] = args.workers
    settings = read_settings("pelicanconf.py", override=override)
    if args.pipeline_only:
        return pipeline_only(settings)
    pelican = Pelican(settings)
    instrument(pelican)
    from clearinghouse import pipeline  # the names the pipeline calls, after instrumenting

    pipeline.read_content = sys.modules["clearinghouse.content.read"].read_content
    pipeline.render_all = sys.modules["clearinghouse.site.markup"].render_all
    started = time.perf_counter()
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()
    pelican.run()
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.cprofile)
    total = time.perf_counter() - started
    print(f"\nbuild: {total:.1f} s wall, {time.process_time():.1f} s CPU in this process\n")
    print(f"| {'what':<48} | calls | wall s | CPU s | CPU ms each |\n|---|---:|---:|---:|---:|")
    for name, spent in sorted(TIMES.items(), key=lambda kv: -CPU[kv[0]]):
        cpu = CPU[name]
        print(f"| {name:<48} | {len(spent):>6,} | {sum(spent):7.1f} | {cpu:7.1f} | {1000 * cpu / len(spent):9.2f} |")
    print(f"\n| {'generator phase, in order':<48} | peak RSS MB after it |\n|---|---:|")
    for name, peak in PEAK_MB.items():
        print(f"| {name:<48} | {peak:,.0f} |")
    return 0


def pipeline_only(settings: dict) -> int:
    """Our stages alone, as the generator runs them: what a rebuild cannot skip."""
    from clearinghouse import pipeline
    from clearinghouse.build.progress import Progress

    started, cpu = time.perf_counter(), time.process_time()
    site = pipeline.build_site(pipeline.Options.from_settings(settings, settings["PATH"]), progress=Progress(True))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{len(site.alerts):,} alerts: {wall:.1f} s wall, {cpu:.1f} s CPU here + "
        f"{workers.ru_utime + workers.ru_stime:.1f} s in workers; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
