"""Typed front matter fields, each saying what it allows.

Modelled on MkDocs' config options: a field turns the text an editor typed
into a typed value or raises `FieldError` with what was found and what is
allowed. `parse_record` applies a schema (field name -> Field) to a mapping,
records every problem instead of stopping at the first, and names the
closest known field for a misspelt one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

import pycountry

from clearinghouse.content.frontmatter import Mapping, Sequence, line_of
from clearinghouse.content.problems import Problems
from clearinghouse.content.vocabulary import Vocabularies, Vocabulary

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class FieldError(Exception):
    def __init__(self, message: str, *, allowed: str | None = None, found: object = ...) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed
        self.found = found


class Invalid:
    """Marks a field whose value was reported as a problem."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


@dataclass
class ParseContext:
    path: Path
    problems: Problems
    vocab: Vocabularies
    timezone: tzinfo
    # Where a record's inheritable required fields that were left out are
    # noted (name, allowed, line) when it is not yet known whether the file
    # is a translation; None: they are required here and now.
    missing: list[tuple[str, str, int | None]] | None = None

    def report(self, name: str, value: object, error: FieldError, line: int | None) -> None:
        found = value if error.found is ... else error.found
        self.problems.add(self.path, name, error.message, line=line, found=found, allowed=error.allowed)


class Field:
    """A field; `required` is True or False. Subclasses implement `convert`."""

    allowed = "a value"

    def __init__(self, *, required: bool = False, default: Any = None) -> None:
        self.required = required
        self.default = default

    def parse(self, value: object, ctx: ParseContext, name: str) -> Any:
        return self.convert(value, ctx, name)

    def convert(self, value: object, ctx: ParseContext, name: str) -> Any:
        raise NotImplementedError

    def _text(self, value: object) -> str:
        if not isinstance(value, str):
            raise FieldError(f"expected {self.allowed}", allowed=self.allowed)
        return str(value).strip()


class Text(Field):
    def __init__(self, *, max_length: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length
        self.allowed = "text" + (f" of at most {max_length} characters" if max_length else "")

    def convert(self, value, ctx, name):
        text = self._text(value)
        if not text:
            raise FieldError("is empty", allowed=self.allowed)
        if self.max_length and len(text) > self.max_length:
            raise FieldError(f"is {len(text)} characters long", allowed=self.allowed, found=text[:60] + "...")
        return text


class Slug(Field):
    def __init__(self, *, max_length: int = 80, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length
        self.allowed = (
            f"lowercase letters a-z, digits and hyphens, starting with a letter or digit, "
            f"at most {max_length} characters"
        )

    def convert(self, value, ctx, name):
        text = self._text(value)
        if not SLUG_PATTERN.match(text) or len(text) > self.max_length:
            raise FieldError("is not a valid identifier", allowed=self.allowed)
        return text


class Choice(Field):
    """One term of a vocabulary from `data/`, or of a short fixed list."""

    def __init__(self, vocabulary: str | tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.vocabulary = vocabulary

    def terms(self, ctx: ParseContext) -> Vocabulary | tuple[str, ...]:
        if isinstance(self.vocabulary, tuple):
            return self.vocabulary
        return getattr(ctx.vocab, self.vocabulary)

    def convert(self, value, ctx, name):
        text = self._text(value)
        terms = self.terms(ctx)
        if text not in terms:
            allowed = terms.allowed() if isinstance(terms, Vocabulary) else ", ".join(terms)
            close = difflib.get_close_matches(
                text.lower(), list(terms.terms if isinstance(terms, Vocabulary) else terms), n=1
            )
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise FieldError(f"is not a known term{hint}", allowed=allowed)
        return text


class CountryCode(Field):
    allowed = "an ISO 3166-1 alpha-2 country code such as GH, NO or MX"

    def convert(self, value, ctx, name):
        text = self._text(value)
        code = text.upper()
        if len(code) != 2 or code not in ctx.vocab.countries:
            hint = ""
            if len(text) > 2:
                try:
                    hint = f" (did you mean {pycountry.countries.lookup(text).alpha_2}?)"
                except LookupError:
                    pass
            raise FieldError(f"is not an ISO 3166-1 alpha-2 code{hint}", allowed=self.allowed)
        return code


class LanguageCode(Field):
    allowed = "an ISO 639-1 two-letter language code such as en, fr, sw"

    def convert(self, value, ctx, name):
        code = self._text(value).lower()
        if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
            raise FieldError("is not an ISO 639-1 language code", allowed=self.allowed)
        return code


class When(Field):
    """A date or date-time; without an offset it is in the site time zone."""

    allowed = "an ISO 8601 date (2026-03-14) or date-time (2026-03-14T09:30:00+01:00)"

    def convert(self, value, ctx, name):
        text = self._text(value)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise FieldError("is not an ISO 8601 date or date-time", allowed=self.allowed) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=ctx.timezone)
        return moment


class Day(Field):
    allowed = "an ISO 8601 date such as 2026-03-14"

    def convert(self, value, ctx, name):
        try:
            return date.fromisoformat(self._text(value))
        except ValueError:
            raise FieldError("is not an ISO 8601 date", allowed=self.allowed) from None


class Year(Field):
    allowed = "a four-digit year such as 1998"

    def convert(self, value, ctx, name):
        text = self._text(value)
        if not re.fullmatch(r"\d{4}", text):
            raise FieldError("is not a year", allowed=self.allowed)
        return int(text)


class Integer(Field):
    allowed = "a whole number such as 3"

    def convert(self, value, ctx, name):
        text = self._text(value)
        if not re.fullmatch(r"-?\d+", text):
            raise FieldError("is not a whole number", allowed=self.allowed)
        return int(text)


class Url(Field):
    def __init__(self, *, https_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.schemes = ("https://",) if https_only else ("https://", "http://")
        self.allowed = "an absolute address starting with " + " or ".join(self.schemes)

    def convert(self, value, ctx, name):
        text = self._text(value)
        if not text.startswith(self.schemes) or len(text) <= len("https://") or " " in text:
            raise FieldError("is not an absolute web address", allowed=self.allowed)
        return text


class Email(Field):
    allowed = "an e-mail address such as desk@example.org"

    def convert(self, value, ctx, name):
        text = self._text(value)
        if not _EMAIL.match(text):
            raise FieldError("is not an e-mail address", allowed=self.allowed)
        return text


class ListOf(Field):
    """A list of items; `single=True` also accepts one bare item."""

    def __init__(self, item: Field, *, min_items: int = 0, single: bool = False, unique: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.item = item
        self.min_items = min_items
        self.single = single
        self.unique = unique
        self.allowed = f"a list (one '- item' per line) of {item.allowed}"
        if min_items:
            self.allowed += f", at least {min_items}"

    def convert(self, value, ctx, name):
        bare = not isinstance(value, list)
        if bare:
            if self.single and isinstance(value, str):
                value = Sequence([value])
                value.line = line_of(value[0])
            else:
                raise FieldError("expected a list", allowed=self.allowed)
        if len(value) < self.min_items:
            raise FieldError(f"needs at least {self.min_items} item(s)", allowed=self.allowed)
        result, ok = [], True
        for index, item in enumerate(value, start=1):
            item_name = name if bare else f"{name}[{index}]"
            parsed = parse_value(self.item, item, ctx, item_name, line_of(item, line_of(value)))
            if parsed is INVALID:
                ok = False
            elif self.unique and parsed in result:
                ctx.report(item_name, item, FieldError("is listed twice"), line_of(item, line_of(value)))
                ok = False
            else:
                result.append(parsed)
        return tuple(result) if ok else INVALID


class Record(Field):
    """A nested mapping with its own schema (appeal, victim, addressee).

    `inheritable` names required fields that a translation may leave out
    and take from the original's record (an appeal's deadline): while the
    context collects `missing`, their absence is noted there, not reported.
    """

    def __init__(
        self,
        schema: dict[str, Field],
        build: Callable[..., Any] | None = None,
        *,
        inheritable: frozenset[str] = frozenset(),
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.schema = schema
        self.build = build
        self.inheritable = inheritable
        self.allowed = "a mapping with " + ", ".join(f"{key}{'' if f.required else '?'}" for key, f in schema.items())

    def convert(self, value, ctx, name):
        if not isinstance(value, dict):
            raise FieldError("expected a mapping of 'field: value' lines", allowed=self.allowed)
        deferred = self.inheritable if ctx.missing is not None else frozenset()
        values = parse_record(value, self.schema, ctx, prefix=f"{name}.", optional=deferred, missing=ctx.missing)
        if values is INVALID:
            return INVALID
        return self.build(**values) if self.build else values


def parse_value(field: Field, value: object, ctx: ParseContext, name: str, line: int | None) -> Any:
    try:
        return field.parse(value, ctx, name)
    except FieldError as error:
        ctx.report(name, value, error, line)
        return INVALID


def parse_record(
    mapping: Mapping,
    schema: dict[str, Field],
    ctx: ParseContext,
    *,
    prefix: str = "",
    optional: frozenset[str] = frozenset(),
    forbidden: dict[str, str] | None = None,
    defaults: bool = True,
    missing: list[tuple[str, str, int | None]] | None = None,
    partial: bool = False,
) -> dict[str, Any] | Invalid:
    """Parse every field of `mapping`; record all problems; INVALID if any.

    `optional` names required fields that may be left out here (a
    translation inherits them); `forbidden` maps field names to the reason
    they are refused (Pelican's own `save_as`, say). With `defaults=False`
    left-out fields stay absent, so a translation can inherit them; required
    fields in `optional` that are left out are appended to `missing`
    (name, allowed, line) for a later stage to report or forgive. With
    `partial=True` the fields that did parse are returned even when others
    did not, so later rules can still check them.
    """
    key_lines = getattr(mapping, "key_lines", {})
    values: dict[str, Any] = {}
    ok = True
    for key, raw in mapping.items():
        line = key_lines.get(key, line_of(mapping))
        if forbidden and key in forbidden:
            ctx.problems.add(ctx.path, prefix + key, forbidden[key], line=line, found=raw)
            ok = False
            continue
        if key not in schema:
            close = difflib.get_close_matches(key, schema, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            ctx.problems.add(
                ctx.path,
                prefix + key,
                f"is not a known field{hint}",
                line=line,
                allowed=", ".join(schema),
            )
            ok = False
            continue
        if raw is None:
            continue  # an empty field counts as left out, checked below
        parsed = parse_value(schema[key], raw, ctx, prefix + key, line_of(raw, line))
        if parsed is INVALID:
            ok = False
        else:
            values[key] = parsed
    for key, field in schema.items():
        if key in values:
            continue
        absent = key not in mapping or mapping[key] is None
        if field.required and absent and key in optional and missing is not None:
            missing.append((prefix + key, field.allowed, key_lines.get(key, line_of(mapping))))
        elif field.required and key not in optional and absent:
            ctx.problems.add(
                ctx.path,
                prefix + key,
                "is required but missing" if key not in mapping else "is required but empty",
                line=key_lines.get(key, line_of(mapping)),
                allowed=field.allowed,
            )
            ok = False
        elif defaults and field.default is not None:
            values[key] = field.default
    return values if ok or partial else INVALID
