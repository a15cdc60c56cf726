"""`make from-issue`: issue bodies as GitHub renders the forms, turned into content.

The bodies in tests/fixtures/reports/ are written the way GitHub writes a
form (`### Label`, a blank line, the answer; `_No response_`; `- [X]`):
Unicode names with quotes and colons, an Arabic title, an update to an
existing case, a translation and a broken report. The converted demo
content is then built, and the pages show what the members wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from clearinghouse.content.frontmatter import read_document
from clearinghouse.content.problems import Problems
from conftest import DEMO_CONTENT, REPO, TODAY_EPOCH, build_ok
from reporting import compose, issue_body
from reporting.from_issue import comment, convert

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)


@pytest.fixture
def content(tmp_path) -> Path:
    return Path(shutil.copytree(DEMO_CONTENT, tmp_path / "content"))


def _meta(path: Path) -> dict:
    doc = read_document(path, Problems())
    assert doc is not None, path
    return doc.meta


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_a_report_with_unicode_names_becomes_one_alert(content):
    written, problems = convert(REPORTS / "alert-unicode.md", content)
    assert not problems, problems.report()
    [path] = written
    assert path == content / "alerts" / "2026" / "ci-cote-divoire-editor-zoe-n-guessan-kouadio-held-2026-11-20.md"
    meta = _meta(path)
    assert (
        meta["title"]
        == 'Côte d’Ivoire: editor Zoë N\'Guessan-Kouadio held over report on "cocoa: the missing millions"'
    )
    assert (meta["type"], meta["date"], meta["country"], meta["member"]) == (
        "alert",
        "2026-11-20",
        "CI",
        "sahel-press-watch",
    )
    assert meta["co_signers"] == ["ghana-media-freedom-network", "east-african-writers-trust"]
    assert meta["violations"] == ["arbitrary-detention", "threat", "legal-action"]
    assert meta["victims"] == [
        {
            "name": "Zoë N'Guessan-Kouadio",
            "role": "journalist",
            "outlet": "Le Réveil d'Abidjan: édition du soir",
            "gender": "woman",
        },
        {"name": 'Łukasz "Luk" Øberg-Nkemelu', "role": "media-worker", "outlet": "#CocoaFiles"},
    ]
    assert meta["appeal"]["asks"][1] == 'Drop every charge: "publishing false news" is not a crime'
    assert meta["appeal"]["addressees"][1]["address"] == "Palais de Justice, Plateau, Abidjan"
    assert meta["appeal"]["letter"].startswith("Dear Minister,\n\nI am writing")
    assert "lang" not in meta and "status" not in meta and "region" not in meta
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "### Background" in body and "\n---\n" in body  # the text's own heading and rule are kept


def test_the_command_prints_the_paths_or_the_report(tmp_path):
    content = Path(shutil.copytree(DEMO_CONTENT, tmp_path / "content"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH}

    def make(body: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", "-s", "from-issue", f"BODY={REPORTS / body}", f"CONTENT={content}"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    before = _files(content)
    broken = make("broken.md")
    assert broken.returncode != 0 and broken.stdout == ""
    assert _files(content) == before  # nothing written
    report = broken.stderr
    assert "problems in 2 files; nothing was published" in report
    for expected in (
        "broken.md: Country: is not one of the form's options; did you mean 'Ghana'?\n    found:   Ghanna",
        "broken.md: Date: is not a date\n    found:   2nd of March 2026\n    allowed: a date written YYYY-MM-DD",
        "broken.md: Violations: names something that is not one of the form's options\n    found:   Beating",
        "broken.md: Victims: victim 1: the role is not one the contract knows\n    found:   reporter\n    allowed: journalist, media-worker",
        "broken.md: Victims: victim 2: a line the form cannot read\n    found:   Kofi's camera",
        "broken.md: Before you send: the first box is not ticked",
        "Appeal: what the letters ask for (appeal.asks): is required but missing",
        "Appeal: addressees (appeal.addressees[1].title): is required but missing",
    ):
        assert expected in report, expected
    assert (
        "content/alerts/2026/reporter-beaten-accra-2026-" in report
    )  # the file it would have written (an unreadable date: today)
    assert report.count("country") == 0  # the form's problem, not the contract's again

    good = make("alert-arabic.md")
    assert good.returncode == 0, good.stderr
    [line] = good.stdout.splitlines()
    path = Path(line)
    assert path.parent == content / "alerts" / "2026" and path.is_file()
    assert _files(content) == before | {path}


def test_an_arabic_report(content):
    [path], problems = convert(REPORTS / "alert-arabic.md", content)
    assert not problems, problems.report()
    meta = _meta(path)
    assert meta["title"] == "إيقاف الصحفية ليلى بن سالم في صفاقس بسبب تحقيق حول الموانئ"
    assert meta["lang"] == "ar" and meta["country"] == "TN" and meta["member"] == "maghreb-media-observatory"
    assert meta["victims"] == [
        {"name": "ليلى بن سالم", "role": "journalist", "outlet": "صوت صفاقس"}
    ]  # role named in Arabic
    assert path.stem.startswith("tn-") and path.stem.isascii() and len(path.stem) <= 80


def test_an_update_takes_what_it_leaves_out_from_its_case(content):
    [path], problems = convert(REPORTS / "update.md", content)
    assert not problems, problems.report()
    meta = _meta(path)
    assert path.name == "tn-rim-mejri-ayari-s-lawyers-take-her-case-court-2026-11-26.md"
    assert (meta["type"], meta["case"], meta["country"]) == ("update", "tn-rim-mejri-ayari", "TN")
    assert meta["case_status"] == "released"  # the case's latest
    assert meta["victims"][0]["name"] == "Rim Mejri-Ayari" and meta["violations"] == [
        "legal-action"
    ]  # the member's own


def test_a_translation_goes_beside_its_original(content):
    [path], problems = convert(REPORTS / "translation.md", content)
    assert not problems, problems.report()
    assert path == content / "alerts" / "2026" / "bf-journalist-seized-ouagadougou.es.md"
    meta = _meta(path)
    assert meta["lang"] == "es" and meta["title"].endswith("«¿dónde está?»")
    assert len(meta["appeal"]["asks"]) == 3 and set(meta["appeal"]) == {"asks", "letter"}
    assert set(meta) == {"lang", "title", "summary", "appeal"}  # everything else is inherited

    again, problems = convert(REPORTS / "translation.md", content)
    assert again == [] and "has a translation in this language already" in problems.report()


def test_unknown_case_and_original_are_reported(content, tmp_path):
    body = (
        (REPORTS / "update.md").read_text(encoding="utf-8").replace("/cases/tn-rim-mejri-ayari/", "tn-rim-mejri-ayri")
    )
    (tmp_path / "update.md").write_text(body, encoding="utf-8")
    written, problems = convert(tmp_path / "update.md", content)
    assert written == [] and "Case id (for an update): names no case" in problems.report()
    assert "did you mean 'tn-rim-mejri-ayari'" in problems.report()

    body = (
        (REPORTS / "translation.md")
        .read_text(encoding="utf-8")
        .replace("\nbf-journalist-seized-ouagadougou\n", "\nbf-journalist-seized\n")
    )
    (tmp_path / "translation.md").write_text(body, encoding="utf-8")
    written, problems = convert(tmp_path / "translation.md", content)
    assert written == [] and "Original alert id: names no published alert" in problems.report()


def test_a_body_not_from_the_form_is_refused(content, tmp_path):
    (tmp_path / "body.md").write_text("Please publish: a journalist was arrested in Accra.\n", encoding="utf-8")
    written, problems = convert(tmp_path / "body.md", content)
    assert written == [] and "the issue has no '### Title' section" in problems.report()


def test_the_converted_reports_build(tmp_path_factory):
    content = Path(shutil.copytree(DEMO_CONTENT, tmp_path_factory.mktemp("reports") / "content"))
    written = []
    for name in ("alert-unicode.md", "alert-arabic.md", "update.md", "translation.md"):
        paths, problems = convert(REPORTS / name, content)
        assert not problems, problems.report()
        written += paths
    out = build_ok(content, tmp_path_factory.mktemp("reports-site") / "output")
    page = (out / "alerts" / "ci-cote-divoire-editor-zoe-n-guessan-kouadio-held-2026-11-20" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (
        "Łukasz &#34;Luk&#34; Øberg-Nkemelu" in page
        or "Łukasz &quot;Luk&quot; Øberg-Nkemelu" in page
        or 'Łukasz "Luk" Øberg-Nkemelu' in page
    )
    assert "Aïcha Koné-Diabaté" in page
    arabic = next(out.rglob(f"{written[1].stem}/index.html")).read_text(encoding="utf-8")
    assert "إيقاف الصحفية ليلى بن سالم" in arabic
    case = (out / "cases" / "tn-rim-mejri-ayari" / "index.html").read_text(encoding="utf-8")
    assert "Court of Cassation" in case
    spanish = (out / "es" / "alerts" / "bf-journalist-seized-ouagadougou" / "index.html").read_text(encoding="utf-8")
    assert "¿dónde está?" in spanish


@pytest.mark.parametrize(
    "text",
    [
        'He said: "no" # really',
        "NO",
        "yes",
        "null",
        "~",
        "",
        " padded ",
        "- dash",
        "* star",
        "!tag",
        "&anchor *alias",
        "%percent",
        "@at",
        "`tick`",
        "a\tb",
        "line1\nline2\n",
        "ends in colon:",
        "{brace}",
        "[bracket]",
        "'single'",
        "ليلى بن سالم",
        "Ёлка «ёлка»",
        "2026-03-02",
        "08",
        "1e3",
        "\u200fRTL mark",
        "emoji 🕊️",
        "---",
        "...",
    ],
)
def test_front_matter_round_trips(tmp_path, text):
    path = tmp_path / "alert.md"
    path.write_text(compose.document({"title": text, "victims": [{"name": text}]}, "Body"), encoding="utf-8")
    meta = _meta(path)
    assert meta["title"] == text and meta["victims"][0]["name"] == text


def test_rendered_answers():
    assert issue_body.selected(
        "Bonaire, Sint Eustatius & Saba, Ghana", ["Ghana", "Bonaire, Sint Eustatius & Saba"]
    ) == (
        ["Bonaire, Sint Eustatius & Saba", "Ghana"],
        "",
    )
    assert issue_body.ticked("- [X] One\n- [ ] Two\n- [x] Three") == {"One": True, "Two": False, "Three": True}
    answers = issue_body.parse("### Type\r\n\r\nAlert\r\n\r\n### Title\r\n\r\n_No response_\r\n")
    assert answers.get("type") == "Alert" and answers.get("title") is None and "Date" in answers.missing


def test_the_issue_comment_cannot_be_broken_out_of():
    problems = Problems()
    problems.add("report.md", "Title", "is odd", found="```\n@maintainer [x](javascript:alert(1))")
    text = comment(problems)
    fence = text.split("\n")[2][:4]
    assert fence == "````" and text.rstrip().endswith("````") and "@maintainer" in text
