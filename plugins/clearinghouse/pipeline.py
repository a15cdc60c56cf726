"""The four stages in order: read -> validate -> enrich -> (publish).

`load` stops after validation and is what `make check` runs; the Pelican
generator calls `load` and then `enrich`, and publishes the result.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .enrich import Site, enrich
from .markup import MarkdownRenderer
from .problems import InvalidContent, Problems
from .read import Entries, read_content
from .validate import validate
from .vocabulary import Vocabularies


@dataclass(frozen=True)
class Options:
    """The settings the pipeline reads, with the contract's defaults."""

    content: Path
    data: Path
    timezone: ZoneInfo
    languages: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: dict, content: Path | str) -> Options:
        return cls(
            content=Path(content),
            data=Path(settings["DATA_PATH"]),
            timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
            languages=tuple(settings.get("LANGUAGES", ("en",))),
        )


def today(timezone: ZoneInfo) -> date:
    """The build's "today": SOURCE_DATE_EPOCH when set, so builds repeat."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone).date()
    return datetime.now(tz=timezone).date()


def load(options: Options) -> tuple[Entries, Vocabularies]:
    """Read and validate everything; raise InvalidContent with every problem."""
    problems = Problems(root=Path.cwd())
    vocab = Vocabularies(options.data)
    entries = read_content(
        options.content, vocab, problems, timezone=options.timezone, default_lang=options.languages[0]
    )
    validate(entries, problems, options.languages, vocab)
    if problems:
        raise InvalidContent(problems)
    return entries, vocab


def build_site(options: Options) -> Site:
    entries, vocab = load(options)
    return enrich(entries, vocab, MarkdownRenderer(), today=today(options.timezone), languages=options.languages)
