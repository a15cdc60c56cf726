"""What tests/test_feeds.py needs to look at feeds the way readers and validators do.

Nothing here imports the plugin: expectations are worked out again from the
content files and the data folder, so a test can disagree with the build.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pycountry
import yaml
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("en", "fr", "es", "ar", "ru")
FORMATS = ("atom", "rss")
AUTHORITY = "freeexpression.example,2026"
MAX_BYTES = 250_000
MAX_ITEMS = 10  # FEED_MAX_ITEMS by default
MAX_ITEMS_BY_KIND = {
    "all": 20,
    "appeals": 20,
    "countries": 5,
    "members": 5,
    "cases": 1,
}  # FEED_MAX_ITEMS_BY_KIND by default


# -- the content, read again ---------------------------------------------------


@dataclass
class Source:
    """One published original as its front matter says."""

    id: str
    date: datetime
    updated: datetime
    countries: list[str]
    regions: list[str]
    members: list[str]  # issuer first, then co-signers
    case: str | None
    violations: list[str]
    deadline: date | None
    type: str
    title: str
    lang: str
    translations: dict[str, dict] = field(default_factory=dict)  # lang -> front matter

    @property
    def sort_key(self) -> tuple:
        return (-self.date.timestamp(), self.id)


def front_matter(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head) or {}, body


def moment(value) -> datetime:
    """A front-matter time as the contract reads it, in the tests' zone (UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def regions_of(data: Path) -> dict[str, str]:
    """Country code -> region slug, from data/regions.yaml."""
    terms = yaml.safe_load((data / "regions.yaml").read_text(encoding="utf-8"))["terms"]
    return {code: slug for slug, term in terms.items() for code in term.get("countries") or ()}


def vocabulary(data: Path, name: str) -> list[str]:
    return list(yaml.safe_load((data / "vocabularies" / f"{name}.yaml").read_text(encoding="utf-8"))["terms"])


def sources(content: Path, data: Path) -> dict[str, Source]:
    """Every published original; translations named <id>.<lang>.md (the spec's suggestion)."""
    region = regions_of(data)
    found: dict[str, Source] = {}
    translated: list[tuple[str, str, dict]] = []
    for path in sorted((content / "alerts").rglob("*.md")):
        meta, _ = front_matter(path)
        stem, _, suffix = path.stem.rpartition(".")
        if stem and suffix in LANGS:
            translated.append((meta.get("id", stem), suffix, meta))
            continue
        if meta.get("status") == "draft":
            continue
        countries = meta.get("country", [])
        countries = [countries] if isinstance(countries, str) else list(countries)
        published = moment(meta["date"])
        found[meta.get("id", path.stem)] = Source(
            id=meta.get("id", path.stem),
            date=published,
            updated=moment(meta["updated"]) if "updated" in meta else published,
            countries=countries,
            regions=list(dict.fromkeys(region[c] for c in countries)) or [meta["region"]],
            members=[meta["member"], *meta.get("co_signers", [])],
            case=meta.get("case"),
            violations=list(meta["violations"]),
            deadline=(meta.get("appeal") or {}).get("deadline"),
            type=meta["type"],
            title=meta["title"],
            lang=meta.get("lang", "en"),
        )
    for key, lang, meta in translated:
        if key in found:
            found[key].translations[lang] = meta
    return found


def expected_feeds(
    content: Path, data: Path, today: date, cap: int = MAX_ITEMS, caps: dict[str, int] = MAX_ITEMS_BY_KIND
) -> dict[str, list[str]]:
    """Feed name (as in feeds/<name>.atom) -> the alert ids it must carry, newest first."""
    alerts = sorted(sources(content, data).values(), key=lambda s: s.sort_key)
    feeds: dict[str, list[str]] = {"all": [], "appeals": []}
    feeds.update({f"regions/{r}": [] for r in yaml.safe_load((data / "regions.yaml").read_text())["terms"]})
    feeds.update({f"countries/{c.alpha_2.lower()}": [] for c in pycountry.countries})
    feeds.update({f"topics/{v}": [] for v in vocabulary(data, "violations")})
    feeds.update({f"members/{p.stem}": [] for p in (content / "members").glob("*.md")})
    for alert in alerts:
        names = ["all"] + [f"regions/{r}" for r in alert.regions]
        names += [f"countries/{c.lower()}" for c in alert.countries]
        names += [f"topics/{v}" for v in alert.violations] + [f"members/{m}" for m in alert.members]
        names += [f"cases/{alert.case}"] if alert.case else []
        names += ["appeals"] if alert.deadline and alert.deadline >= today else []
        for name in dict.fromkeys(names):
            feeds.setdefault(name, []).append(alert.id)
    return {name: ids[: caps.get(name.split("/")[0], cap)] for name, ids in feeds.items()}


def entry_id(alert_id: str) -> str:
    return f"tag:{AUTHORITY}:alerts/{alert_id}"


def feed_path(name: str, lang: str, fmt: str) -> str:
    return ("" if lang == "en" else f"{lang}/") + f"feeds/{name}.{fmt}"


# -- feeds, read as a reader does ----------------------------------------------


@dataclass
class Item:
    id: str
    title: str
    lang: str
    updated: str
    published: str
    page: str
    content: str  # "" when there is none
    has_content: bool  # Atom <content>, RSS content:encoded
    summary: str  # Atom <summary>, RSS <description>
    categories: list[tuple[str, str, str]]  # (term or text, scheme or domain, label)
    links: list[dict]


@dataclass
class Feed:
    path: Path
    fmt: str
    root: etree._Element
    id: str
    lang: str
    updated: str
    self_link: str | None
    page: str
    hub: str | None
    items: list[Item]

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.items]


def read_feed(path: Path) -> Feed:
    root = etree.parse(str(path)).getroot()
    return _atom(path, root) if path.suffix == ".atom" else _rss(path, root)


def _atom(path: Path, root) -> Feed:
    links = [dict(link.attrib) for link in root.findall(f"{ATOM}link")]
    items = []
    for entry in root.findall(f"{ATOM}entry"):
        entry_links = [dict(link.attrib) for link in entry.findall(f"{ATOM}link")]
        items.append(
            Item(
                id=entry.findtext(f"{ATOM}id"),
                title=entry.findtext(f"{ATOM}title"),
                lang=entry.get(XML_LANG) or root.get(XML_LANG),
                updated=entry.findtext(f"{ATOM}updated"),
                published=entry.findtext(f"{ATOM}published"),
                page=next((x["href"] for x in entry_links if x.get("rel", "alternate") == "alternate"), ""),
                content=entry.findtext(f"{ATOM}content") or "",
                has_content=entry.find(f"{ATOM}content") is not None,
                summary=entry.findtext(f"{ATOM}summary") or "",
                categories=[(c.get("term"), c.get("scheme"), c.get("label")) for c in entry.findall(f"{ATOM}category")],
                links=entry_links,
            )
        )
    return Feed(
        path=path,
        fmt="atom",
        root=root,
        id=root.findtext(f"{ATOM}id"),
        lang=root.get(XML_LANG),
        updated=root.findtext(f"{ATOM}updated"),
        self_link=next((x["href"] for x in links if x.get("rel") == "self"), None),
        page=next((x["href"] for x in links if x.get("rel", "alternate") == "alternate"), ""),
        hub=next((x["href"] for x in links if x.get("rel") == "hub"), None),
        items=items,
    )


def _rss(path: Path, root) -> Feed:
    channel = root.find("channel")
    links = [dict(link.attrib) for link in channel.findall(f"{ATOM}link")]
    items = [
        Item(
            id=item.findtext("guid"),
            title=item.findtext("title"),
            lang=item.get(XML_LANG) or channel.findtext("language"),
            updated="",
            published=item.findtext("pubDate"),
            page=item.findtext("link"),
            content=item.findtext(f"{CONTENT}encoded") or "",
            has_content=item.find(f"{CONTENT}encoded") is not None,
            summary=item.findtext("description") or "",
            categories=[(c.text, c.get("domain"), c.text) for c in item.findall("category")],
            links=[],
        )
        for item in channel.findall("item")
    ]
    return Feed(
        path=path,
        fmt="rss",
        root=root,
        id="",
        lang=channel.findtext("language"),
        updated=channel.findtext("lastBuildDate"),
        self_link=next((x["href"] for x in links if x.get("rel") == "self"), None),
        page=channel.findtext("link"),
        hub=next((x["href"] for x in links if x.get("rel") == "hub"), None),
        items=items,
    )


def feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in (".atom", ".rss"))


# -- the W3C feed validator's rules ----------------------------------------------

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$")
RELATIVE_REF = re.compile(r'\s(?:href|src)="(?![a-z][a-z0-9+.-]*:)([^"]*)"')
LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def w3c_problems(feed: Feed, address: str) -> list[str]:
    """The rules feedvalidator.org applies that a schema cannot express."""
    problems = []
    say = problems.append
    if feed.self_link != address:
        say(f"self link {feed.self_link!r} is not the document's address {address!r}")
    if not re.match(r"^https?://", feed.page or ""):
        say(f"the feed's page link {feed.page!r} is not an absolute address")
    if not LANGUAGE.match(feed.lang or ""):
        say(f"language {feed.lang!r}")
    ids = [i.id for i in feed.items]
    if len(ids) != len(set(ids)):
        say("duplicate entry ids")
    date_rule = RFC3339 if feed.fmt == "atom" else RFC822
    if not date_rule.match(feed.updated or ""):
        say(f"feed date {feed.updated!r}")
    if feed.fmt == "atom":
        problems += _atom_rules(feed)
    else:
        problems += _rss_rules(feed)
    for item in feed.items:
        if not TAG_URI.match(item.id or ""):
            say(f"id {item.id!r} is not a tag: URI")
        for stamp in (item.published, item.updated) if feed.fmt == "atom" else (item.published,):
            if not date_rule.match(stamp or ""):
                say(f"{item.id}: date {stamp!r}")
        if not re.match(r"^https?://", item.page or ""):
            say(f"{item.id}: page link {item.page!r} is not absolute")
        if RELATIVE_REF.search(item.content):
            say(f"{item.id}: relative address in content: {RELATIVE_REF.search(item.content).group(1)!r}")
        if not item.title:
            say(f"{item.id}: no title")
        for term, scheme, _label in item.categories:
            if not term or not scheme:
                say(f"{item.id}: category without a scheme")
    return problems


def _atom_rules(feed: Feed) -> list[str]:
    problems = []
    root = feed.root
    if not feed.id or not TAG_URI.match(feed.id):
        problems.append(f"feed id {feed.id!r}")
    self_types = [x.get("type") for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    if self_types != ["application/atom+xml"]:
        problems.append(f"self link types {self_types}")
    has_author = root.find(f"{ATOM}author") is not None
    newest = max((i.updated for i in feed.items), default=None)
    if newest and _rfc3339(feed.updated) < _rfc3339(newest):
        problems.append("the feed's updated is older than an entry's")
    for entry, item in zip(root.findall(f"{ATOM}entry"), feed.items, strict=True):
        alternates = [
            (x.get("type"), x.get("hreflang")) for x in item.links if x.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{item.id}: two alternate links with the same type and hreflang")
        if not has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{item.id}: no author")
        if _rfc3339(item.published) > _rfc3339(item.updated):
            problems.append(f"{item.id}: published after updated")
        content = entry.find(f"{ATOM}content")
        if content is None:  # RFC 4287 4.1.1.1, and a reader needs something to show
            if not [x for x in item.links if x.get("rel", "alternate") == "alternate"]:
                problems.append(f"{item.id}: no content and no alternate link")
            if not item.summary.strip():
                problems.append(f"{item.id}: no content and no summary")
        elif content.get("type") not in ("html", "text", "xhtml"):
            problems.append(f"{item.id}: content type {content.get('type')!r}")
    return problems


def _rss_rules(feed: Feed) -> list[str]:
    problems = []
    channel = feed.root.find("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no {name}")
    self_types = [x.get("type") for x in channel.findall(f"{ATOM}link") if x.get("rel") == "self"]
    if self_types != ["application/rss+xml"]:
        problems.append(f"self link types {self_types}")
    for item in channel.findall("item"):
        guid = item.find("guid")
        if guid is None or guid.get("isPermaLink") != "false":
            problems.append(f'{item.findtext("title")}: guid must say isPermaLink="false" (a tag: URI)')
        if item.find(f"{CONTENT}encoded") is None and not (item.findtext("description") or "").strip():
            problems.append(f"{item.findtext('title')}: no content:encoded and no description")
        author = item.findtext("author")
        if author is not None and "@" not in author:
            problems.append(f"{item.findtext('title')}: author is not an e-mail address")
    problems += _rss_plain_text_rules(feed.path.read_text(encoding="utf-8"))
    return problems


# RSS elements whose content is plain text, not HTML (the validator's `nonhtml`,
# and the summary in <description>).
RSS_PLAIN_TEXT = re.compile(r"<(title|description|category|dc:creator|dc:contributor)(?:\s[^>]*)?>([^<]*)</\1>")
NAMED_MARKUP_REFERENCE = re.compile(r"&(amp|lt|gt);")


def _rss_plain_text_rules(xml: str) -> list[str]:
    """The validator's CharacterData warning (RSS Profile): in plain text, "&"
    and "<" are written as hexadecimal character references (&#x26; &#x3C;),
    the one form every aggregator reads as text rather than markup."""
    return [
        f"<{name}> {text[:60]!r}: encode & < > as &#x26; &#x3C; &#x3E;"
        for name, text in RSS_PLAIN_TEXT.findall(xml)
        if NAMED_MARKUP_REFERENCE.search(text)
    ]


def _rfc3339(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def rfc822(text: str) -> datetime:
    return parsedate_to_datetime(text)


# -- the Atom schema (RFC 4287 appendix B) ---------------------------------------


def atom_schema(folder: Path) -> etree.RelaxNG:
    """tests/fixtures/atom.rnc converted with trang (Debian's), as lxml reads XML syntax only."""
    target = folder / "atom.rng"
    subprocess.run(
        ["trang", str(Path(__file__).parent / "fixtures" / "atom.rnc"), str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return etree.RelaxNG(etree.parse(str(target)))


# -- a WebSub hub on 127.0.0.1 ---------------------------------------------------


class Hub:
    """Records the publish notifications it receives; answers 204 like a hub."""

    def __init__(self) -> None:
        self.received: list[dict[str, list[str]]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                hub.received.append(parse_qs(self.rfile.read(length).decode("ascii")))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hub"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- newsboat, a real reader -----------------------------------------------------


@dataclass
class Reading:
    feeds: dict[str, str]  # feed address -> title
    items: dict[str, tuple[str, str, str]]  # guid -> (title, page, feed address)
    log: str
    returncodes: list[int]


def newsboat(folder: Path, *, opml: Path | None = None, urls: list[str] = ()) -> Reading:
    """Subscribe as a person would (an OPML import, or addresses), reload once, read the cache."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "urls").write_text("".join(f"{u}\n" for u in urls), encoding="utf-8")
    (folder / "config").write_text("reload-threads 4\ndownload-timeout 20\ndownload-retries 1\n", encoding="utf-8")
    base = ["newsboat", "-u", str(folder / "urls"), "-C", str(folder / "config"), "-c", str(folder / "cache.db")]
    environment = {"HOME": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"}
    codes = []
    if opml is not None:
        codes.append(_run([*base, "-i", str(opml)], environment))
    codes.append(_run([*base, "-x", "reload", "-l", "4", "-d", str(folder / "log.txt")], environment))
    with sqlite3.connect(folder / "cache.db") as db:
        feeds = dict(db.execute("select rssurl, title from rss_feed"))
        items = {
            guid: (title, url, feed)
            for guid, title, url, feed in db.execute("select guid, title, url, feedurl from rss_item")
        }
    return Reading(feeds, items, (folder / "log.txt").read_text(encoding="utf-8", errors="replace"), codes)


def _run(command: list[str], environment: dict[str, str]) -> int:
    assert shutil.which(command[0]), "newsboat is missing: run tools/install-test-tools"
    return subprocess.run(
        command, env=environment, capture_output=True, timeout=300, stdin=subprocess.DEVNULL
    ).returncode


def feed_url_path(url: str) -> str:
    return urlsplit(url).path


# -- a content folder that exercises what the demo does not ----------------------

LINKS_ALERT = """---
type: alert
title: "Ghana: Newspaper's cameras & <notes> seized in Tamale"
date: 2026-06-10
country: GH
member: test-press-union
violations: [attack-on-property, censorship]
appeal:
  deadline: 2027-01-31
  asks:
    - Return the equipment.
  addressees:
    - name: Kwame Example
      title: Regional Police Commander
---
Police seized the cameras of [The Test Weekly](../gh-editor-detained/) after its
[earlier appeal](../gh-editor-detained/#appeal-heading); see the [about page](/about/),
the [details below](#details) and [the ministry's statement](https://ministry.example/s?a=1&b=2).

![A seized camera](images/camera.jpg)
"""

JOINT_ALERT = """---
type: joint-action
title: Members condemn threats against reporters in Accra and Oslo
date: 2026-06-01T09:30:00-05:00
updated: 2026-06-02T08:00:00+02:00
country: [GH, "NO"]
member: test-press-union
co_signers: [nordic-test-council]
violations: [threat, harassment]
summary: Two members condemn coordinated threats.
---
Reporters in two countries received the same threats.
"""


def feeds_content(minimal: Path, target: Path) -> Path:
    """The minimal fixture plus an alert with relative links, an image and an
    open appeal, and a joint action in two countries with times in two zones."""
    shutil.copytree(minimal, target)
    (target / "alerts" / "2026" / "gh-links-and-images.md").write_text(LINKS_ALERT, encoding="utf-8")
    (target / "alerts" / "2026" / "joint-accra-oslo.md").write_text(JOINT_ALERT, encoding="utf-8")
    return target


def edit_body_and_rename(content: Path, target: Path) -> Path:
    """A copy where an editor fixed a body without setting `updated`, and a file
    was renamed (its `id` kept in the front matter): neither is news."""
    shutil.copytree(content, target)
    edited = target / "alerts" / "2026" / "gh-links-and-images.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA typo fixed, and one more sentence.\n", encoding="utf-8")
    renamed = target / "alerts" / "2026" / "gh-editor-released.md"
    text = renamed.read_text(encoding="utf-8").replace("---\n", "---\nid: gh-editor-released\n", 1)
    (target / "alerts" / "2026" / "2026-03-20-bail.md").write_text(text, encoding="utf-8")
    renamed.unlink()
    return target
