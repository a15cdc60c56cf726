"""A filled-in form as content files, with the problems of the form itself.

What the form can judge on its own it reports here, naming the form's
question ("Country: 'Ghanna' is not one of the form's options"); everything
the content contract says is left to the build's validation (`shadow`),
whose problems `relabel` then names by question too. A value the form could
not read is left out of the file, and the contract's complaint about that
field is dropped, so each mistake is reported once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from clearinghouse.content.problems import Problem, Problems

from . import compose
from .archive import Archive, from_case
from .choices import Choices, FormChoices
from .form import CONFIRM, DRAFT, REPORT, TRANSLATION
from .issue_body import Answers, blocks, lines, selected, ticked

VICTIM_FIELDS = {"name": "name", "role": "role", "outlet": "outlet", "gender": "gender"}
ADDRESSEE_FIELDS = {k: k for k in ("name", "title", "salutation", "address", "email", "fax", "social")}
# front matter field -> the question it comes from
QUESTION_OF = {q.id: q.label for q in REPORT} | {
    "id": "Title",
    "status": "Before you send",
    "appeal": "Appeal deadline",
    "appeal.deadline": "Appeal deadline",
    "appeal.asks": next(q.label for q in REPORT if q.id == "asks"),
    "appeal.addressees": next(q.label for q in REPORT if q.id == "addressees"),
    "appeal.letter": next(q.label for q in REPORT if q.id == "letter"),
}


@dataclass
class Draft:
    """One file to write: where, and its whole text."""

    path: Path
    text: str


@dataclass
class Reading:
    """What a form gave: the files, the form's own problems, and the front
    matter fields those problems are about."""

    drafts: list[Draft] = field(default_factory=list)
    problems: Problems = field(default_factory=lambda: Problems(root=Path.cwd()))
    failed: set[str] = field(default_factory=set)


class _Form:
    """Reads one form's answers into front matter values."""

    def __init__(self, answers: Answers, source: Path, reading: Reading) -> None:
        self.answers = answers
        self.source = source
        self.reading = reading

    def problem(
        self, question_id: str, message: str, *, found: object = None, allowed: str | None = None, fails: str = ""
    ) -> None:
        label = self.answers.question(question_id).label
        self.reading.problems.add(self.source, label, message, found=found, allowed=allowed)
        self.reading.failed.add(fails or question_id)

    def text(self, question_id: str) -> str | None:
        return self.answers.get(question_id)

    def one_line(self, question_id: str) -> str | None:
        value = self.text(question_id)
        return " ".join(value.split()) if value else None

    def choice(self, question_id: str, choices: Choices) -> str | None:
        value = self.one_line(question_id)
        if value is None:
            return None
        term = choices.term(value)
        if term is None:
            hint = choices.close(value)
            self.problem(
                question_id,
                "is not one of the form's options" + (f"; {hint}" if hint else ""),
                found=value,
                allowed=_some(choices),
            )
        return term

    def choices(self, question_id: str, choices: Choices) -> list[str]:
        chosen, rest = selected(self.text(question_id), list(choices.options) + list(choices.options.values()))
        if rest:
            self.problem(
                question_id, "names something that is not one of the form's options", found=rest, allowed=_some(choices)
            )
        return list(dict.fromkeys(choices.term(option) for option in chosen))

    def day(self, question_id: str, *, fails: str = "") -> date | str | None:
        """A date as a date (written bare, like an editor's), a date-time as typed."""
        value = self.one_line(question_id)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        try:
            datetime.fromisoformat(value)
            return value
        except ValueError:
            self.problem(
                question_id,
                "is not a date",
                found=value,
                allowed="a date written YYYY-MM-DD, such as 2026-03-02",
                fails=fails,
            )
            return None

    def records(self, question_id: str, known: dict[str, str], what: str, roles: Choices | None = None) -> list[dict]:
        """'Field: value' paragraphs as records (victims, addressees)."""
        found = []
        for number, block in enumerate(blocks(self.text(question_id)), start=1):
            record: dict = {}
            for _, name, value in block:
                key = known.get(name.casefold())
                if key is None:
                    shown = f"{name}: {value}" if name else value
                    allowed = "lines 'Field: value' with the fields " + ", ".join(k.capitalize() for k in known)
                    self.problem(
                        question_id, f"{what} {number}: a line the form cannot read", found=shown, allowed=allowed
                    )
                    continue
                if key == "role" and roles is not None:
                    term = roles.term(value)
                    if term is None:
                        self.problem(
                            question_id,
                            f"{what} {number}: the role is not one the contract knows",
                            found=value,
                            allowed=", ".join(roles.options.values()),
                        )
                        continue
                    value = term
                record[key] = value
            found.append(record)
        return found


def _some(choices: Choices) -> str:
    options = list(choices.options)
    return ", ".join(options) if len(options) <= 30 else f"one of the {len(options)} options of the form's list"


def read(answers: Answers, source: Path, choices: FormChoices, archive: Archive, content: Path) -> Reading:
    """The files a rendered form asks for, or the problems that stop them."""
    reading = Reading()
    for label in answers.missing:
        form_name = "Translate an alert" if answers.is_translation else "Report an alert"
        reading.problems.add(
            source,
            label,
            f"the issue has no '### {label}' section: was it written with the '{form_name}' form?",
            allowed="the issue body as GitHub writes it from the form, every question's heading kept",
        )
    if answers.missing:
        return reading
    (_translation if answers.is_translation else _report)(_Form(answers, source, reading), choices, archive, content)
    return reading


def _report(form: _Form, choices: FormChoices, archive: Archive, content: Path) -> None:
    values: dict = {}
    kind = form.choice("type", choices.types)
    values["type"] = kind
    values["title"] = form.one_line("title")
    day = form.day("date")
    values["date"] = day
    country, region = form.choice("country", choices.countries), form.choice("region", choices.regions)
    values["country"], values["region"] = country, region
    values["member"] = form.choice("member", choices.members)
    values["co_signers"] = form.choices("co_signers", choices.members) or None
    case = form.one_line("case")
    if case is not None:
        case = case.strip().strip("/").rsplit("/", 1)[-1]  # a pasted /cases/<id>/ address
        values["case"] = case
    values["case_status"] = form.choice("case_status", choices.case_statuses)
    if not ticked(form.text("confirm")).get(CONFIRM):
        form.problem(
            "confirm",
            "the first box is not ticked",
            found="- [ ] " + CONFIRM,
            allowed="- [X] " + CONFIRM,
            fails="status",
        )
    if ticked(form.text("confirm")).get(DRAFT):
        values["status"] = "draft"
    values["violations"] = form.choices("violations", choices.violations) or None
    values["victims"] = form.records("victims", VICTIM_FIELDS, "victim", choices.roles) or None
    values["perpetrator"] = form.choice("perpetrator", choices.perpetrators)
    values["location"] = form.one_line("location")
    values["summary"] = form.text("summary")
    lang = form.choice("lang", choices.languages)
    values["lang"] = lang if lang and lang != archive.options.languages[0] else None
    values["appeal"] = _appeal(form)
    if case is not None and kind == "update":
        if case in archive.cases():
            # what the member left empty comes from the case, as `make new CASE=` does
            for name, value in from_case(archive, case).items():
                if values.get(name) is None and not (name == "country" and region) and name not in form.reading.failed:
                    values[name] = value
        else:
            hint = archive.close_ids(case, archive.cases())
            form.problem(
                "case",
                "names no case: no published item has this case id" + (f"; {hint}" if hint else ""),
                found=case,
                allowed="the case id of an earlier item (its case page is /cases/<case id>/)",
            )
    front = {name: value for name, value in values.items() if value is not None}
    when = (
        day
        if isinstance(day, date)
        else (datetime.fromisoformat(day).date() if isinstance(day, str) else archive.today())
    )
    place = values.get("country") or values.get("region") or ""
    alert_id = compose.make_id(
        values["title"] or "", place if isinstance(place, str) else place[0], when, archive.ids()
    )
    path = compose.alert_path(content, when, alert_id)
    form.reading.drafts.append(Draft(path, compose.document(front, form.text("body") or "")))


def _appeal(form: _Form) -> dict | None:
    deadline = form.day("deadline", fails="appeal.deadline")
    appeal = {
        "deadline": deadline,
        "asks": lines(form.text("asks")) or None,
        "addressees": form.records("addressees", ADDRESSEE_FIELDS, "addressee") or None,
        "letter": form.text("letter"),
    }
    given = {k: v for k, v in appeal.items() if v is not None}
    if not given and "appeal.deadline" in form.reading.failed:
        return None
    return given or None


def _translation(form: _Form, choices: FormChoices, archive: Archive, content: Path) -> None:
    wanted = form.one_line("original") or ""
    wanted = wanted.strip().strip("/").rsplit("/", 1)[-1]  # a pasted /alerts/<id>/ address
    original = archive.original(wanted)
    lang = form.choice("lang", choices.languages)
    if original is None:
        hint = archive.close_ids(wanted, archive.ids())
        form.problem(
            "original",
            "names no published alert" + (f"; {hint}" if hint else ""),
            found=wanted,
            allowed="the id of an alert: the last part of its address /alerts/<id>/",
            fails="id",
        )
        return
    if lang is None:
        return
    if lang == original.lang:
        form.problem(
            "lang",
            "is the original's own language",
            found=lang,
            allowed="another language: " + ", ".join(t for t in choices.languages.options.values() if t != lang),
        )
        return
    existing = archive.translations(original.key).get(lang)
    if existing is not None:
        form.problem(
            "lang",
            f"the alert has a translation in this language already: edit {existing.path} instead",
            found=lang,
            allowed="a language it is not yet translated into",
        )
        return
    front: dict = {"lang": lang}
    if original.explicit_id:
        front["id"] = original.key
    front["title"] = form.one_line("title")
    front["summary"] = form.text("summary")
    asks, letter = lines(form.text("asks")), form.text("letter")
    if (asks or letter) and "appeal" not in original.values:
        form.problem(
            "asks" if asks else "letter",
            "the original has no appeal to translate",
            allowed="leave the appeal questions empty",
        )
        return
    front["appeal"] = {k: v for k, v in (("asks", asks or None), ("letter", letter)) if v is not None} or None
    front = {name: value for name, value in front.items() if value is not None}
    path = compose.translation_path(original.path, lang)
    form.reading.drafts.append(Draft(path, compose.document(front, form.text("body") or "")))


def relabel(problems: Problems, failed: set[str], translation: bool) -> list[Problem]:
    """The contract's problems with a new file, named by the form's
    questions too ("Victims (victims[2].role)"), less those about a field
    the form already reported."""
    labels = (
        {q.id: q.label for q in TRANSLATION}
        | {"appeal.asks": "Appeal: what the letters ask for", "appeal.letter": "Appeal: sample letter"}
        if translation
        else QUESTION_OF
    )
    kept = []
    for problem in problems.items:
        root = problem.field.split("[")[0]
        top, nested = root.split(".")[0], ".".join(root.split(".")[:2])
        if top in failed or nested in failed:
            continue
        label = labels.get(nested) or labels.get(top)
        kept.append(
            dataclasses.replace(problem, field=f"{label} ({problem.field})") if label and problem.field else problem
        )
    return kept
