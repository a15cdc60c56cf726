"""sitemap.xml: every page written, in parts above the protocol's limit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from clearinghouse.publish.units import Written


def write_sitemap(output: Path, written: list[Written], absolute: Callable[[str], str], most: int) -> None:
    """sitemap.xml: every page; above SITEMAP_MAX_URLS, an index of numbered parts.

    sitemaps.org allows 50,000 addresses in one file, and search engines
    reject a longer one: a 50,000-alert site has about 80,000 pages.
    """
    entries = [
        f"  <url><loc>{escape(absolute(page.path))}</loc>"
        + (f"<lastmod>{page.lastmod.date().isoformat()}</lastmod>" if page.lastmod else "")
        + "</url>"
        for page in sorted(written, key=lambda w: w.path)
    ]
    if len(entries) <= most:
        _write_xml(output / "sitemap.xml", "urlset", entries)
    else:
        parts = [entries[start : start + most] for start in range(0, len(entries), most)]
        for number, part in enumerate(parts, 1):
            _write_xml(output / f"sitemap-{number}.xml", "urlset", part)
        listed = [
            f"  <sitemap><loc>{escape(absolute(f'sitemap-{number}.xml'))}</loc></sitemap>"
            for number in range(1, len(parts) + 1)
        ]
        _write_xml(output / "sitemap.xml", "sitemapindex", listed)


def _write_xml(path: Path, root: str, lines: list[str]) -> None:
    """A sitemaps.org file: `urlset` or `sitemapindex` around its lines."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    path.write_text("\n".join([head, *lines, f"</{root}>"]) + "\n", encoding="utf-8", newline="\n")
