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
  (`enrich._family_digests`).

A row whose key is not kept is made again, so a stale row cannot be
found; the bytes are those `package.csv_bytes` and `package.json_bytes`
make from the same rows (`tests/test_data_rows.py`). Without the output
record (BUILD_CACHE off, no atomic_output) nothing is kept, nor when the
files are written in the build's own process (above FEEDS_CHILD_MAX_ALERTS:
the kept rows cost memory, about 56 MB at 10,000 alerts).
"""

from __future__ import annotations

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

FORMAT = 1  # of the kept rows; a different one is ignored
KEPT = 8  # output folders whose rows are kept (tests build into many)


def data_files(site: Site, config: DataSettings, reuse: OutputReuse, *, keep: bool = True) -> dict[str, bytes]:
    """The CSV and JSON files' bytes, each row taken from the last build when its key is the same
    (`keep` False: every row made here, nothing read or stored)."""
    store = _store(reuse) if keep else None
    old = _load(store) if store is not None else {}
    new: dict[str, tuple[str, str]] = {}
    salt = fingerprint.digest(str(FORMAT), reuse.site_key, repr(config))
    digest = fingerprint.digest
    for alert in published(site):
        key = digest(salt, alert.url, alert.digest)
        row = old.get(key)
        if row is None:
            row = row_texts(record(alert, config))
        new[key] = row
    if store is not None and new.keys() != old.keys():
        _save(store, new)
    del old
    header = _csv_line([c.name for c in COLUMNS])
    rows = list(new.values())
    csv_text = header + "".join(line for line, _ in rows)
    json_text = "[\n" + ",\n".join(obj for _, obj in rows) + "\n]\n" if rows else "[]\n"
    return {CSV: csv_text.encode("utf-8-sig"), JSON: json_text.encode()}


def row_texts(row: dict) -> tuple[str, str]:
    """One row as its CSV line (with its CRLF) and its JSON object, as package.py writes them."""
    return _csv_line([csv_cell(c, row[c.name]) for c in COLUMNS]), json.dumps(
        row, ensure_ascii=False, separators=(",", ":")
    )


def _csv_line(cells: list) -> str:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerow(cells)
    return text.getvalue()


def _store(reuse: OutputReuse) -> Path | None:
    if not reuse.enabled or reuse.record is None:
        return None
    return reuse.record.with_name("data-rows-" + reuse.record.stem.removeprefix("output-") + ".pickle")


def _load(store: Path) -> dict[str, tuple[str, str]]:
    try:
        with store.open("rb") as file:  # streamed: the file is about 2 KB per alert
            data = render_cache.load(file)
    except Exception:  # missing, damaged, or naming a class: make every row
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("rows"), dict):
        return {}
    return data["rows"]


def _save(store: Path, rows: dict[str, tuple[str, str]]) -> None:
    """Written whole, then renamed: a build that stops half-way leaves the old file or none."""
    store.parent.mkdir(parents=True, exist_ok=True)
    partial = store.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as file:
        pickle.dump({"format": FORMAT, "rows": rows}, file, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(store)
    stores = sorted(store.parent.glob("data-rows-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in stores[KEPT:]:
        stale.unlink(missing_ok=True)
