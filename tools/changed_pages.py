"""Which pages and feeds a change adds, alters or removes: two builds compared.

Usage:
  python tools/changed_pages.py BASE HEAD [--site-url URL] [--limit N]
  python tools/changed_pages.py --manifest FOLDER > manifest.json

BASE and HEAD are built output folders (the base branch's and the pull
request's) or manifests written by `--manifest`. Prints Markdown for the
pull request comment: alert pages, lists and other pages, and feeds that
were added, changed or removed, each language edition of one address on
one line, as links to the live site when `--site-url` is given.

Why digests of every file: builds are byte-identical for the same input
(`SOURCE_DATE_EPOCH`), so a file's bytes differ exactly when what a reader
sees there differs. The build cache's fingerprint record (reuse.py) lives
outside the output and only for feeds is there a manifest in it
(feeds/manifest.json), so this tool makes the manifest of a whole folder.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- changed-pages -->"  # the workflow finds its own comment by this line
FORMAT = 1
STATUSES = ("added", "changed", "removed")
GROUPS = ("Alert pages", "Lists and other pages", "Feeds")
FEED_SUFFIXES = (".atom", ".rss", ".opml")


def manifest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones left out), by relative path: its sha256."""
    files = {}
    for where, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in names:
            if not name.startswith("."):
                path = Path(where, name)
                files[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(files.items()))


def load(source: Path) -> dict[str, str]:
    """A build: its folder, or the manifest of one."""
    if source.is_dir():
        return manifest(source)
    document = json.loads(source.read_text(encoding="utf-8"))
    if document.get("format") != FORMAT or not isinstance(document.get("files"), dict):
        raise SystemExit(f"{source}: not a manifest written by tools/changed_pages.py --manifest")
    return document["files"]


def site_languages(settings: Path = ROOT / "pelicanconf.py") -> tuple[str, ...]:
    """LANGUAGES from the settings, read without running them (site language first)."""
    for node in ast.parse(settings.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "LANGUAGES" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    return ("en",)


@dataclass(frozen=True)
class Change:
    """One file of the site that differs between the builds."""

    status: str  # added, changed, removed
    path: str  # relative to the output folder, as written
    lang: str
    address: str  # the public address in the site language: /alerts/<id>/, /feeds/all.atom

    @property
    def group(self) -> str | None:
        parts = self.address.strip("/").split("/")
        if self.address.endswith(FEED_SUFFIXES):
            return "Feeds"
        if not self.path.endswith(".html"):
            return None  # search index, data, theme files, sitemap, feed manifest: counted only
        if len(parts) == 2 and parts[0] == "alerts" and parts[1] != "page":
            return "Alert pages"
        return "Lists and other pages"


def changes(base: dict[str, str], head: dict[str, str], languages: tuple[str, ...]) -> list[Change]:
    found = []
    for path in sorted(base.keys() | head.keys()):
        if path not in base:
            status = "added"
        elif path not in head:
            status = "removed"
        elif base[path] != head[path]:
            status = "changed"
        else:
            continue
        lang, rest = languages[0], path
        first, _, remainder = path.partition("/")
        if first in languages[1:] and remainder:
            lang, rest = first, remainder
        address = "/" + (rest[: -len("index.html")] if rest.endswith("index.html") else rest)
        found.append(Change(status, path, lang, address))
    return found


def public(path: str, site_url: str) -> str:
    """The file's address on the site: folders for index.html pages."""
    address = "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)
    return site_url.rstrip("/") + quote(address)


def line(status: str, editions: list[Change], site_url: str, languages: tuple[str, ...]) -> str:
    """One address, every language edition that changed this way."""
    editions = sorted(editions, key=lambda c: languages.index(c.lang) if c.lang in languages else len(languages))
    first, others = editions[0], editions[1:]
    shown = "/" + first.path[: -len("index.html")] if first.path.endswith("index.html") else "/" + first.path
    if site_url:
        text = f"[`{shown}`]({public(first.path, site_url)})"
        text += "".join(f" · [{c.lang}]({public(c.path, site_url)})" for c in others)
    else:
        text = f"`{shown}`" + (" (also " + ", ".join(c.lang for c in others) + ")" if others else "")
    return f"- {status}: {text}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def report(found: list[Change], *, site_url: str = "", limit: int = 25, languages: tuple[str, ...] = ("en",)) -> str:
    """The Markdown comment: a summary line, then each group, longest lists cut at `limit` addresses."""
    grouped: dict[str, dict[tuple[str, str], list[Change]]] = {g: defaultdict(list) for g in GROUPS}
    others = 0
    for change in found:
        if change.group is None:
            others += 1
        else:
            grouped[change.group][(change.status, change.address)].append(change)
    out = [MARKER, "### Pages and feeds this pull request changes", ""]
    counts = []
    for group in GROUPS:
        by_status = {s: sum(1 for (status, _) in grouped[group] if status == s) for s in STATUSES}
        parts = [f"{n:,} {status}" for status, n in by_status.items() if n]
        if parts:
            counts.append(f"{group.lower()}: {', '.join(parts)}")
    if not counts:
        out.append("No page or feed changes" + (f" ({plural(others, 'other file')} do)." if others else "."))
        return "\n".join(out) + "\n"
    out.append(
        "Compared with a build of the base branch, counting each address once for all its languages: "
        + "; ".join(counts)
        + (f"; and {plural(others, 'other file')} (search index, data, theme)." if others else ".")
    )
    for group in GROUPS:
        entries = sorted(grouped[group].items(), key=lambda item: (STATUSES.index(item[0][0]), item[0][1]))
        if not entries:
            continue
        out += ["", f"#### {group}", ""]
        out += [line(status, editions, site_url, languages) for (status, _), editions in entries[:limit]]
        if len(entries) > limit:
            out.append(f"- … and {len(entries) - limit:,} more")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", type=Path, help="the base branch's output folder or manifest")
    parser.add_argument("head", nargs="?", type=Path, help="the pull request's output folder or manifest")
    parser.add_argument("--manifest", type=Path, metavar="FOLDER", help="print FOLDER's manifest (JSON) instead")
    parser.add_argument("--site-url", default="", help="the live site's address, for links (none: plain paths)")
    parser.add_argument("--limit", type=int, default=25, help="addresses listed per group before '… and N more'")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py", help="where LANGUAGES is read")
    args = parser.parse_args(argv)
    if args.manifest:
        json.dump({"format": FORMAT, "files": manifest(args.manifest)}, sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    if not (args.base and args.head):
        parser.error("give BASE and HEAD (output folders or manifests), or --manifest FOLDER")
    languages = site_languages(args.settings)
    found = changes(load(args.base), load(args.head), languages)
    print(report(found, site_url=args.site_url, limit=args.limit, languages=languages), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
