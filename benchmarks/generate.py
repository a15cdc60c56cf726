"""Write a synthetic, spec-conformant archive of N alerts for benchmarks.

    python benchmarks/generate.py --alerts 10000 --out /tmp/archive [--seed 1]
    python benchmarks/generate.py --alerts 10000 --out /tmp/stock --pelican-format

Why synthetic: a network publishing since the 1990s has tens of thousands
of alerts, and speed must be measured at that scale on any checkout without
real (sensitive) data. The archive looks like the real thing where it
matters for speed and for the templates: 300-800 word Markdown bodies,
every item type, cases threaded by updates with changing `case_status`,
appeals (a few still open on 2026-11-28, the tests' SOURCE_DATE_EPOCH),
~3% translations, names with diacritics, countries in every region, ~40
members, dates over 1995-2026.

The same seed gives byte-identical files. `--alerts N` counts original
items; translations are written in addition to them. Vocabulary terms and
regions are read from `data/`, so the archive follows the data files.

`--pelican-format` writes the same items for stock Pelican (its own
`Title/Date/Category/Tags/Slug/Lang` metadata; the appeal letter appended
to the body so both builds convert the same Markdown), as the baseline.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from clearinghouse.content.vocabulary import Vocabularies  # noqa: E402

FIRST_DAY = date(1995, 1, 1)
LAST_DAY = date(2026, 11, 27)  # the day before the tests' "today" (SOURCE_DATE_EPOCH=1795867200)
TODAY = date(2026, 11, 28)
MEMBER_COUNT = 40
TRANSLATION_SHARE = 0.03
# Words per alert body: long (what real alerts often are) and short (the
# hard case for fixed per-page costs: no Markdown time to hide them behind).
BODY_WORDS = (300, 800)
SHORT_BODY_WORDS = (50, 200)
CASE_SHARE = 0.12  # share of case threads among groups of items (about a third of items are in a case)

WORDS = (
    "authorities police court journalist reporter editor outlet newspaper radio station television broadcaster "
    "website blogger writer press freedom expression charges detention arrest hearing prosecutor judge lawyer "
    "family colleagues office equipment phones laptops sources investigation report story article publication "
    "corruption procurement election protest demonstration government ministry official security forces "
    "military unknown men threatened questioned released bail sentence appeal fine licence suspended blocked "
    "network member organisation calls urges demands condemns welcomes notes reports confirms according "
    "statement week month year since after before during following previous several many local national "
    "regional independent private public state online social media accounts messages threats abuse campaign "
    "law article code penal criminal civil defamation insult false information terrorism extremism espionage "
    "the the the the of of of and and and to to in in a a was were has have had is are that which who on for "
    "with by from at as his her their its this these those not no also however while when where"
).split()
HEADINGS = ("Background", "What we ask", "The charges", "Context", "Recommendations", "Reactions")
FIRST_NAMES = (
    "José", "María", "Zoë", "Łukasz", "Şebnem", "Nguyễn", "Amra", "Jelena", "Chloé", "Kwame", "Aigerim",
    "Adnan", "Fatoumata", "Ngozi", "Rahul", "Siosaia", "Tomás", "Ayşe", "Dmitri", "Leïla", "Björn", "Mónica",
    "Oluwaseun", "Thảo", "Élodie", "Hamza", "Pita", "Grace", "Ana", "Yusuf", "Ingrid", "Karim",
)  # fmt: skip
LAST_NAMES = (
    "Núñez", "Öztürk", "Wróbel", "Hadžiselimović", "Mensah", "Sarsenbayeva", "Rafiq", "Traoré", "Okafor",
    "Ångström", "Çelik", "Dvořák", "Thị Hà", "Mejri", "Ayari", "Fa'aui", "García-López", "Petrović", "Ivanova",
    "Benali", "Kamau", "Sánchez", "Ruíz", "Haddad", "Kowalczyk", "Ó Briain", "Pham", "Lindqvist", "Asante",
)  # fmt: skip
OUTLETS = ("Daily Ledger", "Radio Libre", "Voz del Sur", "Capital Watch", "Kaspi Bulletin", "Portal Most",
           "Al-Manar Weekly", "Ñandutí Noticias", "Žurnal", "The Lantern", "Coastal FM", "Ekspress")  # fmt: skip
PLACE_WORDS = ("Sahel", "Andes", "Steppe", "Delta", "Coast", "Highlands", "Lakes", "Pacific", "Gulf", "Balkan",
               "Caspian", "Mekong", "Horn", "Caribbean", "Atlas", "Danube", "Indus", "Nile", "Baltic", "Amazon")  # fmt: skip
ORG_KINDS = ("Press Watch", "Media Rights Bureau", "Press Freedom Association", "Centre for Free Expression",
             "Journalists' Union", "Writers' Circle", "Media Defence Network", "Digital Rights Lab")  # fmt: skip
FOREIGN_WORDS = {
    "fr": "les autorités journaliste arrêté tribunal liberté presse rédaction détention enquête procès "
    "le la de des et à été dans pour avec sur qui exigeons libération immédiate",
    "es": "las autoridades periodista detenido tribunal libertad prensa redacción detención investigación "
    "el la de los y en fue para con sobre que exigimos liberación inmediata",
    "ar": "السلطات الصحفي اعتقال المحكمة حرية الصحافة التحقيق المحاكمة في من على إلى أن الذي نطالب الإفراج",
    "ru": "власти журналист задержан суд свобода прессы редакция задержание расследование процесс "
    "в и на по что был для с мы требуем освобождения немедленно",
}


@dataclass
class Item:
    """One original alert before it is written; translations hang off it."""

    id: str
    type: str
    day: date
    countries: list[str]
    region: str | None
    member: str
    case: str | None = None
    case_status: str | None = None
    appeal: bool = False
    translations: list[str] = field(default_factory=list)
    draft: bool = False


class Archive:
    """Deterministic archive builder: every choice comes from one seeded RNG."""

    def __init__(self, alerts: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = alerts
        self.vocab = Vocabularies(REPO / "data")
        self.regions = [r.slug for r in self.vocab.regions if r.slug != "global"]
        self.by_region = {r: sorted(c.code for c in self.vocab.countries_in(r)) for r in self.regions}
        self.members = self._members()
        self.items = self._items()

    # -- choices ------------------------------------------------------------
    def words(self, count: int, pool=WORDS) -> str:
        return " ".join(self.rng.choice(pool) for _ in range(count))

    def day_between(self, first: date, last: date) -> date:
        """Later years are busier, as archives are: density grows with time."""
        span = (last - first).days
        return first + timedelta(days=int(span * self.rng.random() ** 0.6))

    # -- members ------------------------------------------------------------
    def _members(self) -> list[dict]:
        members = []
        for i in range(MEMBER_COUNT):
            region = self.regions[i % len(self.regions)] if i >= 2 else "global"
            country = self.rng.choice(self.by_region[region if region != "global" else "europe-central-asia"])
            place, kind = PLACE_WORDS[i % len(PLACE_WORDS)], ORG_KINDS[i % len(ORG_KINDS)]
            name = f"{place} {kind}" + (f" {i // len(PLACE_WORDS) + 1}" if i >= len(PLACE_WORDS) else "")
            slug = name.lower().replace("'", "").replace(" ", "-")
            members.append({"slug": slug, "name": name, "country": country, "region": region})
        return members

    def member_for(self, region: str | None) -> str:
        local = [m["slug"] for m in self.members if m["region"] == region]
        return self.rng.choice(local or [m["slug"] for m in self.members])

    # -- items ----------------------------------------------------------------
    def _items(self) -> list[Item]:
        groups: list[list[Item]] = []
        count = 0
        while count < self.n:
            size = min(self.n - count, self.rng.randint(2, 5) if self.rng.random() < CASE_SHARE else 1)
            group = self._group(len(groups), size)
            groups.append(group)
            count += len(group)
        self._recent_appeals(groups)
        items = sorted((i for g in groups for i in g), key=lambda i: (i.day, i.id))
        for index, item in enumerate(items):
            item.id = f"{item.id}-{index:06d}"
        self._link_cases(groups)
        for item in self.rng.sample(items, k=round(self.n * TRANSLATION_SHARE)):
            item.translations = sorted(self.rng.sample(["fr", "es", "ar", "ru"], k=self.rng.randint(1, 2)))
        for item in items:
            item.draft = not item.case and self.rng.random() < 0.002
        return items

    def _recent_appeals(self, groups: list[list[Item]]) -> None:
        """A few alerts of the last weeks whose appeals are still open "today",
        whatever the size: the open-appeals page and feed must have items."""
        single = [g[0] for g in groups if len(g) == 1 and g[0].type == "alert"]
        for weeks, item in enumerate(self.rng.sample(single, k=min(len(single), max(3, self.n // 300)))):
            item.day = LAST_DAY - timedelta(days=7 * weeks)
            item.appeal = True

    def _link_cases(self, groups: list[list[Item]]) -> None:
        """An update carries its case's id, which is its first item's id."""
        for group in groups:
            if group[0].case is None:
                continue
            case_id = group[0].id
            for item in group:
                item.case = case_id

    def _group(self, number: int, size: int) -> list[Item]:
        kind = self.rng.random()
        region = self.rng.choice(self.regions)
        countries = [self.rng.choice(self.by_region[region])]
        item_region = None
        if size == 1 and kind < 0.06:  # a capsule report over several countries, or a global statement
            countries = sorted(set(self.rng.sample(self.by_region[region], k=3)))
        elif size == 1 and kind < 0.08:
            countries, item_region, region = [], "global", "global"
        start = self.day_between(FIRST_DAY, LAST_DAY)
        first_type = self._standalone_type(kind, countries, item_region) if size == 1 else "alert"
        stem = (countries[0].lower() if countries else "global") + "-" + self.words(3).replace(" ", "-")
        items = [Item(stem, first_type, start, countries, item_region, self.member_for(region))]
        if size > 1:
            items[0].case = "case"
            items[0].case_status = "ongoing"
        day = start
        for _ in range(size - 1):
            day += timedelta(days=self.rng.randint(3, 200))
            if day > LAST_DAY:
                break  # the case has not moved on yet
            status = self.rng.choice(["ongoing", "ongoing", *(t.slug for t in self.vocab.case_statuses)])
            items.append(Item(stem, "update", day, countries, item_region, items[0].member, "case", status))
        for item in items:
            item.appeal = item.type in ("alert", "joint-action") and self.rng.random() < 0.25
        return items

    def _standalone_type(self, kind: float, countries: list[str], region: str | None) -> str:
        if region or len(countries) > 1:
            return "capsule-report" if countries else "press-release"
        return "press-release" if kind < 0.2 else "joint-action" if kind < 0.3 else "alert"


class Prose:
    """Sentences, names and Markdown bodies from one file's own RNG.

    Each file seeds its own generator from (seed, file key), so our format
    and the stock-Pelican format get the same bodies, and one file's text
    does not depend on how much text the files before it used.
    """

    def __init__(self, seed: int, key: str) -> None:
        self.rng = random.Random(f"{seed}:{key}")

    def words(self, count: int, pool=WORDS) -> str:
        return " ".join(self.rng.choice(pool) for _ in range(count))

    def sentence(self, pool=WORDS) -> str:
        text = self.words(self.rng.randint(8, 24), pool)
        return text[0].upper() + text[1:] + "."

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def body(self, low: int, high: int, names: list[str], pool=WORDS) -> str:
        """Paragraphs of `low`-`high` words with the Markdown editors use."""
        target = self.rng.randint(low, high)
        paragraphs: list[str] = []
        words = 0
        while words < target:
            sentences = [self.sentence(pool) for _ in range(self.rng.randint(3, 6))]
            if names and self.rng.random() < 0.5:
                sentences[0] = f"**{self.rng.choice(names)}** of *{self.rng.choice(OUTLETS)}* " + sentences[0].lower()
            text = " ".join(sentences)
            roll = self.rng.random()
            if roll < 0.08 and paragraphs:
                paragraphs.append(f"## {self.rng.choice(HEADINGS)}")
            if roll > 0.92:
                text = "\n".join(f"- {self.sentence(pool)}" for _ in range(self.rng.randint(2, 4)))
            elif roll > 0.85:
                text += f" See [the full report](https://example.org/reports/{self.rng.randint(1, 99999)})."
            paragraphs.append(text)
            words += len(text.split())
        return "\n\n".join(paragraphs) + "\n"


@dataclass
class Texts:
    """Everything written in words about one item, in every language it has."""

    victims: list[tuple[str, str]]
    title: dict[str, str]
    body: dict[str, str]
    letter: dict[str, str]


class Writer:
    """Turns the archive into files, in our format or stock Pelican's."""

    def __init__(
        self, archive: Archive, out: Path, seed: int, pelican: bool, body_words: tuple[int, int] = BODY_WORDS
    ) -> None:
        self.a = archive
        self.out = out
        self.seed = seed
        self.pelican = pelican
        self.body_words = body_words

    def write(self) -> int:
        written = 0
        for member in self.a.members:
            written += self._write_member(member)
        for number, (slug, title) in enumerate(PAGES):
            written += self._write_page(slug, title, number + 1)
        for item in self.a.items:
            written += self._write_item(item)
        return written

    def _file(self, relative: str, front: list[str], body: str) -> int:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        head = "\n".join(front)
        text = f"{head}\n\n{body}" if self.pelican else f"---\n{head}\n---\n{body}"
        path.write_text(text, encoding="utf-8", newline="\n")
        return 1

    # -- members and pages ------------------------------------------------
    def _write_member(self, m: dict) -> int:
        prose = Prose(self.seed, "member:" + m["slug"])
        body = prose.body(120, 300, [])
        if self.pelican:
            front = [f"Title: {m['name']}", f"Slug: {m['slug']}"]
            return self._file(f"pages/members/{m['slug']}.md", front, body)
        expertise = prose.rng.sample([t.slug for t in self.a.vocab.member_expertise], k=3)
        front = [
            f'name: "{m["name"]}"',
            f'country: "{m["country"]}"',
            *([f"region: {m['region']}", "scope: international"] if m["region"] == "global" else ["scope: national"]),
            f"founded: {prose.rng.randint(1960, 2015)}",
            f"joined: {prose.rng.randint(1992, 2024)}",
            f'website: "https://{m["slug"]}.example"',
            f'email: "info@{m["slug"]}.example"',
            "expertise: [" + ", ".join(expertise) + "]",
            "languages: [en]",
        ]
        return self._file(f"members/{m['slug']}.md", front, body)

    def _write_page(self, slug: str, title: str, menu: int) -> int:
        body = Prose(self.seed, "page:" + slug).body(200, 500, [])
        if self.pelican:
            return self._file(f"pages/{slug}.md", [f"Title: {title}", f"Slug: {slug}"], body)
        return self._file(f"pages/{slug}.md", [f'title: "{title}"', f"menu: {menu}"], body)

    # -- alerts -------------------------------------------------------------
    def _texts(self, item: Item, prose: Prose) -> Texts:
        roles = [t.slug for t in self.a.vocab.roles]
        victims = [(prose.person(), prose.rng.choice(roles)) for _ in range(prose.rng.choice((0, 1, 1, 1, 2, 3)))]
        texts = Texts(victims, {}, {}, {})
        for lang in ("en", *item.translations):
            pool = WORDS if lang == "en" else FOREIGN_WORDS[lang].split()
            texts.title[lang] = prose.sentence(pool)[:-1][:190]
            texts.body[lang] = prose.body(*self.body_words, [n for n, _ in victims] if lang == "en" else [], pool)
            if item.appeal:
                texts.letter[lang] = prose.body(80, 160, [n for n, _ in victims] if lang == "en" else [], pool)
        return texts

    def _write_item(self, item: Item) -> int:
        prose = Prose(self.seed, item.id)
        texts = self._texts(item, prose)
        folder = f"alerts/{item.day.year}"
        if self.pelican:
            return sum(self._pelican_item(item, folder, texts, lang) for lang in ("en", *item.translations))
        written = self._file(f"{folder}/{item.id}.md", self._front(item, texts, prose), texts.body["en"])
        for lang in item.translations:
            front = [f"lang: {lang}", f"title: {_quote(texts.title[lang])}"]
            if prose.rng.random() < 0.7:
                front.append(f"summary: {_quote(prose.sentence(FOREIGN_WORDS[lang].split()))}")
            if item.appeal:
                front += self._appeal(item, texts.letter[lang], prose, lang)
            written += self._file(f"{folder}/{item.id}.{lang}.md", front, texts.body[lang])
        return written

    def _front(self, item: Item, texts: Texts, prose: Prose) -> list[str]:
        rng, vocab = prose.rng, self.a.vocab
        front = [f"type: {item.type}", f"title: {_quote(texts.title['en'])}", f"date: {item.day.isoformat()}"]
        if rng.random() < 0.05:
            front.append(f"updated: {(item.day + timedelta(days=rng.randint(0, 5))).isoformat()}")
        front.append(
            f"country: [{', '.join(_quote(c) for c in item.countries)}]" if item.countries else "region: global"
        )
        front.append(f"member: {item.member}")
        if item.type == "joint-action":
            others = [m["slug"] for m in self.a.members if m["slug"] != item.member]
            front.append("co_signers: [" + ", ".join(sorted(rng.sample(others, k=rng.randint(2, 5)))) + "]")
        if item.case:
            front.append(f"case: {item.case}")
        if item.case_status:
            front.append(f"case_status: {item.case_status}")
        if item.draft:
            front.append("status: draft")
        violations = rng.sample([t.slug for t in vocab.violations], k=rng.randint(1, 3))
        front.append("violations: [" + ", ".join(violations) + "]")
        if texts.victims:
            front.append("victims:")
            for name, role in texts.victims:
                front += [f"  - name: {_quote(name)}", f"    role: {role}"]
                if rng.random() < 0.5:
                    front.append(f"    outlet: {_quote(rng.choice(OUTLETS))}")
        front.append(f"perpetrator: {rng.choice([t.slug for t in vocab.perpetrators])}")
        if rng.random() < 0.6:
            front.append(f"summary: {_quote(' '.join(prose.sentence() for _ in range(2))[:580])}")
        if item.appeal:
            front += self._appeal(item, texts.letter["en"], prose, "en")
        if rng.random() < 0.3:
            front += ["sources:", f"  - title: {_quote(prose.sentence())}", f'    url: "https://example.org/{item.id}"']
        return front

    def _deadline(self, item: Item) -> date:
        """Recent appeals are still open on the tests' "today"; old ones closed."""
        if (TODAY - item.day).days < 60:
            return TODAY + timedelta(days=14 + (item.day.toordinal() % 40))
        return item.day + timedelta(days=14 + (item.day.toordinal() % 60))

    def _appeal(self, item: Item, letter: str, prose: Prose, lang: str) -> list[str]:
        """Deadline, copy_to and the number of addressees depend on the item
        only, so every translation of an appeal agrees with its original."""
        pool = WORDS if lang == "en" else FOREIGN_WORDS[lang].split()
        lines = ["appeal:", f"  deadline: {self._deadline(item).isoformat()}", "  asks:"]
        lines += [f"    - {_quote(prose.sentence(pool))}" for _ in range(prose.rng.randint(1, 3))]
        lines.append("  addressees:")
        for i in range(1 + item.day.toordinal() % 2):
            lines += [
                f"    - name: {_quote(prose.person())}",
                f"      title: {_quote(prose.sentence(pool)[:-1][:80])}",
                f'      email: "office{i}@authority{item.day.year}.example"',
            ]
        lines.append("  letter: |")
        lines += [f"    {line}" if line else "" for line in letter.rstrip("\n").split("\n")]
        lines.append(f"  copy_to: [{item.member}]")
        return lines

    def _pelican_item(self, item: Item, folder: str, texts: Texts, lang: str) -> int:
        tags = [*item.countries, *(["global"] if item.region else [])]
        front = [
            f"Title: {texts.title[lang]}",
            f"Date: {item.day.isoformat()} 12:00",
            f"Category: {item.type}",
            f"Tags: {', '.join(tags)}",
            f"Slug: {item.id}",
            f"Lang: {lang}",
        ]
        if item.draft:
            front.append("Status: draft")
        body = texts.body[lang]
        if lang in texts.letter:
            body += "\n## Appeal\n\n" + texts.letter[lang]
        name = f"{item.id}.md" if lang == "en" else f"{item.id}.{lang}.md"
        return self._file(f"{folder}/{name}", front, body)


PAGES = (
    ("about", "About this site"),
    ("clearing-house", "The Clearing House"),
    ("action-alert-network", "The Action Alert Network"),
    ("outreach", "Outreach"),
)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar: every value stays text (the spec's YAML)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(
    alerts: int, out: Path, seed: int = 1, pelican: bool = False, body_words: tuple[int, int] = BODY_WORDS
) -> int:
    """Write the archive into `out`; return the number of files written."""
    archive = Archive(alerts, seed)
    return Writer(archive, out, seed, pelican, body_words).write()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, required=True, help="number of original items")
    parser.add_argument("--out", type=Path, required=True, help="content folder to create (must be empty or absent)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pelican-format", action="store_true", help="stock Pelican metadata, for the baseline")
    parser.add_argument(
        "--body-words",
        type=int,
        nargs=2,
        default=BODY_WORDS,
        metavar=("LOW", "HIGH"),
        help=f"words per alert body (default {BODY_WORDS[0]} {BODY_WORDS[1]}; short archives: {SHORT_BODY_WORDS[0]} {SHORT_BODY_WORDS[1]})",
    )
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    count = generate(args.alerts, args.out, args.seed, args.pelican_format, tuple(args.body_words))
    print(f"{args.out}: {count} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
