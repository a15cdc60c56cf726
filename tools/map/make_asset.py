"""Make data/map/world.json, the world map's shapes, once: the build only colours them.

Runs `node project.mjs` (Natural Earth 1:110m countries from npm's
world-atlas, projected with d3-geo's Equal Earth, versions pinned in
package.json and package-lock.json) and keys each shape by its ISO 3166-1
alpha-2 code, which pycountry finds from world-atlas's numeric id. Shapes
without an ISO code (Kosovo, Northern Cyprus, Somaliland in this dataset)
are kept as unlabelled shapes so the map has no holes; countries the
1:110m shapes lack (small islands and states) are listed, and reach their
page through the map's table and /countries/.

    cd tools/map && npm ci && cd ../.. && .venv/bin/python tools/map/make_asset.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
ASSET = HERE.parents[1] / "data" / "map" / "world.json"

ABOUT = {
    "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, as TopoJSON in the npm package world-atlas",
    "source_url": "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/",
    "licence": (
        "Natural Earth: public domain (https://www.naturalearthdata.com/about/terms-of-use/). "
        "world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock (https://github.com/topojson/world-atlas)."
    ),
    "attribution": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    "projection": "Equal Earth (d3-geo), fitted to the width; coordinates rounded to whole units, relative",
    "made_by": "tools/map/make_asset.py",
}


def main() -> int:
    projected = json.loads(subprocess.run(["node", "project.mjs"], cwd=HERE, check=True, capture_output=True).stdout)
    countries: dict[str, dict] = {}
    unlabelled: list[dict] = []
    for shape in projected["shapes"]:
        country = pycountry.countries.get(numeric=shape["id"]) if shape["id"] else None
        if country is None:
            unlabelled.append({"name": shape["name"], "d": shape["d"]})
            continue
        if country.alpha_2 in countries:
            raise SystemExit(f"two shapes for {country.alpha_2}")
        countries[country.alpha_2] = {"d": shape["d"], "box": shape["box"]}
    missing = sorted(c.alpha_2 for c in pycountry.countries if c.alpha_2 not in countries)
    data = {
        "about": {**ABOUT, "world_atlas_version": projected["version"], "pycountry_version": _version("pycountry")},
        "width": projected["width"],
        "height": projected["height"],
        "countries": dict(sorted(countries.items())),
        "unlabelled": sorted(unlabelled, key=lambda s: s["name"]),
        "not_drawn": missing,
    }
    ASSET.parent.mkdir(parents=True, exist_ok=True)
    ASSET.write_text(_lines(data), encoding="utf-8")
    print(f"{ASSET}: {len(countries)} countries, {len(unlabelled)} unlabelled shapes, {len(missing)} codes not drawn")
    return 0


def _lines(data: dict) -> str:
    """JSON with one country or shape a line: a new dataset version shows as a readable diff."""
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    out = ["{", f'"about":{json.dumps(data["about"], indent=0, ensure_ascii=False)},']
    out += [f'"width":{data["width"]},"height":{data["height"]},', '"countries":{']
    items = list(data["countries"].items())
    out += [
        f"{json.dumps(code)}:{json.dumps(value, **compact)}" + ("," if i < len(items) - 1 else "")
        for i, (code, value) in enumerate(items)
    ]
    out += ["},", '"unlabelled":[']
    shapes = data["unlabelled"]
    out += [json.dumps(shape, **compact) + ("," if i < len(shapes) - 1 else "") for i, shape in enumerate(shapes)]
    out += ["],", f'"not_drawn":{json.dumps(data["not_drawn"])}', "}"]
    return "\n".join(out) + "\n"


def _version(package: str) -> str:
    from importlib import metadata

    return metadata.version(package)


if __name__ == "__main__":
    sys.exit(main())
