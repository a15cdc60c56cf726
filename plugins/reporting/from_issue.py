"""`make from-issue BODY=path/to/body.md`: an issue written with a form, as content.

Reads the issue body as GitHub renders the "Report an alert" or "Translate
an alert" form, and either writes the content file(s) into the content
folder and prints their paths (exit 0), or prints the validation report,
every problem at once naming the file, the form's question and the field,
what was found and what is allowed, writes nothing and exits 1. The report
workflow runs exactly this on the issue's body (`.github/workflows/report.yml`).

Usage: python -m reporting.from_issue BODY [--content content] [--comment FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from clearinghouse.content.problems import InvalidContent, Problems

from . import issue_body, report, shadow
from .archive import SETTINGS, Archive
from .choices import FormChoices


def convert(body: Path, content: Path, settings: Path = SETTINGS) -> tuple[list[Path], Problems]:
    """Write the files a rendered form asks for; or write nothing and return the problems."""
    problems = Problems(root=Path.cwd())
    try:
        archive = Archive.load(content, settings)
    except InvalidContent as stop:
        problems.extend(stop.problems)  # the folder is broken already: the report says where
        return [], problems
    answers = issue_body.parse(body.read_text(encoding="utf-8"))
    reading = report.read(answers, body, FormChoices.load(archive.options.data, content), archive, content)
    problems.extend(reading.problems)
    if reading.drafts:
        judged = shadow.judge(content, {d.path: d.text for d in reading.drafts}, settings)
        problems.items.extend(report.relabel(judged, reading.failed, answers.is_translation))
    if problems:
        return [], problems
    written = []
    for draft in reading.drafts:
        draft.path.parent.mkdir(parents=True, exist_ok=True)
        with draft.path.open("x", encoding="utf-8") as out:  # never over another file
            out.write(draft.text)
        written.append(draft.path)
    return written, problems


def comment(problems: Problems) -> str:
    """The report as an issue comment: in a code block, so that nobody's
    text becomes a link or a mention, fenced longer than any backticks in it."""
    text = problems.report()
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return (
        "This report could not become an alert yet. Please edit the issue to fix what is below; "
        "then a maintainer adds the `report` label again.\n\n"
        f"{fence}text\n{text}{fence}\n"
    )


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("body", type=Path, help="the issue body, as GitHub renders the form")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--settings", type=Path, default=SETTINGS)
    parser.add_argument("--comment", type=Path, help="also write the report here as a Markdown issue comment")
    args = parser.parse_args(argv)
    if not args.body.is_file():
        print(f"{args.body}: no such file (BODY= is the issue body saved as a file)", file=sys.stderr)
        return 2
    written, problems = convert(args.body, args.content, args.settings)
    if problems:
        print(problems.report(), file=sys.stderr, end="")
        if args.comment:
            args.comment.write_text(comment(problems), encoding="utf-8")
        return 1
    for path in written:
        print(_shown(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
