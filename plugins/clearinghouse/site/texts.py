"""Every Markdown text of the build as HTML, unchanged files' from the last build.

`markup.render_all` finds a text's HTML in the build cache by a hash of the
text: at 10,000 alerts that is 12,000 texts hashed, fetched from SQLite and
decoded on every rebuild (0.17 s with 50-200-word bodies, 0.3 s with
300-800-word ones), in the build's own process, before the feeds, search
and page processes can start. Here each file's converted texts are kept
under the read key of its bytes (`Entry.source`: path, bytes, reading code)
in a snapshot of their own (`snapshot.EntrySnapshot` named "texts": a base
and a small delta, so an edit stores one file's texts, not 12,000): a file
whose key is the stored one takes its HTML from there, and only the texts
of new and changed files go through `render_all` (cache, else converted).

Same HTML either way: the snapshot's version is the renderer's
(`markup.renderer_version`), so other Markdown code keeps nothing. The
cache rows of kept texts are marked as used, so that pruning the build
cache (`render_cache.ResultCache.close`) does not drop them.

Beside each file's HTML are what enrichment makes of its texts alone
(`derived.py`): the text of the body's first paragraph and the
percent-encoded body of its appeal's `mailto:` (0.11 s and 0.05 s of every
rebuild at 10,000 alerts). `convert` gives them as `Converted.known`, keyed
by the string they are made from; the version covers `derived.py` and
`markup.py`, whose functions make them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from clearinghouse.build import render_cache
from clearinghouse.build.render_cache import ResultCache
from clearinghouse.build.snapshot import EntrySnapshot, Record
from clearinghouse.content.read import Entries, Entry
from clearinghouse.site import derived, markup
from clearinghouse.site.derived import Known

NAME = "texts"


class Converted(dict[str, str]):
    """HTML by Markdown text, and what enrichment makes of the texts alone (`known`)."""

    known: Known


def texts_of(entry: Entry) -> tuple[str | None, str | None]:
    """The Markdown texts of one file that enrichment renders: its body and its appeal letter."""
    appeal = entry.values.get("appeal") if entry.kind == "alert" else None
    return entry.doc.body, (appeal.get("letter") if isinstance(appeal, dict) else None)


def markdown_texts(entries: Entries) -> Iterator[str | None]:
    """Every Markdown text `enrich` will ask to render."""
    for entry in _all(entries):
        yield from texts_of(entry)


def convert(
    entries: Entries,
    content: Path,
    *,
    workers: int = 1,
    cache: ResultCache | None = None,
    progress: Callable[[int], None] | None = None,
) -> Converted:
    """HTML for every non-blank text of `entries`, as `markup.render_all` gives it (and `Converted.known`)."""
    store = cache or ResultCache(None)
    tell = progress or (lambda count: None)
    kept = EntrySnapshot(store.path if store.db is not None else None, content, version(), name=NAME)
    stored = kept.load()
    html = Converted()
    html.known = known = Known()
    records: dict[str, Record] = {}
    fresh: list[Entry] = []
    openings, encoded = known.openings, known.encoded
    for entry in _all(entries):
        path = str(entry.path)
        record = stored.get(path)
        texts = texts_of(entry)
        # the same key: the same bytes read by the same code, so the same texts (version: this code too)
        if record is None or not entry.source or record[2] != entry.source or not _fits(texts, record[3]):
            fresh.append(entry)
            continue
        records[path] = record
        converted, used, (opening, letter) = record[3]
        for text, made in zip(texts, converted, strict=True):  # _fits: as many
            if made is not None:
                html[text] = made  # type: ignore[index]  # not None where the text is not blank
        store.used.update(used)
        if opening is not None:  # the facts, under the strings they were made from
            openings[texts[0]] = (converted[0], opening)  # type: ignore[index]  # the body, not blank
        if letter is not None:  # kept only for an alert's appeal (_mail_body)
            encoded[derived.mail_body(entry.values["appeal"])] = letter
    found = len(html)
    store.hits += found
    tell(found)
    pending = [text for entry in fresh for text in texts_of(entry)]
    made_now = markup.render_all(pending, workers=workers, cache=store, progress=tell)
    html.update(made_now)
    renderer = markup.renderer_version()
    for entry in fresh:
        texts = texts_of(entry)
        converted = tuple(made_now[t] if _wanted(t) else None for t in texts)
        body, letter = converted[0], _mail_body(entry)
        facts = (
            None if body is None else markup.first_paragraph_text(body),
            None if letter is None else derived.percent_encoded(letter),
        )
        if facts[0] is not None:  # made once: enrichment finds them too
            openings[texts[0]] = (body, facts[0])  # type: ignore[index]
        if letter is not None:
            encoded[letter] = facts[1]  # type: ignore[assignment]
        if entry.source:  # b"": the file changed while it was read, keep nothing
            used = tuple(("html", render_cache.digest(renderer, t)) for t in texts if _wanted(t))
            records[str(entry.path)] = (NAME, None, entry.source, (converted, used, facts))
    kept.save(records)
    return html


def _mail_body(entry: Entry) -> str | None:
    """The body of the `mailto:` of this file's own appeal, if it has a letter or asks and
    may have a `mailto:` (an addressee with an address; a translation's inherit them)."""
    appeal = entry.values.get("appeal") if entry.kind == "alert" else None
    if not isinstance(appeal, dict) or not (appeal.get("letter") or "asks" in appeal):
        return None
    if not (entry.named_as_translation or any(getattr(a, "email", None) for a in appeal.get("addressees", ()))):
        return None  # no `mailto:` (derived.mailto): 8 appeals in 10 in the benchmark's archive, 3 KB each
    return derived.mail_body(appeal)


@cache
def version() -> bytes:
    """The Markdown renderer's version, this module's and derived.py's: what makes what is kept per file."""
    return render_cache.digest(
        markup.renderer_version(), Path(__file__).read_bytes(), Path(derived.__file__).read_bytes()
    )


def _all(entries: Entries) -> list[Entry]:
    return [*entries.alerts, *entries.members, *entries.pages]


def _wanted(text: str | None) -> bool:
    return bool(text and text.strip())


def _fits(texts: tuple[str | None, ...], value: object) -> bool:
    """Is a stored value shaped as this code stores them (HTML or None per text, cache keys, facts)?"""
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], tuple)
        and len(value[0]) == len(texts)
        and isinstance(value[2], tuple)
        and len(value[2]) == 2
    )
