"""`make new`: a new alert, update or translation file for an editor to finish.

    make new TYPE=alert COUNTRY=GH MEMBER=ghana-media-freedom-network TITLE="…" VIOLATIONS=threat,harassment
    make new CASE=gh-kwabena-asante-mensah TITLE="…"     # an update: the case's country, member,
                                                          # victims, violations and latest status
    make new TRANSLATE=gh-accra-editor-detained LANG=fr  # the original's texts, to translate

What is not given is asked for (and each question says what it allows);
with no one to ask (no terminal), the command says what is missing and
writes nothing. The file is dated today (`SOURCE_DATE_EPOCH` when set),
placed where the contract wants it, and judged with the whole content
folder before it is written, so what it writes passes `make check` as it
is. A new alert or update is a draft until the editor removes
`status: draft`, so a skeleton is never published by accident.

The Makefile passes its variables through the environment (TYPE, COUNTRY,
REGION, MEMBER, TITLE, VIOLATIONS, CASE, TRANSLATE) and LANG as --lang (the
environment's LANG is the locale).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from clearinghouse.content.problems import InvalidContent

from . import compose, shadow
from .archive import SETTINGS, Archive, from_case
from .choices import FormChoices

PLACEHOLDER = "Write what happened here: who, what, when and where, and what the member calls for."
NOTE_NEW = "Written by `make new`. Write the text below, then delete 'status: draft' to publish."
NOTE_TRANSLATION = (
    "Written by `make new`: the original's texts, to translate. Translate the title,\n"
    "summary, appeal and text below before committing: this file is published as it is."
)
ASKED = ("type", "country", "member", "title", "violations")


class Missing(Exception):
    """A value nobody gave and nobody could be asked for."""


def ask(name: str, question: str, given: str | None) -> str:
    if given:
        return given
    try:
        answer = input(question + ": ").strip()
    except EOFError:
        raise Missing(name) from None
    if not answer:
        raise Missing(name)
    return answer


def _term(choices, value: str, name: str, allowed: str) -> str:
    term = choices.term(value)
    if term is None:
        raise SystemExit(f"{name.upper()}={value}: not known; allowed: {allowed}")
    return term


def new_item(args: argparse.Namespace, archive: Archive, choices: FormChoices) -> tuple[dict, str]:
    """Front matter of a new alert or update, and the place its id is made from."""
    values: dict = {}
    if args.case:
        if args.case not in archive.cases():
            hint = archive.close_ids(args.case, archive.cases())
            raise SystemExit(f"CASE={args.case}: no item has this case id" + (f"; {hint}" if hint else ""))
        values = {"type": args.type or "update", **from_case(archive, args.case)}
    else:
        values["type"] = _term(
            choices.types,
            ask("type", "Type (" + ", ".join(choices.types.options.values()) + ")", args.type),
            "type",
            ", ".join(choices.types.options.values()),
        )
    if args.type:
        values["type"] = _term(choices.types, args.type, "type", ", ".join(choices.types.options.values()))
    values["title"] = ask("title", "Title", args.title)
    values["date"] = archive.today()
    if args.region:
        values.pop("country", None)
        values["region"] = _term(choices.regions, args.region, "region", ", ".join(choices.regions.options.values()))
    elif args.country or "country" not in values and "region" not in values:
        code = ask("country", "Country (a code such as GH, or a name; empty: give REGION= instead)", args.country)
        values["country"] = (
            code.upper()
            if code.upper() in choices.countries.options.values()
            else _term(choices.countries, code, "country", "an ISO 3166-1 code such as GH, or a country's English name")
        )
    member = args.member or values.get("member")
    values["member"] = _term(
        choices.members,
        ask("member", "Member (" + ", ".join(choices.members.options.values()) + ")", member),
        "member",
        ", ".join(choices.members.options.values()),
    )
    if args.violations or "violations" not in values:
        given = ask(
            "violations",
            "Violations, separated by commas (" + ", ".join(choices.violations.options.values()) + ")",
            args.violations,
        )
        values["violations"] = [
            _term(choices.violations, v, "violations", ", ".join(choices.violations.options.values()))
            for v in given.split(",")
            if v.strip()
        ]
    values["status"] = "draft"
    order = (
        "type",
        "title",
        "date",
        "country",
        "region",
        "member",
        "case",
        "case_status",
        "status",
        "violations",
        "victims",
    )
    return {k: values[k] for k in order if k in values}, str(values.get("country") or values.get("region") or "")


def translation(args: argparse.Namespace, archive: Archive) -> tuple[Path, str]:
    original = archive.original(args.translate)
    if original is None:
        hint = archive.close_ids(args.translate, archive.ids())
        raise SystemExit(f"TRANSLATE={args.translate}: no alert has this id" + (f"; {hint}" if hint else ""))
    lang = ask("lang", "Language of the translation (" + ", ".join(archive.options.languages) + ")", args.lang)
    if lang not in archive.options.languages or lang == original.lang:
        raise SystemExit(
            f"LANG={lang}: allowed: " + ", ".join(x for x in archive.options.languages if x != original.lang)
        )
    if lang in archive.translations(original.key):
        raise SystemExit(
            f"'{original.key}' has a '{lang}' translation already: {archive.translations(original.key)[lang].path}"
        )
    front: dict = {"lang": lang}
    if original.explicit_id:
        front["id"] = original.key
    front["title"] = original.values["title"]
    if "summary" in original.values:
        front["summary"] = original.values["summary"]
    appeal = original.values.get("appeal")
    if appeal:
        front["appeal"] = {"asks": list(appeal["asks"])} | (
            {"letter": appeal["letter"]} if appeal.get("letter") else {}
        )
    text = compose.document(front, original.doc.body, note=NOTE_TRANSLATION)
    return compose.translation_path(original.path, lang), text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a new alert, update or translation file.")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--settings", type=Path, default=SETTINGS)
    for name in ("type", "country", "region", "member", "title", "violations", "case", "translate"):
        parser.add_argument(f"--{name}", default=os.environ.get(name.upper()) or None)
    parser.add_argument("--lang", default=None)
    args = parser.parse_args(argv)
    try:
        archive = Archive.load(args.content, args.settings)
    except InvalidContent as stop:
        print("The content has problems already; fix them first (make check):", file=sys.stderr)
        stop.print_report()
        return 1
    try:
        if args.translate:
            path, text = translation(args, archive)
        else:
            front, place = new_item(args, archive, FormChoices.load(archive.options.data, args.content))
            day = archive.today()
            alert_id = compose.make_id(front["title"], place, day, archive.ids())
            path, text = (
                compose.alert_path(args.content, day, alert_id),
                compose.document(front, PLACEHOLDER, note=NOTE_NEW),
            )
    except Missing as missing:
        name = str(missing)
        print(
            f"{name.upper()}= is needed (make new {name.upper()}=...), or run make new in a terminal to be asked",
            file=sys.stderr,
        )
        return 2
    problems = shadow.judge(args.content, {path: text}, args.settings)
    if problems:
        print(problems.report(), file=sys.stderr, end="")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write(text)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
