"""OPML 2.0 subscription lists: every feed at once, or one region's.

Readers import these to subscribe to many feeds in one step. Outlines carry
the Atom addresses (type="rss" is what OPML 2.0 calls any feed) and no
creation date, so the files only change when the feeds they list do.
An outline's `text` is its name; OPML 2.0's optional `title` repeated it, a
fifth of each file (1,300 outlines at 10,000 alerts, in five languages).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lxml import etree

from .catalogue import Group

OPML_SPEC = "http://opml.org/spec2.opml"


def opml(title: str, groups: Sequence[Group], lang: str, absolute: Callable[[str], str]) -> bytes:
    """One folder outline per group, one feed outline per listing."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "docs").text = OPML_SPEC
    body = etree.SubElement(root, "body")
    for group in groups:
        folder = etree.SubElement(body, "outline", text=group.heading)
        for item in group.listings:
            etree.SubElement(
                folder,
                "outline",
                type="rss",
                text=item.title,
                xmlUrl=absolute(item.atom),
                htmlUrl=absolute(item.page),
                language=lang,
            )
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
