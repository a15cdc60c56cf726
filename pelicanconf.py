"""Settings for building the site locally (`make html`, `make serve`).

Every path is relative to this file, so any content folder builds the same
way from the repository root: `pelican <folder> -s pelicanconf.py -o <out>`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Free Expression Exchange — Action Alerts"
SITEURL = ""  # root-relative links for local preview; publishconf.py sets the real one

PATH = "content"
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"
DATA_PATH = str(ROOT / "data")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["atomic_output", "clearinghouse", "alert_feeds", "alert_search", "open_data", "weekly_digest"]

TIMEZONE = "UTC"  # dates without an offset are in this zone
DEFAULT_LANG = "en"
LANGUAGES = ["en", "fr", "es", "ar", "ru"]  # the site language first

BUILD_WORKERS = (
    None  # processes reading files and converting Markdown; None = every core, 1 = serial (docs/performance.md)
)
CACHE_PATH = str(ROOT / ".cache")  # Pelican's cache folder; ours is .cache/build.sqlite (gitignored)
BUILD_CACHE = True  # reuse converted Markdown and read files from CACHE_PATH; False = build everything afresh
BUILD_PROGRESS = None  # progress on stderr: None = only on a terminal outside CI; env PROGRESS=1/0 overrides

FEED_TAG_AUTHORITY = (
    "freeexpression.example,2026"  # tag: URI authority of every feed id; never change it once published
)
FEEDS_CHILD_MAX_ALERTS = 20_000  # bigger archives write the feeds in the build's own process: less memory
FEED_MAX_ITEMS = 10  # newest items per feed (each feed also stays under 250 KB)
FEED_MAX_ITEMS_BY_KIND = {
    "all": 20,
    "appeals": 20,
    "countries": 5,
    "members": 5,
    "cases": 1,
}  # the same, per kind of feed (docs/feeds.md)
FEED_FULL_ITEMS = 5  # of those, how many carry their body; the older ones title, summary and link
FEED_FULL_ITEMS_BY_KIND = {
    "all": 20,
    "appeals": 20,
    "countries": 1,
    "members": 3,
    "cases": 0,
}  # the same, per kind of feed
WEBSUB_HUB = None  # e.g. "https://hub.example/": feeds then carry rel="hub" and `make ping` notifies it

# The licence of /data/ (plugins/open_data, docs/data.md): a Data Package licence, {name, title, path}.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# The weekly Communiqué (plugins/weekly_digest, docs/digest.md): /digest/, e-mail files, feeds/digest.atom.
DIGEST_FIRST_WEEK = "2026-w01"  # the week the digest began: fixed, never a rolling window (week addresses stay)
DIGEST_FEED_MAX_ITEMS = 3  # finished weeks in feeds/digest.atom and .rss (each also stays under 250 KB)
DIGEST_STILL_OPEN_MAX = 5  # appeals named under "Still open", soonest deadline first; the rest counted, /act/ linked
DIGEST_SUMMARY_CHARS = 160  # an item's summary in the digest is cut to about this many characters
DIGEST_LIST_UNSUBSCRIBE = "mailto:communique-unsubscribe@freeexpression.example?subject=unsubscribe"  # List-Unsubscribe of `make digest-mail`; None: no header

# Lists: the first address shows the newest ALERTS_PER_PAGE as cards; older
# pages are lines, ALERTS_PER_OLDER_PAGE each, numbered from the oldest (docs/browsing.md).
ALERTS_PER_PAGE = 10
ALERTS_PER_OLDER_PAGE = 100

# The demonstration notice on every page; set False for the real archive.
DEMO_NOTICE = True
# Drafts get a page only in the local preview (`make serve` turns this on).
SHOW_DRAFTS = False

# Our generator reads content/alerts, content/members and content/pages
# itself; Pelican's article and page machinery is switched off.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = ["images"]
DIRECT_TEMPLATES = []
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
DELETE_OUTPUT_DIRECTORY = False  # atomic_output builds into a fresh folder anyway
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Search (plugins/alert_search, docs/search.md)
SEARCH_SHARD_ALERTS = 600  # most alerts in one search shard (one period); the first download is one shard
SEARCH_CHUNK_ALERTS = 100  # alerts per file of result texts; only files with shown results are fetched
SEARCH_PROCESSES = (
    2  # 2: the index is built in a child beside the pages; 1: in the build's own process (docs/search.md)
)
SEARCH_CHILD_MAX_ALERTS = (
    20_000  # bigger archives build the index in the build's own process first: less memory (docs/performance.md)
)
SEARCH_STEM_LANGUAGES = ["en"]  # languages whose index is stemmed (lunr.js ships only the English stemmer)
