// app.js — the dashboard's behaviour: fetches /api/ from `tocsin serve` and draws
// the dyad timeline and the actor network as inline SVG (no libraries, works
// offline), lists alerts, and shows each event's sentence with its actors and verb
// highlighted plus the copies of its story. Text from the store is only ever put in
// the page through textContent / text nodes, never as HTML.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const state = { level: "country", dyad: null, from: "", to: "", period: "day",
                dyads: [], alerts: [], method: null, eventsRange: null };

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}

function status(msg, isError) {
  $("status").textContent = msg || "";
  $("status").className = isError ? "error" : "";
}

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const url = "api/" + path + (q.toString() ? "?" + q : "");
  const r = await fetch(url);
  let body;
  try { body = await r.json(); } catch (e) { throw new Error(url + ": not JSON (" + r.status + ")"); }
  if (!r.ok) throw new Error(body && body.error ? body.error : url + ": HTTP " + r.status);
  return body;
}

const fmt = (x, d = 1) => (x > 0 ? "+" : "") + Number(x).toFixed(d);
const range = () => ({ from: state.from, to: state.to });

// ---- dyads and alerts ----

async function loadDyads() {
  state.dyads = await api("dyads", { level: state.level, ...range(), limit: 500 });
  const sel = $("dyad-select");
  sel.replaceChildren();
  for (const d of state.dyads)
    sel.append(el("option", { value: d.dyad }, `${d.dyad}  (${d.events} events, mean ${fmt(d.goldstein_mean)})`));
}

async function loadAlerts() {
  const res = await api("alerts", { level: state.level, ...range(), limit: 100, evidence: 3 });
  state.alerts = res.alerts;
  state.method = res.method;
  const m = res.method;
  $("alerts-method").textContent =
    `Day more hostile than the dyad's own EWMA baseline of daily Goldstein sums (α ${m.alpha}) ` +
    `by ≥ ${m.threshold} sd, with ≥ ${m.min_events} hostile events from ≥ ${m.min_stories} stories.`;
  $("alerts-count").textContent = `(${res.alerts.length})`;
  const list = $("alerts");
  list.replaceChildren();
  if (!res.alerts.length) list.append(el("li", { class: "none" }, "No alerts in this range."));
  for (const a of res.alerts) {
    const first = a.evidence[0];
    const li = el("li", { "data-dyad": a.dyad, "data-date": a.date, onclick: () => openAlert(a, li) },
      el("span", { class: "dyad" }, a.dyad), " ", a.date, " ",
      el("span", { class: "z" }, `z ${fmt(a.z, 1)}`),
      el("span", { class: "why" },
        `Goldstein ${fmt(a.goldstein_sum)} vs baseline ${fmt(a.baseline_mean)} (sd ${a.baseline_sd.toFixed(1)}); ` +
        `${a.hostile_events} hostile events from ${a.hostile_stories} stories`),
      first ? el("span", { class: "ev" }, "“" + first.sentence + "”") : null);
    list.append(li);
  }
}

async function openAlert(a, li) {
  for (const x of document.querySelectorAll("#alerts li")) x.classList.toggle("active", x === li);
  if (state.dyad !== a.dyad) await selectDyad(a.dyad);
  await loadEvents(a.date, a.date);
  $("events-panel").scrollIntoView({ block: "nearest" });
}

// ---- timeline ----

function alertDatesFor(dyad) {
  return state.alerts.filter((a) => a.dyad === dyad).map((a) => a.date);
}

function weekStart(iso) {
  const d = new Date(iso + "T00:00:00Z");
  const wd = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - wd);
  return d.toISOString().slice(0, 10);
}

function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function drawTimeline(ind) {
  const rows = ind.rows, box = $("timeline");
  box.replaceChildren();
  if (!rows.length) { box.append(el("p", { class: "note" }, "No events for this dyad in the range.")); return; }
  const W = 1000, H = 270, L = 44, R = 54, T = 22, B = 30;
  const pw = W - L - R, ph = H - T - B;
  const maxN = Math.max(1, ...rows.map((r) => r.events));
  const maxG = Math.max(1, ...rows.map((r) => Math.abs(r.goldstein_sum)));
  const bw = pw / rows.length;
  const x = (i) => L + i * bw;
  const yN = (n) => T + ph - (n / maxN) * ph;
  const yG = (g) => T + ph / 2 - (g / maxG) * (ph / 2);
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "data-rows": rows.length });
  // grid and axes
  for (let k = 0; k <= 4; k++) {
    const n = Math.round((maxN * k) / 4), y = yN((maxN * k) / 4);
    s.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: y, y2: y }));
    s.append(svg("text", { class: "axis", x: L - 6, y: y + 4, "text-anchor": "end" }, n));
  }
  for (const g of [-maxG, 0, maxG])
    s.append(svg("text", { x: W - R + 6, y: yG(g) + 4, class: "axis" }, fmt(g, 0)));
  s.append(svg("line", { class: "zero", x1: L, x2: W - R, y1: yG(0), y2: yG(0) }));
  s.append(svg("text", { x: L - 6, y: T - 8, "text-anchor": "end", class: "axis" }, "events"));
  s.append(svg("text", { x: W - R + 6, y: T - 8, class: "axis" }, "Goldstein"));
  const every = Math.max(1, Math.ceil(rows.length / 10));
  rows.forEach((r, i) => {
    if (i % every === 0)
      s.append(svg("text", { x: x(i) + bw / 2, y: H - 10, "text-anchor": "middle", class: "axis" }, r.date.slice(5)));
    let base = 0;
    for (let q = 0; q < 4; q++) {
      const n = r.quad[q];
      if (!n) continue;
      s.append(svg("rect", { class: `bar q${q + 1}`, x: x(i) + bw * 0.12, width: Math.max(1, bw * 0.76),
                             y: yN(base + n), height: yN(base) - yN(base + n), "data-date": r.date }));
      base += n;
    }
  });
  // Goldstein sum line
  const pts = rows.map((r, i) => `${(x(i) + bw / 2).toFixed(1)},${yG(r.goldstein_sum).toFixed(1)}`);
  s.append(svg("polyline", { class: "gline", points: pts.join(" ") }));
  // alerts
  const weekly = ind.period === "week";
  const marks = new Set(alertDatesFor(ind.dyad).map((d) => (weekly ? weekStart(d) : d)));
  rows.forEach((r, i) => {
    if (marks.has(r.date)) {
      const cx = x(i) + bw / 2;
      s.append(svg("path", { class: "alert-marker", "data-date": r.date, d: `M${cx - 7},${T - 16} L${cx + 7},${T - 16} L${cx},${T - 4} Z`,
                             onclick: () => loadEvents(r.date, weekly ? addDays(r.date, 6) : r.date) },
        svg("title", {}, `alert on ${r.date}`)));
    }
    const hit = svg("rect", { class: "hit", x: x(i), y: T, width: bw, height: ph, "data-date": r.date,
                              onclick: () => loadEvents(r.date, weekly ? addDays(r.date, 6) : r.date) },
      svg("title", {}, `${r.date}: ${r.events} events (${r.quad.join("/")}), Goldstein ${fmt(r.goldstein_sum)}`));
    s.append(hit);
  });
  box.append(s);
}

async function selectDyad(dyad) {
  state.dyad = dyad;
  $("dyad-select").value = dyad;
  const d = state.dyads.find((x) => x.dyad === dyad);
  $("timeline-title").textContent = `${dyad} · ${state.period === "week" ? "weekly" : "daily"}`;
  $("dyad-summary").textContent = d
    ? `${d.events} events in ${d.stories} stories, ${d.first_date} to ${d.last_date}; Goldstein sum ${fmt(d.goldstein_sum)}, ` +
      `mean ${fmt(d.goldstein_mean, 2)}; material conflict ${(100 * d.material_conflict_share).toFixed(0)}% of events.`
    : "";
  for (const e of document.querySelectorAll("#network .edge"))
    e.classList.toggle("active", e.dataset.dyad === dyad);
  const ind = await api("indicators", { dyad, level: state.level, period: state.period, ...range() });
  drawTimeline(ind);
  await loadEvents(state.from, state.to);
}

// ---- network ----

async function loadNetwork() {
  const net = await api("network", { level: state.level, ...range(), limit: state.level === "actor" ? 40 : 50 });
  const box = $("network");
  box.replaceChildren();
  const W = 520, H = 330, cx = W / 2, cy = H / 2, rad = Math.min(W, H) / 2 - 36;
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  const defs = svg("defs");
  for (const [id, colour] of [["coop", "#2e8b57"], ["conf", "#c8362f"]])
    defs.append(svg("marker", { id: "arrow-" + id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerUnits: "userSpaceOnUse", markerWidth: 10, markerHeight: 10, orient: "auto-start-reverse" },
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour })));
  s.append(defs);
  const pos = {};
  net.nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, net.nodes.length) - Math.PI / 2;
    pos[n.id] = [cx + rad * Math.cos(a), cy + rad * Math.sin(a)];
  });
  const maxE = Math.max(1, ...net.edges.map((e) => e.events));
  const nodeR = (n) => 5 + 9 * Math.sqrt(n.events / Math.max(1, ...net.nodes.map((m) => m.events)));
  const rOf = Object.fromEntries(net.nodes.map((n) => [n.id, nodeR(n)]));
  for (const e of net.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const kind = e.goldstein_mean >= 0 ? "coop" : "conf";
    const dyad = `${e.source}-${e.target}`;
    let d;
    if (e.source === e.target) { // domestic events: a small loop outside the circle
      const ox = (x1 - cx) / rad * 28, oy = (y1 - cy) / rad * 28;
      d = `M${x1},${y1} C${x1 + ox - oy},${y1 + oy + ox} ${x1 + ox + oy},${y1 + oy - ox} ${x1},${y1}`;
    } else { // curve to the right of the direction, so A->B and B->A stay apart
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2, dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1;
      const qx = mx + (dy / len) * 22, qy = my - (dx / len) * 22;
      const ex = x2 - ((x2 - qx) / Math.hypot(x2 - qx, y2 - qy)) * (rOf[e.target] + 2);
      const ey = y2 - ((y2 - qy) / Math.hypot(x2 - qx, y2 - qy)) * (rOf[e.target] + 2);
      d = `M${x1},${y1} Q${qx},${qy} ${ex},${ey}`;
    }
    const p = svg("path", { class: "edge " + kind, d, stroke: kind === "coop" ? "#2e8b57" : "#c8362f",
                            "stroke-width": (1 + 6 * Math.sqrt(e.events / maxE)).toFixed(1),
                            "marker-end": `url(#arrow-${kind})`, "data-dyad": dyad,
                            onclick: () => selectDyad(dyad).catch(showError) },
      svg("title", {}, `${dyad}: ${e.events} events, ${e.cooperation} cooperative, ${e.conflict} conflictual, mean Goldstein ${fmt(e.goldstein_mean, 2)}`));
    s.append(p);
  }
  for (const n of net.nodes) {
    const [x, y] = pos[n.id];
    const lx = x + ((x - cx) / rad) * (rOf[n.id] + 12), ly = y + ((y - cy) / rad) * (rOf[n.id] + 12) + 4;
    s.append(svg("g", { class: "node" }, svg("circle", { cx: x, cy: y, r: rOf[n.id] }),
      svg("text", { x: lx, y: ly, "text-anchor": "middle" }, n.id), svg("title", {}, `${n.id}: ${n.events} events`)));
  }
  box.append(s);
}

// ---- events ----

// Splits a sentence into text and <mark> nodes for the actors' and the verb's words.
function highlighted(sentence, ev) {
  const spans = [];
  const lower = sentence.toLowerCase();
  const find = (phrase, cls) => {
    if (!phrase) return;
    let at = lower.indexOf(phrase.toLowerCase()), len = phrase.length;
    if (at < 0) { // a verb phrase may be split in the sentence: mark its longest word
      const words = phrase.split(/\s+/).filter((w) => w.length > 2).sort((a, b) => b.length - a.length);
      for (const w of words) { at = lower.indexOf(w.toLowerCase()); if (at >= 0) { len = w.length; break; } }
    }
    if (at < 0) return;
    if (spans.some((s) => at < s.end && at + len > s.start)) return;
    spans.push({ start: at, end: at + len, cls });
  };
  find(ev.source_text, "actor source");
  find(ev.target_text, "actor target");
  find(ev.verb_text, "verb");
  spans.sort((a, b) => a.start - b.start);
  const out = [];
  let pos = 0;
  for (const s of spans) {
    out.push(document.createTextNode(sentence.slice(pos, s.start)));
    out.push(el("mark", { class: s.cls }, sentence.slice(s.start, s.end)));
    pos = s.end;
  }
  out.push(document.createTextNode(sentence.slice(pos)));
  return out;
}

async function loadEvents(from, to) {
  if (!state.dyad) return;
  state.eventsRange = [from, to];
  const res = await api("events", { dyad: state.dyad, level: state.level, from, to, limit: 300 });
  $("events-title").textContent = `${state.dyad}` + (from || to ? ` · ${from || "…"} to ${to || "…"}` : "") + ` · ${res.total} events`;
  const body = $("events").tBodies[0];
  body.replaceChildren();
  // most hostile first, so the events behind an alert come to the top
  const evs = res.events.slice().sort((a, b) => a.goldstein - b.goldstein || a.date.localeCompare(b.date));
  for (const ev of evs) {
    const tr = el("tr", { "data-event": ev.event_id, "data-story": ev.story_id, onclick: () => showEvent(ev, tr).catch(showError) },
      el("td", { class: "nowrap" }, ev.date),
      el("td", { class: "nowrap" }, `${ev.source_code} → ${ev.target_code}`),
      el("td", { class: `q${ev.quad_class}`, title: `QuadClass ${ev.quad_class}` }, ev.code),
      el("td", { class: "g" }, fmt(ev.goldstein)),
      el("td", { class: "sentence" }, ...highlighted(ev.sentence, ev)),
      el("td", { class: "g" }, ev.n_mentions));
    body.append(tr);
  }
  $("events-more").textContent = res.total > res.events.length ? `Showing ${res.events.length} of ${res.total}; narrow the dates to see the rest.` : "";
}

async function showEvent(ev, tr) {
  for (const x of document.querySelectorAll("#events tbody tr")) x.classList.toggle("active", x === tr);
  const box = $("event-detail");
  box.hidden = false;
  $("detail-title").textContent = `${ev.event_id} · story ${ev.story_id}`;
  box.querySelector(".sentence").replaceChildren(...highlighted(ev.sentence, ev));
  const facts = box.querySelector(".facts");
  facts.replaceChildren();
  for (const [k, v] of [["date", ev.date], ["source", `${ev.source_code} (“${ev.source_text || ""}”)`],
                        ["target", `${ev.target_code} (“${ev.target_text || ""}”)`],
                        ["verb", `“${ev.verb_text || ""}” → CAMEO ${ev.code} (root ${ev.root}), QuadClass ${ev.quad_class}, Goldstein ${fmt(ev.goldstein)}`],
                        ["reported by", `${ev.n_mentions} mention(s) in ${ev.n_articles} article(s) from ${ev.n_sources} source(s)`]])
    facts.append(el("dt", {}, k), el("dd", {}, v));
  const copies = box.querySelector(".copies");
  copies.replaceChildren(el("li", {}, "loading…"));
  const story = await api("stories/" + ev.story_id);
  const mine = story.events.find((e) => e.event_id === ev.event_id);
  const mentionsByDoc = {};
  for (const m of (mine ? mine.mentions : [])) (mentionsByDoc[m.doc_id] = mentionsByDoc[m.doc_id] || []).push(m);
  copies.replaceChildren();
  for (const d of story.documents) {
    const ms = mentionsByDoc[d.doc_id] || [];
    copies.append(el("li", { "data-doc": d.doc_id },
      el("span", { class: "src" }, d.source || "(unknown source)"), ` · ${d.date} · `,
      d.url ? el("a", { href: d.url, rel: "noreferrer noopener", target: "_blank" }, d.title || d.doc_id) : (d.title || d.doc_id),
      ...ms.map((m) => el("q", {}, `sentence ${m.sentence_no}: ${m.sentence}`))));
  }
  if (!story.documents.length) copies.append(el("li", {}, "no documents recorded for this story"));
  box.scrollIntoView({ block: "nearest" });
}

// ---- wiring ----

function showError(e) { status(String(e.message || e), true); }

async function reloadAll() {
  status("loading…");
  await loadDyads();
  await Promise.all([loadAlerts(), loadNetwork()]);
  let pick = new URLSearchParams(location.hash.slice(1)).get("dyad");
  if (!state.dyads.some((d) => d.dyad === pick)) pick = state.dyad;
  if (!state.dyads.some((d) => d.dyad === pick)) pick = state.alerts.length ? state.alerts[0].dyad : (state.dyads[0] || {}).dyad;
  if (pick) await selectDyad(pick);
  else {
    $("timeline").replaceChildren(el("p", { class: "note" }, "The store has no events in this range."));
    $("events").tBodies[0].replaceChildren();
  }
  const total = state.dyads.reduce((s, d) => s + d.events, 0);
  status(`${state.dyads.length} dyads, ${total} events, ${state.alerts.length} alerts`);
}

function init() {
  $("dyad-select").addEventListener("change", (e) => {
    history.replaceState(null, "", "#dyad=" + encodeURIComponent(e.target.value));
    selectDyad(e.target.value).then(() => status(`dyad ${e.target.value}`)).catch(showError);
  });
  $("level-select").addEventListener("change", (e) => { state.level = e.target.value; state.dyad = null; reloadAll().catch(showError); });
  $("period-select").addEventListener("change", (e) => { state.period = e.target.value; if (state.dyad) selectDyad(state.dyad).catch(showError); });
  for (const id of ["from", "to"])
    $(id).addEventListener("change", (e) => { state[id] = e.target.value; reloadAll().catch(showError); });
  reloadAll().catch(showError);
}

init();
