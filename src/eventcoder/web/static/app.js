// eventcoder's web page. Plain JavaScript, no dependencies. Whatever comes from an article or
// the store is put into the page as text (text nodes, textContent, attributes), never as HTML.
"use strict";

const API = "/api/v1";
const QUAD_LABEL = {
  verbal_cooperation: "verbal cooperation",
  material_cooperation: "material cooperation",
  verbal_conflict: "verbal conflict",
  material_conflict: "material conflict",
};
const SVG_NS = "http://www.w3.org/2000/svg";

const state = {
  quadOf: {},           // PLOVER type -> quad class, from /api/v1/plover
  quadClasses: Object.keys(QUAD_LABEL),
  coded: null,          // the last /code response: {text, events, event_spans, selected}
  review: null,         // the document under review: {doc, text, events, event_spans, selected}
  offset: 0,
  nextOffset: null,
  query: null,          // the explore filters as URLSearchParams
  incident: null,       // the id of the incident whose reports are shown
};

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) {
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Calls the API; an error answer ({"error": {"code", "message"}}) is thrown as an Error. */
async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(API + path, options);
  } catch (error) {
    throw new Error("The server cannot be reached (" + error.message + ").");
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && body.error ? `${body.error.code}: ${body.error.message}` : response.statusText;
    throw new Error(detail);
  }
  return body;
}

function setStatus(node, message, isError = false) {
  node.textContent = message;
  node.classList.toggle("error", isError);
}

function quadOf(type) { return state.quadOf[type] || "material_conflict"; }
function codes(actors) { return (actors || []).map((a) => a.code).join(", ") || "—"; }
function dateText(date) {
  if (!date) return "—";
  return date.earliest === date.latest ? date.earliest : `${date.earliest} – ${date.latest}`;
}
function deadText(f) {
  if (!f) return "";
  if (f.max === null || f.max === undefined) return `${f.min}+`;
  return f.min === f.max ? String(f.min) : `${f.min}–${f.max}`;
}

function fillLegend(list) {
  list.replaceChildren(...state.quadClasses.map((q) => el("li", {},
    el("span", { class: `swatch sw-${q}`, "aria-hidden": "true" }), QUAD_LABEL[q] || q)));
}

// ---- tabs -------------------------------------------------------------------------------

function selectTab(tab) {
  for (const other of document.querySelectorAll("[role=tab]")) {
    const on = other === tab;
    other.setAttribute("aria-selected", String(on));
    other.tabIndex = on ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !on;
  }
  tab.focus();
  if (tab.id === "tab-explore") openExplore();
}

function openExplore() {
  showStore();
  if (state.query === null) {
    state.query = new URLSearchParams();
    loadEvents();
  }
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const i = tabs.indexOf(tab);
      if (event.key === "ArrowRight") selectTab(tabs[(i + 1) % tabs.length]);
      else if (event.key === "ArrowLeft") selectTab(tabs[(i + tabs.length - 1) % tabs.length]);
      else return;
      event.preventDefault();
    });
  }
}

// ---- code an article ----------------------------------------------------------------------

async function codeArticle(event) {
  event.preventDefault();
  const status = $("code-status");
  const body = {
    text: $("article-text").value,
    published: $("article-published").value,
    format: $("article-format").value,
    explain: true,
  };
  setStatus(status, "Coding …");
  $("code-submit").disabled = true;
  try {
    const started = performance.now();
    state.coded = await api("/code", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const ms = Math.round(performance.now() - started);
    const n = state.coded.events.length;
    setStatus(status, `${n} event${n === 1 ? "" : "s"} (${ms} ms)`);
    state.coded.selected = -1;
    renderCoded();
  } catch (error) {
    setStatus(status, error.message, true);
  } finally {
    $("code-submit").disabled = false;
  }
}

/** The marks of the view's selected event: [start, end, css class]. */
function selectedMarks(view) {
  if (view.selected < 0) return [];
  const spans = view.event_spans[view.selected];
  const marks = [];
  const add = (span, cls) => { if (span) marks.push([span.start, span.end, cls]); };
  for (const a of spans.source) add(a, "mk-source");
  for (const a of spans.target) add(a, "mk-target");
  for (const a of spans.claimed_by) add(a, "mk-claimed");
  add(spans.date, "mk-date");
  add(spans.location, "mk-place");
  add(spans.fatalities, "mk-deaths");
  add(spans.trigger, "mk-trigger");
  return marks;
}

/** The view's article as text into ``box``: split at every span boundary, each piece a text
node or a span. */
function renderArticle(view, box) {
  const { text, events, event_spans: spans, selected } = view;
  const layers = []; // [start, end, kind, event index]
  spans.forEach((s, i) => {
    for (const ev of [s.evidence, ...(s.more_evidence || [])]) {
      if (ev) layers.push([ev.start, ev.end, "ev", i]);
    }
    if (s.trigger) layers.push([s.trigger.start, s.trigger.end, "trig", i]);
  });
  const marks = selectedMarks(view);
  const cuts = new Set([0, text.length]);
  for (const [start, end] of [...layers, ...marks]) {
    cuts.add(Math.max(0, Math.min(text.length, start)));
    cuts.add(Math.max(0, Math.min(text.length, end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const piece = text.slice(a, b);
    const covering = layers.filter(([s, e]) => s <= a && b <= e);
    const on = marks.filter(([s, e]) => s <= a && b <= e).map((m) => m[2]);
    const evs = covering.filter((l) => l[2] === "ev").map((l) => l[3]);
    if (!evs.length && !on.length && !covering.length) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const owner = evs.includes(selected) ? selected : evs[0];
    const classes = on.length ? ["mk", ...on] : [];
    if (owner !== undefined) {
      classes.push("ev", `q-${quadOf(events[owner].type)}`);
      if (owner === selected) classes.push("selected-ev");
    }
    if (covering.some((l) => l[2] === "trig")) classes.push("trig");
    const title = [...new Set(evs)].map((i) => `${events[i].type} (${QUAD_LABEL[quadOf(events[i].type)]})`).join("; ");
    nodes.push(el("span", { class: classes.join(" "), "data-event": owner, title: title || null }, piece));
  }
  box.replaceChildren(...nodes);
}

/** What a review did to an event, for its list entry and its detail ("" if nothing). */
function reviewFlag(e) {
  if (e.rejected) return "rejected";
  if (e.added) return "added by a reviewer";
  if (e.corrected) return `corrected (${e.corrections})`;
  return "";
}

/** The view's events as buttons in ``list`` (Tab/arrow keys and Enter); ``onSelect(i)``. */
function renderEventList(view, list, heading, onSelect) {
  const items = view.events.map((e, i) => {
    const who = `${codes(e.source)} → ${codes(e.target)}`;
    const flag = reviewFlag(e);
    const button = el("button", {
      type: "button", "aria-pressed": String(i === view.selected), "data-index": i,
      "aria-label": `${e.type} ${e.mode || ""}: ${who}, ${dateText(e.date)}${flag ? ", " + flag : ""}`,
    },
    el("span", { class: `chip sw-${quadOf(e.type)}`, "aria-hidden": "true" }),
    el("span", { class: "type" }, e.type, e.mode ? el("small", {}, " ", e.mode) : null),
    el("span", { class: "who" }, who, e.location && e.location.place ? `, ${e.location.place}` : ""),
    flag ? el("span", { class: `badge${e.rejected ? " rejected" : ""}` }, flag) : null,
    el("span", { class: "when" }, dateText(e.date)));
    button.addEventListener("click", () => onSelect(i));
    button.addEventListener("keydown", (event) => {
      const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = list.querySelector(`button[data-index="${i + step}"]`);
      if (next) next.focus();
    });
    return el("li", { class: e.rejected ? "rejected" : null }, button);
  });
  list.replaceChildren(...items);
  heading.textContent = `Events (${items.length})`;
}

function renderDetail() {
  const detail = $("event-detail");
  if (state.coded.selected < 0) { detail.hidden = true; return; }
  const e = state.coded.events[state.coded.selected];
  const rows = [
    ["Type", `${e.type}${e.mode ? " / " + e.mode : ""} (${QUAD_LABEL[quadOf(e.type)]})`],
    ["Source", (e.source || []).map((a) => a.text ? `${a.code} (“${a.text}”)` : a.code).join(", ") || "—"],
    ["Target", (e.target || []).map((a) => a.text ? `${a.code} (“${a.text}”)` : a.code).join(", ") || "—"],
    ["Date", `${dateText(e.date)} · ${e.date.precision}, from ${e.date.basis}${e.date.text ? ` (“${e.date.text}”)` : ""}`],
    ["Place", e.location ? `${e.location.place}, ${e.location.country || "?"}` : "—"],
    ["Fatalities", e.fatalities ? `${deadText(e.fatalities)}${e.fatalities.text ? ` (“${e.fatalities.text}”)` : ""}` : "—"],
    ["Claimed by", codes(e.claimed_by)],
    ["Trigger", `“${e.trigger.text}”`],
  ];
  if (e.auxiliary && e.auxiliary.length) rows.push(["Auxiliary", e.auxiliary.join(", ")]);
  if (e.confidence !== undefined && e.confidence !== null) rows.push(["Confidence", String(e.confidence)]);
  $("detail-title").textContent = `Event ${state.coded.selected + 1}: ${e.type}`;
  $("detail-fields").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("detail-why").textContent = e.why || "(no explanation)";
  detail.hidden = false;
}

function selectEvent(i) {
  state.coded.selected = i === state.coded.selected ? -1 : i;  // selecting it again clears it
  renderCoded(i);
  const mark = document.querySelector("#article .selected-ev");
  if (mark) mark.scrollIntoView({ block: "nearest" });
}

/** Draws the coded article, its events and the selected one; focus goes to event ``focus``. */
function renderCoded(focus = -1) {
  $("code-result").hidden = false;
  renderArticle(state.coded, $("article"));
  renderEventList(state.coded, $("event-list"), $("events-heading"), selectEvent);
  renderDetail();
  const button = document.querySelector(`#event-list button[data-index="${focus}"]`);
  if (button) button.focus();
}

// ---- explore ------------------------------------------------------------------------------

function pageSize() { return Number($("f-limit").value) || 25; }

function filterParams() {
  const params = new URLSearchParams();
  for (const name of ["actor", "type", "quad", "country", "since", "until", "q"]) {
    const value = $("filter-form").elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

async function loadEvents() {
  const status = $("explore-status");
  const params = new URLSearchParams(state.query);
  const size = pageSize();
  params.set("limit", size);
  params.set("offset", state.offset);
  setStatus(status, "Loading …");
  try {
    const [page, incidents] = await Promise.all([api(`/events?${params}`), loadIncidents()]);
    state.nextOffset = page.next_offset;
    renderTable(page.events);
    drawMap(page.events, incidents);
    const shown = page.events.length;
    setStatus(status, shown ? `Events ${state.offset + 1}–${state.offset + shown}${page.next_offset === null ? "" : " (more)"}` : "No event matches.");
    $("page-info").textContent = `page ${Math.floor(state.offset / size) + 1}`;
    $("page-prev").disabled = state.offset === 0;
    $("page-next").disabled = page.next_offset === null;
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

/** A table cell with a type and the dot of its quad class, kept on one line. */
function typeCell(type) {
  return el("td", { class: "type" }, el("span", { class: `chip sw-${quadOf(type)}`, "aria-hidden": "true" }), " ", type);
}

function renderTable(events) {
  const rows = events.map((e) => {
    const a = (e.source || [])[0];
    const b = (e.target || [])[0];
    const dyad = a && b && a.code !== b.code
      ? el("button", { type: "button", class: "secondary", title: `Timeline of ${a.code} and ${b.code}` }, `${a.code}–${b.code}`)
      : null;
    if (dyad) dyad.addEventListener("click", () => {
      $("d-a").value = a.code;
      $("d-b").value = b.code;
      drawDyad();
    });
    return el("tr", {},
      el("td", {}, dateText(e.date)),
      typeCell(e.type),
      el("td", {}, e.mode || ""),
      el("td", {}, codes(e.source)),
      el("td", {}, codes(e.target)),
      el("td", {}, e.location ? `${e.location.place} (${e.location.country || "?"})` : ""),
      el("td", { class: "num" }, deadText(e.fatalities)),
      el("td", { class: "evidence" }, e.evidence ? e.evidence.text : ""),
      el("td", {}, e.doc_id || "", el("br"), reviewButton(e.doc_id), dyad ? " " : null, dyad));
  });
  $("events-table").tBodies[0].replaceChildren(...rows);
}

// Incidents: the same filters over GET /incidents (the first page's worth; narrowing the filters
// finds the others), and one incident's reports from GET /incidents/{id}.

function sides(i) { return `${i.source.join(", ") || "—"} → ${i.target.join(", ") || "—"}`; }
function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }
/** How many outlets reported an incident; documents stored without a source name none. */
function sourcesText(n) { return n ? plural(n, "source") : "no source named"; }

/** The incidents matching the explore filters, shown in their table; [] when they fail. */
async function loadIncidents() {
  const status = $("incidents-status");
  const params = new URLSearchParams(state.query);
  params.set("limit", pageSize());
  try {
    const page = await api(`/incidents?${params}`);
    renderIncidents(page.incidents);
    const shown = page.incidents.length;
    setStatus(status, (shown ? `Incidents 1–${shown}${page.next_offset === null ? "" : " (more: narrow the filters)"}` : "No incident matches.") +
      (page.stale ? " Some stored events are not linked yet (the next eventcoder batch links them)." : ""));
    return page.incidents;
  } catch (error) {
    setStatus(status, error.message, true);
    return [];
  }
}

function renderIncidents(incidents) {
  const rows = incidents.map((i) => {
    const open = el("button", { type: "button", class: "secondary", "data-incident": i.id,
      title: `The reports of incident ${i.id}` }, `${plural(i.n_reports, "report")} in ${plural(i.n_articles, "article")}`);
    open.addEventListener("click", () => openIncident(i.id));
    return el("tr", { "data-incident": i.id, class: i.id === state.incident ? "selected" : null },
      el("td", {}, dateText(i.date)),
      typeCell(i.type),
      el("td", {}, i.source.join(", ") || "—"),
      el("td", {}, i.target.join(", ") || "—"),
      el("td", {}, i.location ? `${i.location.place || "?"} (${i.location.country || "?"})` : ""),
      el("td", { class: "num" }, deadText(i.fatalities)),
      el("td", {}, sourcesText(i.n_sources), el("br"), open));
  });
  $("incidents-table").tBodies[0].replaceChildren(...rows);
}

function markIncident(id) {
  for (const node of document.querySelectorAll("#incidents-table tr[data-incident], #map .incident")) {
    node.classList.toggle("selected", node.dataset.incident === id);
  }
}

/** Shows one incident and the articles that report it, each with its evidence as text. */
async function openIncident(id) {
  const box = $("incident-detail");
  const status = $("incidents-status");
  try {
    const found = await api(`/incidents/${encodeURIComponent(id)}`);
    const i = found.incident;
    state.incident = id;
    markIncident(id);
    const documents = new Map(found.documents.map((d) => [d.id, d]));
    $("incident-title").textContent = `${i.type}${i.mode ? "/" + i.mode : ""} ${sides(i)}, ${dateText(i.date)}`;
    const dead = i.fatalities
      ? `${deadText(i.fatalities)} (reports give ${i.fatalities.low === i.fatalities.high ? i.fatalities.low : `${i.fatalities.low}–${i.fatalities.high}`})`
      : "—";
    const fields = [
      ["Where", i.location ? `${i.location.place || "?"} (${i.location.country || "?"}), ${i.location.precision || "?"}` : "—"],
      ["Dead", dead],
      ["Reported", `${plural(i.n_reports, "report")} in ${plural(i.n_articles, "article")} from ${sourcesText(i.n_sources)}, first on ${i.first_reported || "?"}`],
      ["Incident", i.id],
    ];
    $("incident-fields").replaceChildren(...fields.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
    $("incident-reports").replaceChildren(...found.events.map((e) => {
      const d = documents.get(e.doc_id) || { id: e.doc_id };
      return el("li", { "data-doc": e.doc_id, class: e.rejected ? "rejected" : null },
        el("span", { class: "source" }, d.source || "unknown source"), ` · ${d.published || "?"} · `,
        d.title || e.doc_id,
        el("span", { class: "evidence" }, e.evidence ? e.evidence.text : ""),
        el("span", { class: "meta" },
          `${e.type}${e.mode ? "/" + e.mode : ""} · ${codes(e.source)} → ${codes(e.target)} · ${dateText(e.date)}` +
          (e.fatalities ? ` · dead ${deadText(e.fatalities)}` : "") +
          (e.rejected ? " · rejected by a reviewer" : "") + ` · document ${e.doc_id} `),
        reviewButton(e.doc_id));
    }));
    box.hidden = false;
    $("incident-title").focus();
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

function reviewButton(docId) {
  const button = el("button", { type: "button", class: "secondary", title: `Review ${docId}` }, "Review");
  button.addEventListener("click", () => openReview(docId));
  return button;
}

// The map: Natural Earth's countries (world-atlas, vendored) in an equirectangular projection,
// framed on the events' places; one dot per place, its colour the quad class of most events there.
const MAP_W = 1000;
const MAP_H = 500;
let countriesPaths = null;

function project(lon, lat) { return [((lon + 180) / 360) * MAP_W, ((90 - lat) / 180) * MAP_H]; }

function ringPath(ring) {
  let d = "";
  let last = null;
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat);
    // a ring crossing the antimeridian (Russia, Fiji) jumps across the map: lift the pen there
    d += (last === null || Math.abs(lon - last) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    last = lon;
  }
  return d + "Z";
}

async function countries() {
  if (countriesPaths) return countriesPaths;
  const response = await fetch("/static/vendor/countries-110m.json");
  if (!response.ok || !window.topojson) throw new Error("The map's borders are not available.");
  const world = await response.json();
  const features = window.topojson.feature(world, world.objects.countries).features;
  countriesPaths = features.map((f) => {
    const polygons = f.geometry ? (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) : [];
    return { name: f.properties.name, d: polygons.flat().map(ringPath).join("") };
  });
  return countriesPaths;
}

async function drawMap(events, incidents = []) {
  const box = $("map");
  const status = $("map-status");
  const placed = new Map();
  for (const e of events) {
    const where = e.location;
    if (!where || where.lat === null || where.lat === undefined || where.lon === null || where.lon === undefined) continue;
    const key = `${where.lat},${where.lon}`;
    if (!placed.has(key)) placed.set(key, { where, events: [] });
    placed.get(key).events.push(e);
  }
  let paths;
  try {
    paths = await countries();
  } catch (error) {
    setStatus(status, error.message, true);
    return;
  }
  const points = [...placed.values()];
  const xy = points.map((p) => project(p.where.lon, p.where.lat));
  const rings = incidents.filter((i) => i.location && i.location.lat !== null && i.location.lon !== null);
  const ringXY = rings.map((i) => project(i.location.lon, i.location.lat));
  let [x0, y0, x1, y1] = [0, 0, MAP_W, MAP_H];
  if (xy.length || ringXY.length) {
    const xs = [...xy, ...ringXY].map((p) => p[0]);
    const ys = [...xy, ...ringXY].map((p) => p[1]);
    const span = Math.max(60, Math.max(...xs) - Math.min(...xs), 2 * (Math.max(...ys) - Math.min(...ys))) * 1.3;
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    [x0, y0, x1, y1] = [cx - span / 2, cy - span / 4, cx + span / 2, cy + span / 4];
  }
  const scale = (x1 - x0) / MAP_W;
  const chart = svg("svg", {
    viewBox: `${x0.toFixed(1)} ${y0.toFixed(1)} ${(x1 - x0).toFixed(1)} ${(y1 - y0).toFixed(1)}`,
    role: "img", "aria-label": `Map of ${points.length} places of this page's events`,
  });
  for (const c of paths) chart.append(svg("path", { class: "land", d: c.d }, svg("title", {}, c.name)));
  points.forEach((p, i) => {
    const counts = {};
    for (const e of p.events) counts[quadOf(e.type)] = (counts[quadOf(e.type)] || 0) + 1;
    const quad = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    const label = `${p.where.place || "?"} (${p.where.country || "?"}): ` +
      p.events.map((e) => `${e.type} ${dateText(e.date)}`).join("; ");
    chart.append(svg("circle", {
      class: `point q-${quad}`, cx: xy[i][0].toFixed(2), cy: xy[i][1].toFixed(2),
      r: ((5 + 3 * Math.sqrt(p.events.length)) * scale).toFixed(3), "data-place": p.where.place || "",
      "data-count": p.events.length,
    }, svg("title", {}, label)));
  });
  rings.forEach((i, n) => {
    const label = `Incident ${i.type} ${sides(i)}, ${dateText(i.date)}, ${i.location.place || "?"}: ${plural(i.n_reports, "report")}`;
    const ring = svg("circle", {
      class: `incident${i.id === state.incident ? " selected" : ""}`, cx: ringXY[n][0].toFixed(2), cy: ringXY[n][1].toFixed(2),
      r: ((9 + 3 * Math.sqrt(i.n_reports)) * scale).toFixed(3), tabindex: 0, role: "button",
      "aria-label": label, "data-incident": i.id,
    }, svg("title", {}, label));
    ring.addEventListener("click", () => openIncident(i.id));
    ring.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      openIncident(i.id);
    });
    chart.append(ring);
  });
  box.replaceChildren(chart);
  const unplaced = events.length - points.reduce((n, p) => n + p.events.length, 0);
  setStatus(status, `${points.length} place${points.length === 1 ? "" : "s"}` + (unplaced ? `; ${unplaced} event${unplaced === 1 ? "" : "s"} without coordinates` : "") +
    `; ${plural(rings.length, "incident")} on the map`);
}

async function drawDyad(event) {
  if (event) event.preventDefault();
  const status = $("dyad-status");
  const a = $("d-a").value.trim();
  const b = $("d-b").value.trim();
  if (!a || !b) { setStatus(status, "Give both actors, e.g. ETH and SDN.", true); return; }
  const params = new URLSearchParams({ interval: $("d-interval").value });
  for (const name of ["since", "until"]) {
    const value = $(`d-${name}`).value;
    if (value) params.set(name, value);
  }
  setStatus(status, "Loading …");
  try {
    const data = await api(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series?${params}`);
    const total = data.series.reduce((n, row) => n + row.total, 0);
    setStatus(status, `${data.dyad.join(" – ")}: ${total} event${total === 1 ? "" : "s"} in ${data.series.length} ${data.interval}${data.series.length === 1 ? "" : "s"}`);
    drawTimeline(data);
  } catch (error) {
    setStatus(status, error.message, true);
    $("timeline").replaceChildren();
  }
}

/** Round counts from 0 to the first at or above ``max``, for the timeline's axis: steps of 1,
 * 2 or 5 times a power of ten, five at most, so the labels read as a scale (0, 2, 4, 6 rather
 * than 0, 3, 5); the last is the top of the axis. */
function axisTicks(max) {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** Stacked bars, one per period, one colour per quad class, as inline SVG. */
function drawTimeline(data) {
  const series = data.series;
  const box = $("timeline");
  if (!series.length) { box.replaceChildren(el("p", { class: "status" }, "No events between them.")); return; }
  const classes = data.quad_classes;
  const ticks = axisTicks(Math.max(1, ...series.map((row) => row.total)));
  const max = ticks[ticks.length - 1];
  const band = Math.max(12, Math.min(64, Math.floor(900 / series.length)));
  const left = 34, top = 10, plot = 180, bottom = 34;
  const width = left + band * series.length + 10;
  const height = top + plot + bottom;
  const y = (n) => top + plot - (n / max) * plot;
  const chart = svg("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Events between ${data.dyad.join(" and ")} per ${data.interval}, by quad class`,
  });
  for (const t of ticks) {
    chart.append(svg("line", { x1: left - 4, x2: width - 6, y1: y(t), y2: y(t), stroke: "#e3e6eb" }));
    chart.append(svg("text", { class: "tick", x: left - 7, y: y(t) + 4, "text-anchor": "end" }, String(t)));
  }
  const every = Math.max(1, Math.ceil(56 / band)); // a label every this many bars
  series.forEach((row, i) => {
    const x = left + i * band + 2;
    let base = 0;
    for (const q of classes) {
      const n = row[q];
      if (!n) continue;
      const rect = svg("rect", {
        class: `bar bar-${q}`, x, width: band - 4, y: y(base + n), height: y(base) - y(base + n),
        "data-period": row.period, "data-quad": q, "data-count": n,
      }, svg("title", {}, `${row.period}: ${n} ${QUAD_LABEL[q] || q}`));
      chart.append(rect);
      base += n;
    }
    if (i % every === 0) {
      const label = data.interval === "month" ? row.period.slice(0, 7) : row.period.slice(5);
      chart.append(svg("text", { x: x + (band - 4) / 2, y: top + plot + 14, "text-anchor": "middle" }, label));
    }
  });
  chart.append(svg("line", { x1: left, x2: width - 6, y1: y(0), y2: y(0), stroke: "#8a919c" }));
  chart.append(svg("text", { x: left, y: height - 4 }, data.interval === "week" ? "weeks from Monday" : "months"));
  box.replaceChildren(chart);
}


// ---- review a stored document ----------------------------------------------------------------
// Corrections go to the server (POST /events/{id}/corrections, POST /documents/{id}/events),
// which keeps every one in the store's trail; the page shows the document as the server
// computes it after them. The document's id is in the address (#review=ID), so a reload
// shows it again.

const REVIEWER_KEY = "eventcoder.reviewer";

/** The marks a stored record carries (the store keeps no actor spans): evidence, trigger. */
function recordSpans(e) {
  return {
    evidence: e.evidence, trigger: e.trigger || null, more_evidence: e.more_evidence || [],
    source: [], target: [], claimed_by: [], date: null, location: null, fatalities: null,
  };
}

function splitCodes(value) {
  return value.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean);
}

function reviewer() {
  const name = $("reviewer").value.trim();
  if (name) localStorage.setItem(REVIEWER_KEY, name);
  return name;
}

function openReview(docId) {
  $("review-doc").value = docId;
  selectTab($("tab-review"));
  loadReview(docId);
}

async function loadReview(docId, keep = -1) {
  const status = $("review-status");
  setStatus(status, "Loading …");
  try {
    const stored = await api(`/documents/${docId.split("/").map(encodeURIComponent).join("/")}`);
    if (stored.text === null) throw new Error(`${docId} was stored without its text; it cannot be reviewed here.`);
    state.review = {
      doc: stored.document, text: stored.text, events: stored.events,
      event_spans: stored.events.map(recordSpans), selected: keep < stored.events.length ? keep : -1,
    };
    history.replaceState(null, "", `#review=${encodeURIComponent(docId)}`);
    const reviewed = stored.events.filter((e) => e.corrected).length;
    setStatus(status, `${stored.document.id}, published ${stored.document.published}: ${stored.events.length} events, ${reviewed} reviewed`);
    renderReview();
  } catch (error) {
    setStatus(status, error.message, true);
    $("review-result").hidden = true;
  }
}

function selectReviewEvent(i) {
  state.review.selected = i === state.review.selected ? -1 : i;
  renderReview(i);
}

function renderReview(focus = -1) {
  const view = state.review;
  $("review-result").hidden = false;
  renderArticle(view, $("review-article"));
  renderEventList(view, $("review-list"), $("review-heading"), selectReviewEvent);
  renderReviewDetail();
  const button = $("review-list").querySelector(`button[data-index="${focus}"]`);
  if (button) button.focus();
}

function changeText(changes) {
  return Object.entries(changes).map(([field, value]) => {
    if (value === null) return `${field}: none`;
    if (Array.isArray(value)) return `${field}: ${value.join(", ") || "none"}`;
    if (field === "date") return `date: ${dateText(value)}`;
    if (field === "fatalities") return `fatalities: ${deadText(value)}`;
    if (field === "location") return `location: ${[value.place, value.country].filter(Boolean).join(", ")}`;
    if (field === "evidence") return `evidence: “${value.text}”`;
    return `${field}: ${value}`;
  }).join("; ");
}

async function renderReviewDetail() {
  const detail = $("review-detail");
  const view = state.review;
  if (view.selected < 0) { detail.hidden = true; return; }
  const e = view.events[view.selected];
  $("review-title").textContent = `Event ${view.selected + 1}: ${e.type}`;
  const flag = reviewFlag(e);
  $("review-flag").textContent = flag ? `This event was ${flag}.` : "As the coder coded it; not reviewed.";
  $("review-flag").classList.toggle("rejected", Boolean(e.rejected));
  const rows = [
    ["Type", `${e.type}${e.mode ? " / " + e.mode : ""}`],
    ["Source", codes(e.source)], ["Target", codes(e.target)], ["Date", dateText(e.date)],
    ["Place", e.location ? [e.location.place, e.location.country].filter(Boolean).join(", ") : "—"],
    ["Fatalities", e.fatalities ? deadText(e.fatalities) : "—"],
    ["Evidence", `“${e.evidence.text}”`],
  ];
  $("review-fields").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("mark-wrong").textContent = e.rejected ? "Restore (not wrong after all)" : "Mark wrong";
  const form = $("correct-form").elements;
  form.type.value = e.type;
  form.mode.value = e.mode || "";
  form.source.value = (e.source || []).map((a) => a.code).join(", ");
  form.target.value = (e.target || []).map((a) => a.code).join(", ");
  form.earliest.value = e.date.earliest;
  form.latest.value = e.date.latest;
  form.place.value = (e.location && e.location.place) || "";
  form.country.value = (e.location && e.location.country) || "";
  form.dead_min.value = e.fatalities ? e.fatalities.min : "";
  form.dead_max.value = e.fatalities && e.fatalities.max !== null && e.fatalities.max !== undefined ? e.fatalities.max : "";
  setStatus($("correct-status"), "");
  detail.hidden = false;
  const trail = $("trail");
  trail.replaceChildren();
  if (!e.corrected) { trail.append(el("li", {}, "none")); return; }
  try {
    const review = await api(`/events/${encodeURIComponent(e.id)}/corrections`);
    trail.replaceChildren(...review.corrections.map((c) => el("li", {},
      `${c.made_at.slice(0, 16).replace("T", " ")} UTC · ${c.reviewer} · ${c.kind}`,
      c.kind === "correct" || c.kind === "add" ? `: ${changeText(c.changes)}` : "",
      c.kind === "correct" ? ` (was ${changeText(c.original)})` : "",
      c.note ? ` — “${c.note}”` : "")));
  } catch (error) {
    trail.replaceChildren(el("li", { class: "error" }, error.message));
  }
}

/** The fields of the correction form that differ from the event: the changes to send. */
function formChanges(e) {
  const form = $("correct-form").elements;
  const changes = {};
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (form.type.value !== e.type) changes.type = form.type.value;
  if (form.mode.value.trim() !== (e.mode || "")) changes.mode = form.mode.value.trim() || null;
  for (const side of ["source", "target"]) {
    const given = splitCodes(form[side].value);
    if (!same(given, (e[side] || []).map((a) => a.code))) changes[side] = given;
  }
  if (form.earliest.value !== e.date.earliest || form.latest.value !== e.date.latest) {
    changes.date = { earliest: form.earliest.value, latest: form.latest.value };
  }
  const place = form.place.value.trim() || null;
  const country = form.country.value.trim().toUpperCase() || null;
  const was = e.location || {};
  if (place !== (was.place || null) || country !== (was.country || null)) {
    changes.location = place || country ? { place, country } : null;
  }
  const least = form.dead_min.value === "" ? null : Number(form.dead_min.value);
  const most = form.dead_max.value === "" ? null : Number(form.dead_max.value);
  const dead = e.fatalities ? [e.fatalities.min, e.fatalities.max ?? null] : [null, null];
  if (!same([least, most], dead)) changes.fatalities = least === null ? null : { min: least, max: most };
  return changes;
}

async function sendCorrection(body, status) {
  const e = state.review.events[state.review.selected];
  const name = reviewer();
  if (!name) { setStatus(status, "Give your name as the reviewer first.", true); $("reviewer").focus(); return; }
  setStatus(status, "Saving …");
  try {
    await api(`/events/${encodeURIComponent(e.id)}/corrections`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ reviewer: name, ...body }),
    });
    const at = state.review.selected;
    await loadReview(state.review.doc.id, at);
    setStatus($("correct-status"), "Saved.");
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

function correctEvent(event) {
  event.preventDefault();
  const changes = formChanges(state.review.events[state.review.selected]);
  if (!Object.keys(changes).length) { setStatus($("correct-status"), "Nothing changed."); return; }
  sendCorrection({ kind: "correct", changes }, $("correct-status"));
}

function toggleWrong() {
  const e = state.review.events[state.review.selected];
  sendCorrection({ kind: e.rejected ? "restore" : "reject" }, $("correct-status"));
}

/** The selection's offsets in the article's text, or null if it is not inside it. */
function selectionOffsets(box) {
  const selection = window.getSelection();
  if (!selection || !selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(box);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return { start, end: start + range.toString().length };
}

function showSelection() {
  if (!state.review) return;
  const span = selectionOffsets($("review-article"));
  if (!span) return;
  $("add-start").value = span.start;
  $("add-end").value = span.end;
  updateAddSelection();
}

function updateAddSelection() {
  const start = Number($("add-start").value);
  const end = Number($("add-end").value);
  const text = state.review ? state.review.text : "";
  $("add-selection").textContent = $("add-start").value !== "" && end > start
    ? `Evidence: “${text.slice(start, end)}” (characters ${start}–${end})`
    : "Select its evidence in the article (or give its character offsets).";
}

async function addMissedEvent(event) {
  event.preventDefault();
  const status = $("add-status");
  const name = reviewer();
  if (!name) { setStatus(status, "Give your name as the reviewer first.", true); $("reviewer").focus(); return; }
  const form = $("add-form").elements;
  const body = {
    reviewer: name,
    evidence: { start: Number(form.start.value), end: Number(form.end.value) },
    type: form.type.value,
    source: splitCodes(form.source.value),
    target: splitCodes(form.target.value),
    date: { earliest: form.earliest.value, latest: form.latest.value },
  };
  setStatus(status, "Adding …");
  try {
    const added = await api(`/documents/${state.review.doc.id.split("/").map(encodeURIComponent).join("/")}/events`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    await loadReview(state.review.doc.id);
    const at = state.review.events.findIndex((e) => e.id === added.event.id);
    state.review.selected = at;
    renderReview(at);
    setStatus(status, `Added event ${at + 1}: ${added.event.type}.`);
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

function setUpReview() {
  $("reviewer").value = localStorage.getItem(REVIEWER_KEY) || "";
  $("review-form").addEventListener("submit", (event) => {
    event.preventDefault();
    reviewer();
    loadReview($("review-doc").value.trim());
  });
  $("review-article").addEventListener("click", (event) => {
    if (!window.getSelection().isCollapsed) return;  // selecting text to add an event
    const span = event.target.closest("[data-event]");
    if (span) selectReviewEvent(Number(span.dataset.event));
  });
  document.addEventListener("selectionchange", showSelection);
  for (const id of ["add-start", "add-end"]) $(id).addEventListener("input", updateAddSelection);
  $("correct-form").addEventListener("submit", correctEvent);
  $("mark-wrong").addEventListener("click", toggleWrong);
  $("add-form").addEventListener("submit", addMissedEvent);
  const asked = new URLSearchParams(location.hash.slice(1)).get("review");
  if (asked) openReview(asked);
}

// ---- start --------------------------------------------------------------------------------

async function loadVocabulary() {
  try {
    const plover = await api("/plover");
    state.quadOf = plover.types;
    state.quadClasses = plover.quad_classes;
  } catch (error) {
    setStatus($("code-status"), error.message, true);
  }
  fillLegend($("quad-legend"));
  fillLegend($("dyad-legend"));
  fillLegend($("review-legend"));
  $("f-type").append(...Object.keys(state.quadOf).map((t) => el("option", { value: t }, t)));
  for (const id of ["c-type", "add-type"]) {
    $(id).append(...Object.keys(state.quadOf).map((t) => el("option", { value: t }, t)));
  }
  $("f-quad").append(...state.quadClasses.map((q) => el("option", { value: q }, QUAD_LABEL[q] || q)));
}

async function showStore() {
  try {
    const health = await api("/health");
    const store = health.store;
    $("store-status").textContent = store.status === "ok"
      ? `eventcoder ${health.version} · store: ${store.documents} documents, ${store.events} events`
      : `eventcoder ${health.version} · store ${store.status}`;
  } catch (error) {
    $("store-status").textContent = error.message;
  }
}

function start() {
  setUpTabs();
  const today = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  $("article-published").value = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  $("code-form").addEventListener("submit", codeArticle);
  $("article").addEventListener("click", (event) => {
    const span = event.target.closest("[data-event]");
    if (span) selectEvent(Number(span.dataset.event));
  });
  $("filter-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.query = filterParams();
    state.offset = 0;
    loadEvents();
  });
  $("filter-form").addEventListener("reset", () => setTimeout(() => {
    state.query = new URLSearchParams();
    state.offset = 0;
    loadEvents();
  }));
  $("page-prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - pageSize()); loadEvents(); });
  $("page-next").addEventListener("click", () => { if (state.nextOffset !== null) { state.offset = state.nextOffset; loadEvents(); } });
  $("dyad-form").addEventListener("submit", drawDyad);
  loadVocabulary().then(setUpReview);
  showStore();
}

document.addEventListener("DOMContentLoaded", start);
