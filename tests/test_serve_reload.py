"""`make serve` reloads the open page after a build and shows a broken build's report.

`tools/serve.py` is started, as `make serve` starts it, on a free port over a
private copy of the minimal content folder. The tests change files in that
copy and watch what the server says: the live-reload script in the pages it
serves (never in the built files), a `build` event on its event stream after
each build, the problem report while a save leaves the content invalid.
One check drives Chromium through a broken save and its fix.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, TODAY_EPOCH

ALERT = Path("alerts") / "2026" / "gh-editor-released.md"
TITLE = "Editor released on bail"
BROKEN_FIELD = "contry: GH\n"  # a misspelt field: the build stops and names it


@dataclass
class Preview:
    origin: str
    content: Path
    output: Path
    process: subprocess.Popen

    def get(self, path: str) -> tuple[str, str]:
        with urllib.request.urlopen(self.origin + path, timeout=30) as response:
            return response.headers["Content-Type"], response.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get("/__livereload__/status")[1])

    def wait(self, predicate, timeout: float = 180) -> dict:
        """The build state once `predicate` holds for it."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            state = self.status()
            if predicate(state):
                return state
            time.sleep(0.2)
        raise AssertionError(f"no such build within {timeout} s; last state: {self.status()}")

    def edit(self, change) -> None:
        path = self.content / ALERT
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    content = Path(shutil.copytree(FIXTURES / "minimal", root / "content"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(REPO / "plugins"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "tools/serve.py", "--content", str(content), "--output", str(root / "output"), "--port", "0"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        origin = None
        for line in process.stdout:  # type: ignore[union-attr]
            if line.startswith("Serving on "):
                origin = line.split()[2].rstrip("/")
                break
        assert origin, "tools/serve.py never said where it serves"
        yield Preview(origin, content, root / "output", process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def events(preview: Preview, since: int):
    """The server's event stream, parsed: yields each `build` event's data."""
    connection = http.client.HTTPConnection(preview.origin.removeprefix("http://"), timeout=180)
    connection.request("GET", f"/__livereload__/events?since={since}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    kind = None
    try:
        while line := response.readline().decode("utf-8"):
            if line.startswith("event: "):
                kind = line[len("event: ") :].strip()
            elif line.startswith("data: ") and kind == "build":
                yield json.loads(line[len("data: ") :])
    finally:
        connection.close()


def test_served_pages_carry_the_script_and_built_files_do_not(preview):
    kind, home = preview.get("/")
    assert kind.startswith("text/html")
    assert '<script src="/__livereload__/livereload.js" data-generation="' in home
    assert home.index("livereload.js") < home.index("</body>")
    _, alert = preview.get("/alerts/gh-editor-released/")
    assert "/__livereload__/livereload.js" in alert
    built = [p for p in preview.output.rglob("*") if p.is_file() and b"__livereload__" in p.read_bytes()]
    assert built == [] and (preview.output / "index.html").is_file()
    assert "__livereload__" not in preview.get("/feeds/all.atom")[1]  # only HTML pages
    kind, script = preview.get("/__livereload__/livereload.js")
    assert kind.startswith("text/javascript") and "EventSource" in script


def test_a_save_sends_a_reload_signal_once_the_new_site_is_built(preview):
    start = preview.wait(lambda s: s["ok"])["generation"]
    stream = events(preview, start)
    preview.edit(lambda text: text.replace(TITLE, "Editor freed on bail"))
    try:
        event = next(e for e in stream if e["ok"])
        assert event["generation"] > start
        assert "Editor freed on bail" in preview.get("/alerts/gh-editor-released/")[1]  # built before the signal
    finally:
        stream.close()
        preview.edit(lambda text: text.replace("Editor freed on bail", TITLE))
        preview.wait(lambda s: s["ok"] and s["generation"] > start + 1)


def test_a_broken_save_shows_the_report_until_a_good_build(preview):
    start = preview.wait(lambda s: s["ok"])["generation"]
    stream = events(preview, start)
    preview.edit(lambda text: text.replace("type: update\n", "type: update\n" + BROKEN_FIELD))
    try:
        event = next(stream)
        assert event["ok"] is False
        report = event["report"]
        assert "gh-editor-released.md" in report and "contry" in report and "did you mean 'country'" in report
        assert preview.status()["report"] == report
        _, page = preview.get("/alerts/gh-editor-released/")
        assert TITLE in page and "livereload.js" in page  # the previous site, still served
    finally:
        preview.edit(lambda text: text.replace(BROKEN_FIELD, ""))
    assert next(e for e in stream if e["ok"])["report"] == ""
    stream.close()


def test_in_a_browser_the_report_appears_and_the_fix_reloads_the_page(preview, chromium):
    start = preview.wait(lambda s: s["ok"])["generation"]
    context = chromium.new_context()
    page = context.new_page()
    foreign = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(preview.origin)
            else (foreign.append(route.request.url), route.abort())
        ),
    )
    try:
        page.goto(preview.origin + "/alerts/gh-editor-released/")
        page.wait_for_function("() => document.querySelector('script[data-generation]') !== null")
        preview.edit(lambda text: text.replace("type: update\n", "type: update\n" + BROKEN_FIELD))
        report = page.locator("#livereload-report")
        report.wait_for(state="visible", timeout=180_000)
        assert report.get_attribute("role") == "alert"
        assert "contry" in report.inner_text() and "gh-editor-released.md" in report.inner_text()
        preview.edit(lambda text: text.replace(BROKEN_FIELD, "").replace(TITLE, "Editor out on bail"))
        page.locator("h1", has_text="Editor out on bail").wait_for(timeout=180_000)  # reloaded by itself
        assert page.locator("#livereload-report").count() == 0
        assert foreign == []
    finally:
        context.close()
        preview.edit(lambda text: text.replace(BROKEN_FIELD, "").replace("Editor out on bail", TITLE))
        preview.wait(lambda s: s["ok"] and s["generation"] > start + 1)
