"""Read stage: content files -> typed entries, one file at a time.

Each file is parsed on its own against its schema; problems go to the shared
`Problems`. Rules that need several files (ids, members, cases,
translations) belong to `validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fields import SLUG_PATTERN, ParseContext, parse_record
from .frontmatter import Document, read_document
from .problems import Problems
from .schemas import ALERT, ALERT_TEXT_FIELDS, MEMBER, PAGE, PELICAN_PLACEMENT
from .vocabulary import Vocabularies

CONTENT_SUFFIX = ".md"


@dataclass
class Entry:
    """One file's front matter as typed values, before other files are seen."""

    kind: str  # "alert", "member", "page"
    doc: Document
    values: dict[str, Any]
    key: str  # alert id, member slug, page slug
    lang: str
    named_as_translation: bool  # the file name ends in .<lang>
    explicit_id: bool = False  # the key comes from an `id` field, not the file name
    missing: list[tuple[str, str, int | None]] = field(default_factory=list)  # required fields left out
    is_translation: bool = False  # decided by `validate`, which sees every file
    complete: bool = True  # False: some fields had problems and are absent from `values`

    @property
    def path(self) -> Path:
        return self.doc.path

    def line(self, name: str) -> int | None:
        return getattr(self.doc.meta, "key_lines", {}).get(name, 1)


@dataclass
class Entries:
    alerts: list[Entry]
    members: list[Entry]
    pages: list[Entry]
    broken: set[tuple[str, str]]  # (kind, key) of files whose front matter could not be read at all


def content_files(folder: Path) -> list[Path]:
    """Markdown files under `folder`, in a stable order; hidden files skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob(f"*{CONTENT_SUFFIX}")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_content(content: Path, vocab: Vocabularies, problems: Problems, *, timezone, default_lang: str) -> Entries:
    reader = _Reader(vocab, problems, timezone, default_lang)
    return Entries(
        alerts=reader.read_all(content / "alerts", "alert"),
        members=reader.read_all(content / "members", "member"),
        pages=reader.read_all(content / "pages", "page"),
        broken=reader.broken,
    )


class _Reader:
    SCHEMAS = {"alert": ALERT, "member": MEMBER, "page": PAGE}

    def __init__(self, vocab: Vocabularies, problems: Problems, timezone, default_lang: str) -> None:
        self.vocab = vocab
        self.problems = problems
        self.timezone = timezone
        self.default_lang = default_lang
        self.broken: set[tuple[str, str]] = set()

    def read_all(self, folder: Path, kind: str) -> list[Entry]:
        entries = []
        for path in content_files(folder):
            entry = self.read(path, kind)
            if entry is not None:
                entries.append(entry)
        return entries

    def read(self, path: Path, kind: str) -> Entry | None:
        stem, name_lang = self._split_stem(path.name.removesuffix(CONTENT_SUFFIX))
        doc = read_document(path, self.problems)
        if doc is None:
            self.broken.add((kind, stem))
            return None
        schema = self.SCHEMAS[kind]
        # Whether an alert is a translation needs every file (validate decides),
        # so its structured required fields are noted as missing, not reported.
        optional = frozenset(schema) - ALERT_TEXT_FIELDS if kind == "alert" else frozenset()
        missing: list = []
        ctx = ParseContext(path, self.problems, self.vocab, self.timezone)
        before = len(self.problems)
        values = parse_record(
            doc.meta,
            schema,
            ctx,
            optional=optional,
            forbidden=PELICAN_PLACEMENT,
            defaults=kind != "alert",
            missing=missing,
            partial=True,
        )
        raw_key = doc.meta.get("id") or doc.meta.get("slug")
        entry = Entry(
            kind=kind,
            doc=doc,
            values=values,
            key=raw_key if isinstance(raw_key, str) else stem,
            lang=str(doc.meta.get("lang") or self.default_lang).strip(),
            named_as_translation=kind != "member" and name_lang is not None,
            explicit_id=isinstance(raw_key, str),
            missing=missing,
        )
        self._check_names(entry, stem, name_lang)
        entry.complete = len(self.problems) == before
        return entry

    def _split_stem(self, stem: str) -> tuple[str, str | None]:
        base, dot, suffix = stem.rpartition(".")
        if dot and suffix in self.vocab.languages:
            return base, suffix
        return stem, None

    def _check_names(self, entry: Entry, stem: str, name_lang: str | None) -> bool:
        ok = True
        if entry.kind == "member" and (name_lang or not SLUG_PATTERN.match(entry.doc.stem)):
            self.problems.add(
                entry.path,
                "",
                "a member's file name is its slug and must be a valid identifier",
                line=1,
                found=entry.doc.path.name,
                allowed="lowercase a-z, digits and hyphens, then .md (e.g. ghana-media-freedom-network.md)",
            )
            ok = False
        if entry.kind != "member" and not entry.explicit_id:
            if not SLUG_PATTERN.match(stem) or len(stem) > 80:
                self.problems.add(
                    entry.path,
                    "id",
                    "the file name gives the id, and it is not a valid identifier; rename the file or add an 'id' field",
                    line=1,
                    found=stem,
                    allowed="lowercase a-z, digits and hyphens, at most 80 characters",
                )
                ok = False
        if name_lang and name_lang != entry.lang:
            self.problems.add(
                entry.path,
                "lang",
                f"the file name marks a '{name_lang}' translation but the file's language is '{entry.lang}'",
                line=entry.line("lang") if "lang" in entry.values else 1,
                found=entry.lang,
                allowed=f"lang: {name_lang}",
            )
            ok = False
        return ok
