"""A week's Communiqué as e-mail files: email.html and email.txt.

The HTML is rendered from theme/templates/email/digest.html, then its
<style> rules are written into each element's style attribute by
css-inline (mail programs drop or ignore <style>; the @media rule for
narrow screens is kept for those that honour it). A week too big for a mail
program (EMAIL_MAX_BYTES: Gmail clips messages over 102 KB) is sent
without summaries, then with fewer items, saying so and linking the page.

The text is rendered from email/digest.txt, one paragraph a line, and
wrapped here to 78 characters (RFC 5322's recommended line length) with
its links listed at the end. An address longer than a line stays whole
on a line of its own: broken, it would not open.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace

import css_inline
from clearinghouse.publish.publisher import Publisher
from clearinghouse.site import urls

from .config import EMAIL_MAX_BYTES
from .model import CountryGroup, RegionGroup, WeekDigest

WIDTH = 78
_INLINER = css_inline.CSSInliner(keep_at_rules=True, minify_css=True, load_remote_stylesheets=False)


def email_html(publisher: Publisher, digest: WeekDigest, lang: str, unsubscribe: tuple[str, ...]) -> bytes:
    """The HTML e-mail, styles inlined, under EMAIL_MAX_BYTES."""
    template = publisher.env.get_template("email/digest.html")
    language = publisher.site.vocab.languages[lang]

    def render(shown: WeekDigest, shortened: bool) -> bytes:
        html = template.render(
            lang=lang,
            dir=language.extra.get("dir", "ltr"),
            digest=shown,
            shortened=shortened,
            unsubscribe=unsubscribe,
        )
        return (_INLINER.inline(_unindented(html)).rstrip("\n") + "\n").encode("utf-8")

    data = render(digest, False)
    for shorter in _shorter(digest):
        if len(data) < EMAIL_MAX_BYTES:
            break
        data = render(shorter, True)
    return data


def _shorter(digest: WeekDigest):
    """The digest without summaries, then with ever fewer items per country."""
    bare = _each_place(digest, lambda place: replace(place, items=tuple(replace(i, summary="") for i in place.items)))
    yield bare
    for keep in (20, 10, 5, 3, 1):
        yield _each_place(bare, lambda place, keep=keep: replace(place, items=place.items[:keep]))


def _each_place(digest: WeekDigest, change) -> WeekDigest:
    regions = tuple(
        RegionGroup(r.region, tuple(change(p) for p in r.countries if isinstance(p, CountryGroup)))
        for r in digest.regions
    )
    return replace(digest, regions=regions)


def _unindented(html: str) -> str:
    return "\n".join(line.strip() for line in html.splitlines() if line.strip()) + "\n"


def email_text(publisher: Publisher, digest: WeekDigest, lang: str, unsubscribe: tuple[str, ...]) -> bytes:
    """The plain-text e-mail: wrapped to 78 characters, links listed at the end."""
    links = [urls.digest_week(digest.week.name, lang)]
    if digest.untranslated:
        links.append(urls.digest_week(digest.week.name, publisher.site.languages[0]))
    for region in digest.regions:
        for place in region.countries:
            links += [item.alert.url for item in place.items]
    links += [a.url for a in digest.still_open]
    if digest.more_open:
        links.append(urls.act(lang))
    links = list(dict.fromkeys(links))
    gettext = publisher.catalogues[lang].gettext
    text = publisher.env.get_template("email/digest.txt").render(
        lang=lang,
        links_heading=gettext("Links"),
        digest=digest,
        shortened=False,
        unsubscribe=unsubscribe,
        links=links,
        number={path: n for n, path in enumerate(links, 1)},
    )
    return wrapped(text).encode("utf-8")


def wrapped(text: str) -> str:
    """Each line wrapped to WIDTH, keeping its indent; "# " and "## " lines underlined; blank runs folded."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        for mark, rule in (("# ", "="), ("## ", "-")):
            if line.startswith(mark):
                heading = textwrap.wrap(
                    line[len(mark) :].strip(), WIDTH, break_long_words=False, break_on_hyphens=False
                )
                out += heading + [rule * min(WIDTH, max(len(h) for h in heading))]
                break
        else:
            body = line.lstrip(" ")
            indent = " " * (len(line) - len(body))
            hanging = indent + ("  " if body.startswith("* ") else "")
            out += textwrap.wrap(
                body,
                WIDTH,
                initial_indent=indent,
                subsequent_indent=hanging,
                break_long_words=False,
                break_on_hyphens=False,
            )
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
