"""Front matter is read safely, keeps what the editor typed, and knows lines."""

from pathlib import Path

import pytest
import yaml
from clearinghouse.content import frontmatter
from clearinghouse.content.frontmatter import parse_document, read_document
from clearinghouse.content.problems import Problems

LOADERS = {"pure-python": frontmatter._PurePythonLoader}
if yaml.__with_libyaml__:
    LOADERS["libyaml"] = frontmatter._TextOnlyLoader


@pytest.fixture(autouse=True, params=list(LOADERS))
def loader(request, monkeypatch):
    """Every test runs with libyaml (when PyYAML has it) and with the fallback."""
    monkeypatch.setattr(frontmatter, "_TextOnlyLoader", LOADERS[request.param])


def parse(text: str):
    problems = Problems()
    return parse_document(Path("x.md"), text, problems), problems


def test_yaml_1_1_booleans_stay_text():
    doc, problems = parse("---\ncountry: NO\nlang: no\nother: yes\n---\nBody\n")
    assert not problems
    assert doc.meta == {"country": "NO", "lang": "no", "other": "yes"}


def test_numbers_and_dates_stay_text_for_the_fields_to_type():
    doc, _ = parse("---\nfounded: 08\ndate: 2026-03-01\ntime: 1:20\n---\n")
    assert doc.meta == {"founded": "08", "date": "2026-03-01", "time": "1:20"}


def test_only_plain_null_and_empty_values_are_none():
    doc, problems = parse("---\na: null\nb: ~\nc:\nd: ''\ne: 'null'\nf: !!null x\ng: nothing\n---\n")
    assert not problems
    assert doc.meta == {"a": None, "b": None, "c": None, "d": "", "e": "null", "f": None, "g": "nothing"}


def test_values_remember_their_lines():
    doc, _ = parse("---\ntitle: A\nvictims:\n  - name: B\n    role: writer\n---\nBody starts here\n")
    assert doc.meta.key_lines == {"title": 2, "victims": 3}
    assert doc.meta["victims"][0]["role"].line == 5
    assert doc.body_line == 7 and doc.body == "Body starts here\n"


def test_python_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    doc, problems = parse(f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n")
    assert doc is None and not marker.exists()
    [problem] = problems.items
    assert problem.line == 2 and "tags are not allowed" in problem.message
    assert problem.found == "tag:yaml.org,2002:python/object/apply:os.system"


def test_custom_tags_are_refused():
    doc, problems = parse("---\ntitle: !secret x\n---\n")
    assert doc is None and problems.items[0].found == "!secret"


def test_a_field_given_twice_is_reported_with_both_lines():
    doc, problems = parse("---\ntitle: A\ntitle: B\n---\n")
    assert doc is None
    assert problems.items[0].line == 3 and "first on line 2" in problems.items[0].message


def test_broken_yaml_points_at_its_line():
    _, problems = parse("---\ntitle: A\nsummary: [unclosed\ndate: x\n---\n")
    assert problems.items[0].line in (3, 4, 5) and "not valid YAML" in problems.items[0].message


def test_broken_yaml_shows_the_line_it_stopped_at():
    # libyaml's messages name no character ("found character that cannot start any token")
    _, problems = parse("---\ntitle: A\nsummary: `quoted`\n---\n")
    [problem] = problems.items
    assert (problem.path, problem.line, problem.found) == ("x.md", 3, "summary: `quoted`")
    assert "not valid YAML" in problem.message and "cannot start any token" in problem.message


def test_a_control_character_is_reported_with_its_line():
    _, problems = parse("---\ntitle: A\nsummary: bell\x07\n---\n")
    [problem] = problems.items
    assert (problem.line, problem.found) == (3, "the character U+0007")
    assert "not valid YAML" in problem.message and "characters are not allowed" in problem.message


def test_missing_or_unclosed_front_matter():
    assert "must start" in parse("title: A\n")[1].items[0].message
    assert "never closed" in parse("---\ntitle: A\n")[1].items[0].message


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("---\ntitle: ok\n---\nCaf\xe9\n".encode("latin-1"))
    problems = Problems()
    assert read_document(path, problems) is None
    assert problems.items[0].line == 4 and "not UTF-8" in problems.items[0].message


def test_alias_bombs_are_stopped():
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(8)
        )
        + "---\n"
    )
    doc, problems = parse(bomb)
    assert doc is None and "too large" in problems.items[0].message


@pytest.mark.parametrize("value", ["&x [*x]", "&x {a: *x}", "&x [1, [2, *x]]"])
def test_a_value_that_contains_itself_is_reported_not_a_crash(value):
    doc, problems = parse(f"---\ntitle: T\nloop: {value}\n---\nBody\n")
    assert doc is None
    assert problems.items[0].line == 3 and "contains itself" in problems.items[0].message
