// Builds world.geo.json (GeoJSON for ECharts) from world-atlas 2.0.2 countries-110m.json (Natural Earth).
// Run where node_modules has world-atlas@2.0.2 and topojson-client@3.1.0:
//   node static/vendor/world-atlas/build.js > static/vendor/world-atlas/world.geo.json
// Taiwan is drawn as part of China (its shape merged into China's); Hong Kong and Macao are not separate
// features at this scale. Unnamed pieces are merged into the country whose part they are
// (N. Cyprus → Cyprus, Somaliland → Somalia, Kosovo → Serbia). Each feature's name is its ISO 3166-1
// numeric code, which the page maps to the country's official Chinese name from apps.reference.
const topojson = require("topojson-client");
const topo = require("world-atlas/countries-110m.json");
const geoms = topo.objects.countries.geometries;
const MERGE = { "158": "156", "N. Cyprus": "196", Somaliland: "706", Kosovo: "688" };
const groups = new Map();
for (const g of geoms) {
  const target = MERGE[g.id] || MERGE[g.properties.name] || g.id;
  if (!target) continue;
  if (!groups.has(target)) groups.set(target, []);
  groups.get(target).push(g);
}
// A ring that crosses the antimeridian (Fiji, Chukotka) would be drawn with a line across the whole map:
// such a ring continues east of 180° instead (its western longitudes + 360).
const unwrap = (ring) => {
  const jumps = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  return jumps ? ring.map((p) => [p[0] < 0 ? p[0] + 360 : p[0], p[1]]) : ring;
};
const fix = (geometry) =>
  geometry.type === "Polygon"
    ? { type: "Polygon", coordinates: geometry.coordinates.map(unwrap) }
    : { type: "MultiPolygon", coordinates: geometry.coordinates.map((poly) => poly.map(unwrap)) };
const round = (c) => (Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100]);
const features = [];
for (const [id, parts] of groups) {
  if (id === "010") continue; // Antarctica: no partners, and it squeezes the map
  const geometry = fix(parts.length > 1 ? topojson.merge(topo, parts) : topojson.feature(topo, parts[0]).geometry);
  features.push({ type: "Feature", properties: { name: id }, geometry: { type: geometry.type, coordinates: round(geometry.coordinates) } });
}
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features }));
