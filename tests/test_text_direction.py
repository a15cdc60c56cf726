"""Every text shown in another language than its page's says which, and its direction.

An alert not yet translated appears in its original language on the other
editions' pages: in lists, case timelines, breadcrumbs, previous/next links.
A reader's browser (and screen reader) takes a text's language and direction
from the nearest `lang` and `dir`; without them an English title on an
Arabic page is read with an Arabic voice and its punctuation lands on the
wrong side. Checked on every page of the built demo site, in every edition.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

EDITIONS = ("fr", "es", "ar", "ru")
# Pages listing names whose language no record gives the template (the
# /feeds/ page: alert_feeds' Listing has a name, not its language): there a
# title must at least sit in a <bdi>, its direction isolated.
LANGUAGE_NOT_GIVEN = {"feeds/index.html"}


def editions_of(site: Path) -> dict[str, list[Path]]:
    """Every page of each edition: the English one at the root, the others under /<lang>/."""
    pages = {lang: sorted((site / lang).rglob("*.html")) for lang in EDITIONS}
    pages["en"] = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in EDITIONS)
    return pages


def titles_by_language(site: Path, pages: dict[str, list[Path]]) -> dict[str, str]:
    """Each alert's title, as written, and its language: the <h1> of its page in that edition."""
    titles = {}
    for lang, paths in pages.items():
        prefix = site if lang == "en" else site / lang
        for path in paths:
            if path.parent.parent == prefix / "alerts" and path.parent.name != "page":
                titles[html.parse(str(path)).getroot().find(".//h1").text_content().strip()] = lang
    return titles


def marked(element, attribute: str) -> str:
    """What a browser takes for the element's language or direction: the nearest one given."""
    for node in element.iterancestors() if element.get(attribute) is None else [element]:
        if node.get(attribute) is not None:
            return node.get(attribute)
    return ""


def texts(body):
    """(text, element it sits in) for every piece of text in the body."""
    for element in body.iter(etree.Element):
        if element.text and element.text.strip():
            yield element.text, element
        if element is not body and element.tail and element.tail.strip():
            yield element.tail, element.getparent()


@pytest.fixture(scope="module")
def demo_editions(demo_site):
    pages = editions_of(demo_site)
    return pages, titles_by_language(demo_site, pages)


def test_the_demo_shows_untranslated_titles_on_other_editions(demo_site, demo_editions):
    """The check below has something to check: English titles on Arabic pages."""
    pages, titles = demo_editions
    assert sum(1 for lang in titles.values() if lang == "en") >= 20
    home = html.parse(str(demo_site / "ar/index.html")).getroot().find("body").text_content()
    assert sum(1 for title, lang in titles.items() if lang == "en" and title in home) >= 5


@pytest.mark.parametrize("edition", EDITIONS + ("en",))
def test_an_untranslated_title_carries_its_language_and_direction(demo_site, demo_editions, edition):
    pages, titles = demo_editions
    directions = {}  # lang -> dir, as each edition's pages declare it
    for paths in pages.values():
        root = html.parse(str(paths[0])).getroot()
        directions[root.get("lang")] = root.get("dir")
    wrong = []
    checked = 0
    for path in pages[edition]:
        root = html.parse(str(path)).getroot()
        page_lang = root.get("lang")
        if page_lang is None:  # a redirect or fragment, not a page
            continue
        body = root.find("body")
        shown = body.text_content()
        foreign = [(t, lang) for t, lang in titles.items() if lang != page_lang and t in shown]
        if not foreign:
            continue
        for text, element in texts(body):
            for title, lang in foreign:
                if title not in text:
                    continue
                checked += 1
                found = (marked(element, "lang"), marked(element, "dir") or directions[page_lang])
                where = path.relative_to(demo_site).as_posix()
                if where.removeprefix(f"{edition}/") in LANGUAGE_NOT_GIVEN:
                    if element.tag != "bdi" and not any(a.tag == "bdi" for a in element.iterancestors()):
                        wrong.append(f"{where}: <{element.tag}> {title[:50]!r} is not in a <bdi>")
                elif found != (lang, directions[lang]):
                    wrong.append(f"{where}: <{element.tag}> {title[:50]!r} is lang={found[0]!r} dir={found[1]!r}")
    if edition != "en":
        assert checked, f"no untranslated title found on the {edition} pages"
    assert not wrong, f"{len(wrong)} texts not marked with their own language and direction:\n" + "\n".join(
        sorted(set(wrong))[:40]
    )
