"""An issue body as GitHub renders a form, back into the answers.

GitHub writes each question as `### <label>`, a blank line and the answer;
an empty answer is `_No response_`; a multi-select dropdown is its options
joined by ", "; checkboxes are `- [X] <label>` (ticked) or `- [ ] <label>`.
Answers are found by the form's own labels, in the form's order, so an
answer whose text has a `###` heading of its own (a body with sections) is
read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .form import REPORT, TRANSLATION, Question

NO_RESPONSE = "_No response_"
_CHECKBOX = re.compile(r"^\s*[-*]\s+\[(?P<mark>[ xX])\]\s+(?P<label>.*?)\s*$")


@dataclass
class Answers:
    """The answers of one rendered form: question id -> text (None: left empty)."""

    questions: tuple[Question, ...]
    values: dict[str, str | None]
    missing: list[str] = field(default_factory=list)  # labels whose heading is not in the body

    @property
    def is_translation(self) -> bool:
        return self.questions is TRANSLATION

    def get(self, question_id: str) -> str | None:
        return self.values.get(question_id)

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)


def parse(text: str) -> Answers:
    """The answers of the report or translation form, whichever the body is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    headings = {m.group(1).strip() for m in re.finditer(r"^###[ \t]+(.+?)[ \t]*$", text, re.M)}
    questions = TRANSLATION if TRANSLATION[0].label in headings else REPORT
    return parse_form(text, questions)


def parse_form(text: str, questions: tuple[Question, ...]) -> Answers:
    starts: list[tuple[Question, int, int]] = []  # question, heading start, answer start
    position = 0
    missing = []
    for question in questions:
        found = re.compile(rf"^###[ \t]+{re.escape(question.label)}[ \t]*$", re.M).search(text, position)
        if found is None:
            missing.append(question.label)
            continue
        starts.append((question, found.start(), found.end()))
        position = found.end()
    values: dict[str, str | None] = {}
    for index, (question, _, begin) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        answer = text[begin:end].strip("\n").strip()
        values[question.id] = None if answer in ("", NO_RESPONSE) else _dedent(text[begin:end])
    return Answers(questions, values, missing)


def _dedent(answer: str) -> str:
    """The answer as typed, without the blank lines around it."""
    return answer.strip("\n").rstrip()


def ticked(answer: str | None) -> dict[str, bool]:
    """Checkbox label -> ticked, from `- [X] label` lines."""
    boxes = {}
    for line in (answer or "").split("\n"):
        if m := _CHECKBOX.match(line):
            boxes[m["label"]] = m["mark"] in "xX"
    return boxes


def selected(answer: str | None, options: list[str]) -> tuple[list[str], str]:
    """The options a multi-select answer names, and any text left over.

    GitHub joins the options with ", ", and an option may itself hold a
    comma ("St. Helena, Ascension & Tristan da Cunha"), so the answer is
    matched against the known options, longest first, rather than split.
    Text that matches no option is returned for the report.
    """
    rest = (answer or "").strip()
    chosen: list[str] = []
    by_length = sorted(options, key=len, reverse=True)
    while rest:
        match = next(
            (
                o
                for o in by_length
                if rest.casefold().startswith(o.casefold())
                and (len(rest) == len(o) or rest[len(o) :].lstrip().startswith(","))
            ),
            None,
        )
        if match is None:
            return chosen, rest
        chosen.append(match)
        rest = rest[len(match) :].lstrip().removeprefix(",").strip()
    return chosen, ""


def blocks(answer: str | None) -> list[list[tuple[int, str, str]]]:
    """'Field: value' paragraphs (victims, addressees) as lists of (line, field, value).

    A line without a colon is kept with an empty field so the report can name it.
    Line numbers count from 1 within the answer.
    """
    found: list[list[tuple[int, str, str]]] = []
    current: list[tuple[int, str, str]] = []
    for number, line in enumerate((answer or "").split("\n"), start=1):
        line = line.strip()
        if not line:
            if current:
                found.append(current)
                current = []
            continue
        line = re.sub(r"^[-*]\s+", "", line)  # a list bullet, if they wrote one
        name, colon, value = line.partition(":")
        current.append((number, name.strip(), value.strip()) if colon else (number, "", line))
    if current:
        found.append(current)
    return found


def lines(answer: str | None) -> list[str]:
    """One item per non-empty line, without a list bullet or number."""
    items = []
    for line in (answer or "").split("\n"):
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if line:
            items.append(line)
    return items
