#!/usr/bin/env python3
"""How big a built site is, part by part: `python tools/site_size.py OUTPUT`.

GitHub Pages publishes at most 1 GB. This prints the bytes and files of
each part of the output (alert pages, lists, feeds, search, each language
edition, theme, images, data, other) and the total, so whoever reads it sees
what to trim before the limit is reached. MB are 1,000,000 bytes.

    --warn-mb 900   above this total, warn (to stderr; with --github as a
                    `::warning::` annotation of the workflow run)
    --fail-mb N     above this total, exit 1
    --github        annotations for GitHub Actions
    --summary FILE  append the table in Markdown to FILE ($GITHUB_STEP_SUMMARY)

`parts(output)` is the same count for other programs (benchmarks/run.py).
Sizes are of the files as uploaded (each path counted, hard links too); a
symbolic link is counted as what it points to, as the Pages artifact is.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

MB = 1_000_000
# Every part, in the order printed, with what it holds.
WHERE = {
    "alert pages": "alerts/<id>/",
    "lists": "home, alerts/ and alerts/page/, regions/, countries/, topics/, members/, cases/, act/",
    "feeds": "feeds/",
    "search": "search/",
    # then one part per language edition: fr/, es/, ar/, ru/ (see _is_edition)
    "theme": "theme/ (styles, scripts, icons)",
    "images": "images/ (content/images)",
    "data": "data/ (the archive as CSV and JSON, docs/data.md)",
    "digest": "digest/ (the weekly Communiqué: pages and e-mail files, docs/digest.md)",
    "other": "pages (about/…), sitemap.xml, 404.html, anything else",
}
LISTS = {"regions", "countries", "topics", "members", "cases", "act", "page"}
EDITIONS = ("fr", "es", "ar", "ru")  # the site's other languages today; any folder with its own alerts/ is one too


def parts(output: Path | str) -> dict[str, tuple[int, int]]:
    """(bytes, files) of every part of the built site in `output`, in print order.

    Every part in WHERE is present (zero when empty); language editions are
    keyed by their folder ("fr", "es", …) and come after "search".
    """
    output = Path(output)
    if not output.is_dir():
        raise NotADirectoryError(f"{output} is not a folder")
    editions = [name for name in sorted(os.listdir(output)) if _is_edition(output, name)]
    order = [*list(WHERE)[:4], *editions, *list(WHERE)[4:]]
    sizes = dict.fromkeys(order, (0, 0))
    for name, size in _files(output):
        part = _part(name, editions)
        count, files = sizes[part]
        sizes[part] = (count + size, files + 1)
    return sizes


def total(sizes: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(bytes, files) of the whole site."""
    return sum(b for b, _ in sizes.values()), sum(f for _, f in sizes.values())


def _is_edition(output: Path, name: str) -> bool:
    folder = output / name
    return folder.is_dir() and (name in EDITIONS or (name not in LISTS and (folder / "alerts").is_dir()))


def _part(name: str, editions: list[str]) -> str:
    """Which part the output file `name` (relative, with '/') belongs to."""
    top, _, rest = name.partition("/")
    if not rest:  # a file at the top
        return "lists" if top == "index.html" else "other"
    if top in editions:
        return top
    if top == "alerts":
        second, _, below = rest.partition("/")
        return "alert pages" if below and second != "page" else "lists"
    if top in LISTS:
        return "lists"
    if top in ("feeds", "search", "theme", "images", "data", "digest"):
        return top
    return "other"


def _files(root: Path):
    """(relative name, size) of every file under root; folders linked to are not entered."""
    pending = [("", os.fspath(root))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif not entry.is_dir():
                    try:
                        size = entry.stat().st_size
                    except FileNotFoundError:  # a dangling link: nothing is uploaded
                        continue
                    yield prefix + entry.name, size


def _mb(size: int) -> str:
    return f"{size / MB:,.1f}"


def table(sizes: dict[str, tuple[int, int]]) -> str:
    """The plain-text table: part, bytes, MB, files, what it holds."""
    rows = [("part", "bytes", "MB", "files", "")]
    for part, (size, files) in sizes.items():
        rows.append((part, f"{size:,}", _mb(size), f"{files:,}", WHERE.get(part, f"{part}/ (language edition)")))
    size, files = total(sizes)
    rows.append(("total", f"{size:,}", _mb(size), f"{files:,}", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), *(row[i].rjust(widths[i]) for i in range(1, 4)), row[4]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def markdown(sizes: dict[str, tuple[int, int]], notes: list[str]) -> str:
    """The table for a GitHub step summary."""
    lines = ["### Size of the built site", "", *(f"**{n}**\n" for n in notes)]
    lines += ["| part | MB | files | holds |", "|---|---:|---:|---|"]
    for part, (size, files) in sizes.items():
        holds = WHERE.get(part, f"{part}/ (language edition)").replace("<", "&lt;").replace(">", "&gt;")
        lines.append(f"| {part} | {_mb(size)} | {files:,} | {holds} |")
    size, files = total(sizes)
    lines.append(f"| **total** | **{_mb(size)}** | **{files:,}** | |")
    return "\n".join(lines) + "\n"


def largest(sizes: dict[str, tuple[int, int]]) -> str:
    """'feeds 412.0 MB, alert pages 301.2 MB, …': the parts, largest first."""
    ranked = sorted(((size, part) for part, (size, _) in sizes.items() if size), reverse=True)
    return ", ".join(f"{part} {_mb(size)} MB" for size, part in ranked)


def _command(text: str) -> str:
    """A workflow command's message, escaped as GitHub reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("output", type=Path, help="the built site (output/)")
    parser.add_argument("--warn-mb", type=float, default=900, help="warn above this total (default 900)")
    parser.add_argument("--fail-mb", type=float, default=None, help="exit 1 above this total")
    parser.add_argument("--github", action="store_true", help="GitHub Actions annotations")
    parser.add_argument("--summary", type=Path, default=None, help="append a Markdown table to this file")
    args = parser.parse_args(argv)
    try:
        sizes = parts(args.output)
    except OSError as error:
        print(f"site_size: {error}", file=sys.stderr)
        return 2

    sys.stdout.write(table(sizes))
    size, _ = total(sizes)
    notes, status = [], 0
    if args.fail_mb is not None and size > args.fail_mb * MB:
        notes.append(f"The built site is {_mb(size)} MB, over the {args.fail_mb:g} MB allowed: {largest(sizes)}.")
        level, status = "error", 1
    elif size > args.warn_mb * MB:
        notes.append(
            f"The built site is {_mb(size)} MB, over {args.warn_mb:g} MB; GitHub Pages publishes at most 1 GB. "
            f"By part: {largest(sizes)}."
        )
        level = "warning"
    for note in notes:
        if args.github:
            print(f"::{level} title=Site size::{_command(note)}")
        else:
            print(f"{level}: {note}", file=sys.stderr)
    if args.summary is not None:
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(markdown(sizes, notes))
    return status


if __name__ == "__main__":
    sys.exit(main())
