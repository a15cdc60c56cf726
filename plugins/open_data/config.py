"""The open-data settings, read once and checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

# The licence the data files are published under (DATA_LICENSE). The demo's
# content is fictional; a real archive sets the licence its members agreed.
DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


class DataSettingsError(ValueError):
    """A setting that would publish a data package without a usable licence."""


@dataclass(frozen=True)
class DataSettings:
    siteurl: str  # "" for the local preview: addresses are then root-relative
    sitename: str
    license_name: str
    license_title: str
    license_path: str

    @classmethod
    def from_settings(cls, settings: dict) -> DataSettings:
        value = settings.get("DATA_LICENSE", DEFAULT_LICENSE)
        if not isinstance(value, dict) or set(value) - {"name", "title", "path"}:
            raise DataSettingsError(
                f"DATA_LICENSE must be a dict with 'name', 'title' and 'path' (the licence's address), found {value!r}"
            )
        for key in ("name", "title", "path"):
            if not isinstance(value.get(key), str) or not value[key].strip():
                raise DataSettingsError(f"DATA_LICENSE[{key!r}] must be a non-empty text, found {value.get(key)!r}")
        if not value["path"].startswith(("https://", "http://")):
            raise DataSettingsError(
                f"DATA_LICENSE['path'] must be the licence's http(s) address, found {value['path']!r}"
            )
        return cls(
            siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
            sitename=str(settings["SITENAME"]),
            license_name=value["name"],
            license_title=value["title"],
            license_path=value["path"],
        )

    def absolute(self, path: str) -> str:
        """A site path as a data user gets it: joined to SITEURL like every feed link."""
        return f"{self.siteurl}/{path}"
