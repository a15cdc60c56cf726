"""A build that fails half-way says why at once, and keeps the last good site."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURES, REPO, build_ok, run_pelican


def test_a_template_error_while_pages_are_shared_stops_the_build_at_once(tmp_path):
    """Feeds and search run in forked children that also render pages; when the
    main process fails first, they are ended instead of waited for (they may be
    blocked sending a result nobody reads: the build used to hang)."""
    output = build_ok(FIXTURES / "minimal", tmp_path / "output")
    before = (output / "index.html").read_bytes()
    theme = Path(shutil.copytree(REPO / "theme", tmp_path / "theme"))
    box = theme / "templates/components/appeal_box.html"
    box.write_text(box.read_text(encoding="utf-8").replace("<h3>", "{{ no_such_macro() }}<h3>", 1), encoding="utf-8")
    try:
        result = run_pelican(
            FIXTURES / "minimal", output, extra=("-t", str(theme), "-e", "BUILD_WORKERS=2"), timeout=120
        )
    except subprocess.TimeoutExpired:
        raise AssertionError("the build hung after a template error") from None
    assert result.returncode != 0
    assert "'no_such_macro' is undefined" in result.stdout + result.stderr
    assert (output / "index.html").read_bytes() == before
