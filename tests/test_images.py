"""Images from other hosts stop the build; the site's own images are published.

A page must make readers' browsers contact no other host, so an image in a
body, appeal letter, member profile or page must be a file of the site
(`content/images/`, written `/images/name.jpg`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clearinghouse.content.problems import InvalidContent
from clearinghouse.pipeline import Options, load
from clearinghouse.site.images import is_remote, remote_images, site_images
from conftest import FIXTURES, REPO, build_ok, read, run_pelican
from pelican.settings import read_settings

ALERT = "alerts/2026/gh-editor-detained.md"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


@pytest.mark.parametrize(
    "address",
    [
        "https://cdn.example/a.jpg",
        "http://cdn.example/a.jpg",
        "//cdn.example/a.jpg",
        "  //cdn.example/a.jpg",
        "\\\\cdn.example\\a.jpg",
        "/\\cdn.example/a.jpg",
        "ht\ttps://cdn.example/a.jpg",
        "ftp://cdn.example/a.jpg",
        "HTTPS://cdn.example/a.jpg",
    ],
)
def test_addresses_on_other_hosts_are_remote(address):
    assert is_remote(address)


@pytest.mark.parametrize("address", ["/images/a.jpg", "images/a.jpg", "../images/a.jpg", "./a:b.jpg"])
def test_addresses_of_the_site_are_not(address):
    assert not is_remote(address)


def test_every_way_of_writing_an_image_is_seen():
    text = (
        "![a](https://cdn.example/1.jpg) ![b][ref] <IMAGE src='//cdn.example/3.jpg'>\n"
        '<img src="&#104;ttp://cdn.example/4.jpg"> ![local](/images/5.jpg) [a link](https://example.org/)\n'
        "<!-- x --> <img\n<b src='https://cdn.example/6.jpg'>\n\n"
        "[ref]: https://cdn.example/2.jpg\n"
    )
    assert remote_images(text) == [
        f"{scheme}cdn.example/{n}.jpg"
        for scheme, n in (("https://", 1), ("https://", 2), ("//", 3), ("http://", 4), ("https://", 6))
    ]
    assert remote_images("no image here, only ![ and <im") == []


def _write(folder: Path, path: str, old: str, new: str) -> None:
    target = folder / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def remote(minimal: Path) -> Path:
    """The minimal site with remote images in an alert body and letter, a profile and a page."""
    _write(minimal, ALERT, "He was questioned", "![The editor](https://cdn.example/editor.jpg)\n\nHe was questioned")
    _write(minimal, ALERT, "    I urge you", '    <img src="http://cdn.example/seal.png" alt="">\n    I urge you')
    _write(minimal, ALERT, "type: alert", "type: alrt")  # a problem of another kind, reported with them
    _write(minimal, "members/test-press-union.md", "\n---\n", "\n---\nOur logo: ![logo](//cdn.example/logo.png)\n")
    _write(
        minimal,
        "pages/about.md",
        "This is a test site.",
        'This is a test site.\n\n<p><img src="https://x.example/p.gif"></p>',
    )
    return minimal


def _lines(folder: Path, path: str, needle: str) -> int:
    return next(n for n, line in enumerate((folder / path).read_text().splitlines(), 1) if needle in line)


def test_remote_images_are_reported_with_file_line_field_and_address(remote):
    settings = read_settings(str(REPO / "pelicanconf.py"))
    with pytest.raises(InvalidContent) as stop:
        load(Options.from_settings(settings, remote))
    found = {(Path(p.path).name, p.line, p.field, p.found) for p in stop.value.problems.items}
    member, page = "members/test-press-union.md", "pages/about.md"
    assert found == {
        ("gh-editor-detained.md", 2, "type", "alrt"),
        ("gh-editor-detained.md", _lines(remote, ALERT, "editor.jpg"), "body", "https://cdn.example/editor.jpg"),
        ("gh-editor-detained.md", _lines(remote, ALERT, "seal.png"), "appeal.letter", "http://cdn.example/seal.png"),
        ("test-press-union.md", _lines(remote, member, "logo.png"), "body", "//cdn.example/logo.png"),
        ("about.md", _lines(remote, page, "p.gif"), "body", "https://x.example/p.gif"),
    }


def test_the_report_says_where_to_put_the_image(remote):
    result = run_pelican(remote, remote.parent / "output")
    assert result.returncode != 0
    shown = remote.relative_to(REPO) if remote.is_relative_to(REPO) else remote
    line = _lines(remote, ALERT, "editor.jpg")
    expected = (
        f"{shown}/{ALERT}:{line}: body: shows an image from another host; "
        "pages must make readers' browsers contact no other host\n"
        "    found:   https://cdn.example/editor.jpg\n"
        f"    allowed: an image of this site: put the file in {shown}/images/ and write "
        "![what it shows](/images/name.jpg)\n"
    )
    assert expected in result.stderr
    assert "The content has 5 problems in 3 files" in result.stderr
    assert not (remote.parent / "output").exists()


def test_the_sites_own_images_are_published_under_a_sub_path(tmp_path):
    content = Path(shutil.copytree(FIXTURES / "minimal", tmp_path / "content"))
    (content / "images").mkdir()
    (content / "images" / "editor.gif").write_bytes(GIF)
    _write(content, ALERT, "He was questioned", "![The editor](/images/editor.gif)\n\nHe was questioned")
    site = build_ok(
        content, tmp_path / "out", settings="publishconf.py", env={"SITEURL": "https://owner.github.io/repo"}
    )
    assert (site / "images" / "editor.gif").read_bytes() == GIF
    page = read(site, "alerts/gh-editor-detained/")
    assert '<img src="https://owner.github.io/repo/images/editor.gif" alt="The editor">' in page


def test_only_the_sites_own_image_addresses_get_siteurl():
    html = '<p><img alt="x src=" src="/images/a.gif"> <img src="images/b.gif"> <a href="/x/">x</a></p>'
    assert site_images(html, "https://h.example/repo") == (
        '<p><img alt="x src=" src="https://h.example/repo/images/a.gif"> <img src="images/b.gif"> <a href="/x/">x</a></p>'
    )
    assert site_images(html, "") == html
