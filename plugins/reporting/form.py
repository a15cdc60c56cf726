"""The GitHub issue forms "Report an alert" and "Translate an alert".

Generated, never edited by hand: `make forms` (`python -m reporting.form`)
writes them into `.github/ISSUE_TEMPLATE/` with every dropdown's options
taken from `data/` and `content/members/` (`choices`), and `--check` (run by
the tests) fails when the committed forms and the data disagree. The labels
below are also how `issue_body` finds each answer in a rendered issue, so
the form and its reader cannot drift apart.

Usage: python -m reporting.form [--check] [--content content] [--data data] [--out .github/ISSUE_TEMPLATE]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .choices import FormChoices

REPO = Path(__file__).resolve().parent.parent.parent
REPORT_FILE = "report-alert.yml"
TRANSLATION_FILE = "translate-alert.yml"
# The label the forms put on a new issue: it sorts reports, and starts nothing.
# The workflow starts on `report` (TRIGGER_LABEL), which only people with
# triage access can add (docs/reporting.md).
FORM_LABEL = "alert-report"
TRIGGER_LABEL = "report"


@dataclass(frozen=True)
class Question:
    """One element of a form; `label` is also its heading in the issue body."""

    id: str
    kind: str  # input, textarea, dropdown, checkboxes
    label: str
    description: str = ""
    placeholder: str = ""
    required: bool = False
    choices: str = ""  # the FormChoices attribute a dropdown's options come from
    multiple: bool = False
    default: int | None = None  # a dropdown's preselected option
    boxes: tuple[tuple[str, bool], ...] = ()  # checkboxes: (label, required)


# Checkbox texts, read back by `report`.
CONFIRM = "The facts are checked, and everyone named here may be named in public"
DRAFT = "Keep it as a draft: the editors publish it later"

VICTIM_HELP = (
    "One person or outlet per paragraph, a blank line between them. Each line is "
    "'Field: value'; Name and Role are needed, Outlet and Gender are optional. Role is one of: {roles}."
)
ADDRESSEE_HELP = (
    "The officials the letters go to. One per paragraph, a blank line between them. Each line is "
    "'Field: value'; Name and Title are needed; Salutation, Address, Email, Fax and Social are optional."
)

REPORT: tuple[Question, ...] = (
    Question("type", "dropdown", "Type", "What kind of item this is.", required=True, choices="types", default=0),
    Question(
        "title",
        "input",
        "Title",
        "The headline: the newest development, not the background (at most 200 characters).",
        "Editor of Accra weekly detained over procurement report",
        required=True,
    ),
    Question("date", "input", "Date", "The date of this report, as YYYY-MM-DD.", "2026-03-02", required=True),
    Question("lang", "dropdown", "Language", "The language this report is written in.", choices="languages", default=0),
    Question(
        "country",
        "dropdown",
        "Country",
        "Where it happened. Leave empty only for an item with no single country.",
        choices="countries",
    ),
    Question(
        "region",
        "dropdown",
        "Region",
        "Only for an item with no single country (then leave Country empty).",
        choices="regions",
    ),
    Question(
        "member",
        "dropdown",
        "Issuing member",
        "The member organisation that issues it.",
        required=True,
        choices="members",
    ),
    Question(
        "co_signers",
        "dropdown",
        "Co-signing members",
        "Other members that sign it (a joint action).",
        choices="members",
        multiple=True,
    ),
    Question(
        "violations",
        "dropdown",
        "Violations",
        "What was done; choose every one that applies.",
        required=True,
        choices="violations",
        multiple=True,
    ),
    Question(
        "victims",
        "textarea",
        "Victims",
        VICTIM_HELP,
        "Name: Kwabena Asante-Mensah\nRole: journalist\nOutlet: The Accra Ledger",
    ),
    Question("perpetrator", "dropdown", "Perpetrator", "Who did it, if known.", choices="perpetrators"),
    Question("location", "input", "Location", "The town or place.", "Accra"),
    Question(
        "summary",
        "textarea",
        "Summary",
        "Two or three sentences for lists, feeds and search (at most 600 characters). Empty: the first paragraph of the text.",
    ),
    Question(
        "body",
        "textarea",
        "Text",
        "The full text of the alert. Markdown works: **bold**, *italics*, [links](https://example.org), ## headings.",
        required=True,
    ),
    Question(
        "case",
        "input",
        "Case id (for an update)",
        "For an update: the case id of the earlier items, as in the address of the case page (/cases/<case id>/). Leave empty for a new case.",
        "gh-kwabena-asante-mensah",
    ),
    Question(
        "case_status", "dropdown", "Case status", "Where the case stands as of this report.", choices="case_statuses"
    ),
    Question(
        "deadline",
        "input",
        "Appeal deadline",
        "Only for a letter-writing appeal: the last day to write, as YYYY-MM-DD. Leave the appeal questions empty for no appeal.",
        "2026-04-30",
    ),
    Question(
        "asks",
        "textarea",
        "Appeal: what the letters ask for",
        "One demand per line.",
        "Release Kwabena Asante-Mensah immediately and unconditionally",
    ),
    Question(
        "addressees",
        "textarea",
        "Appeal: addressees",
        ADDRESSEE_HELP,
        "Name: Ama Owusu\nTitle: Minister of Justice\nSalutation: Dear Minister\nEmail: minister@justice.example",
    ),
    Question("letter", "textarea", "Appeal: sample letter", "A letter readers can send as it is (Markdown)."),
    Question("confirm", "checkboxes", "Before you send", boxes=((CONFIRM, True), (DRAFT, False))),
)

TRANSLATION: tuple[Question, ...] = (
    Question(
        "original",
        "input",
        "Original alert id",
        "The id of the alert you translate: the last part of its address, /alerts/<id>/.",
        "gh-accra-editor-detained",
        required=True,
    ),
    Question("lang", "dropdown", "Language", "The language of this translation.", required=True, choices="languages"),
    Question("title", "input", "Title", "The translated headline (at most 200 characters).", required=True),
    Question("summary", "textarea", "Summary", "The translated summary, if the original has one."),
    Question("body", "textarea", "Text", "The translated text (Markdown).", required=True),
    Question(
        "asks",
        "textarea",
        "Appeal: what the letters ask for",
        "If the original has an appeal: its demands translated, one per line, in the same order.",
    ),
    Question(
        "letter", "textarea", "Appeal: sample letter", "If the original has an appeal: its sample letter translated."
    ),
)

INTRO_REPORT = (
    "Thank you for reporting. Fill in what you know; an editor of the Clearing House checks every report "
    "before it is published, and writes to you here if something is missing. "
    "What happens next: [how a report becomes an alert](../blob/main/docs/reporting.md)."
)
INTRO_TRANSLATION = (
    "Translate an alert that is already published. The translation inherits everything else "
    "(dates, places, people, the appeal's deadline and addressees) from the original."
)


def element(question: Question, choices: FormChoices) -> dict:
    """A question as a GitHub form element."""
    attributes: dict = {"label": question.label}
    if question.description:
        attributes["description"] = question.description.format(roles=", ".join(choices.roles.options).lower())
    if question.placeholder:
        attributes["placeholder"] = question.placeholder
    if question.kind == "dropdown":
        attributes["multiple"] = question.multiple
        attributes["options"] = list(getattr(choices, question.choices).options)
        if question.default is not None:
            attributes["default"] = question.default
    if question.kind == "checkboxes":
        attributes["options"] = [{"label": text, "required": required} for text, required in question.boxes]
        return {"type": "checkboxes", "id": question.id, "attributes": attributes}
    found = {"type": question.kind, "id": question.id, "attributes": attributes}
    if question.required:
        found["validations"] = {"required": True}
    return found


def form(
    name: str, description: str, title: str, intro: str, questions: tuple[Question, ...], choices: FormChoices
) -> str:
    document = {
        "name": name,
        "description": description,
        "title": title,
        "labels": [FORM_LABEL],
        "body": [{"type": "markdown", "attributes": {"value": intro}}, *(element(q, choices) for q in questions)],
    }
    head = (
        "# Generated by `make forms` from data/ and content/members/: do not edit by hand.\n"
        "# The labels are how `make from-issue` reads the issue (plugins/reporting/form.py).\n"
    )
    return head + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10_000)


def forms(choices: FormChoices) -> dict[str, str]:
    """File name -> text of every form."""
    return {
        REPORT_FILE: form(
            "Report an alert",
            "Report an abuse for the Clearing House to publish as an alert or update.",
            "Report: ",
            INTRO_REPORT,
            REPORT,
            choices,
        ),
        TRANSLATION_FILE: form(
            "Translate an alert",
            "Offer a translation of a published alert.",
            "Translation: ",
            INTRO_TRANSLATION,
            TRANSLATION,
            choices,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) the issue forms from data/ and content/members/.")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a committed form is out of date"
    )
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--out", type=Path, default=REPO / ".github" / "ISSUE_TEMPLATE")
    args = parser.parse_args(argv)
    stale = []
    for name, text in forms(FormChoices.load(args.data, args.content)).items():
        path = args.out / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if args.check and stale:
        print(
            "Out of date with data/ and content/members/ (run `make forms`): " + ", ".join(map(str, stale)),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
