"""Every rule of the content contract stops the build with a useful message.

Each case breaks one rule in a copy of the minimal valid site and checks the
report names the file, the field, and what is allowed. The end-to-end test
at the bottom breaks all of them at once and runs the real CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from clearinghouse.content.problems import InvalidContent
from clearinghouse.pipeline import Options, load
from conftest import REPO, build_ok, run_pelican
from pelican.settings import read_settings

ALERT = "alerts/2026/gh-editor-detained.md"
UPDATE = "alerts/2026/gh-editor-released.md"
TRANSLATION = "alerts/2026/gh-editor-detained.fr.md"
MEMBER = "members/test-press-union.md"


def replace(path: str, old: str, new: str):
    def edit(folder: Path) -> str:
        text = (folder / path).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        (folder / path).write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return edit


def new_file(path: str, text: str | bytes):
    def edit(folder: Path) -> str:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return edit


def problems_of(folder: Path):
    settings = read_settings(str(REPO / "pelicanconf.py"))
    with pytest.raises(InvalidContent) as stop:
        load(Options.from_settings(settings, folder))
    return stop.value.problems.items


# (rule, edit, field named in the report, text the report must contain)
BROKEN = [
    ("required field missing", replace(ALERT, "type: alert\n", ""), "type", "required"),
    ("type outside vocabulary", replace(ALERT, "type: alert", "type: alrt"), "type", "did you mean 'alert'"),
    ("title too long", replace(ALERT, "title: Editor", "title: " + "x" * 200), "title", "at most 200"),
    ("not a date", replace(ALERT, "date: 2026-03-02", "date: 2026-13-45"), "date", "ISO 8601"),
    ("updated before date", replace(UPDATE, "updated: 2026-03-21", "updated: 2026-03-01"), "updated", "earlier"),
    ("no country or region", replace(ALERT, "country: GH\n", ""), "country", "required"),
    ("country not ISO", replace(ALERT, "country: GH", "country: Ghana"), "country", "did you mean GH"),
    ("country in a list not ISO", replace(UPDATE, 'country: ["GH"]', 'country: ["GH", "XX"]'), "country[2]", "ISO"),
    (
        "region outside vocabulary",
        replace("alerts/2026/global-statement.md", "region: global", "region: world"),
        "region",
        "middle-east-north-africa",
    ),
    (
        "member does not exist",
        replace(ALERT, "member: test-press-union", "member: nobody"),
        "member",
        "content/members/nobody.md",
    ),
    ("co-signer does not exist", replace(UPDATE, "[nordic-test-council]", "[ghost]"), "co_signers", "ghost"),
    ("update without case", replace(UPDATE, "case: kofi-test-case\n", ""), "type", "which case"),
    (
        "case status outside vocabulary",
        replace(ALERT, "case_status: ongoing", "case_status: jailed"),
        "case_status",
        "charges-dropped",
    ),
    ("bad case id", replace(ALERT, "case: kofi-test-case", "case: Kofi Case"), "case", "lowercase"),
    ("status not allowed", replace(ALERT, "member:", "status: hidden\nmember:"), "status", "published, draft"),
    (
        "no violations",
        replace(ALERT, "violations: [arbitrary-detention, threat]", "violations: []"),
        "violations",
        "at least 1",
    ),
    (
        "violation outside vocabulary",
        replace(ALERT, "[arbitrary-detention, threat]", "[arbitrary-detention, threats]"),
        "violations[2]",
        "did you mean 'threat'",
    ),
    (
        "victim role outside vocabulary",
        replace(ALERT, "role: journalist", "role: reporter"),
        "victims[1].role",
        "media-worker",
    ),
    (
        "victim without name",
        replace(ALERT, "  - name: Kofi Testman\n    role:", "  - role:"),
        "victims[1].name",
        "required",
    ),
    (
        "perpetrator outside vocabulary",
        replace(ALERT, "perpetrator: state-security", "perpetrator: police"),
        "perpetrator",
        "state-security",
    ),
    (
        "summary too long",
        replace("alerts/2026/global-statement.md", "summary: The network", "summary: " + "y" * 600),
        "summary",
        "at most 600",
    ),
    ("language outside vocabulary", replace(ALERT, "member:", "lang: de\nmember:"), "lang", "en, fr, es, ar, ru"),
    ("appeal without deadline", replace(ALERT, "  deadline: 2026-04-30\n", ""), "appeal.deadline", "required"),
    (
        "appeal deadline not a date",
        replace(ALERT, "deadline: 2026-04-30", "deadline: end of April"),
        "appeal.deadline",
        "ISO 8601",
    ),
    (
        "appeal without asks",
        replace(ALERT, "  asks:\n    - Release Kofi Testman at once.\n", "  asks: []\n"),
        "appeal.asks",
        "at least 1",
    ),
    (
        "addressee e-mail",
        replace(ALERT, "minister@interior.example", "minister at interior"),
        "appeal.addressees[1].email",
        "e-mail address",
    ),
    (
        "addressee without title",
        replace(ALERT, "      title: Minister of the Interior\n", ""),
        "appeal.addressees[1].title",
        "required",
    ),
    (
        "copy_to unknown member",
        replace(ALERT, "  letter: |", "  copy_to: [nobody]\n  letter: |"),
        "appeal.copy_to",
        "nobody",
    ),
    (
        "source url not absolute",
        replace(
            "alerts/2026/global-statement.md",
            "summary:",
            "sources:\n  - title: Report\n    url: www.example.org\nsummary:",
        ),
        "sources[1].url",
        "https://",
    ),
    ("unknown field", replace(ALERT, "country: GH", "contry: GH"), "contry", "did you mean 'country'"),
    ("translation disagrees", replace(TRANSLATION, "type: alert", "type: update"), "type", "disagrees"),
    (
        "translation without original",
        new_file("alerts/2026/orphan.es.md", "---\nlang: es\ntitle: Huérfano\n---\nX\n"),
        "id",
        "no original",
    ),
    (
        "translation named for another language",
        new_file("alerts/2026/gh-editor-released.es.md", "---\ntitle: Liberado\n---\nX\n"),
        "lang",
        "'es'",
    ),
    (
        "two translations in one language",
        new_file("alerts/2026/copy.md", "---\nid: gh-editor-detained\nlang: fr\ntitle: Doublon\n---\nX\n"),
        "lang",
        "another 'fr' version",
    ),
    (
        "duplicate id",
        new_file(
            "alerts/2025/gh-editor-detained.md",
            (Path(__file__).parent / "fixtures/minimal" / ALERT).read_text(encoding="utf-8"),
        ),
        "id",
        "used by another file",
    ),
    ("bad id", replace(ALERT, "type: alert", "id: Bad_Id\ntype: alert"), "id", "lowercase"),
    ("bad file name as id", new_file("alerts/2026/Bad Name.md", "---\ntype: alert\n---\n"), "id", "rename"),
    (
        "unsafe yaml tag",
        replace(
            ALERT,
            "title: Editor detained in Accra over corruption report",
            "title: !!python/object/apply:os.system ['true']",
        ),
        "title",
        "tags are not allowed",
    ),
    (
        "save_as escapes the output",
        replace(ALERT, "type: alert", "save_as: ../../escaped.html\ntype: alert"),
        "save_as",
        "not allowed",
    ),
    ("url set by hand", replace(ALERT, "type: alert", "url: /elsewhere/\ntype: alert"), "url", "not allowed"),
    ("page slug escapes", replace("pages/about.md", "menu: 1", "slug: ../../escaped"), "slug", "lowercase"),
    ("page slug with a slash", replace("pages/about.md", "menu: 1", "slug: a/b"), "slug", "lowercase"),
    ("page slug taken by the site", replace("pages/about.md", "menu: 1", "slug: alerts"), "slug", "already uses"),
    (
        "not utf-8",
        new_file("alerts/2026/latin1.md", "---\ntype: alert\ntitle: Café\n---\n".encode("latin-1")),
        "",
        "not UTF-8",
    ),
    ("no front matter", new_file("alerts/2026/plain.md", "Just text\n"), "", "front matter"),
    (
        "broken yaml",
        replace(ALERT, "violations: [arbitrary-detention, threat]", "violations: [arbitrary-detention"),
        "",
        "not valid YAML",
    ),
    ("member country not ISO", replace(MEMBER, 'country: "GH"', "country: Gh4"), "country", "ISO 3166-1"),
    ("member website not https", replace(MEMBER, "https://tpu.example", "http://tpu.example"), "website", "https://"),
    (
        "member expertise unknown",
        replace(MEMBER, "safety-of-journalists]", "safety]"),
        "expertise[2]",
        "literary-freedom",
    ),
    ("member founded not a year", replace(MEMBER, "founded: 1999", "founded: nineteen"), "founded", "year"),
    ("member language not ISO 639", replace(MEMBER, '"tw"]', '"twi"]'), "languages[2]", "ISO 639-1"),
    (
        "member status unknown",
        replace("members/nordic-test-council.md", "status: former", "status: gone"),
        "status",
        "active, former",
    ),
    ("member name missing", replace(MEMBER, "name: Test Press Union\n", ""), "name", "required"),
    ("member file name not a slug", new_file("members/Bad_Member.md", "---\nname: X\ncountry: GH\n---\n"), "", "slug"),
    ("page title missing", replace("pages/about.md", "title: About the test site\n", ""), "title", "required"),
    ("page menu not a number", replace("pages/about.md", "menu: 1", "menu: first"), "menu", "whole number"),
]


@pytest.mark.parametrize("rule, edit, field, text", BROKEN, ids=[case[0] for case in BROKEN])
def test_each_rule_is_reported_with_file_field_and_what_is_allowed(minimal, rule, edit, field, text):
    path = edit(minimal)
    problems = problems_of(minimal)
    mine = [p for p in problems if p.path.endswith(path) and p.field == field]
    assert mine, f"no problem for {path} / {field!r}; got:\n" + "\n".join(map(str, problems))
    assert any(text in str(p) for p in mine), "\n".join(map(str, mine))
    assert all(p.line is not None for p in mine if field), "a field's problem must say its line"


def test_the_minimal_site_itself_is_valid(minimal):
    settings = read_settings(str(REPO / "pelicanconf.py"))
    entries, _ = load(Options.from_settings(settings, minimal))
    assert len(entries.alerts) == 5 and len(entries.members) == 2


def test_a_status_without_a_case_is_allowed(minimal):
    """The contract does not tie case_status to case; a lone alert may say 'missing'."""
    replace("alerts/2026/global-statement.md", "violations:", "case_status: missing\nviolations:")(minimal)
    settings = read_settings(str(REPO / "pelicanconf.py"))
    entries, _ = load(Options.from_settings(settings, minimal))
    assert any(e.values.get("case_status") == "missing" for e in entries.alerts)


def test_found_and_allowed_are_both_said(minimal):
    replace(ALERT, "perpetrator: state-security", "perpetrator: police")(minimal)
    [problem] = problems_of(minimal)
    assert (problem.path, problem.line, problem.field) == (str(minimal / ALERT), 14, "perpetrator")
    assert problem.found == "police"
    assert "non-state-armed-group" in problem.allowed


def test_dates_are_echoed_as_the_editor_typed_them(minimal):
    replace(UPDATE, "updated: 2026-03-21", "updated: 2026-03-01")(minimal)
    replace(TRANSLATION, "type: alert", "type: alert\ndate: 2026-03-02T08:00")(minimal)
    problems = {p.field: p for p in problems_of(minimal)}
    assert problems["updated"].found == "2026-03-01"
    assert problems["updated"].allowed == "a time at or after 2026-03-20T10:00:00+01:00"
    assert problems["date"].found == "2026-03-02T08:00"
    assert problems["date"].allowed.startswith("2026-03-02 (as in ")


def test_every_problem_in_every_file_at_once_and_the_old_site_survives(minimal, tmp_path):
    """The real CLI: all problems together, exit 1, previous output intact."""
    output = build_ok(minimal, tmp_path / "output")
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    rules = {
        "save_as escapes the output",
        "co-signer does not exist",
        "translation disagrees",
        "not utf-8",
        "page slug escapes",
        "member website not https",
        "member status unknown",
    }
    touched = {case[1](minimal) for case in BROKEN if case[0] in rules}
    assert len(touched) == len(rules), "each rule breaks a different file"
    result = run_pelican(minimal, output)
    assert result.returncode != 0
    for path in touched:
        assert path in result.stderr, f"{path} not named in:\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before, "the previous output must stay exactly as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"], "nothing beside the output"
    assert not list(tmp_path.rglob("escaped*"))


def test_check_command_reports_without_building(minimal, tmp_path):
    import subprocess
    import sys

    replace(ALERT, "country: GH", "contry: GH")(minimal)
    result = subprocess.run(
        [sys.executable, "-m", "clearinghouse.check", str(minimal)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "plugins"), "PATH": ""},
    )
    assert result.returncode == 1
    assert "gh-editor-detained.md:5: contry: is not a known field; did you mean 'country'?" in result.stderr
