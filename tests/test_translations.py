"""Every interface string is translated into every language of the site.

The message ids are extracted from the templates and plugins now, the way
`make translations` does, so a new template string without translations
fails here rather than showing English on the French site.
"""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from conftest import REPO, read

LANGUAGES = ["fr", "es", "ar", "ru"]


def template_messages() -> set[str]:
    method_map = [("theme/templates/**.html", "jinja2"), ("plugins/**.py", "python")]
    options = {"theme/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(REPO), method_map, options):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture(scope="module")
def wanted() -> set[str]:
    return template_messages()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_translates_every_template_string(lang, wanted):
    path = REPO / "theme/translations" / lang / "LC_MESSAGES/messages.po"
    catalogue = read_po(path.open("rb"), locale=lang)
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    missing = sorted(wanted - set(have))
    assert not missing, f"{lang}: not in the catalogue (run `make translations`, then translate): {missing}"
    untranslated = [
        key
        for key in wanted
        if have[key].fuzzy or not all(have[key].string if isinstance(have[key].string, tuple) else [have[key].string])
    ]
    assert not untranslated, f"{lang}: untranslated or fuzzy: {sorted(untranslated)}"
    errors = [(m.id, str(e)) for m in catalogue if m.id for e in m.check(catalogue)]
    assert not errors, f"{lang}: placeholders differ: {errors}"


def test_language_editions_speak_their_language(minimal_site):
    assert ">Alertes<" in read(minimal_site, "fr/") or ">Alertes</a>" in read(minimal_site, "fr/")
    assert 'lang="ru"' in read(minimal_site, "ru/") and "Skip to main content" not in read(minimal_site, "ru/")
    assert "Skip to main content" not in read(minimal_site, "ar/")
