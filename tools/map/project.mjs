// Projects Natural Earth's 1:110m countries (npm world-atlas, pinned in
// package.json) once, with d3-geo's Equal Earth projection, and prints one
// JSON object to stdout: each shape's ISO 3166-1 numeric id, its name in the
// dataset, an SVG path with whole-unit relative coordinates, and the box
// around its largest polygon (to frame a region's map). make_asset.py turns
// that into data/map/world.json; the site build only colours it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const version = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8")).version;
const WIDTH = 1000;
const world = feature(topology, topology.objects.countries);
// Antarctica is left out: a wide band at the bottom that no alert is about (the table keeps it).
const shown = { type: "FeatureCollection", features: world.features.filter((f) => f.id !== "010") };
const projection = geoEqualEarth().fitWidth(WIDTH, shown).precision(0);
const height = Math.ceil(geoPath(projection).bounds(shown)[1][1]);

// A path context that records rings of whole-unit points, dropping repeats.
function rings(geometry) {
  const found = [];
  let ring = null;
  const context = {
    moveTo(x, y) { ring = [[Math.round(x), Math.round(y)]]; found.push(ring); },
    lineTo(x, y) {
      const p = [Math.round(x), Math.round(y)];
      const last = ring[ring.length - 1];
      if (p[0] !== last[0] || p[1] !== last[1]) ring.push(p);
    },
    closePath() {},
  };
  geoPath(projection, context)(geometry);
  return found.filter((r) => r.length >= 3);
}

function area(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    sum += x0 * y1 - x1 * y0;
  }
  return Math.abs(sum / 2);
}

function box(ring) {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function path(found) {
  return found.map((ring) => {
    let d = `M${ring[0][0]} ${ring[0][1]}l`;
    const steps = [];
    for (let i = 1; i < ring.length; i++) {
      steps.push(`${ring[i][0] - ring[i - 1][0]} ${ring[i][1] - ring[i - 1][1]}`);
    }
    // "1 2 -3 4" -> "1 2-3 4": a minus sign separates numbers on its own
    return d + steps.join(" ").replace(/ -/g, "-") + "z";
  }).join("");
}

const shapes = [];
for (const f of shown.features) {
  const found = rings(f.geometry);
  if (!found.length) continue;
  const largest = found.reduce((a, b) => (area(b) > area(a) ? b : a));
  shapes.push({ id: f.id ?? null, name: f.properties.name, d: path(found), box: box(largest) });
}
process.stdout.write(JSON.stringify({ version, width: WIDTH, height, shapes }));
