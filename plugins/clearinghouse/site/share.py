"""What an alert page tells the platforms a link is shared on.

Social networks and messaging apps read a page's metadata, not the page:
Open Graph and Twitter card tags for the preview, schema.org `NewsArticle`
JSON-LD for search engines. Every value here is made from the alert, its
translations and the settings, which the page's fingerprint already holds
(the alert's digest, its alternates, the site digest): so `Share` counts by
its kind alone in a fingerprint, and is made lazily, only for a page that
is rendered, not for the thousands a rebuild keeps.

Bytes matter: at 50,000 alerts there are some 53,500 alert pages and a
kilobyte on each is 53.5 MB of a 1 GB site. So only the tags issue 21 asks
for, no description (the page's `<meta name="description">` serves), dates
without a time when they have none, a modified time only when the alert
was updated after it was published (an absent one means "as published" to
Open Graph and schema.org readers), unquoted attribute values where none
is needed, and JSON-LD without white space.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from functools import cached_property

from markupsafe import Markup

from clearinghouse.content.records import Alert

IMAGE = "theme/share.png"  # theme/static/share.png, made by tools/share_image.py
# JSON inside <script>: nothing a title holds may close the element or open
# a comment ("</script>", "<!--"); these escapes are JSON's own, so the data
# reads the same
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def iso(moment: datetime) -> str:
    """ISO 8601: the day alone when it has no time of its own (front matter gives days)."""
    if moment.timetz().replace(tzinfo=None) == time(0):
        return moment.date().isoformat()
    return moment.isoformat()


def script_json(data: dict) -> Markup:
    """Compact JSON that is safe as the text of a <script> element."""
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE))


class Share:
    """An alert page's share metadata, ready for `alert.html` (values made on first use)."""

    def __init__(self, alert: Alert, lang: str, alternates: dict[str, str], siteurl: str, sitename: str) -> None:
        self.alert = alert  # as shown: the original or a translation
        self.lang = lang
        self.alternates = alternates  # language -> path of each version, this one included
        self.siteurl = siteurl
        self.sitename = sitename

    def fingerprint(self) -> str:
        """Nothing of its own: the alert, its alternates and the settings are in the page's fingerprint."""
        return "Share"

    @property
    def enabled(self) -> bool:
        """Only with an absolute SITEURL (publishconf): platforms need full addresses, a preview has none."""
        return self.siteurl.startswith(("https://", "http://"))

    @cached_property
    def url(self) -> str:
        """og:url: the canonical address."""
        return f"{self.siteurl}/{self.alert.url}"

    @cached_property
    def image(self) -> str:
        return f"{self.siteurl}/{IMAGE}"

    @cached_property
    def other_locales(self) -> list[str]:
        """og:locale:alternate: the languages of its other versions."""
        return [lang for lang in self.alternates if lang != self.lang]

    @cached_property
    def published(self) -> str:
        return iso(self.alert.date)

    @cached_property
    def modified(self) -> str:
        """Only for an alert updated since it was published: else it is the published time (bytes, above)."""
        changed = iso(self.alert.last_changed)
        return changed if changed != self.published else ""

    @cached_property
    def json_ld(self) -> Markup:
        """schema.org NewsArticle: the issuing member wrote it, the network published it, where it happened."""
        alert = self.alert
        places = [c.label_in(self.lang) for c in alert.countries] or [r.label_in(self.lang) for r in alert.regions]
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": alert.title,
            "datePublished": self.published,
            **({"dateModified": self.modified} if self.modified else {}),
            "inLanguage": alert.lang,
            "author": {"@type": "Organization", "name": alert.member.name},
            "publisher": {"@type": "Organization", "name": self.sitename},
        }
        if places:
            located = [{"@type": "Place", "name": name} for name in places]
            data["contentLocation"] = located[0] if len(located) == 1 else located
        return script_json(data)
