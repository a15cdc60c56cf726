"""Shared fixtures: real builds of real content folders, with the real CLI.

Every build here runs `pelican <folder> -s <settings> -o <out>` in a
subprocess from the repository root, exactly as an editor or the deploy
workflow would, and tests look at the files it wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_CONTENT = REPO / "content"
# "Today" for every build in the tests: 28 November 2026, noon UTC.
TODAY_EPOCH = "1795867200"
SUBPATH_SITEURL = "https://owner.github.io/repo"


def run_pelican(
    content: Path,
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    extra: tuple[str, ...] = (),
    timeout: float = 600,
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONHASHSEED": "random", **(env or {})}
    environment.pop("SITEURL", None) if "SITEURL" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", settings, "-o", str(output), *extra],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_ok(content: Path, output: Path, **kwargs) -> Path:
    result = run_pelican(content, output, **kwargs)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return output


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demonstration content, built with the local settings."""
    return build_ok(DEMO_CONTENT, tmp_path_factory.mktemp("demo") / "output")


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory) -> Path:
    """The demonstration content built for https://owner.github.io/repo/."""
    return build_ok(
        DEMO_CONTENT,
        tmp_path_factory.mktemp("subpath") / "output",
        settings="publishconf.py",
        env={"SITEURL": SUBPATH_SITEURL},
    )


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A private copy of the minimal valid content folder, free to break."""
    return Path(shutil.copytree(FIXTURES / "minimal", tmp_path / "content"))


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Path:
    return build_ok(FIXTURES / "minimal", tmp_path_factory.mktemp("minimal") / "output")


def read(site: Path, address: str) -> str:
    """The HTML a reader gets at `address` (a folder address like 'alerts/x/')."""
    path = site / address.strip("/") / "index.html" if not address.endswith(".html") else site / address
    return path.read_text(encoding="utf-8")


# -- browser tests -----------------------------------------------------------
SUBPATH = "repo"


@pytest.fixture(scope="session")
def served_demo_site(tmp_path_factory) -> tuple[str, Path]:
    """The demo site built for and served at http://127.0.0.1:PORT/repo/: (address, folder)."""
    from web import Server

    root = tmp_path_factory.mktemp("served")
    server = Server(root)
    siteurl = f"{server.origin}/{SUBPATH}"
    build_ok(DEMO_CONTENT, root / SUBPATH, settings="publishconf.py", env={"SITEURL": siteurl})
    yield siteurl, root / SUBPATH
    server.stop()


@pytest.fixture(scope="session")
def served_demo(served_demo_site) -> str:
    """The served demo site's address, e.g. http://127.0.0.1:PORT/repo."""
    return served_demo_site[0]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright
    from web import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium, served_demo):
    """A fresh page (no cookies, no cache) guarded against other hosts."""
    from web import Browser, Server  # noqa: F401

    context = chromium.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    guarded = Browser(page=page, origin=served_demo.rsplit("/", 1)[0])
    guarded.guard()
    yield guarded
    assert not guarded.foreign, f"pages asked other hosts for: {guarded.foreign}"
    context.close()
