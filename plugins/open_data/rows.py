"""/data/alerts.csv and /data/alerts.json joined from rows kept between builds.

Both files show every published alert, so any new or edited alert writes
them again. Making a row (its values, a CSV line, a JSON object) is about
60 µs, 0.6 s of CPU at 10,000 alerts on every rebuild that changes an
alert, for one changed row. So each alert's CSV line and JSON object are
kept in the build cache folder (`data-rows-<output>.pickle`, beside the
output record of `clearinghouse/publish/reuse.py`) under a key of everything the
row is made of:

- the output record's site key: the code (this plugin included), `data/`,
  the library versions, the settings (SITEURL, the licence), members and
  pages (`reuse.site_key`);
- this module's format and the data settings;
- the alert's address and digest: its file and its translations' files
  (the `translations` column), or every file of its case
  (`linking.family_digests`).

A row whose key is not kept is made again, so a stale row cannot be
found; the bytes are those `package.csv_bytes` and `package.json_bytes`
make from the same rows (`tests/test_data_rows.py`). Without the output
record (BUILD_CACHE off, no atomic_output) nothing is kept, nor when the
files are written in the build's own process (above FEEDS_CHILD_MAX_ALERTS:
the kept rows cost memory, about 56 MB at 10,000 alerts).

The rows are kept as a *base* (every row, about 19 MB at 10,000 alerts)
and a small *delta* beside it (`data-rows-<output>.delta.pickle`: the rows
the base lacks), as the entries snapshot is (clearinghouse/build/snapshot.py):
writing the whole base after each edit was 0.07-0.1 s of CPU on every
rebuild. The base is written again when the delta and the base's unused
rows together pass 5% of the archive (at least 256 rows). A row's key is
its alert's address and digest; what every row depends on besides (the
site key, the data settings, this format) is the *salt*, stored in both
files: a file with another salt is ignored.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import pickle
from pathlib import Path

from clearinghouse.build import render_cache
from clearinghouse.publish.reuse import OutputReuse
from clearinghouse.site import fingerprint
from clearinghouse.site.enrich import Site

from .config import DataSettings
from .package import CSV, JSON, csv_cell
from .table import COLUMNS, published, record

FORMAT = 2  # of the kept rows; a different one is ignored
KEPT = 8  # output folders whose rows are kept (tests build into many)
REWRITE_SHARE = 0.05  # of the archive's rows: past this many in the delta or unused, a new base
REWRITE_AT_LEAST = 256

Rows = dict[str, tuple[bytes, bytes]]


def data_files(site: Site, config: DataSettings, reuse: OutputReuse, *, keep: bool = True) -> dict[str, bytes]:
    """The CSV and JSON files' bytes, each row taken from the last build when its key is the same
    (`keep` False: every row made here, nothing read or stored)."""
    store = _store(reuse) if keep else None
    salt = fingerprint.digest(str(FORMAT), reuse.site_key, repr(config))
    base, delta = (_load(store, salt), _load(_delta(store), salt)) if store is not None else ({}, {})
    keys: list[str] = []
    rows: list[tuple[bytes, bytes]] = []
    fresh: Rows = {}  # rows the base lacks: made here, or taken from the delta
    for alert in published(site):
        key = f"{alert.url}#{alert.digest}"
        row = base.get(key)
        if row is None:
            row = delta.get(key) or row_texts(record(alert, config))
            fresh[key] = row
        keys.append(key)
        rows.append(row)
    if store is not None:
        _remember(store, salt, base, delta, fresh, keys, rows)
    del base, delta
    # joined as UTF-8 bytes: joining the texts (mostly not ASCII) and encoding them
    # after was 0.07 s at 10,000 alerts, the bytes' join a tenth of that
    header = codecs.BOM_UTF8 + _csv_line([c.name for c in COLUMNS]).encode()
    csv_bytes = header + b"".join(line for line, _ in rows)
    json_bytes = b"[\n" + b",\n".join(obj for _, obj in rows) + b"\n]\n" if rows else b"[]\n"
    return {CSV: csv_bytes, JSON: json_bytes}


def _remember(store: Path, salt: str, base: Rows, delta: Rows, fresh: Rows, keys: list[str], rows: list) -> None:
    """Store this build's rows for the next: the delta alone while it and the base's unused rows are few."""
    unused = len(base) - (len(rows) - len(fresh))
    if unused + len(fresh) > max(REWRITE_AT_LEAST, REWRITE_SHARE * len(rows)):
        _delta(store).unlink(missing_ok=True)  # before the base: an old delta never outlives a new base
        _save(store, salt, dict(zip(keys, rows, strict=True)))
    elif fresh.keys() != delta.keys():
        _save(_delta(store), salt, fresh)


def row_texts(row: dict) -> tuple[bytes, bytes]:
    """One row as its CSV line (with its CRLF) and its JSON object, as package.py writes them, in UTF-8."""
    return _csv_line([csv_cell(c, row[c.name]) for c in COLUMNS]).encode(), json.dumps(
        row, ensure_ascii=False, separators=(",", ":")
    ).encode()


def _csv_line(cells: list) -> str:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerow(cells)
    return text.getvalue()


def _store(reuse: OutputReuse) -> Path | None:
    if not reuse.enabled or reuse.record is None:
        return None
    return reuse.record.with_name("data-rows-" + reuse.record.stem.removeprefix("output-") + ".pickle")


def _delta(store: Path) -> Path:
    return store.with_name(store.stem + ".delta.pickle")


def _load(store: Path, salt: str) -> Rows:
    try:
        with store.open("rb") as file:  # streamed: the base is about 2 KB per alert
            data = render_cache.load(file)
    except Exception:  # missing, damaged, or naming a class: make every row
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("salt") != salt:
        return {}
    rows = data.get("rows")
    return rows if isinstance(rows, dict) else {}


def _save(store: Path, salt: str, rows: Rows) -> None:
    """Written whole, then renamed: a build that stops half-way leaves the old file or none."""
    store.parent.mkdir(parents=True, exist_ok=True)
    partial = store.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as file:
        pickle.dump({"format": FORMAT, "salt": salt, "rows": rows}, file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(store)
    bases = [p for p in store.parent.glob("data-rows-*.pickle") if not p.name.endswith(".delta.pickle")]
    for stale in sorted(bases, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEPT:]:
        stale.unlink(missing_ok=True)
        _delta(stale).unlink(missing_ok=True)
