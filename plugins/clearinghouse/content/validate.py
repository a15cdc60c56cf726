"""Validate stage: the rules that need more than one file.

Ids are unique per language; members exist; updates and case statuses
belong to a case; a translation has an original, and every structured field
it repeats agrees with it. Per-file rules ran in `read`.
"""

from __future__ import annotations

from collections import defaultdict

from clearinghouse.content.entries import Entries, Entry
from clearinghouse.content.problems import Problems
from clearinghouse.content.schemas import ADDRESSEE_CONTACTS, ALERT_TEXT_FIELDS
from clearinghouse.content.vocabulary import Vocabularies

# top-level addresses a page slug must not take (urls.md)
RESERVED_SLUGS = frozenset(
    {
        "alerts",
        "regions",
        "countries",
        "topics",
        "members",
        "cases",
        "act",
        "search",
        "feeds",
        "theme",
        "drafts",
        "404",
        "sitemap",
        "index",
    }
)


def validate(entries: Entries, problems: Problems, languages, vocab: Vocabularies) -> None:
    members = {e.key for e in entries.members} | {k for kind, k in entries.broken if kind == "member"}
    _check_translations(entries, problems)
    for entry in entries.alerts:
        _check_alert(entry, members, problems, vocab)
    _check_pages(entries.pages, set(languages), problems)


def check_new_original(entry: Entry, members: set[str], problems: Problems, vocab: Vocabularies) -> None:
    """What `validate` checks of an alert file whose id no other file has: a new
    original beside files validated before (site/kept.py). Its
    translation rules concern no other file; a file that reads as a
    translation is reported, for the caller to read every file instead."""
    _check_translations(Entries(alerts=[entry], members=[], pages=[], broken=set()), problems)
    if entry.is_translation:
        problems.add(entry.path, "id", "is a translation: checked with every file", line=1)
        return
    _check_alert(entry, members, problems, vocab)


def _check_alert(entry: Entry, members: set[str], problems: Problems, vocab: Vocabularies) -> None:
    values = entry.values
    add = lambda field, message, **kw: problems.add(  # noqa: E731
        entry.path, field, message, line=entry.line(field.split("[")[0].split(".")[0]), **kw
    )
    for name, slugs in (
        ("member", [values["member"]] if "member" in values else []),
        ("co_signers", values.get("co_signers", ())),
        ("appeal.copy_to", values.get("appeal", {}).get("copy_to", ())),
    ):
        for slug in slugs:
            if slug not in members:
                add(
                    name,
                    "names no member: there is no file content/members/" + slug + ".md",
                    found=slug,
                    allowed="the slug of a file in content/members/",
                )
    if values.get("member") in values.get("co_signers", ()):
        add("co_signers", "lists the issuing member again", found=values["member"])
    if entry.is_translation:
        return
    for name, allowed, line in entry.missing:
        problems.add(entry.path, name, "is required but missing", line=line, allowed=allowed)
    values.setdefault("status", "published")
    given = entry.doc.meta  # presence as typed: a field with a bad value was reported already
    if values.get("type") == "update" and given.get("case") is None:
        add(
            "type",
            "an update must say which case it updates",
            found="type: update",
            allowed="add 'case: <case-id>' shared with the case's first item",
        )
    if given.get("country") is None and given.get("region") is None:
        add(
            "country",
            "is required: say where it happened (country), or give a region for items with no single country",
            allowed="country: GH (or a list), or region: global",
        )
    if "region" in values and "country" in values:
        elsewhere = [c for c in values["country"] if vocab.region_of(c).slug != values["region"]]
        if elsewhere:
            add(
                "region",
                "disagrees with the country: the region follows from the country, so leave it out",
                found=values["region"],
                allowed=", ".join(f"{c} is in {vocab.region_of(c).slug}" for c in elsewhere),
            )
    if "updated" in values and "date" in values and values["updated"] < values["date"]:
        add(
            "updated",
            "is earlier than date",
            found=entry.written.get("updated"),
            allowed=f"a time at or after {entry.written.get('date')}",
        )
    appeal = values.get("appeal")
    if appeal and "date" in values and "deadline" in appeal and appeal["deadline"] < values["date"].date():
        add(
            "appeal.deadline",
            "is before the item's own date, so the appeal would never be open",
            found=appeal["deadline"].isoformat(),
            allowed=f"a date on or after {entry.written.get('date', '')[:10]}",
        )


def _check_translations(entries: Entries, problems: Problems) -> None:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries.alerts:
        groups[entry.key].append(entry)
    for key, group in groups.items():
        for entry in group:
            entry.is_translation = _is_translation(entry, group)
        originals = [e for e in group if not e.is_translation]
        if len(originals) > 1:
            for entry in originals:
                others = ", ".join(str(o.path) for o in originals if o is not entry)
                problems.add(
                    entry.path,
                    "id",
                    f"the id '{key}' is used by another file too: {others}",
                    line=entry.line("id"),
                    found=key,
                    allowed="a unique id per item; translations are named <id>.<lang>.md",
                )
            continue
        if not originals:
            if ("alert", key) not in entries.broken:
                for entry in group:
                    problems.add(
                        entry.path,
                        "id",
                        f"is a translation of '{key}', but there is no original file for it",
                        line=entry.line("id"),
                        found=key,
                        allowed=f"an original file {key}.md (any folder under content/alerts/)",
                    )
            continue
        original = originals[0]
        by_lang: dict[str, list[Entry]] = defaultdict(list)
        for entry in group:
            by_lang[entry.lang].append(entry)
        for lang, versions in by_lang.items():
            for entry in versions if len(versions) > 1 else ():
                others = ", ".join(str(o.path) for o in versions if o is not entry)
                problems.add(
                    entry.path,
                    "lang",
                    f"'{key}' has another '{lang}' version too: {others}",
                    line=entry.line("lang"),
                    found=lang,
                    allowed="one file per language",
                )
        for entry in group:
            if entry is not original:
                _check_agreement(original, entry, problems)


def _is_translation(entry: Entry, group: list[Entry]) -> bool:
    """Named `<id>.<lang>.md` (the spec's suggestion), or joined to an
    original by an `id` field while written in another language."""
    if entry.named_as_translation:
        return True
    if not entry.explicit_id or entry.doc.stem == entry.key:
        return False
    return any(o is not entry and o.doc.stem == entry.key and o.lang != entry.lang for o in group)


def _check_agreement(original: Entry, translation: Entry, problems: Problems) -> None:
    for name, value in translation.values.items():
        if name in ALERT_TEXT_FIELDS or value == original.values.get(name):
            continue
        if name not in original.values and not original.complete:
            continue  # the original's own value was reported already
        problems.add(
            translation.path,
            name,
            "disagrees with the original; a translation may leave it out to inherit it",
            line=translation.line(name),
            found=translation.written.get(name) or _show(value),
            allowed=f"{original.written.get(name) or _show(original.values.get(name))} (as in {original.path})",
        )
    victims, theirs = original.values.get("victims", ()), translation.values.get("victims")
    if theirs is not None and original.complete and [v["role"] for v in theirs] != [v["role"] for v in victims]:
        problems.add(
            translation.path,
            "victims",
            "must list the same victims, in the same order and roles, as the original",
            line=translation.line("victims"),
            found=", ".join(v["role"] for v in theirs) or "none",
            allowed=", ".join(v["role"] for v in victims) or "no victims",
        )
    appeal, theirs = original.values.get("appeal"), translation.values.get("appeal")
    if theirs is not None and original.complete:
        if appeal is None:
            problems.add(
                translation.path, "appeal", "the original has no appeal to translate", line=translation.line("appeal")
            )
        else:
            _check_appeal_agreement(original, appeal, translation, theirs, problems)


def _check_appeal_agreement(
    original: Entry, appeal: dict, translation: Entry, theirs: dict, problems: Problems
) -> None:
    """A translated appeal leaves out what it inherits; what it repeats must agree.

    Its addressees, when given (to translate titles or salutations), are the
    same people in the same order: as many, and with the same contact details
    wherever both files give one. Names are not compared: Arabic or Russian
    write them in another script.
    """
    add = lambda field, message, found, allowed: problems.add(  # noqa: E731
        translation.path, field, message, line=translation.line("appeal"), found=found, allowed=allowed
    )
    for name in ("deadline", "copy_to"):
        if name in theirs and theirs[name] != appeal.get(name):
            add(
                f"appeal.{name}",
                "disagrees with the original; a translation may leave it out to inherit it",
                _show(theirs[name]),
                f"{_show(appeal.get(name))} (as in {original.path})",
            )
    if "addressees" not in theirs or "addressees" not in appeal:
        return
    ours, given = appeal["addressees"], theirs["addressees"]
    if len(given) != len(ours):
        add(
            "appeal.addressees",
            "must list the same addressees as the original, in the same order, or be left out to inherit them",
            f"{len(given)} addressee(s)",
            f"{len(ours)} (as in {original.path})",
        )
        return
    for index, (person, same) in enumerate(zip(given, ours, strict=True), start=1):
        for detail in ADDRESSEE_CONTACTS:
            mine, original_value = getattr(person, detail), getattr(same, detail)
            if mine is not None and original_value is not None and mine != original_value:
                add(
                    f"appeal.addressees[{index}].{detail}",
                    "disagrees with the original: a translation lists the same people, in the same order",
                    mine,
                    f"{original_value} (as in {original.path}), or leave it out to inherit it",
                )


def _show(value) -> str:
    if isinstance(value, tuple):
        return ", ".join(map(_show, value)) or "nothing"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "nothing" if value is None else str(value)


def _check_pages(pages: list[Entry], languages: set[str], problems: Problems) -> None:
    seen: dict[tuple[str, str], Entry] = {}
    for entry in pages:
        if entry.key in RESERVED_SLUGS or entry.key in languages:
            problems.add(
                entry.path,
                "slug",
                "is an address the site already uses",
                found=entry.key,
                line=entry.line("slug"),
                allowed="any other slug; taken: " + ", ".join(sorted(RESERVED_SLUGS | languages)),
            )
        if (entry.key, entry.lang) in seen:
            problems.add(
                entry.path,
                "slug",
                f"another page has this address: {seen[entry.key, entry.lang].path}",
                found=entry.key,
                line=entry.line("slug"),
                allowed="one page per slug and language",
            )
        seen[entry.key, entry.lang] = entry
    originals = {e.key for e in pages if not e.named_as_translation}
    for entry in pages:
        if entry.named_as_translation and entry.key not in originals:
            problems.add(
                entry.path,
                "slug",
                f"is a translation of page '{entry.key}', but there is no original",
                found=entry.key,
                allowed=f"an original file {entry.key}.md",
            )
