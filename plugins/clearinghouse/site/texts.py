"""Every Markdown text of the build as HTML, unchanged files' from the last build.

`markup.render_all` finds a text's HTML in the build cache by a hash of the
text: at 10,000 alerts that is 12,000 texts hashed, fetched from SQLite and
decoded on every rebuild (0.17 s with 50-200-word bodies, 0.3 s with
300-800-word ones), in the build's own process, before the feeds, search
and page processes can start. Here each file's converted texts are kept
under the read key of its bytes (`Entry.source`: path, bytes, reading code)
in a snapshot of their own (`snapshot.EntrySnapshot` named "texts": a base
and a small delta, so an edit stores one file's texts, not 12,000): a file
whose key is the stored one takes its HTML from there. New and changed
files are converted by the worker that reads them (`made`: a cold build's
workers read and convert in one pass, where converting after reading was a
second pass, with this process in between, 0.9 s at 10,000 short alerts);
what neither gives goes through `render_all` (cache, else converted).

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
from functools import cache, partial
from pathlib import Path

from clearinghouse.build import render_cache
from clearinghouse.build.parallel import at_once
from clearinghouse.build.render_cache import ResultCache
from clearinghouse.build.snapshot import EntrySnapshot, Record
from clearinghouse.content.entries import Entries, Entry
from clearinghouse.site import derived, markup
from clearinghouse.site.derived import Known

NAME = "texts"


class Converted(dict[str, str]):
    """HTML by Markdown text, and what enrichment makes of the texts alone (`known`)."""

    known: Known
    made_when_read: int = 0  # texts converted where their files were read (`made`), not here


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
    aside: Callable[..., None] | None = None,
) -> Converted:
    """HTML for every non-blank text of `entries`, as `markup.render_all` gives it (and `Converted.known`).

    `aside` is given the task that keeps the texts for the next build (as `read_content`'s).
    """
    store = cache or ResultCache(None)
    tell = progress or (lambda count: None)
    kept = EntrySnapshot(store.path if store.db is not None else None, content, version(), name=NAME)
    stored = kept.load()
    html = Converted()
    html.known = Known()
    records: dict[str, Record] = {}
    fresh: list[Entry] = []
    found = made_when_read = 0  # texts taken from the snapshot, and made where their files were read
    for entry in _all(entries):
        path = str(entry.path)
        record = stored.get(path)
        texts = texts_of(entry)
        # the same key: the same bytes read by the same code, so the same texts (version: this code too)
        if record is not None and entry.source and record[2] == entry.source and _fits(texts, record[3]):
            records[path] = record
            found += _take(entry, texts, record[3], html)
            store.used.update(record[3][1])
            continue
        value = entries.made.get(path)  # converted where the file was read (`made`)
        if value is not None and _fits(texts, value):
            made_when_read += _take(entry, texts, value, html)
            if entry.source:  # b"": the file changed while it was read, keep nothing
                records[path] = (NAME, None, entry.source, value)
            continue
        fresh.append(entry)
    store.hits += found
    tell(len(html))
    pending = [text for entry in fresh for text in texts_of(entry)]
    made_now = markup.render_all(pending, workers=workers, cache=store, progress=tell)
    html.update(made_now)
    renderer = markup.renderer_version()
    for entry in fresh:
        texts = texts_of(entry)
        converted = tuple(made_now[t] if _wanted(t) else None for t in texts)
        value = (
            converted,
            tuple(("html", render_cache.digest(renderer, t)) for t in texts if _wanted(t)),
            _facts(entry, converted),
        )
        _take(entry, texts, value, html)
        if entry.source:  # b"": the file changed while it was read, keep nothing
            records[str(entry.path)] = (NAME, None, entry.source, value)
    (aside or at_once)(partial(kept.save, records), items=len(records))
    html.made_when_read = made_when_read
    return html


def made(entry: Entry) -> tuple:
    """One file's texts converted, and what enrichment makes of them alone: the value
    `convert` keeps for the file (HTML or None per text, no cache rows, the facts).

    `read_content` runs this where it reads the file (`beside`), in a
    worker: a cold build's workers then read and convert in one pass. The
    HTML is `render_all`'s for the same text (the same renderer).
    """
    render = markup.worker_renderer()
    converted = tuple(render(t) if _wanted(t) else None for t in texts_of(entry))
    return converted, (), _facts(entry, converted)


def _facts(entry: Entry, converted: tuple[str | None, ...]) -> tuple[str | None, str | None]:
    """What enrichment makes of the file's texts alone: its body's opening, its letter encoded."""
    body, letter = converted[0], _mail_body(entry)
    return (
        None if body is None else markup.first_paragraph_text(body),
        None if letter is None else derived.percent_encoded(letter),
    )


def _take(entry: Entry, texts: tuple[str | None, ...], value: tuple, html: Converted) -> int:
    """A file's kept or made value into `html`: the HTML and facts under the strings they were
    made from. Returns how many texts `html` did not have yet."""
    converted, _, (opening, letter) = value
    before = len(html)
    for text, made_html in zip(texts, converted, strict=True):  # _fits: as many
        if made_html is not None:
            html[text] = made_html  # type: ignore[index]  # not None where the text is not blank
    if opening is not None:
        html.known.openings[texts[0]] = (converted[0], opening)  # type: ignore[index]  # the body, not blank
    if letter is not None:  # kept only for an alert's appeal (_mail_body)
        html.known.encoded[derived.mail_body(entry.values["appeal"])] = letter
    return len(html) - before


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
