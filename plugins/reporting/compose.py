"""Writing a content file: safe front matter, a permanent id, the right path.

The front matter is written by PyYAML's safe dumper, never by pasting text
into a template: a name with a quote, a colon, a `#`, an Arabic title or a
word YAML 1.1 reads as a boolean ("NO", "yes") comes back from the build's
reader exactly as it was given. Multi-line texts (a sample letter) are
written as literal blocks so that an editor can still read and edit them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from slugify import slugify

ID_MAX = 80  # the contract's limit
TITLE_PART_MAX = 50  # room for the country and, when needed, the date
# English words that lengthen an id without telling ids apart
STOPWORDS = ("a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "over", "after", "and", "with", "from", "as")


class _FrontMatterDumper(yaml.SafeDumper):
    """The safe dumper; multi-line strings as `|` blocks where YAML allows it."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FrontMatterDumper.add_representer(str, _text)


def front_matter(values: dict) -> str:
    """`values` as YAML that the build's text-only reader gives back unchanged."""
    return yaml.dump(
        values,
        Dumper=_FrontMatterDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,  # one line per value: a folded title is harder to edit
    )


def document(values: dict, body: str, *, note: str = "") -> str:
    """A whole content file: `---`, the front matter, `---`, the body.

    `note` becomes YAML comment lines at the top of the front matter (what
    an editor still has to do); the reader ignores them.
    """
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in note.splitlines()) if note else ""
    body = body.replace("\r\n", "\n").strip("\n")
    return "---\n" + comment + front_matter(values) + "---\n" + (body + "\n" if body else "")


def make_id(title: str, place: str, day: date, taken: set[str]) -> str:
    """A new id from the place (country code or region), the title and the date.

    `gh-editor-accra-weekly-detained-procurement-report-2026-03-02`: the
    place, the title's words (transliterated to a-z, small English words left
    out), then the day, as issue 19 asks: two reports of the same event on
    different days never claim the same address, and the id says when. A
    number follows only if that id is taken (`…-2026-03-02-2`).
    """
    prefix = slugify(place)
    words = slugify(title, stopwords=STOPWORDS, max_length=TITLE_PART_MAX, word_boundary=True)
    if words.startswith(prefix + "-") or words == prefix:
        words = words[len(prefix) :].lstrip("-")
    stamp = day.isoformat()
    head = "-".join(part for part in (prefix, words) if part)[: ID_MAX - len(stamp) - 3].strip("-")
    base = f"{head}-{stamp}" if head else stamp
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def alert_path(content: Path, day: date, alert_id: str) -> Path:
    """Where a new item goes: one folder per year, the id as the file name."""
    return content / "alerts" / str(day.year) / f"{alert_id}.md"


def translation_path(original: Path, lang: str) -> Path:
    """`<stem>.<lang>.md` beside the original (content.md's suggested name)."""
    return original.with_name(f"{original.name.removesuffix('.md')}.{lang}.md")
