"""A translated appeal may hold only its texts (content.md, "Translations").

Translators write the asks and the letter in their language; the deadline,
the addressees and the copies come from the original. Each shape a
translator may write builds, shows what the reader needs in the page, and
marks a text it inherited as being in the original's language.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import FIXTURES, build_ok
from lxml import html
from test_validation import problems_of

STEM = "alerts/2026/gh-editor-detained"

ONLY_ASKS = """---
lang: es
title: Un editor detenido en Acra
appeal:
  asks:
    - Liberen a Kofi Testman de inmediato.
---
Agentes de seguridad detuvieron a **Kofi Testman**.
"""

ONLY_LETTER = """---
lang: ru
title: В Аккре задержан редактор
appeal:
  letter: |
    Уважаемый министр,

    Прошу вас немедленно освободить Кофи Тестмана.
---
Сотрудники службы безопасности задержали **Кофи Тестмана**.
"""

TRANSLATED_ADDRESSEES = """---
lang: ar
title: احتجاز رئيس تحرير في أكرا
appeal:
  asks:
    - الإفراج عن كوفي تستمان فورا.
  addressees:
    - name: أما إكزامبل
      title: وزيرة الداخلية
      salutation: معالي الوزيرة
---
احتجز عناصر الأمن **كوفي تستمان**.
"""


@pytest.fixture(scope="module")
def translated_site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("translated-appeals") / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    original = content / f"{STEM}.md"  # open on the tests' "today", so "write now" is offered
    original.write_text(original.read_text(encoding="utf-8").replace("2026-04-30", "2026-12-31"), encoding="utf-8")
    for lang, text in (("es", ONLY_ASKS), ("ru", ONLY_LETTER), ("ar", TRANSLATED_ADDRESSEES)):
        (content / f"{STEM}.{lang}.md").write_text(text, encoding="utf-8")
    return build_ok(content, content.parent / "output")


def appeal_of(site: Path, lang: str):
    page = html.parse(str(site / lang / "alerts/gh-editor-detained/index.html")).getroot()
    return page.get_element_by_id("appeal-heading").getparent()


def language_of(element) -> str:
    """The language a reader's browser assigns: the nearest `lang`."""
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return ""


def select(element, css_class: str, tag: str = "*") -> list:
    """Descendants with a class (lxml's cssselect needs a package we do not install)."""
    return element.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]")


def write_now(appeal) -> tuple[list[str], str]:
    address = urlsplit(select(appeal, "button", "a")[0].get("href"))
    query = dict(part.split("=", 1) for part in address.query.split("&"))
    return unquote(address.path).split(","), unquote(query["body"])


def test_a_translation_with_only_asks_inherits_deadline_addressees_and_letter(translated_site):
    appeal = appeal_of(translated_site, "es")
    asks = select(select(appeal, "appeal__asks")[0], "", "li")
    assert [li.text_content() for li in asks] == ["Liberen a Kofi Testman de inmediato."]
    assert language_of(asks[0]) == "es"
    assert "31 de diciembre de 2026" in select(appeal, "appeal__deadline")[0].text_content()  # the original's
    names = select(appeal, "addressee__name")
    assert "Ama Example" in names[0].text_content() and "Minister of the Interior" in names[0].text_content()
    assert language_of(names[0]) == "en"
    letter = select(appeal, "letter")[0]
    assert "I urge you to release Kofi Testman" in letter.text_content()
    assert (letter.get("lang"), letter.get("dir")) == ("en", None)  # Spanish and English both run left to right
    recipients, body = write_now(appeal)
    assert recipients == ["minister@interior.example"]
    assert "I urge you to release Kofi Testman" in body


def test_a_translation_with_only_a_letter_inherits_the_asks(translated_site):
    appeal = appeal_of(translated_site, "ru")
    asks = select(select(appeal, "appeal__asks")[0], "", "li")
    assert [li.text_content() for li in asks] == ["Release Kofi Testman at once."]
    assert language_of(asks[0]) == "en"
    letter = select(appeal, "letter")[0]
    assert "Прошу вас немедленно освободить" in letter.text_content()
    assert language_of(letter) == "ru"
    recipients, body = write_now(appeal)
    assert recipients == ["minister@interior.example"]
    assert "Прошу вас немедленно освободить" in body


def test_translated_addressee_titles_keep_the_originals_contact_details(translated_site):
    appeal = appeal_of(translated_site, "ar")
    person = select(appeal, "addressee")[0]
    assert "وزيرة الداخلية" in person.text_content() and "معالي الوزيرة" in person.text_content()
    assert language_of(person) == "ar"
    assert "minister@interior.example" in person.text_content()  # inherited, not repeated
    recipients, _ = write_now(appeal)
    assert recipients == ["minister@interior.example"]
    letter = select(appeal, "letter")[0]  # no letter of its own: the original's, marked English, left to right
    assert (letter.get("lang"), letter.get("dir")) == ("en", "ltr")


def edited(minimal: Path, lang: str, text: str) -> Path:
    (minimal / f"{STEM}.{lang}.md").write_text(text, encoding="utf-8")
    return minimal


def test_a_translated_deadline_that_disagrees_is_a_clear_error(minimal):
    text = ONLY_ASKS.replace("appeal:\n", "appeal:\n  deadline: 2026-05-15\n")
    [problem] = problems_of(edited(minimal, "es", text))
    assert Path(problem.path).name == "gh-editor-detained.es.md"
    assert problem.field == "appeal.deadline"
    assert "disagrees with the original" in problem.message
    assert problem.found == "2026-05-15" and "2026-04-30" in problem.allowed


def test_a_translated_deadline_that_agrees_is_fine(minimal, tmp_path):
    text = ONLY_ASKS.replace("appeal:\n", "appeal:\n  deadline: 2026-04-30\n")
    build_ok(edited(minimal, "es", text), tmp_path / "output")


def test_translated_addressees_are_the_same_people(minimal):
    two = TRANSLATED_ADDRESSEES.replace("      salutation:", "    - name: Autre\n      title: Autre\n      salutation:")
    [problem] = problems_of(edited(minimal, "ar", two))
    assert problem.field == "appeal.addressees" and "same addressees" in problem.message
    other = TRANSLATED_ADDRESSEES.replace("      salutation:", "      email: other@interior.example\n      salutation:")
    [problem] = problems_of(edited(minimal, "ar", other))
    assert problem.field == "appeal.addressees[1].email"
    assert problem.found == "other@interior.example" and "minister@interior.example" in problem.allowed


def test_an_original_still_needs_its_deadline_and_addressees(minimal):
    original = minimal / f"{STEM}.md"
    text = original.read_text(encoding="utf-8").replace("  deadline: 2026-04-30\n", "")
    original.write_text(text, encoding="utf-8")
    [problem] = problems_of(minimal)
    assert problem.field == "appeal.deadline" and problem.message == "is required but missing"
    assert problem.line == 17  # the appeal's first line, where the deadline belongs
