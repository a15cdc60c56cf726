"""The options a report form offers, each mapped to the value it stands for.

A form shows people words ("Arbitrary detention", "Ghana", "Ghana Media
Freedom Network") and the content contract wants terms (`arbitrary-detention`,
`GH`, `ghana-media-freedom-network`). Both directions come from the same
place as the build's vocabularies, `data/` and `content/members/`, so a new
term or member is in the form as soon as `make forms` runs, and a committed
form that lacks it fails a test.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from clearinghouse.content.frontmatter import read_document
from clearinghouse.content.problems import Problems
from clearinghouse.content.vocabulary import Vocabularies, Vocabulary, country_name
from clearinghouse.site.collation import collation_key

FORM_LANG = "en"  # the forms are in English, the network's working language


@dataclass(frozen=True)
class Choices:
    """Option text -> term, in display order, for one dropdown."""

    name: str
    options: dict[str, str]
    aliases: dict[str, str] = field(default_factory=dict)  # the term's label in other languages -> term

    def term(self, text: str) -> str | None:
        """The term an option, the term itself or its label in another
        language (any case) stands for: "Journalist", "journalist", "صحفي"."""
        text = text.strip()
        if text in self.options:
            return self.options[text]
        folded = text.casefold()
        for option, term in (*self.options.items(), *self.aliases.items()):
            if folded in (option.casefold(), term.casefold()):
                return term
        return None

    def close(self, text: str) -> str:
        """A 'did you mean' for a misspelt option, or nothing."""
        found = difflib.get_close_matches(text, list(self.options), n=1, cutoff=0.7)
        return f"did you mean '{found[0]}'?" if found else ""

    def label(self, term: str) -> str:
        """The option text of a term (the term itself if it has none)."""
        return next((option for option, t in self.options.items() if t == term), term)


def _vocabulary(name: str, vocabulary: Vocabulary) -> Choices:
    aliases = {label: term.slug for term in vocabulary for label in term.labels.values()}
    return Choices(name, {term.label_in(FORM_LANG): term.slug for term in vocabulary}, aliases)


@dataclass(frozen=True)
class FormChoices:
    """Every dropdown of the forms."""

    types: Choices
    countries: Choices
    regions: Choices
    members: Choices
    violations: Choices
    roles: Choices
    perpetrators: Choices
    case_statuses: Choices
    languages: Choices

    @classmethod
    def load(cls, data: Path, content: Path) -> FormChoices:
        vocab = Vocabularies(data)
        countries = sorted(vocab.countries, key=lambda code: collation_key(country_name(code, FORM_LANG), FORM_LANG))
        return cls(
            types=_vocabulary("types", vocab.types),
            countries=Choices("countries", {country_name(code, FORM_LANG): code for code in countries}),
            regions=_vocabulary("regions", vocab.regions),
            members=Choices("members", active_members(content)),
            violations=_vocabulary("violations", vocab.violations),
            roles=_vocabulary("roles", vocab.roles),
            perpetrators=_vocabulary("perpetrators", vocab.perpetrators),
            case_statuses=_vocabulary("case_statuses", vocab.case_statuses),
            languages=_vocabulary("languages", vocab.languages),
        )


def active_members(content: Path) -> dict[str, str]:
    """Name -> slug of every member that still reports (not `status: former`),
    alphabetically by name. A member file too broken to read is left out:
    `make check` reports it."""
    found = {}
    for path in sorted((content / "members").glob("*.md")):
        doc = read_document(path, Problems())
        if doc is None or str(doc.meta.get("status") or "active").strip() == "former":
            continue
        name = doc.meta.get("name")
        found[str(name).strip() if isinstance(name, str) and name.strip() else path.stem] = path.stem
    return dict(sorted(found.items(), key=lambda item: collation_key(item[0], FORM_LANG)))
