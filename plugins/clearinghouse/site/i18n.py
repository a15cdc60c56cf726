"""Interface translations and locale-aware formatting for templates.

Template strings are marked with gettext (`{{ _("...") }}`); translations live
as `.po` catalogues in `theme/translations/<lang>/LC_MESSAGES/messages.po`,
compiled in memory at build time so no binary `.mo` file is ever committed.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import DateTimePattern, get_date_format, parse_pattern
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup


def load_translations(folder: Path, lang: str) -> NullTranslations:
    po = folder / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return NullTranslations()
    stat = po.stat()
    return _compiled(po, lang, stat.st_mtime_ns, stat.st_size)


# Compiled once per process and catalogue as it is on disk (each publisher
# asked again, 0.1 s a time, and the feeds and search processes, forked
# after the first, inherit it); a changed file (autoreload) is read again.
@cache
def _compiled(po: Path, lang: str, mtime_ns: int, size: int) -> NullTranslations:
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def interface_gettext(translations: NullTranslations):
    """Jinja's new-style `_()` for one catalogue, each text translated once.

    Same result as `install_gettext_translations(newstyle=True)` (a Markup,
    always %-formatted), but templates call it about thirty times per page
    (a million calls at 10,000 alerts) and Jinja's version passes through
    three context calls each; the texts without variables are the same every
    time, so they are kept.
    """
    translated: dict[str, Markup] = {}

    def gettext(string: str, /, **variables) -> Markup:
        if variables:
            return Markup(translations.gettext(string)) % variables
        found = translated.get(string)
        if found is None:
            found = translated[string] = Markup(translations.gettext(string)) % {}
        return found

    return gettext


# International English writes day-month-year; Babel's bare "en" is American.
_LOCALES = {"en": "en_GB"}


def long_date(value: date | datetime, lang: str) -> str:
    """A date as readers of `lang` write it: 14 March 2026, 14 mars 2026."""
    return _long_date(value.date() if isinstance(value, datetime) else value, lang)


# Pages show the same days again and again (about 440,000 calls at 10,000
# alerts, under 12,000 distinct days, five languages) and Babel's format_date
# costs about 70 µs, so each (day, lang) is formatted once per process, by
# the steps of format_date(day, "long", locale) with the pattern parsed once
# (half of format_date's cost is finding and parsing the pattern again).
@cache
def _long_date(day: date, lang: str) -> str:
    return _long_pattern(lang).apply(day, _locale(lang))


@cache
def _long_pattern(lang: str) -> DateTimePattern:
    return parse_pattern(get_date_format("long", locale=_locale(lang)))


@cache
def _locale(lang: str) -> Locale:
    """Parsed once: Babel parses a locale name on every call it is given one (half its cost)."""
    return Locale.parse(_LOCALES.get(lang, lang))
