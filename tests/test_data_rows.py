"""/data/ rows kept between builds (open_data/rows.py) give the bytes made from nothing.

The CSV and JSON files are joined from each alert's row, kept under a key
of the code, settings and the alert's digest; a row is made again exactly
when its key changes. The end-to-end check (a rebuild after an edit equals
a cold build, /data/ included) is tests/test_reuse.py's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DEMO_CONTENT, REPO


@pytest.fixture(scope="module")
def demo():
    from clearinghouse.pipeline import Options, build_site
    from open_data.config import DataSettings
    from pelican.settings import read_settings

    settings = {**read_settings(str(REPO / "pelicanconf.py")), "CACHE_PATH": "", "BUILD_WORKERS": 1}
    site = build_site(Options.from_settings(settings, DEMO_CONTENT))
    return site, DataSettings.from_settings({**settings, "SITEURL": "https://example.org/repo"})


def _from_nothing(site, config) -> dict[str, bytes]:
    from open_data.package import CSV, JSON, csv_bytes, json_bytes
    from open_data.table import records

    rows = records(site, config)
    return {CSV: csv_bytes(rows), JSON: json_bytes(rows)}


def _reuse(tmp_path: Path, site_key: str = "site"):
    from clearinghouse.publish.reuse import OutputReuse

    return OutputReuse(
        output=tmp_path / "stage", previous=tmp_path / "out", record=tmp_path / "output-x.pickle", site_key=site_key
    )


def test_kept_rows_give_the_same_bytes_and_a_changed_alert_its_new_row(demo, tmp_path, monkeypatch):
    from open_data import rows

    site, config = demo
    made = []
    real = rows.row_texts
    monkeypatch.setattr(rows, "row_texts", lambda row: made.append(row["id"]) or real(row))
    assert rows.data_files(site, config, _reuse(tmp_path)) == _from_nothing(site, config)
    assert len(made) == len(site.alerts) and len(site.alerts) > 20
    made.clear()
    assert rows.data_files(site, config, _reuse(tmp_path)) == _from_nothing(site, config)
    assert made == []  # every row kept

    # an edited alert has a new digest (enrich): its row, and only its row, is made again
    edited = replace(site.alerts[3], title="A corrected headline", digest="edited")
    changed = replace(site, alerts=[*site.alerts[:3], edited, *site.alerts[4:]])
    data = rows.data_files(changed, config, _reuse(tmp_path))
    assert data == _from_nothing(changed, config) and b"A corrected headline" in data["data/alerts.json"]
    assert made == [edited.id]

    # other code or settings (the output record's site key) or data settings: every row made again
    made.clear()
    assert rows.data_files(site, config, _reuse(tmp_path, "other code")) == _from_nothing(site, config)
    assert len(made) == len(site.alerts)
    made.clear()
    other = replace(config, siteurl="https://example.net")
    assert rows.data_files(site, other, _reuse(tmp_path, "other code")) == _from_nothing(site, other)
    assert len(made) == len(site.alerts)


def test_a_damaged_store_or_no_output_record_makes_every_row(demo, tmp_path):
    from clearinghouse.publish.reuse import OutputReuse
    from open_data import rows

    site, config = demo
    (tmp_path / "data-rows-x.pickle").write_bytes(b"\x80\x05damaged")
    assert rows.data_files(site, config, _reuse(tmp_path)) == _from_nothing(site, config)
    off = OutputReuse(output=tmp_path / "stage", previous=None, record=None)
    assert rows.data_files(site, config, off) == _from_nothing(site, config)
    elsewhere = tmp_path / "not kept"
    assert rows.data_files(site, config, _reuse(elsewhere), keep=False) == _from_nothing(site, config)
    assert not elsewhere.exists()  # nothing stored when rows are not kept (the build's own process)
    assert not list(tmp_path.glob("data-rows-*.partial"))
