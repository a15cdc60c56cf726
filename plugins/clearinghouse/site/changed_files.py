"""Which content files changed since the kept site (kept.py), and what they make of it.

A changed alert whose front matter is the one the site was made from gets
what its body gives (`enrich`'s own rules); a new alert file whose id no
other file has, or a changed one with new front matter and no translation,
is validated as `validate` would and linked with the kept site's records
(`linking.link`). Anything else, or a problem, says: read every file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clearinghouse.build import snapshot
from clearinghouse.content.entries import Entries, Entry
from clearinghouse.content.problems import Problems
from clearinghouse.content.read import KINDS, content_files
from clearinghouse.content.records import Alert
from clearinghouse.content.validate import check_new_original
from clearinghouse.site import markup
from clearinghouse.site.enrich import Render, Site, appeal_open, file_digest_of, new_alert
from clearinghouse.site.images import check_images
from clearinghouse.site.linking import family_digests, link

if TYPE_CHECKING:
    from clearinghouse.site.kept import Reading

# path -> (kind, stat or None: hash it first, read key, front matter digest, repr of its status)
File = tuple[str, "snapshot.Stat | None", bytes, str, str]
# what a body gives an alert: body_html, summary, summary_opens_body, file_digest
Made = tuple[str, str, bool, str]


class ChangedFiles:
    """The kept site's files, and the alerts made again from changed bodies."""

    def __init__(self, files: dict[str, File], reading: Reading) -> None:
        self.files = files
        self.reading = reading
        self.bodies: dict[str, tuple[dict, str]] = {}  # by path: a changed alert's values and body
        self.added: dict[str, tuple[Entry, File]] = {}  # by path: a new alert file's entry and record
        self.remade: dict[str, tuple[Entry, File]] = {}  # by path: the same for an alert with new front matter
        self.new_day = False  # the kept site was made on another day: its open appeals made again
        self.made: dict[str, Made] = {}  # by path: made again in this build
        self.restat: dict[str, File] = {}  # same bytes, a new stat

    def seen(self, patch: dict[str, tuple[File, Made | None]]) -> bool:
        """Compare this build's files with the kept site's (and its patch's): False, read them all."""
        for path, (file, _) in patch.items():
            if path in self.files:
                self.files[path] = file
        listed = {
            path: (kind, stat) for kind, folder in KINDS for path, stat in content_files(self.reading.content / folder)
        }
        if self.files.keys() - listed.keys():
            return False  # a file removed
        for path, (kind, result) in listed.items():
            stat = snapshot.stat_of(result)
            if not (self._see(path, stat) if path in self.files else self._new(path, kind, stat)):
                return False
        return True

    def _new(self, path: str, kind: str, stat: snapshot.Stat) -> bool:
        """A file the kept site was not made with: an alert on its own, or read them all."""
        data = _bytes(path)
        entry = self._entry(path, kind, data) if kind == "alert" and data is not None else None
        if entry is None or entry.named_as_translation:
            return False
        key = entry.source
        self.added[path] = (entry, (kind, snapshot.trusted(stat, self.reading.started_ns), key, entry.doc.front, ""))
        return True

    def _entry(self, path: str, kind: str, data: bytes) -> Entry | None:
        """A changed or new file's entry (its `source`: the read key), if it has no problem of its own."""
        reading = self.reading
        result = reading.reader.result(Path(path), kind, data)
        entry = result.entry
        if entry is None or result.problems:
            return None
        problems = Problems(root=reading.problems.root)
        check_images(Entries(alerts=[entry], members=[], pages=[], broken=set()), problems, reading.content)
        return None if problems else entry

    def _see(self, path: str, stat: snapshot.Stat) -> bool:
        kind, kept_stat, key, front, status = self.files[path]
        if kept_stat == stat:
            return True
        reading = self.reading
        data = _bytes(path)
        if data is None:
            return False
        new_key = reading.reader.key(path, kind, data)
        trusted = snapshot.trusted(stat, reading.started_ns)
        if new_key == key:
            self.files[path] = self.restat[path] = (kind, trusted, key, front, status)
            return True
        entry = self._entry(path, kind, data) if kind == "alert" else None
        if entry is None:
            return False  # not an alert, or a problem: read every file, which reports it
        if entry.doc.front != front:  # a new record: made and linked again, if no other file is concerned
            if entry.named_as_translation:
                return False
            self.remade[path] = (entry, (kind, trusted, new_key, entry.doc.front, ""))
            return True
        self.files[path] = (kind, trusted, new_key, front, status)
        self.bodies[path] = (entry.values, entry.doc.body)
        return True

    def made_in(self, site: Site, patch: dict[str, tuple[File, Made | None]], render: Render) -> Site | None:
        """`site` with the patch's and this build's bodies, new alerts and this build's day: None, read every file."""
        by_path = {str(a.source_path): a for a in (*site.alerts, *site.drafts, *site.translations)}
        patched = False
        for path, (_, made) in patch.items():
            if made is not None and path in by_path:
                _set(by_path[path], made)
                patched = True
        if not self.bodies.keys() <= by_path.keys():
            return None
        for path in sorted(self.bodies, key=lambda path: by_path[path].original is not None):  # originals first
            alert = by_path[path]
            values, body = self.bodies[path]
            made = self._made(alert, values, body, self.files[path], render)
            if made is None:
                return None
            self.made[path] = made
            _set(alert, made)
        if site.today != self.reading.today:  # a new day: which appeals are open
            self.new_day = True
            for alert in (*site.alerts, *site.drafts, *site.translations):
                if alert.appeal is not None:
                    alert.appeal.is_open = appeal_open(alert.appeal.deadline, self.reading.today)
        if self.added or self.remade or self.new_day:
            return self._relinked(site, render, by_path)
        if patched or self.made:
            family_digests([*site.alerts, *site.drafts], site.cases)
        return site

    def _relinked(self, site: Site, render: Render, by_path: dict[str, Alert]) -> Site | None:
        """The site linked again with new alerts and alerts whose front matter changed,
        each validated as `validate` would, or None (read every file).

        Only records no other file is checked against: an id no other file
        has, and no translation (`validate` compares a translation's fields
        with its original's); a changed alert keeps its id. Their rules are
        then `check_new_original`'s."""
        ids = {a.id for a in (*site.alerts, *site.drafts, *site.translations)}
        members = set(site.members)
        replaced = set()
        for path, (entry, _) in self.remade.items():
            old = by_path.get(path)
            if old is None or old.original is not None or old.translations or entry.key != old.id:
                return None
            replaced.add(id(old))
            ids.discard(old.id)
        new = []
        for path, (entry, file) in [*self.remade.items(), *self.added.items()]:
            problems = Problems(root=self.reading.problems.root)
            if entry.key in ids:
                return None
            ids.add(entry.key)
            check_new_original(entry, members, problems, site.vocab)
            if problems:
                return None
            new.append(new_alert(entry, site.vocab, site.members, render, self.reading.today))
            self.files[path] = (*file[:4], repr(entry.values.get("status")))
        originals = [a for a in (*site.alerts, *site.drafts) if id(a) not in replaced]
        return link(
            [*originals, *new],
            site.translations,
            members=site.members,
            pages=site.pages,
            vocab=site.vocab,
            today=self.reading.today,
            languages=site.languages,
        )

    def _made(self, alert: Alert, values: dict, body: str, file: File, render: Render) -> Made | None:
        """What `enrich` makes of this body for `alert`; None where it would need another file."""
        if alert.original is None:
            translations = alert.translations.values()
            # a translation without its own body or summary shows the original's
            if any(t.body_html == alert.body_html or t.summary == alert.summary for t in translations):
                return None
        elif str(alert.original.source_path) in self.made:
            return None  # checked against its original's new texts, not the ones it was made with
        body_html = render(body)
        if alert.original is not None and not body_html:
            return None  # it would show the original's body
        opening = markup.first_paragraph_text(body_html)
        summary = values.get("summary") or opening
        if not summary:
            return None  # a translation's falls back to the original's
        _, _, key, _, status = file
        return body_html, summary, summary == opening, file_digest_of(key, status)

    def records(self, patch: dict[str, tuple[File, Made | None]]) -> dict[str, tuple[File, Made | None]]:
        """The patch to keep: the last one's records, this build's over them."""
        records = dict(patch)
        for path, file in self.restat.items():  # a file made again earlier keeps what it made
            records[path] = (file, records.get(path, (file, None))[1])
        for path, made in self.made.items():
            records[path] = (self.files[path], made)
        return records


def _set(alert: Alert, made: Made) -> None:
    alert.body_html, alert.summary, alert.summary_opens_body, alert.file_digest = made


def _bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None
