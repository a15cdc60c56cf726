"""The report forms offer exactly what the data allows.

The committed `.github/ISSUE_TEMPLATE/` forms are compared with what `make
forms` would write from `data/` and `content/members/` today, so a new
violation term or member can never be missing from them; and the forms
are well-formed GitHub issue forms whose questions `make from-issue` reads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from clearinghouse.content.vocabulary import Vocabularies, country_name
from reporting import form
from reporting.choices import FormChoices, active_members

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"


def _form(name: str) -> dict:
    return yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))


def _element(document: dict, element_id: str) -> dict:
    return next(e for e in document["body"] if e.get("id") == element_id)


def test_the_committed_forms_are_what_make_forms_writes(capsys):
    status = form.main(["--check"])
    assert status == 0, capsys.readouterr().err + "\nrun `make forms` and commit .github/ISSUE_TEMPLATE/"


def test_every_term_country_and_member_is_offered():
    vocab = Vocabularies(REPO / "data")
    report = _form(form.REPORT_FILE)
    options = lambda element_id: _element(report, element_id)["attributes"]["options"]  # noqa: E731
    assert options("violations") == [t.labels["en"] for t in vocab.violations]
    assert options("type") == [t.labels["en"] for t in vocab.types]
    assert options("perpetrator") == [t.labels["en"] for t in vocab.perpetrators]
    assert options("case_status") == [t.labels["en"] for t in vocab.case_statuses]
    assert options("region") == [t.labels["en"] for t in vocab.regions]
    assert sorted(options("country")) == sorted(country_name(code) for code in vocab.countries)
    assert len(options("country")) == len(vocab.countries) == 249
    members = active_members(REPO / "content")
    assert options("member") == options("co_signers") == list(members)
    active = {p.stem for p in (REPO / "content" / "members").glob("*.md")} - {"nordic-authors-council"}  # former
    assert set(members.values()) == active
    assert "Ghana Media Freedom Network" in options("member") and "Nordic Authors' Freedom Council" not in options(
        "member"
    )
    assert _element(report, "violations")["attributes"]["multiple"] is True
    assert "media worker," in _element(report, "victims")["attributes"]["description"]


def test_a_new_term_or_member_makes_the_check_fail(tmp_path, capsys):
    data = Path(shutil.copytree(REPO / "data", tmp_path / "data"))
    violations = data / "vocabularies" / "violations.yaml"
    violations.write_text(
        violations.read_text(encoding="utf-8")
        + "  book-burning:\n    label: {en: Book burning, fr: Autodafé, es: Quema de libros, ar: حرق الكتب, ru: Сожжение книг}\n",
        encoding="utf-8",
    )
    content = Path(shutil.copytree(REPO / "content" / "members", tmp_path / "content" / "members")).parent
    (content / "members" / "zanzibar-pen.md").write_text(
        '---\nname: "Zanzibar PEN Ẓ"\ncountry: TZ\n---\nProfile.\n', encoding="utf-8"
    )
    args = ["--data", str(data), "--content", str(content), "--out", str(TEMPLATES)]
    assert form.main(["--check", *args]) == 1
    assert "run `make forms`" in capsys.readouterr().err

    out = tmp_path / "forms"
    assert form.main(["--out", str(out), "--data", str(data), "--content", str(content)]) == 0
    written = yaml.safe_load((out / form.REPORT_FILE).read_text(encoding="utf-8"))
    assert "Book burning" in _element(written, "violations")["attributes"]["options"]
    assert "Zanzibar PEN Ẓ" in _element(written, "member")["attributes"]["options"]
    assert form.main(["--check", "--out", str(out), "--data", str(data), "--content", str(content)]) == 0


def test_the_forms_are_github_issue_forms():
    for name, questions in ((form.REPORT_FILE, form.REPORT), (form.TRANSLATION_FILE, form.TRANSLATION)):
        document = _form(name)
        assert {"name", "description", "body"} <= set(document)
        assert document["labels"] == [form.FORM_LABEL] != [form.TRIGGER_LABEL]  # a label starts nothing
        asked = [e for e in document["body"] if e["type"] != "markdown"]
        labels = [e["attributes"]["label"] for e in asked]
        assert labels == [q.label for q in questions]
        assert len(set(labels)) == len(labels) and len({e["id"] for e in asked}) == len(asked)
        for element in asked:
            assert element["type"] in {"input", "textarea", "dropdown", "checkboxes"}
            if element["type"] == "dropdown":
                options = element["attributes"]["options"]
                assert options and len(set(options)) == len(options) and "None" not in options, element["id"]
                assert all(isinstance(o, str) and o.strip() == o for o in options)


def test_choices_read_labels_terms_and_other_languages():
    choices = FormChoices.load(REPO / "data", REPO / "content")
    assert (
        choices.roles.term("Journalist")
        == choices.roles.term("journalist")
        == choices.roles.term("صحفي")
        == "journalist"
    )
    assert choices.countries.term("Côte d’Ivoire") == "CI" and choices.countries.term("Ghanna") is None
    assert choices.members.term("Ghana Media Freedom Network") == "ghana-media-freedom-network"
    assert "Ghana" in choices.countries.close("Ghanna")
