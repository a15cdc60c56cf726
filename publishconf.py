"""Settings for the public site (`make publish`, the deploy workflow).

SITEURL comes from the environment: the deploy workflow passes the address
GitHub Pages gives (e.g. https://owner.github.io/repo), so the same build
works under a sub-path and at a domain's root.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
SHOW_DRAFTS = False
