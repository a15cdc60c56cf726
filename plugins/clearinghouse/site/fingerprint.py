"""Fingerprints: what a page shows, in one short string, without rendering it.

A rebuild after one edited alert must not render 30,000 unchanged pages
again. Every output file gets a fingerprint of everything it is made from;
when the previous build's file had the same fingerprint, that file is reused
(`reuse.OutputReuse`) instead of rendered.

A fingerprint is made of two parts:

- the **site digest**: the code and templates, `data/`, the settings and
  every member and page file. A change to any of these re-renders
  everything, which is always correct;
- the **records the file shows**, walked from its render context: an alert
  counts by its digest (its own file and its translations' files, or, in a
  case, every file of the case, since its page and card show the case's
  title, status and neighbours; and whether its appeal is open, the one
  thing the build's "today" decides); a list page by the alerts it shows
  and its place among the list's pages (`publish.Pager`); vocabulary terms,
  countries, members and pages count by their identity, because their
  content is in the site digest. A page that shows the whole archive (the
  search page's filters) carries what it lists of it (`publish/lists.py`,
  `_archive_filters`: the countries, members and years with alerts).

So an edit to an alert's title, summary, victims, appeal text or body
re-renders only the files that show that alert (or its case). A value the
walker does not know is an error, never silently ignored: a page must not
be reused on a fingerprint that missed part of what it shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

from clearinghouse.content.records import Alert, Case

REPO = Path(__file__).resolve().parents[3]
# Everything that turns records into output; a change to any re-renders everything.
_CODE = (REPO / "plugins", REPO / "theme" / "templates", REPO / "theme" / "translations", REPO / "data")
_PACKAGES = (
    "pelican",
    "jinja2",
    "babel",
    "markdown",
    "cmarkgfm",
    "nh3",
    "pycountry",
    "feedgen",
    "lxml",
    "lunr",
    "pyyaml",
)
_SUFFIXES = {".py", ".html", ".po", ".yaml", ".yml", ".json", ".txt", ".xml", ".js"}


def digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def entry_digest(values: dict, body: str | None) -> str:
    """A content file as read: its typed front matter values and its Markdown.

    Taken from what was parsed (not from the file again), so a file saved
    while the build runs cannot give its old page a new fingerprint.
    """
    return digest(repr(sorted(values.items())), body or "")


def code_digest(roots: Iterable[Path] = _CODE) -> str:
    """The plugins, templates, catalogues and vocabularies, and the library versions."""
    hasher = hashlib.blake2b(digest_size=16)
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in _SUFFIXES):
            hasher.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in _PACKAGES:
        try:
            hasher.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{package}=none\0".encode())
    return hasher.hexdigest()


def settings_digest(settings: dict) -> str:
    """The settings that can change output; folders and callables are left out.

    Folders differ between builds (the staging folder has a new name each
    time) and say nothing about the pages; what is read from them is
    fingerprinted on its own.
    """
    kept = []
    for name in sorted(settings):
        value = settings[name]
        if name == "PATH" or name.endswith(("_PATH", "_PATHS", "_DIR")) or not _plain(value):
            continue
        kept.append(f"{name}={value!r}")
    return digest(*kept)


def _plain(value) -> bool:
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


class SealedList(list):
    """A list the publisher will not change again, shown on many pages: fingerprinted once."""

    token: str | None = None


class SealedDict(dict):
    """A dict the publisher will not change again, shown on many pages: fingerprinted once."""

    token: str | None = None


_SCALARS = frozenset((str, int, float, bool, type(None)))


def walk(value, out: list[str]) -> None:
    """Append the tokens of a render-context value to `out`."""
    kind = type(value)
    if kind is Alert:
        out.append(f"A:{value.url}#{value.digest}")
    elif kind in _SCALARS:
        out.append(repr(value))
    elif kind is list or kind is tuple:
        out.append("[")
        for item in value:  # alerts, cases and plain values without a call each (30,000 pages per rebuild)
            inner = type(item)
            if inner is Alert:
                out.append(f"A:{item.url}#{item.digest}")
            elif inner in _SCALARS:
                out.append(repr(item))
            elif inner is Case:
                out.append(f"C:{item.id}#{item.digest}")
            elif inner is datetime or inner is date:
                out.append(item.isoformat())
            else:
                walk(item, out)
        out.append("]")
    elif kind is dict:
        out.append("{")
        for key, item in value.items():
            out.append(repr(key))
            inner = type(item)
            if inner is Alert:
                out.append(f"A:{item.url}#{item.digest}")
            elif inner in _SCALARS:
                out.append(repr(item))
            elif inner is Case:
                out.append(f"C:{item.id}#{item.digest}")
            elif inner is datetime or inner is date:
                out.append(item.isoformat())
            else:
                walk(item, out)
        out.append("}")
    elif kind is SealedList or kind is SealedDict:
        if value.token is None:
            inner: list[str] = []
            walk(list(value) if kind is SealedList else dict(value), inner)
            value.token = "S:" + digest(*inner)
        out.append(value.token)
    elif kind is Case:
        out.append(f"C:{value.id}#{value.digest}")
    elif kind is datetime or kind is date:
        out.append(value.isoformat())
    elif isinstance(value, str | int | float):  # Markup, enums
        out.append(f"{kind.__name__}:{value!r}")
    elif isinstance(value, list | tuple):
        walk(list(value), out)
    elif isinstance(value, dict):
        walk(dict(value), out)
    elif hasattr(value, "fingerprint"):
        out.append(value.fingerprint())
    elif _identity(value):
        out.append(_identity(value))
    elif is_dataclass(value):
        out.append(kind.__name__ + "(")
        for name in _field_names(kind):
            walk(getattr(value, name), out)
        out.append(")")
    else:
        raise TypeError(f"no fingerprint for a {kind.__name__} in a render context: teach fingerprint.walk")


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A record type's fields, looked up once (dataclasses.fields builds a tuple each call)."""
    return tuple(f.name for f in fields(kind))


_IDENTITY_TYPES = {"Term", "Country", "Member", "Page", "Language"}


def _identity(value) -> str:
    """Records whose content is in the site digest count by name."""
    name = type(value).__name__
    if name not in _IDENTITY_TYPES:
        return ""
    key = getattr(value, "code", None) or getattr(value, "slug", None)
    return f"{name}:{key}:{getattr(value, 'lang', '')}"
