"""Overlap warnings: `make check` says when a report may repeat a published one.

Each case adds alert files to a copy of the minimal valid site and runs the
check as an editor would (`python -m clearinghouse.check <folder>`), or, for
the many small rule cases, the same loading and matching in this process.
The minimal site already has Kofi Testman (The Test Weekly), detained in
Ghana on 2 March 2026, on case kofi-test-case.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from clearinghouse.content.overlap import find_overlaps, fold, same_name
from clearinghouse.pipeline import Options, load
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent

# José Martínez, detained in Mexico on 1 June 2026 (case mx-martinez).
FIRST = dict(
    stem="mx-reporter-detained",
    date="2026-06-01",
    country="MX",
    case="mx-martinez",
    victims=[("José Martínez", "journalist", "Diario del Golfo")],
)


def alert(
    folder: Path,
    stem: str,
    date: str,
    country: str,
    victims,
    *,
    case: str | None = None,
    kind: str = "alert",
    status: str | None = None,
) -> Path:
    """Write one valid alert file; victims are (name, role, outlet or None)."""
    lines = [
        "---",
        f"type: {kind}",
        f"title: Report {stem}",
        f"date: {date}",
        f'country: "{country}"',
        "member: test-press-union",
        "violations: [arbitrary-detention]",
    ]
    lines += [f"case: {case}"] if case else []
    lines += [f"status: {status}"] if status else []
    if victims:
        lines.append("victims:")
        for name, role, outlet in victims:
            lines += [f'  - name: "{name}"', f"    role: {role}"] + ([f'    outlet: "{outlet}"'] if outlet else [])
    path = folder / "alerts" / "2026" / f"{stem}.md"
    path.write_text("\n".join(lines) + "\n---\nA body.\n", encoding="utf-8")
    return path


def check(folder: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO / "plugins"), "GITHUB_ACTIONS": "", **env}
    return subprocess.run(
        [sys.executable, "-m", "clearinghouse.check", str(folder)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def overlaps(folder: Path):
    entries, _ = load(Options.from_settings(read_settings(str(REPO / "pelicanconf.py")), folder))
    return find_overlaps(entries)


def pairs(folder: Path) -> set[tuple[str, str]]:
    return {(o.new.id, o.existing.id) for o in overlaps(folder)}


def test_a_name_typed_without_accents_three_weeks_later_is_a_warning_not_a_failure(minimal):
    first = alert(minimal, **FIRST)
    second = alert(minimal, "mx-journalist-held-veracruz", "2026-06-22", "MX", [("Jose Martinez", "journalist", None)])
    result = check(minimal)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"{second}:" in out
    assert str(first) in out  # both files named
    assert "'Jose Martinez' (there: 'José Martínez')" in out  # the shared names, as each file writes them
    assert "(case mx-martinez)" in out and "21 days earlier in MX" in out
    assert "make this file an update of it: type: update, case: mx-martinez" in out
    assert "1 possible duplicate (warnings above)" in out


def test_an_unrelated_alert_gives_no_warning(minimal):
    alert(minimal, **FIRST)
    alert(minimal, "mx-other-reporter", "2026-06-10", "MX", [("Rosa Hernández Vega", "journalist", "Radio Sur")])
    result = check(minimal)
    assert result.returncode == 0
    assert "warning" not in result.stdout and result.stdout.rstrip().endswith("no problems.")


def test_on_github_the_warning_is_an_annotation_on_the_new_file(minimal):
    alert(minimal, **FIRST)
    second = alert(minimal, "mx-second", "2026-06-22", "MX", [("Jose Martinez", "journalist", None)])
    out = check(minimal, GITHUB_ACTIONS="true").stdout
    annotation = next(line for line in out.splitlines() if line.startswith("::warning "))
    assert f"file={second}," in annotation and "title=Possible duplicate alert::" in annotation
    assert "case: mx-martinez" in annotation


@pytest.mark.parametrize(
    ("stem", "date", "country", "victims", "case", "expected"),
    [
        ("one-letter-off", "2026-06-15", "MX", [("José Martines", "journalist", None)], None, True),
        ("words-swapped", "2026-06-15", "MX", [("Martínez, José", "journalist", None)], None, True),
        ("same-outlet", "2026-07-20", "MX", [("Luis Ochoa", "journalist", "Diario del Golfo")], None, True),
        ("sixty-days-later", "2026-07-31", "MX", [("José Martínez", "journalist", None)], None, True),
        ("ninety-days-later", "2026-08-30", "MX", [("José Martínez", "journalist", None)], None, False),
        ("another-country", "2026-06-15", "CO", [("José Martínez", "journalist", None)], None, False),
        ("same-case-update", "2026-06-15", "MX", [("Jose Martinez", "journalist", None)], "mx-martinez", False),
        ("another-case", "2026-06-15", "MX", [("Jose Martinez", "journalist", None)], "mx-other", True),
        ("different-person", "2026-06-15", "MX", [("Josefa Marin", "journalist", None)], None, False),
        ("shares-a-word", "2026-06-15", "MX", [("Ana Ruiz", "journalist", "Diario del Norte")], None, False),
    ],
)
def test_which_later_items_overlap(minimal, stem, date, country, victims, case, expected):
    alert(minimal, **FIRST)
    alert(minimal, stem, date, country, victims, case=case, kind="update" if case else "alert")
    assert pairs(minimal) == ({(stem, "mx-reporter-detained")} if expected else set())


def test_the_newer_item_is_the_new_one_whatever_its_file_name(minimal):
    alert(minimal, "zz-first-report", "2026-06-01", "MX", [("José Martínez", "journalist", None)])
    alert(minimal, "aa-second-report", "2026-06-20", "MX", [("Jose Martinez", "journalist", None)])
    assert pairs(minimal) == {("aa-second-report", "zz-first-report")}


def test_an_existing_item_without_a_case_gets_a_case_suggested(minimal):
    alert(minimal, "first", "2026-06-01", "MX", [("José Martínez", "journalist", None)])
    alert(minimal, "second", "2026-06-20", "MX", [("Jose Martinez", "journalist", None)])
    (found,) = overlaps(minimal)
    assert "no case yet" in found.message() and "case: first" in found.suggestion()


def test_a_translation_is_not_another_report(minimal):
    alert(minimal, **FIRST)
    (minimal / "alerts" / "2026" / "mx-reporter-detained.es.md").write_text(
        "---\nlang: es\ntitle: Periodista detenido\n---\nUn cuerpo.\n", encoding="utf-8"
    )
    alert(minimal, "mx-second", "2026-06-22", "MX", [("Jose Martinez", "journalist", None)])
    assert pairs(minimal) == {("mx-second", "mx-reporter-detained")}


def test_a_draft_is_not_already_published_but_a_new_draft_is_warned_about(minimal):
    alert(minimal, "draft-first", "2026-06-01", "MX", [("José Martínez", "journalist", None)], status="draft")
    alert(minimal, "published-second", "2026-06-10", "MX", [("Jose Martinez", "journalist", None)])
    alert(minimal, "draft-third", "2026-06-20", "MX", [("José Martínez", "journalist", None)], status="draft")
    assert pairs(minimal) == {("draft-third", "published-second")}


def test_the_demo_content_has_no_overlap_warnings():
    assert pairs(REPO / "content") == set()


def test_kofi_reported_again_by_another_member_is_found_in_the_minimal_site(minimal):
    alert(minimal, "gh-kofi-again", "2026-03-15", "GH", [("Kofi Testmann", "journalist", "The Test Weekly")])
    (found,) = overlaps(minimal)
    assert found.existing.id == "gh-editor-detained" and found.existing.case == "kofi-test-case"
    assert found.shared == (("Kofi Testmann", "Kofi Testman"), ("The Test Weekly", "The Test Weekly"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("José Martínez", "JOSE  MARTINEZ", True),
        ("Nguyễn Thị Hà", "Nguyen Thi Ha", True),
        ("Łukasz Nowak", "Lukasz Nowak", True),
        ("Kwabena Asante-Mensah", "Kwabena Asante Mensah", True),
        ("Ana Ruiz", "Ana Diaz", False),  # short: one letter is another name
        ("Li Wei", "Li Wei", True),  # short but the same, folded
        ("Radio Progreso", "Radio Libertad", False),  # a shared word is not a shared name
        ("Елена Петрова", "Елена Петрова", True),
        ("Abdoulaye Ouedraogo Traore", "Abdoulay Ouedrago Traore", True),  # long: two edits
    ],
)
def test_names_compared(a, b, same):
    assert same_name(fold(a), fold(b)) is same


def test_very_short_names_are_never_compared(minimal):
    alert(minimal, "first", "2026-06-01", "MX", [("Ali", "journalist", "TV5")])
    alert(minimal, "second", "2026-06-10", "MX", [("Ali", "journalist", "TV5")])
    assert pairs(minimal) == set()


def test_one_warning_per_existing_case_about_its_nearest_item(minimal):
    alert(minimal, **FIRST)
    alert(
        minimal,
        "mx-martinez-charged",
        "2026-06-10",
        "MX",
        [("José Martínez", "journalist", None)],
        case="mx-martinez",
        kind="update",
    )
    alert(minimal, "mx-other-member-report", "2026-06-20", "MX", [("Jose Martinez", "journalist", None)])
    (found,) = overlaps(minimal)
    assert (found.new.id, found.existing.id) == ("mx-other-member-report", "mx-martinez-charged")
    assert "1 more item of that case matches too" in found.message()
