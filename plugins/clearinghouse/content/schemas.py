"""The content contract (`shared/spec/content.md`) as field schemas."""

from __future__ import annotations

from clearinghouse.content.fields import (
    Choice,
    CountryCode,
    Day,
    Email,
    Field,
    Integer,
    LanguageCode,
    ListOf,
    Record,
    Slug,
    Text,
    Url,
    When,
    Year,
)
from clearinghouse.content.records import Addressee, Source

VICTIM = {
    "name": Text(required=True),
    "role": Choice("roles", required=True),
    "outlet": Text(),
    "gender": Text(),
}

ADDRESSEE = {
    "name": Text(required=True),
    "title": Text(required=True),
    "salutation": Text(),
    "address": Text(),
    "email": Email(),
    "fax": Text(),
    "social": Text(),
}

# How an addressee is reached: the same in every language of an appeal.
ADDRESSEE_CONTACTS = ("email", "fax", "social")

APPEAL = {
    "deadline": Day(required=True),
    "asks": ListOf(Text(), min_items=1, required=True),
    "addressees": ListOf(Record(ADDRESSEE, build=Addressee), min_items=1, required=True),
    "letter": Text(),
    "copy_to": ListOf(Slug()),
}

# A translation's appeal may hold only its texts: what it leaves out of these
# comes from the original's appeal (content.md, "Translations").
APPEAL_INHERITABLE = frozenset({"deadline", "asks", "addressees"})

SOURCE = {"title": Text(required=True), "url": Url(required=True)}

ALERT: dict[str, Field] = {
    "id": Slug(max_length=80),
    "type": Choice("types", required=True),
    "title": Text(max_length=200, required=True),
    "date": When(required=True),
    "updated": When(),
    "country": ListOf(CountryCode(), min_items=1, single=True),
    "region": Choice("regions"),
    "member": Slug(required=True),
    "co_signers": ListOf(Slug()),
    "case": Slug(),
    "case_status": Choice("case_statuses"),
    "status": Choice(("published", "draft"), default="published"),
    "violations": ListOf(Choice("violations"), min_items=1, required=True),
    "victims": ListOf(Record(VICTIM), unique=False),
    "perpetrator": Choice("perpetrators"),
    "location": Text(),
    "summary": Text(max_length=600),
    "lang": Choice("languages"),
    "appeal": Record(APPEAL, inheritable=APPEAL_INHERITABLE),
    "sources": ListOf(Record(SOURCE, build=Source)),
}

# A translation has its own wording of these; every other field it may give
# must agree with the original's.
ALERT_TEXT_FIELDS = frozenset({"title", "summary", "location", "victims", "appeal", "sources", "lang", "id"})

MEMBER: dict[str, Field] = {
    "name": Text(required=True),
    "acronym": Text(),
    "country": CountryCode(required=True),
    "region": Choice("regions"),
    "scope": Choice("scopes"),
    "founded": Year(),
    "joined": Year(),
    "website": Url(https_only=True),
    "email": Email(),
    "expertise": ListOf(Choice("member_expertise")),
    "languages": ListOf(LanguageCode()),
    "status": Choice(("active", "former"), default="active"),
}

PAGE: dict[str, Field] = {
    "title": Text(max_length=200, required=True),
    "slug": Slug(),
    "lang": Choice("languages"),
    "menu": Integer(),
}

# Pelican reads these to decide where a file is written; here addresses come
# from the contract alone, so a file can never write outside the output.
PELICAN_PLACEMENT = {
    name: f"'{name}' is not allowed: addresses are made from the id (or a page's slug), never set by hand"
    for name in ("save_as", "url", "template", "output_file", "path", "lang_url", "lang_save_as")
}
