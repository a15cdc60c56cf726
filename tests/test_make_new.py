"""`make new`: what it writes passes `make check` unchanged.

Run through make, as an editor runs it, on a copy of the demo content,
with "today" from SOURCE_DATE_EPOCH (28 November 2026) and no terminal to
ask questions on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from clearinghouse.content.frontmatter import read_document
from clearinghouse.content.problems import Problems
from conftest import DEMO_CONTENT, REPO, TODAY_EPOCH


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return Path(shutil.copytree(DEMO_CONTENT, tmp_path_factory.mktemp("new") / "content"))


def make(content: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH}
    return subprocess.run(
        ["make", "-s", *args, f"CONTENT={content}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def _new(content: Path, *args: str) -> tuple[Path, dict, str]:
    run = make(content, "new", *args)
    assert run.returncode == 0, run.stderr
    path = Path(run.stdout.strip().splitlines()[-1])
    doc = read_document(path, Problems())
    assert doc is not None
    return path, doc.meta, doc.body


def _checks(content: Path) -> None:
    run = make(content, "check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no problems" in run.stdout


def test_a_new_alert(content):
    title = 'Reporter\'s "notes": seized in Kumasi'
    path, meta, body = _new(
        content,
        "TYPE=alert",
        "COUNTRY=GH",
        "MEMBER=ghana-media-freedom-network",
        f"TITLE={title}",
        "VIOLATIONS=threat,attack-on-property",
    )
    assert path == content / "alerts" / "2026" / "gh-reporter-s-notes-seized-kumasi-2026-11-28.md"
    assert meta == {
        "type": "alert",
        "title": title,
        "date": "2026-11-28",
        "country": "GH",
        "member": "ghana-media-freedom-network",
        "status": "draft",
        "violations": ["threat", "attack-on-property"],
    }
    assert body.strip()
    _checks(content)


def test_an_update_copies_its_case(content):
    path, meta, _ = _new(content, "CASE=gh-kwabena-asante-mensah", "TITLE=Asante-Mensah's trial date set")
    assert path.name == "gh-asante-mensah-s-trial-date-set-2026-11-28.md" and path.parent.name == "2026"
    newest = read_document(DEMO_CONTENT / "alerts" / "2026" / "gh-asante-mensah-charges-dropped.md", Problems()).meta
    assert meta["type"] == "update" and meta["case"] == "gh-kwabena-asante-mensah" and meta["date"] == "2026-11-28"
    for name in ("country", "member", "victims", "case_status"):
        assert meta[name] == newest[name], name
    _checks(content)


def test_a_translation_copies_the_texts_to_translate(content):
    path, meta, body = _new(content, "TRANSLATE=tn-radio-commentator-arrested", "LANG=fr")
    original = DEMO_CONTENT / "alerts" / "2025" / "tn-radio-commentator-arrested.md"
    assert path == content / "alerts" / "2025" / "tn-radio-commentator-arrested.fr.md"
    source = read_document(original, Problems())
    assert meta == {"lang": "fr", "title": source.meta["title"], "summary": source.meta["summary"]}
    assert body.strip() == source.body.strip()
    _checks(content)
    again = make(content, "new", "TRANSLATE=tn-radio-commentator-arrested", "LANG=fr")
    assert again.returncode != 0 and "has a 'fr' translation already" in again.stderr


def test_what_is_missing_is_asked_for_or_named(content):
    before = sorted(content.rglob("*.md"))
    run = make(content, "new", "TYPE=alert", "COUNTRY=GH", "MEMBER=ghana-media-freedom-network")
    assert run.returncode != 0 and "TITLE= is needed" in run.stderr
    run = make(content, "new", "TITLE=x", "COUNTRY=Ghanna", "TYPE=alert")
    assert run.returncode != 0 and "COUNTRY=Ghanna: not known" in run.stderr
    run = make(content, "new", "CASE=gh-kwabena", "TITLE=x")
    assert run.returncode != 0 and "did you mean 'gh-kwabena-asante-mensah'" in run.stderr
    assert sorted(content.rglob("*.md")) == before

    # the same questions, answered on standard input
    answers = "alert\nA Ghana title\nGhana\nGhana Media Freedom Network\nthreat, harassment\n"
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(REPO / "plugins")}
    run = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "reporting.new", "--content", str(content)],
        cwd=REPO,
        env={k: v for k, v in env.items() if k not in {"TYPE", "TITLE"}},
        input=answers,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert read_document(Path(run.stdout.strip().splitlines()[-1].split(": ")[-1]), Problems()).meta["violations"] == [
        "threat",
        "harassment",
    ]
    _checks(content)
