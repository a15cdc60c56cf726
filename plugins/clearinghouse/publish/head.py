"""What a page's <head> names besides itself: the feeds that match it."""

from __future__ import annotations

from dataclasses import dataclass, field

from clearinghouse.site import urls


@dataclass(frozen=True)
class FeedLink:
    """A feed a page advertises in its <head> (and lists on /feeds/)."""

    kind: str
    key: str | None
    label: str  # in English: the msgid of a feed with no subject, else the fallback
    subject: object = field(default=None, compare=False)  # the Term, Country, Member or Case it follows

    def path(self, lang: str, fmt: str) -> str:
        return urls.feed(self.kind, self.key, lang, fmt)

    def label_in(self, lang: str) -> str:
        """The subject's name as a reader of `lang` knows it (feeds have one per language)."""
        subject = self.subject
        if hasattr(subject, "label_in"):  # a region, country or violation
            return subject.label_in(lang)
        if hasattr(subject, "display_name"):  # a member
            return subject.display_name
        if hasattr(subject, "items"):  # a case: its first item's title, in `lang` where translated
            return subject.items[0].in_language(lang).title
        return self.label


def feeds_for(**context) -> list[FeedLink]:
    """The feeds that match a page: its own, or "all" first on a page with no subject of its own.

    An alert page offers its case's feed, or when it is in no case its
    countries' (its region's when it has no country), and open appeals while its appeal is open (each
    link is about 130 bytes, on every page: all its feeds were a twentieth
    of the site); a country page its country's and region's; region, topic,
    member and case pages their own; the home and /act/ pages the open
    appeals. "All alerts" is on the pages that have no subject of their own
    (home, lists of everything, /feeds/): on the others a reader follows the
    subject, and two more links on each of the site's pages cost 0.3 KB.
    """

    def _term_link(kind: str, item) -> FeedLink:
        return FeedLink(kind, getattr(item, "code", None) or item.slug, item.label_in("en"), item)

    found = []
    alert = context.get("alert")
    if alert is not None:
        # its case, what a reader of one alert follows next; else where it happened
        # (its country's, topics' and member's feeds are on the pages it links to:
        # one link fewer on 50,000 pages is 7 MB, issue 16)
        if alert.case:
            found.append(FeedLink("cases", alert.case.id, alert.case.title, alert.case))
        else:
            found += [_term_link("countries", c) for c in alert.countries] or [
                _term_link("regions", r) for r in alert.regions
            ]
    if context.get("country") is not None:
        country = context["country"]
        found += [_term_link("countries", country), _term_link("regions", country.region)]
    for name, kind in (("region", "regions"), ("topic", "topics")):
        if context.get(name) is not None:
            found.append(_term_link(kind, context[name]))
    if context.get("member") is not None:
        found.append(FeedLink("members", context["member"].slug, context["member"].name, context["member"]))
    if context.get("case") is not None:
        found.append(FeedLink("cases", context["case"].id, context["case"].title, context["case"]))
    appeal_open = alert is not None and alert.appeal is not None and alert.appeal.is_open
    if appeal_open or context.get("appeals_page") or context.get("open_appeals") is not None:
        found.append(FeedLink("appeals", None, "Open appeals"))
    subject = any(context.get(name) is not None for name in ("alert", "country", "region", "topic", "member", "case"))
    return found if subject else [FeedLink("all", None, "All alerts"), *found]
