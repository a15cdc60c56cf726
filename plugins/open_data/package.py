"""The bytes of /data/alerts.csv, /data/alerts.json and /data/datapackage.json.

Deterministic: the same site and settings give the same bytes (no
timestamps; rows in a fixed order; keys in column order). The CSV is UTF-8
with a byte order mark, so that a spreadsheet opened on it by a double
click reads Arabic, Cyrillic and accented names as UTF-8 rather than the
machine's legacy code page (docs/data.md); every other reader (Python's
`utf-8-sig`, frictionless, R, pandas) skips the mark.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from clearinghouse.site.enrich import Site

from .config import DataSettings
from .table import COLUMNS, Value

CSV = "data/alerts.csv"
JSON = "data/alerts.json"
PACKAGE = "data/datapackage.json"
LIST_DELIMITER = ","  # codes and slugs never hold one; Table Schema's default


def csv_cell(column, value: Value) -> str:
    if value is None:
        return ""
    if column.is_list:
        return LIST_DELIMITER.join(value)
    if column.type == "array":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""
    return value


def csv_bytes(rows: list[dict[str, Value]]) -> bytes:
    """RFC 4180 CSV (CRLF line ends, quotes where needed), UTF-8 with a BOM."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    writer.writerows([csv_cell(c, row[c.name]) for c in COLUMNS] for row in rows)
    return text.getvalue().encode("utf-8-sig")


def json_bytes(rows: list[dict[str, Value]]) -> bytes:
    """A JSON array of one object per alert, one object a line (readable diffs, small)."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows)
    return f"[\n{lines}\n]\n".encode() if rows else b"[]\n"


def _schema(site: Site) -> dict:
    fields = []
    for column in COLUMNS:
        field: dict = {"name": column.name, "type": column.type, "description": column.description}
        if column.is_list:
            field.update(itemType="string", delimiter=LIST_DELIMITER)
        constraints: dict = {}
        if column.required:
            constraints["required"] = True
        if column.enum:
            constraints["enum"] = sorted(getattr(site.vocab, column.enum).terms)
        if column.name == "id":
            constraints["unique"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def package_bytes(site: Site, settings: DataSettings, files: dict[str, bytes]) -> bytes:
    """The Data Package: both files, their Table Schema, licence and sha256.

    No `bytes`: frictionless 5.21 counts none for a JSON resource (it parses
    it as a stream) and reports the declared size as a mismatch, so the
    package would not validate; the hash says more anyway.
    """
    schema = _schema(site)

    def resource(name: str, path: str, fmt: str, mediatype: str, **extra) -> dict:
        data = files[path]
        return {
            "profile": "tabular-data-resource",
            "name": name,
            "path": path.removeprefix("data/"),  # beside this file: the package works from a downloaded copy too
            "title": f"Alerts ({fmt.upper()})",
            "format": fmt,
            "mediatype": mediatype,
            "encoding": "utf-8",
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
            **extra,
            "schema": schema,
        }

    document = {
        "profile": "tabular-data-package",
        "name": "action-alerts",
        "title": settings.sitename,
        "description": (
            "Every published action alert of the network, one row (CSV) or object (JSON) each, "
            "in the language it was written in."
        ),
        "homepage": settings.absolute("data/"),
        "licenses": [{"name": settings.license_name, "title": settings.license_title, "path": settings.license_path}],
        "resources": [
            resource(
                "alerts-csv",
                CSV,
                "csv",
                "text/csv",
                dialect={
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
            ),
            resource("alerts-json", JSON, "json", "application/json"),
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
