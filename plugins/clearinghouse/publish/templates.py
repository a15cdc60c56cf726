"""The template environment's parts: filters in the page's language, compiled templates
kept between builds, and pages written without their templates' indentation."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, pass_context

from clearinghouse.site.i18n import long_date


def bytecode_cache(settings: dict) -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the build cache folder (keyed by their source).

    Compiling every template costs about a second, which a rebuild after one
    edit cannot spare; the compiled code does not change what is rendered.
    """
    if not settings.get("BUILD_CACHE", True) or not settings.get("CACHE_PATH"):
        return None
    folder = Path(settings["CACHE_PATH"]) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


# The templates' indentation, at the start of each line: a twentieth of every
# page's bytes. Where white space is shown as written (<pre>, <textarea>) it stays.
_INDENT = re.compile(r"\n[ \t]+")


def unindented(html: str) -> str:
    """The page without the indentation at the start of its lines (the same document to a browser)."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENT.sub("\n", html)


@pass_context
def _label(context, term) -> str:
    return term.label_in(context["lang"])


@pass_context
def _definition(context, term) -> str:
    return term.definition_in(context["lang"])


@pass_context
def _long_date(context, value) -> str:
    return long_date(value, context["lang"])


# the filters every template may use, in the page's language
FILTERS = {"label": _label, "long_date": _long_date, "definition": _definition}
