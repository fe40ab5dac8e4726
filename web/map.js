// map.js — the dashboard's world map: Natural Earth country boundaries (/world.json,
// npm world-atlas, decoded here from TopoJSON: no library, no tile server, works
// offline) and the events of the dyad and dates chosen on the page as points at the
// place where each happened (/api/places: src/geo's ActionGeo), sized by their number
// and coloured by their most frequent QuadClass; a click on a point lists its events.
// Loaded after app.js: it follows the page's state and redraws whenever a dyad is shown.
"use strict";

const MAP = { W: 960, H: 440, top: 84, bottom: -58, world: null, seq: 0 };

function mapX(lon) { return (lon + 180) / 360 * MAP.W; }
function mapY(lat) { return (MAP.top - lat) / (MAP.top - MAP.bottom) * MAP.H; }

// TopoJSON: quantized, delta-encoded arcs; a ring is a list of arc indexes (~i reversed).
function topoPaths(topo, objectName) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ringPath = (ring) => {
    let d = "", prev = null;
    for (const i of ring) {
      const pts = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      for (const [lon, lat] of pts) {
        // a jump across the antimeridian starts a new piece instead of a line across the map
        const cmd = !prev || Math.abs(lon - prev[0]) > 180 ? "M" : "L";
        d += cmd + mapX(lon).toFixed(1) + "," + mapY(lat).toFixed(1);
        prev = [lon, lat];
      }
    }
    return d + "Z";
  };
  const out = [];
  for (const g of topo.objects[objectName].geometries) {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    out.push({ id: g.id, name: (g.properties || {}).name || "", d: polys.map((p) => p.map(ringPath).join("")).join("") });
  }
  return out;
}

async function loadWorld() {
  if (MAP.world) return MAP.world;
  const r = await fetch("world.json");
  if (!r.ok) throw new Error("world.json: HTTP " + r.status + " (map data: make deps)");
  MAP.world = topoPaths(await r.json(), "countries");
  return MAP.world;
}

function dominantQuad(q) {
  let best = 0;
  for (let i = 1; i < 4; i++) if (q[i] > q[best]) best = i;
  return best + 1;
}

async function loadMap() {
  // the page may ask again before an answer arrives (a dyad picked, then another):
  // only the latest request draws
  const seq = ++MAP.seq;
  const box = $("map");
  let world;
  try { world = await loadWorld(); } catch (e) {
    box.replaceChildren(el("p", { class: "note" }, String(e.message || e)));
    return;
  }
  const params = { level: state.level, from: state.from, to: state.to };
  if (state.dyad) params.dyad = state.dyad;
  const res = await api("places", params);
  if (seq !== MAP.seq) return;
  const root = svg("svg", { viewBox: `0 0 ${MAP.W} ${MAP.H}`, role: "img", "aria-label": "world map of events" });
  const land = svg("g", { class: "land" });
  for (const c of world) land.append(svg("path", { d: c.d, "data-country": c.id }, svg("title", {}, c.name)));
  root.append(land);
  const dots = svg("g", { class: "dots" });
  for (const p of res.places) {
    const q = dominantQuad(p.quad);
    const dot = svg("circle", { cx: mapX(p.lon).toFixed(1), cy: mapY(p.lat).toFixed(1),
      r: (3 + 2 * Math.sqrt(p.events)).toFixed(1), class: `pt q${q}`, "data-place": p.name,
      onclick: () => showPlace(p, dot).catch(showError) },
      svg("title", {}, `${p.name}: ${p.events} event(s)`));
    dots.append(dot);
  }
  root.append(dots);
  box.replaceChildren(root);
  const n = res.places.reduce((s, p) => s + p.events, 0);
  $("map-title").textContent = (state.dyad ? state.dyad + " · " : "") + `${res.places.length} places, ${n} located events`;
  $("map-events").replaceChildren();
}

async function showPlace(p, dot) {
  const seq = MAP.seq;
  for (const x of document.querySelectorAll("#map circle")) x.classList.toggle("active", x === dot);
  const params = { level: state.level, from: state.from, to: state.to, lat: p.lat, lon: p.lon };
  if (state.dyad) params.dyad = state.dyad;
  const res = await api("places", params);
  if (seq !== MAP.seq) return;
  const list = $("map-events");
  list.replaceChildren(el("h3", {}, `${p.name} · ${res.events.length} event(s)`));
  for (const ev of res.events)
    list.append(el("p", { class: `map-event q${ev.quad_class}`, "data-event": ev.event_id },
      el("span", { class: "nowrap" }, `${ev.date} ${ev.source_code} → ${ev.target_code} ${ev.code} `), ev.sentence));
}

// Redraw the map whenever the page shows a dyad (app.js's selectDyad) or has none.
{
  const shown = selectDyad;
  selectDyad = async function (dyad) { await shown(dyad); await loadMap(); };
  const reloaded = reloadAll;
  reloadAll = async function () { await reloaded(); if (!state.dyad) await loadMap(); };
}
