"""What `make html` says when it is done: the site's own count, not Pelican's."""

from __future__ import annotations

import re
import shutil

from conftest import FIXTURES, run_pelican


def test_a_build_says_what_it_published_and_not_pelicans_empty_count(tmp_path):
    first = run_pelican(FIXTURES / "minimal", tmp_path / "output")
    assert first.returncode == 0, first.stderr
    said = first.stdout + first.stderr
    assert "Processed 0 articles" not in said and "Done: Processed" not in said
    summary = re.search(r"^Built .*seconds\.$", first.stdout, re.M)
    assert summary, first.stdout
    line = summary[0]
    assert line.startswith("Built 3 alerts and 1 translation, 2 members, 1 case, 1 page, 1 draft (not published);")
    feeds = sum(1 for p in (tmp_path / "output").rglob("*") if p.suffix in (".atom", ".rss"))
    files = sum(1 for p in (tmp_path / "output").rglob("*") if p.is_file())
    assert f"; {feeds:,} feed files." in line
    assert re.search(
        rf"Wrote ({files:,} files|\d[\d,]* files and kept [\d,]+ unchanged \({files:,} in all\)) into ", line
    )
    assert re.search(r" in \d+\.\d seconds\.$", line)


def test_a_build_that_stops_says_what_stopped_it_and_no_summary(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    alert = content / "alerts/2026/gh-editor-detained.md"
    alert.write_text(alert.read_text(encoding="utf-8").replace("type: alert", "type: alrt"), encoding="utf-8")
    result = run_pelican(content, tmp_path / "output")
    assert result.returncode != 0
    assert "Built " not in result.stdout and "Done: Processed" not in result.stdout
    assert "type: is not a known term" in result.stdout + result.stderr
