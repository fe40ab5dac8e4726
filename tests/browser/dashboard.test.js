// dashboard.test.js — drives tocsin's dashboard in headless Debian Chromium with
// playwright-core, the way a person would: load the page, pick a dyad, see its
// timeline and its alert, open an event and find its sentence and its story's
// copies; then save a screenshot. Expected values come from the server's own API
// (never hard-coded), so the test checks the page shows what the store holds.
//
// usage: node dashboard.test.js TOCSIN_BINARY STORE.db SCREENSHOT.png
// Exit 0 = pass, 1 = a check failed (message on stderr).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const assert = require("assert/strict");
const { chromium } = require("playwright-core");

const [tocsin, store, shot] = process.argv.slice(2);
if (!tocsin || !store || !shot) {
  console.error("usage: node dashboard.test.js TOCSIN STORE.db SCREENSHOT.png");
  process.exit(2);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(tocsin, ["serve", "--db", store, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + out)), 15000);
    p.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve({ proc: p, base: m[0] }); }
    });
    p.stderr.on("data", (d) => process.stderr.write("[serve] " + d));
    p.on("exit", (code) => { clearTimeout(timer); reject(new Error("server exited with " + code + ": " + out)); });
  });
}

async function main() {
  const { proc, base } = await startServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tocsin-chromium-"));
  let context;
  const problems = [];
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => problems.push("page error: " + e.message));
    page.on("console", (m) => { if (m.type() === "error") problems.push("console error: " + m.text()); });
    // works offline: every request the page makes goes to our own server
    page.on("request", (r) => { if (!r.url().startsWith(base)) problems.push("request outside the server: " + r.url()); });

    // what the page should show, from the API
    const alertsRes = await (await page.request.get(base + "api/alerts?evidence=3")).json();
    assert.ok(alertsRes.alerts.length > 0, "the store must produce at least one alert for this test");
    // the alert whose evidence was most widely copied (so the story's copies show); ties: highest z
    const copiesOf = (a) => Math.max(...a.evidence.map((e) => e.n_mentions));
    const alert = alertsRes.alerts.reduce((best, a) => (copiesOf(a) > copiesOf(best) ? a : best));
    const dyads = await (await page.request.get(base + "api/dyads")).json();
    assert.ok(dyads.length > 1, "need at least two dyads to pick one");

    await page.goto(base, { waitUntil: "load" });
    await page.waitForFunction(() => document.querySelectorAll("#dyad-select option").length > 0);
    const options = await page.$$eval("#dyad-select option", (os) => os.map((o) => o.value));
    assert.deepEqual(options, dyads.map((d) => d.dyad), "dyad picker lists the API's dyads in order");

    // pick another dyad first, then the alert's dyad: the timeline must follow the choice
    const other = dyads.find((d) => d.dyad !== alert.dyad).dyad;
    await page.selectOption("#dyad-select", other);
    await page.waitForFunction((d) => document.querySelector("#timeline-title").textContent.startsWith(d), other);
    await page.selectOption("#dyad-select", alert.dyad);
    await page.waitForFunction((d) => document.querySelector("#timeline-title").textContent.startsWith(d), alert.dyad);

    // the timeline: one column per day of the dyad's span, bars, the Goldstein line, the alert marker
    const ind = await (await page.request.get(base + "api/indicators?dyad=" + alert.dyad)).json();
    await page.waitForSelector("#timeline svg rect.bar");
    const rows = await page.$eval("#timeline svg", (s) => Number(s.dataset.rows));
    assert.equal(rows, ind.rows.length, "timeline has one column per indicator row");
    const bars = await page.$$eval("#timeline svg rect.bar", (r) => r.length);
    const nonzeroQuads = ind.rows.reduce((n, r) => n + r.quad.filter((q) => q > 0).length, 0);
    assert.equal(bars, nonzeroQuads, "one bar segment per non-zero QuadClass count");
    assert.ok(await page.isVisible("#timeline svg polyline.gline"), "Goldstein line drawn");
    const marker = await page.$(`#timeline svg path.alert-marker[data-date="${alert.date}"]`);
    assert.ok(marker, "alert marker on the timeline at " + alert.date);

    // the alert list shows the alert; opening it lists that day's events
    const li = page.locator(`#alerts li[data-dyad="${alert.dyad}"][data-date="${alert.date}"]`);
    await li.waitFor({ state: "visible" });
    assert.match(await li.innerText(), /z \+\d/, "alert shows how far from baseline");
    await li.click();
    await page.waitForFunction((d) => document.querySelector("#events-title").textContent.includes(d + " to " + d), alert.date);
    const dayEvents = await (await page.request.get(`${base}api/events?dyad=${alert.dyad}&from=${alert.date}&to=${alert.date}`)).json();
    const rowIds = await page.$$eval("#events tbody tr", (rs) => rs.map((r) => Number(r.dataset.event)));
    assert.deepEqual(rowIds.slice().sort((a, b) => a - b), dayEvents.events.map((e) => e.event_id).sort((a, b) => a - b),
      "event table lists exactly the day's events");
    // the alert's most hostile evidence event is on top
    assert.equal(rowIds[0], alert.evidence[0].event_id, "most hostile event first");

    // open the event: its sentence, highlighted, and its story's copies
    const evId = alert.evidence.reduce((b, e) => (e.n_mentions > b.n_mentions ? e : b)).event_id;
    const ev = dayEvents.events.find((e) => e.event_id === evId);
    assert.ok(ev, "the alert's evidence event is among the day's events");
    await page.click(`#events tbody tr[data-event="${ev.event_id}"]`);
    await page.waitForSelector("#event-detail:not([hidden]) .copies li[data-doc]");
    assert.equal(await page.textContent("#event-detail .sentence"), ev.sentence, "detail shows the event's sentence");
    const marks = await page.$$eval("#event-detail .sentence mark", (ms) => ms.map((m) => [m.className, m.textContent]));
    assert.ok(marks.some(([c]) => c.includes("actor")), "an actor is highlighted: " + JSON.stringify(marks));
    assert.ok(marks.some(([c]) => c === "verb"), "the verb is highlighted: " + JSON.stringify(marks));
    const story = await (await page.request.get(base + "api/stories/" + ev.story_id)).json();
    const copies = await page.$$eval("#event-detail .copies li[data-doc]", (ls) => ls.map((l) => l.dataset.doc));
    assert.deepEqual(copies, story.documents.map((d) => d.doc_id), "every copy of the story is listed");

    // the network: edges coloured by cooperation / conflict
    const edgeKinds = await page.$$eval("#network path.edge", (es) => es.map((e) => e.getAttribute("class")));
    assert.ok(edgeKinds.length > 0, "network has edges");
    const net = await (await page.request.get(base + "api/network?limit=50")).json();
    const conflictual = net.edges.filter((e) => e.goldstein_mean < 0).length;
    assert.equal(edgeKinds.filter((k) => k.includes("conf")).length, conflictual, "conflict edges coloured as conflict");

    // the map: Natural Earth countries, the dyad's located events as points coloured by
    // their most frequent QuadClass; a click lists the events at that place
    const world = await page.request.get(base + "world.json");
    if (world.ok()) {
      await page.waitForSelector("#map svg .land path");
      const countries = await page.$$eval("#map svg .land path", (ps) => ps.length);
      assert.ok(countries > 100, "the map draws the world's countries: " + countries);
      const places = await (await page.request.get(`${base}api/places?level=country&dyad=${alert.dyad}`)).json();
      await page.waitForFunction((n) => document.querySelectorAll("#map circle.pt").length === n, places.places.length);
      console.log(`map: ${countries} countries, ${places.places.length} places for ${alert.dyad}`);
      if (places.places.length) {
        const p = places.places[0];
        const q = p.quad.indexOf(Math.max(...p.quad)) + 1;
        const dots = await page.$$("#map circle.pt");
        let dot = null;
        for (const d of dots) if ((await d.getAttribute("data-place")) === p.name) dot = d;
        assert.ok(dot, "a point for " + p.name);
        assert.ok((await dot.getAttribute("class")).includes("q" + q), "the point has the colour of QuadClass " + q);
        const at = await (await page.request.get(`${base}api/places?level=country&dyad=${alert.dyad}&lat=${p.lat}&lon=${p.lon}`)).json();
        assert.equal(at.events.length, p.events, "the events at the place add up to its count");
        await dot.click();
        await page.waitForFunction((n) => document.querySelectorAll("#map-events p.map-event").length === n, at.events.length);
      }
    } else {
      console.log("map: no world.json (make deps installs the map data): map checks skipped");
    }

    await page.evaluate(() => window.scrollTo(0, 0));
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    // weekly view: one column per week, the alert's week marked
    await page.selectOption("#period-select", "week");
    await page.waitForFunction(() => document.querySelector("#timeline-title").textContent.includes("weekly"));
    const weekly = await (await page.request.get(base + "api/indicators?period=week&dyad=" + alert.dyad)).json();
    await page.waitForFunction((n) => Number(document.querySelector("#timeline svg").dataset.rows) === n, weekly.rows.length);
    assert.ok(await page.$("#timeline svg path.alert-marker"), "alert marked on the weekly timeline");
    // actor level: the picker lists actor pairs
    await page.selectOption("#level-select", "actor");
    const actorDyads = await (await page.request.get(base + "api/dyads?level=actor")).json();
    await page.waitForFunction((first) => document.querySelector("#dyad-select option") &&
      document.querySelector("#dyad-select option").value === first, actorDyads[0].dyad);
    await page.waitForFunction(() => document.querySelector("#status").textContent.includes("dyads,"));
    assert.deepEqual(problems, [], "no page errors, console errors or outside requests");
    console.log(`dashboard ok: dyad ${alert.dyad}, alert ${alert.date} (z ${alert.z}), event ${ev.event_id}, ` +
                `${copies.length} copies, ${rows} timeline rows; screenshot ${shot}`);
  } finally {
    if (context) await context.close();
    proc.kill("SIGTERM");
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error("FAIL: " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
