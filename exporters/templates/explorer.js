/* noteatlas explorer: filters, timeline layout, search, details panel and typed paths.
 *
 * Safety: every string that came from a note reaches the DOM through textContent, a form
 * property or a canvas label; nothing is parsed as HTML. Only http(s) URLs and the relative
 * Markdown links computed at export time ever become an href.
 */
(function () {
  "use strict";

  const mark = (name) => performance.mark("noteatlas:" + name);
  mark("start");
  const DATA = JSON.parse(document.getElementById("atlas-data").textContent);
  mark("parsed");
  const CFG = DATA.config;
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- tables
  const visNodes = DATA.nodes;
  const info = DATA.info;
  const N = visNodes.length;
  const visEdges = DATA.edges;
  const einfo = DATA.einfo;
  const E = visEdges.length;
  const byId = new Map();
  const seeds = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) {
    byId.set(visNodes[i].id, i);
    info[i].n = info[i].n || visNodes[i].label;
    info[i].ln = CFG.laneOf[info[i].g] || "other";
    seeds[2 * i] = visNodes[i].x;
    seeds[2 * i + 1] = visNodes[i].y;
  }
  const edgeById = new Map();
  const adj = Array.from({ length: N }, () => []);
  const EDGE_STYLE = new Map(CFG.edgeKinds.map((k) => [k[0], { fam: k[1], color: k[4], width: k[5], dashes: k[6] }]));
  // Big graphs draw edges faint; a selected node's edges come out in full colour.
  const faint = (hex) => CFG.large ? "rgba(" + [1, 3, 5].map((n) => parseInt(hex.slice(n, n + 2), 16)).join(",") + ",0.28)" : hex;
  for (let j = 0; j < E; j++) {
    const style = EDGE_STYLE.get(einfo[j].k);
    const item = visEdges[j];
    const hex = item.color ? item.color.color : style.color;
    item.color = { color: faint(hex), highlight: hex, hover: hex };
    if (item.width === undefined) item.width = style.width;
    if (item.dashes === undefined) item.dashes = style.dashes;
    einfo[j].fam = style.fam;
    const s = byId.get(visEdges[j].from);
    const t = byId.get(visEdges[j].to);
    einfo[j].s = s === undefined ? -1 : s;
    einfo[j].t = t === undefined ? -1 : t;
    edgeById.set(visEdges[j].id, j);
    if (s !== undefined && t !== undefined) {
      adj[s].push(j);
      if (t !== s) adj[t].push(j);
    }
  }
  const REL = new Set(CFG.relationKinds);
  const WEAK = new Set(CFG.weakKinds);
  const GROUP_COLOUR = new Map(CFG.groups.map((g) => [g[0], g[1]]));
  const PATH_COLOUR = "#f59e0b";
  // Every animated frame redraws everything: big graphs jump instead.
  const ANIMATION = CFG.large ? false : { duration: 300, easingFunction: "easeInOutQuad" };
  const KIND_ORDER = { concept: 0, paper: 1, tag: 2, note: 3, resource: 4, asset: 5 };
  const years = info.filter((r) => r.y !== undefined).map((r) => r.y);
  const MIN_YEAR = years.reduce((a, b) => Math.min(a, b), years.length ? years[0] : 0);
  const MAX_YEAR = years.reduce((a, b) => Math.max(a, b), years.length ? years[0] : 0);

  // ---------------------------------------------------------------- state
  const state = {
    layout: "timeline",
    kinds: new Set(CFG.nodeKinds.filter((k) => k[2]).map((k) => k[0])),
    groups: new Set(CFG.groups.map((g) => g[0])),
    edgeKinds: new Set(CFG.edgeKinds.filter((k) => k[3]).map((k) => k[0])),
    yearFrom: MIN_YEAR,
    yearTo: MAX_YEAR,
    undated: true,
    tags: new Set(),
    hideOrphans: false,
    depth: 0,
    selected: -1,
    pinned: new Set(),
    pathNodes: [],
    pathEdges: [],
    nodeOn: new Uint8Array(N),
    edgeOn: new Uint8Array(E),
    geo: null,
  };

  // ---------------------------------------------------------------- visibility
  function computeVisibility() {
    const on = new Uint8Array(N);
    const tagOn = state.tags.size > 0;
    for (let i = 0; i < N; i++) {
      const r = info[i];
      let ok = state.kinds.has(r.k) && (r.k !== "concept" || state.groups.has(r.g));
      if (ok) ok = r.y === undefined ? state.undated : r.y >= state.yearFrom && r.y <= state.yearTo;
      if (ok && tagOn) ok = !!r.tg && r.tg.some((t) => state.tags.has(t));
      on[i] = ok ? 1 : 0;
    }
    const forced = new Set([...state.pinned, ...state.pathNodes]);
    for (const i of forced) on[i] = 1;
    const pathEdges = new Set(state.pathEdges);
    const eon = new Uint8Array(E);
    const edgesOn = () => {
      for (let j = 0; j < E; j++) {
        const e = einfo[j];
        eon[j] = e.s >= 0 && e.t >= 0 && on[e.s] && on[e.t] &&
          (state.edgeKinds.has(e.k) || pathEdges.has(j)) ? 1 : 0;
      }
    };
    edgesOn();
    if (state.hideOrphans) {
      const deg = new Uint32Array(N);
      for (let j = 0; j < E; j++) {
        if (eon[j] && einfo[j].s !== einfo[j].t) { deg[einfo[j].s]++; deg[einfo[j].t]++; }
      }
      for (let i = 0; i < N; i++) if (on[i] && !deg[i] && !forced.has(i)) on[i] = 0;
      edgesOn();
    }
    if (state.depth > 0 && state.selected >= 0 && on[state.selected]) {
      const dist = new Map([[state.selected, 0]]);
      let frontier = [state.selected];
      for (let d = 1; d <= state.depth && frontier.length; d++) {
        const next = [];
        for (const i of frontier) {
          for (const j of adj[i]) {
            if (!eon[j]) continue;
            const o = einfo[j].s === i ? einfo[j].t : einfo[j].s;
            if (!dist.has(o)) { dist.set(o, d); next.push(o); }
          }
        }
        frontier = next;
      }
      for (let i = 0; i < N; i++) if (on[i] && !dist.has(i) && !forced.has(i)) on[i] = 0;
      edgesOn();
    }
    state.nodeOn = on;
    state.edgeOn = eon;
  }

  // ---------------------------------------------------------------- timeline layout
  const TL = { colW: 176, minColW: 84, rowH: 58, maxRows: 8, lanePad: 24, yearGap: 26 };
  // A column is as wide as its widest label (labels are at most 24 columns wide, see short_label).
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = (DATA.options.nodes.font.size || 13) + "px " + CFG.font;
  const labelWidth = new Float32Array(N).fill(-1);
  const widthOf = (i) => {
    if (labelWidth[i] < 0) labelWidth[i] = measure.measureText(visNodes[i].label || "").width;
    return labelWidth[i];
  };
  const rowsFor = (n) => (n <= TL.maxRows ? n : Math.max(TL.maxRows, Math.ceil(Math.sqrt(n))));
  const byName = (a, b) => (info[a].mo || 0) - (info[b].mo || 0) ||
    info[b].d - info[a].d || (info[a].n < info[b].n ? -1 : info[a].n > info[b].n ? 1 : 0);

  function timelineLayout(on) {
    const cells = new Map(CFG.lanes.map((l) => [l[0], new Map()]));
    const present = new Set();
    for (let i = 0; i < N; i++) {
      if (!on[i]) continue;
      const r = info[i];
      const key = r.y === undefined ? "u" : r.y;
      if (r.y !== undefined) present.add(r.y);
      const lane = cells.get(r.ln);
      if (!lane.has(key)) lane.set(key, []);
      lane.get(key).push(i);
    }
    const span = (key) => {
      let sub = 1;
      let widest = 0;
      for (const lane of cells.values()) {
        const c = lane.get(key);
        if (!c) continue;
        sub = Math.max(sub, Math.ceil(c.length / rowsFor(c.length)));
        for (const i of c) widest = Math.max(widest, widthOf(i));
      }
      const w = Math.min(Math.max(widest + 22, TL.minColW), TL.colW);
      return { sub, w };
    };
    const cols = [];
    const colOf = new Map();
    let x = 0;
    let prev = null;
    for (const year of [...present].sort((a, b) => a - b)) {
      const gap = prev !== null && year - prev > 1;
      if (gap) x += TL.yearGap * Math.min(year - prev - 1, 2);
      const { sub, w } = span(year);
      const col = { year, x0: x, x1: x + sub * w, w, gap };
      cols.push(col);
      colOf.set(year, col);
      x = col.x1;
      prev = year;
    }
    let undated = null;
    if ([...cells.values()].some((lane) => lane.has("u"))) {
      if (cols.length) x += TL.yearGap * 2;
      const { sub, w } = span("u");
      undated = { x0: x, x1: x + sub * w, w };
      colOf.set("u", undated);
      x = undated.x1;
    }
    const lanes = [];
    const positions = [];
    let y = 0;
    for (const [key, label] of CFG.lanes) {
      const lane = cells.get(key);
      if (!lane.size) continue;
      let rows = 1;
      for (const c of lane.values()) rows = Math.max(rows, rowsFor(c.length));
      const y0 = y;
      const y1 = y + rows * TL.rowH + 2 * TL.lanePad;
      lanes.push({ key, label, y0, y1 });
      for (const [k, items] of lane) {
        items.sort(byName);
        const col = colOf.get(k);
        const r = rowsFor(items.length);
        items.forEach((i, n) => {
          const cx = col.x0 + Math.floor(n / r) * col.w + col.w / 2;
          const cy = y0 + TL.lanePad + (n % r) * TL.rowH + TL.rowH / 2;
          positions.push({ id: visNodes[i].id, x: cx, y: cy });
        });
      }
      y = y1;
    }
    return { positions, geo: { cols, undated, lanes, x0: 0, x1: x, y0: 0, y1: y } };
  }

  // ---------------------------------------------------------------- vis-network
  const tooltip = (r) => {
    const kind = r.k === "concept" ? r.g : r.k;
    return [r.nm || r.n, r.y === undefined ? kind : kind + " · " + r.y].join("\n");
  };
  mark("tables");
  computeVisibility();
  const first = timelineLayout(state.nodeOn);
  mark("layout");
  state.geo = first.geo;
  const start = new Map(first.positions.map((p) => [p.id, p]));
  for (let i = 0; i < N; i++) {
    const p = start.get(visNodes[i].id);
    if (p) { visNodes[i].x = p.x; visNodes[i].y = p.y; }
    visNodes[i].title = tooltip(info[i]);
  }
  mark("datasets");
  const nodesDS = new vis.DataSet(visNodes);
  const edgesDS = new vis.DataSet(visEdges);
  const nodeView = new vis.DataView(nodesDS, { filter: (n) => state.nodeOn[byId.get(n.id)] === 1 });
  const edgeView = new vis.DataView(edgesDS, { filter: (e) => state.edgeOn[edgeById.get(e.id)] === 1 });
  mark("views");
  const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, DATA.options);
  mark("network");

  function applyFilters() {
    computeVisibility();
    // Lay out first: nodes about to appear then enter the view already in place.
    if (state.layout === "timeline") relayout();
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }

  function relayout() {
    const { positions, geo } = timelineLayout(state.nodeOn);
    state.geo = geo;
    place(positions);
  }

  // Move drawn nodes in place (a DataSet update re-parses every node's options: seconds for
  // thousands); nodes not drawn yet get their position in the DataSet, which adds them.
  function place(positions) {
    const live = network.body && network.body.nodes;
    const pending = [];
    for (const p of positions) {
      const node = live && live[p.id];
      if (node) { node.x = p.x; node.y = p.y; } else pending.push(p);
    }
    if (pending.length) nodesDS.update(pending);
    if (state.layout === "free" && $("physics").checked) {
      network.startSimulation();
    } else {
      // The first draw refreshes the bounding boxes of nodes it culls (they moved from outside
      // the view); the second draws them where they are now.
      network.redraw();
      network.redraw();
    }
  }

  function updateCounts() {
    let back = 0;
    for (let j = 0; j < E; j++) if (state.edgeOn[j] && einfo[j].bk) back++;
    $("count-nodes").textContent = String(nodeView.length);
    $("count-edges").textContent = String(edgeView.length);
    $("count-backwards").textContent = String(back);
  }
  $("total-nodes").textContent = String(N);
  $("total-edges").textContent = String(E);

  function setLayout(name) {
    state.layout = name === "free" ? "free" : "timeline";
    $("layout-timeline").setAttribute("aria-pressed", String(state.layout === "timeline"));
    $("layout-free").setAttribute("aria-pressed", String(state.layout === "free"));
    $("physics").disabled = state.layout === "timeline";
    if (state.layout === "timeline") {
      network.setOptions({ physics: { enabled: false } });
      relayout();
    } else {
      const moves = [];
      for (let i = 0; i < N; i++) {
        if (state.nodeOn[i]) moves.push({ id: visNodes[i].id, x: seeds[2 * i], y: seeds[2 * i + 1] });
      }
      place(moves);
      if ($("physics").checked) {
        // Live simulation, never a blocking stabilisation (it would hold back every redraw).
        network.setOptions({ physics: { enabled: true } });
        network.once("stabilized", () => { if (state.layout === "free") fitReadable(); });
      }
    }
    fitReadable();
  }

  // Fit everything, but never so small that labels cannot be read (nor absurdly large); the
  // timeline is top-aligned under its year axis. Bounds come from our own positions: vis-network
  // only refreshes its bounding boxes when it draws.
  function fitReadable() {
    const el = $("network");
    const geo = state.geo;
    const timeline = state.layout === "timeline" && geo && geo.lanes.length;
    let box = null;
    if (timeline) {
      box = { x0: geo.x0 - 40, x1: geo.x1 + 40, y0: geo.y0 - 70, y1: geo.y1 + 20 };
    } else {
      for (const p of Object.values(network.getPositions(nodeView.getIds()))) {
        if (!box) box = { x0: p.x, x1: p.x, y0: p.y, y1: p.y };
        box.x0 = Math.min(box.x0, p.x); box.x1 = Math.max(box.x1, p.x);
        box.y0 = Math.min(box.y0, p.y); box.y1 = Math.max(box.y1, p.y);
      }
      if (box) { box.x0 -= 80; box.x1 += 80; box.y0 -= 60; box.y1 += 60; }
    }
    if (!box) return;
    const fit = Math.min(el.clientWidth / (box.x1 - box.x0), el.clientHeight / (box.y1 - box.y0));
    const scale = Math.min(Math.max(fit, 0.7), 1.3);
    const position = { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
    if (timeline) position.y = geo.y0 + (el.clientHeight / 2 - 58) / scale;
    network.moveTo({ position, scale, animation: false });
  }

  // ---------------------------------------------------------------- timeline drawing
  const ERA_FILL = ["rgba(99,102,241,0.06)", "rgba(13,148,136,0.07)", "rgba(245,158,11,0.08)", "rgba(219,39,119,0.06)"];
  const ERA_INK = ["#4338ca", "#0f766e", "#b45309", "#be185d"];

  function eraSpans(geo) {
    const out = [];
    CFG.eras.forEach(([a, b, label], n) => {
      const cols = geo.cols.filter((c) => (a === null || c.year >= a) && (b === null || c.year <= b));
      if (!cols.length) return;
      const first = cols[0].year;
      const last = cols[cols.length - 1].year;
      const span = first === last ? String(first) : first + "–" + last;
      out.push({ x0: cols[0].x0, x1: cols[cols.length - 1].x1, label, span, n: n % ERA_FILL.length });
    });
    return out;
  }

  network.on("beforeDrawing", (ctx) => {
    const geo = state.geo;
    if (state.layout !== "timeline" || !geo || !geo.lanes.length) return;
    const top = geo.y0 - 12;
    const bottom = geo.y1 + 12;
    ctx.save();
    for (const era of eraSpans(geo)) {
      ctx.fillStyle = ERA_FILL[era.n];
      ctx.fillRect(era.x0 - 6, top, era.x1 - era.x0 + 12, bottom - top);
    }
    if (geo.undated) {
      ctx.fillStyle = "rgba(148,163,184,0.10)";
      ctx.fillRect(geo.undated.x0 - 6, top, geo.undated.x1 - geo.undated.x0 + 12, bottom - top);
    }
    ctx.strokeStyle = "rgba(100,116,139,0.14)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const c of geo.cols) { ctx.moveTo(c.x0, top); ctx.lineTo(c.x0, bottom); }
    ctx.stroke();
    ctx.strokeStyle = "rgba(100,116,139,0.35)";
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    for (const lane of geo.lanes.slice(1)) {
      ctx.moveTo(geo.x0 - 40, lane.y0);
      ctx.lineTo(geo.x1 + 40, lane.y0);
    }
    ctx.stroke();
    ctx.restore();
  });

  network.on("afterDrawing", (ctx) => {
    const geo = state.geo;
    if (state.layout !== "timeline" || !geo || !geo.lanes.length) return;
    const el = $("network");
    const width = el.clientWidth;
    const ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    const dom = (x, y) => network.canvasToDOM({ x, y });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.94)";
    ctx.fillRect(0, 0, width, 46);
    ctx.strokeStyle = "#e5e7eb";
    ctx.beginPath(); ctx.moveTo(0, 46.5); ctx.lineTo(width, 46.5); ctx.stroke();
    ctx.textBaseline = "middle";
    // era names on the first row
    ctx.font = "600 11px " + CFG.font;
    for (const era of eraSpans(geo)) {
      const a = Math.max(dom(era.x0, 0).x, 4);
      const b = Math.min(dom(era.x1, 0).x, width - 4);
      if (b - a < 30) continue;
      ctx.fillStyle = ERA_FILL[era.n].replace(/0\.0\d\)/, "0.16)");
      ctx.fillRect(a, 3, b - a, 16);
      let text = era.label + " · " + era.span;
      if (ctx.measureText(text).width > b - a - 8) text = era.label;
      if (ctx.measureText(text).width > b - a - 8) text = era.span;
      if (ctx.measureText(text).width > b - a - 8) continue;
      ctx.fillStyle = ERA_INK[era.n];
      ctx.textAlign = "center";
      ctx.fillText(text, (a + b) / 2, 11.5);
    }
    // year labels on the second row: centred on the visible part of their column, skipping those
    // that would collide; a tick marks where each column starts
    ctx.font = "600 12px " + CFG.font;
    let last = -Infinity;
    const marks = geo.cols.map((c) => ({ x0: c.x0, x1: c.x1, text: String(c.year), gap: c.gap }));
    if (geo.undated) marks.push({ x0: geo.undated.x0, x1: geo.undated.x1, text: "undated", gap: false });
    ctx.textAlign = "center";
    for (const m of marks) {
      const a = dom(m.x0, 0).x;
      const b = dom(m.x1, 0).x;
      if (b < 0 || a > width) continue;
      ctx.fillStyle = "#d1d5db";
      if (a > 0) ctx.fillRect(Math.round(a), 26, 1, 14);
      if (m.gap && a > 6) { ctx.fillStyle = "#9ca3af"; ctx.fillText("⋯", a - 8, 33); }
      const w = ctx.measureText(m.text).width;
      const x = Math.min(Math.max((Math.max(a, 0) + Math.min(b, width)) / 2, w / 2 + 4), width - w / 2 - 4);
      if (x - w / 2 < last + 8 || x - w / 2 < a - 2 && a > 0 || x + w / 2 > b + 2) continue;
      ctx.fillStyle = m.text === "undated" ? "#6b7280" : "#111827";
      ctx.fillText(m.text, x, 33);
      last = x + w / 2;
    }
    // lane names along the left edge
    ctx.font = "600 11px " + CFG.font;
    ctx.textAlign = "left";
    for (const lane of geo.lanes) {
      const y0 = Math.max(dom(0, lane.y0).y, 50);
      const y1 = dom(0, lane.y1).y;
      if (y1 - y0 < 18) continue;
      const text = lane.label.toUpperCase();
      const w = ctx.measureText(text).width + 12;
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(6, y0 + 4, w, 18);
      ctx.fillStyle = "#64748b";
      ctx.fillText(text, 12, y0 + 13);
    }
    ctx.restore();
  });

  // ---------------------------------------------------------------- DOM helpers (text only)
  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue;
        if (k === "text") node.textContent = String(v);
        else if (k === "class") node.className = v;
        else if (k === "style") node.style.cssText = v;
        else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, String(v));
      }
    }
    for (const c of children || []) node.append(c);
    return node;
  }
  const text = (s) => document.createTextNode(String(s));
  const isWebUrl = (u) => typeof u === "string" && /^https?:\/\/[^\s]/i.test(u);
  const isRelativeDoc = (u) => typeof u === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(u) &&
    !u.startsWith("//") && /\.(md|markdown)$/i.test(u);
  const STATUS_CLASS = { ok: "ok", redirected: "redirected", broken: "broken", error: "error" };
  const STATUS_MARK = { ok: "✓", redirected: "↪", broken: "✗", error: "✗" };

  function statusEl(status) {
    if (!status) return null;
    const key = String(status);
    return el("span", {
      class: "status " + (STATUS_CLASS[key] || "other"),
      text: (STATUS_MARK[key] ? STATUS_MARK[key] + " " : "") + key,
    });
  }
  function urlEl(label, href, status) {
    const parts = [];
    if (isWebUrl(href)) {
      parts.push(el("a", { href, target: "_blank", rel: "noopener noreferrer", text: label }));
    } else {
      parts.push(el("span", { class: "unsafe", text: label, title: "not a web link: not clickable" }));
    }
    const s = statusEl(status);
    if (s) parts.push(s);
    return parts;
  }
  function fileEl(f, lines) {
    const path = DATA.files[f];
    const href = DATA.fileHrefs[f];
    const out = [isRelativeDoc(href) ? el("a", { href, text: path }) : el("span", { text: path })];
    if (lines && lines.length) out.push(text(lines.map((l) => ":" + l).join(", ")));
    return out;
  }
  function nodeButton(i, label) {
    const go = () => select(i);
    return el("span", {
      class: "linkish", role: "button", tabindex: "0", text: label || displayName(i),
      onclick: go, onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); } },
    });
  }
  const displayName = (i) => info[i].nm || info[i].n;
  const kindLabel = (r) => (r.k === "concept" ? r.g : r.k);

  // ---------------------------------------------------------------- details panel
  const LIMIT = 40;
  function section(title, items) {
    if (!items.length) return [];
    const list = el("ul", null, items.slice(0, LIMIT).map((parts) => el("li", null, parts)));
    const out = [el("h3", { text: title }), list];
    if (items.length > LIMIT) out.push(el("p", { class: "more", text: "… and " + (items.length - LIMIT) + " more" }));
    return out;
  }

  function renderDetails(i) {
    const body = $("details-body");
    if (i < 0) { body.replaceChildren(emptyState()); return; }
    const r = info[i];
    const parts = [el("h2", { text: displayName(i) })];
    const badges = el("div", { class: "badges" }, [
      el("span", { class: "badge kind", text: kindLabel(r), style: "background:" + (GROUP_COLOUR.get(r.g) || "#64748b") }),
    ]);
    if (r.y !== undefined) badges.append(el("span", { class: "badge year", text: String(r.y) + (r.mo ? "-" + String(r.mo).padStart(2, "0") : "") }));
    if (r.bi) badges.append(el("span", { class: "badge", text: "built-in" }));
    if (r.mi) badges.append(el("span", { class: "badge", text: "missing file" }));
    parts.push(badges);
    if (r.y !== undefined && r.ys) parts.push(el("p", { class: "muted small", text: "year from " + r.ys }));
    if (r.yn) parts.push(el("p", { class: "muted small", text: r.yn }));
    if (r.ti && r.ti !== displayName(i)) parts.push(el("p", { text: r.ti }));
    if (r.pid) parts.push(el("p", { class: "muted small", text: r.pid + (r.ve ? " · " + r.ve : "") }));
    if (r.au && r.au.length) parts.push(el("p", { class: "small", text: r.au.join(", ") }));
    if (r.f !== undefined) parts.push(el("p", { class: "small" }, fileEl(r.f)));
    if (r.al && r.al.length) parts.push(el("h3", { text: "aliases" }), el("p", { text: r.al.join(" · ") }));
    if (r.su) parts.push(el("h3", { text: "summary" }), el("p", { text: r.su }));
    if (r.u && r.u.length) parts.push(...section("links", r.u.map(([u, href, st]) => urlEl(u, href, st))));

    const papers = [];
    const seen = new Set();
    const addPaper = (p) => {
      if (p === undefined || seen.has(p)) return;
      seen.add(p);
      const pr = info[p];
      const line = [nodeButton(p, (pr.ti || pr.n) + (pr.y ? " (" + pr.y + ")" : ""))];
      for (const [u, href, st] of (pr.u || []).slice(0, 3)) line.push(el("div", { class: "small" }, urlEl(u, href, st)));
      papers.push(line);
    };
    if (r.pa) addPaper(byId.get(r.pa));
    const relations = [];
    const fileLines = new Map();
    const externals = [];
    const tagNodes = [];
    for (const j of adj[i]) {
      const e = einfo[j];
      const other = e.s === i ? e.t : e.s;
      const o = info[other];
      for (const [f, line] of e.ev) {
        if (f < 0) continue;
        if (!fileLines.has(f)) fileLines.set(f, new Set());
        if (line) fileLines.get(f).add(line);
      }
      if (e.k === "introduces" && e.t === i) addPaper(e.s);
      else if (o.k === "paper" && r.k === "concept") addPaper(other);
      if (o.k === "resource") for (const [u, href, st] of o.u || []) externals.push(urlEl(o.ti || u, href, st));
      if (o.k === "tag") tagNodes.push(other);
      if (e.fam !== "document") {
        const out = e.s === i;
        const where = e.ev.filter((ev) => ev[0] >= 0).slice(0, 2);
        const line = [
          el("span", { class: "rel", text: (out ? "→ " : "← ") + e.k + " " }),
          nodeButton(other),
        ];
        if (e.bk) line.push(el("span", { class: "status broken", text: "⟲ back in time" }));
        for (const ev of where) line.push(el("span", { class: "muted small", text: " " + DATA.files[ev[0]] + ":" + ev[1] }));
        relations.push(line);
      }
    }
    parts.push(...section("papers", papers));
    parts.push(...section("relations", relations));
    const files = [...fileLines.keys()].sort((a, b) => (DATA.files[a] < DATA.files[b] ? -1 : 1));
    parts.push(...section("notes and lines", files.map((f) => fileEl(f, [...fileLines.get(f)].sort((a, b) => a - b)))));
    parts.push(...section("external links", externals));
    const tags = (r.tg || []).map((t) => DATA.tags[t]);
    if (tags.length) parts.push(el("h3", { text: "tags" }), el("div", { class: "badges" }, tags.map((t) => el("span", { class: "badge", text: "#" + t }))));
    if (state.pathNodes.length) parts.push(...pathSection());
    body.replaceChildren(...parts);
  }

  function emptyState() {
    return el("div", { class: "empty-state" }, [
      el("p", { text: "Click a node, or search by name or alias (English or 中文)." }),
      el("p", { text: "Find how two concepts connect with the path box, e.g. word2vec → BERT." }),
    ]);
  }

  // ---------------------------------------------------------------- selection
  function select(i, opts) {
    if (typeof i === "string") i = byId.get(i);
    if (i === undefined || i < 0 || i >= N) return false;
    const focus = !opts || opts.focus !== false;
    state.selected = i;
    if (!state.nodeOn[i]) state.pinned.add(i);
    if (!state.nodeOn[i] || state.depth > 0) applyFilters();
    network.selectNodes([visNodes[i].id]);
    if (focus) network.focus(visNodes[i].id, { scale: Math.max(network.getScale(), 1.0), animation: ANIMATION });
    renderDetails(i);
    return true;
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0], { focus: false });
  });

  // ---------------------------------------------------------------- search
  const norm = (s) => String(s).normalize("NFKC").toLowerCase().trim();
  const index = info.map((r) => {
    const names = [r.nm || r.n];
    if (r.n && r.n !== names[0]) names.push(r.n);
    for (const a of r.al || []) names.push(a);
    if (r.ti) names.push(r.ti);
    if (r.pid) names.push(r.pid);
    return names.map((n) => [n, norm(n)]);
  });

  function search(query, onlyKind) {
    const q = norm(query);
    if (!q) return [];
    const hits = [];
    for (let i = 0; i < N; i++) {
      if (onlyKind && info[i].k !== onlyKind) continue;
      let best = null;
      for (let n = 0; n < index[i].length; n++) {
        const [raw, key] = index[i][n];
        const at = key.indexOf(q);
        if (at < 0) continue;
        const rank = key === q ? 0 : at === 0 ? 1 : /[\s\-_(（/]/.test(key[at - 1]) ? 2 : 3;
        if (!best || rank < best.rank || (rank === best.rank && n < best.n)) best = { i, rank, n, via: n ? raw : null };
      }
      if (best) hits.push(best);
    }
    hits.sort((a, b) => a.rank - b.rank || KIND_ORDER[info[a.i].k] - KIND_ORDER[info[b.i].k] ||
      info[b.i].d - info[a.i].d || displayName(a.i).length - displayName(b.i).length);
    return hits.slice(0, 12);
  }

  const box = $("search");
  const list = $("suggestions");
  let hits = [];
  let active = 0;
  function showSuggestions() {
    hits = search(box.value);
    active = 0;
    list.replaceChildren(...hits.map((h, n) => {
      const r = info[h.i];
      const li = el("li", { role: "option", "aria-selected": String(n === active), "data-id": visNodes[h.i].id }, [
        el("span", { class: "name", text: displayName(h.i) }),
      ]);
      if (h.via && h.via !== displayName(h.i)) li.append(el("span", { class: "via", text: h.via }));
      li.append(el("span", { class: "meta", text: kindLabel(r) + (r.y ? " · " + r.y : "") }));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(n); });
      return li;
    }));
    list.hidden = hits.length === 0;
    box.setAttribute("aria-expanded", String(!list.hidden));
  }
  function choose(n) {
    const h = hits[n];
    if (!h) return;
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.value = displayName(h.i);
    select(h.i);
  }
  box.addEventListener("input", showSuggestions);
  box.addEventListener("focus", () => { if (box.value) showSuggestions(); });
  box.addEventListener("blur", () => { list.hidden = true; });
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!hits.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      [...list.children].forEach((li, n) => li.setAttribute("aria-selected", String(n === active)));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (list.hidden) showSuggestions();
      choose(active);
    } else if (ev.key === "Escape") {
      list.hidden = true;
    }
  });

  // ---------------------------------------------------------------- typed paths
  function findPath(a, b) {
    // Typed relations first; derived edges only when typed ones do not connect the two.
    // Document edges (mentions, cites ...) never make a step.
    for (const allowed of [REL, new Set([...REL, ...WEAK])]) {
      const parent = new Map([[a, -1]]);
      const queue = [a];
      for (let q = 0; q < queue.length && !parent.has(b); q++) {
        const i = queue[q];
        for (const j of adj[i]) {
          if (!allowed.has(einfo[j].k)) continue;
          const o = einfo[j].s === i ? einfo[j].t : einfo[j].s;
          if (!parent.has(o)) { parent.set(o, j); queue.push(o); }
        }
      }
      if (!parent.has(b)) continue;
      const steps = [];
      for (let i = b; i !== a;) {
        const j = parent.get(i);
        const prev = einfo[j].s === i ? einfo[j].t : einfo[j].s;
        steps.unshift({ from: prev, to: i, edge: j, forward: einfo[j].s === prev });
        i = prev;
      }
      return steps;
    }
    return null;
  }

  function resolve(name) {
    const q = norm(name);
    if (!q) return -1;
    if (byId.has(name)) return byId.get(name);
    const hit = search(name, "concept")[0] || search(name)[0];
    return hit ? hit.i : -1;
  }

  function clearPath() {
    nodesDS.update(state.pathNodes.map((i) => ({ id: visNodes[i].id, borderWidth: 1, shadow: { enabled: false } })));
    edgesDS.update(state.pathEdges.map((j) => ({ id: visEdges[j].id, width: visEdges[j].width, color: visEdges[j].color, label: "" })));
    state.pathNodes = [];
    state.pathEdges = [];
    state.pathMessage = null;
  }

  function showPath(fromName, toName) {
    clearPath();
    const a = resolve(fromName);
    const b = resolve(toName);
    let steps = null;
    if (a < 0 || b < 0) {
      state.pathMessage = "No concept named " + (a < 0 ? fromName : toName) + ".";
    } else {
      steps = a === b ? [] : findPath(a, b);
      if (!steps) state.pathMessage = "No typed path between " + displayName(a) + " and " + displayName(b) + ".";
    }
    if (steps) {
      state.pathNodes = [a, ...steps.map((s) => s.to)];
      state.pathEdges = steps.map((s) => s.edge);
      state.pathSteps = steps;
      nodesDS.update(state.pathNodes.map((i) => ({
        id: visNodes[i].id, borderWidth: 4,
        shadow: { enabled: true, color: "rgba(245,158,11,0.85)", size: 16, x: 0, y: 0 },
      })));
      edgesDS.update(state.pathEdges.map((j) => ({
        id: visEdges[j].id, width: 4.5, color: { color: PATH_COLOUR, highlight: PATH_COLOUR },
        label: einfo[j].k, font: { face: CFG.font, size: 12, color: "#92400e", strokeWidth: 4, align: "middle" },
      })));
    }
    applyFilters();
    if (steps && steps.length) {
      network.fit({ nodes: state.pathNodes.map((i) => visNodes[i].id), animation: ANIMATION });
      state.selected = -1;
      network.unselectAll();
    }
    renderPathPanel();
    return steps ? steps.map((s) => ({ from: visNodes[s.from].id, to: visNodes[s.to].id, kind: einfo[s.edge].k, edge: visEdges[s.edge].id })) : null;
  }

  function pathSection() {
    if (state.pathMessage) return [el("h3", { text: "path" }), el("p", { text: state.pathMessage })];
    if (!state.pathNodes.length) return [];
    const items = [el("li", null, [nodeButton(state.pathNodes[0])])];
    for (const s of state.pathSteps) {
      const e = einfo[s.edge];
      const where = e.ev.filter((ev) => ev[0] >= 0)[0];
      const li = el("li", { "data-edge": visEdges[s.edge].id }, [
        el("span", { class: "rel", text: (s.forward ? "—" + e.k + "→ " : "←" + e.k + "— ") }),
        nodeButton(s.to),
      ]);
      if (where) li.append(el("div", { class: "muted small" }, fileEl(where[0], [where[1]])));
      if (where && where[3]) li.append(el("div", { class: "muted small", text: where[3] }));
      items.push(li);
    }
    return [el("h3", { text: "path · " + state.pathSteps.length + " steps" }), el("ul", { class: "steps", id: "path-steps" }, items)];
  }
  function renderPathPanel() {
    if (state.selected >= 0) renderDetails(state.selected);
    else $("details-body").replaceChildren(...(pathSection().length ? pathSection() : [emptyState()]));
  }

  $("path-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    showPath($("path-from").value, $("path-to").value);
  });
  $("path-clear").addEventListener("click", () => {
    clearPath();
    applyFilters();
    renderPathPanel();
  });

  // ---------------------------------------------------------------- controls
  function check(label, checked, onchange, extra) {
    const input = el("input", { type: "checkbox" });
    input.checked = checked;
    input.addEventListener("change", () => onchange(input.checked));
    const parts = [input, ...(extra || []), text(label)];
    return { input, label: el("label", { class: "check" }, parts) };
  }
  function swatch(colour, shape) {
    const cls = shape === "square" ? " square" : shape === "diamond" ? " diamond" : "";
    return el("span", { class: "swatch" + cls, style: "background:" + colour });
  }
  function lineSwatch(colour, style) {
    return el("span", { class: "swatch line " + (style || ""), style: "border-top-color:" + colour });
  }

  const kindBox = $("filter-kinds");
  for (const [kind, count] of CFG.nodeKinds) {
    const c = check(kind, state.kinds.has(kind), (on) => {
      if (on) state.kinds.add(kind); else state.kinds.delete(kind);
      applyFilters();
    });
    c.input.id = "kind-" + kind;
    c.input.dataset.kind = kind;
    c.label.append(el("span", { class: "n", text: String(count) }));
    if (!count) c.label.classList.add("empty");
    kindBox.append(c.label);
  }
  const groupBox = $("filter-groups");
  for (const [group, colour, shape, count, isConcept] of CFG.groups) {
    if (!isConcept) continue;
    const c = check(group, true, (on) => {
      if (on) state.groups.add(group); else state.groups.delete(group);
      applyFilters();
    }, [swatch(colour, shape)]);
    c.input.id = "group-" + group;
    c.label.append(el("span", { class: "n", text: String(count) }));
    groupBox.append(c.label);
  }
  if (!groupBox.children.length) groupBox.closest("section").hidden = true;

  const edgeBox = $("filter-edges");
  const FAMILY = { relation: "typed relations", derived: "derived (weak)", document: "documents" };
  for (const family of Object.keys(FAMILY)) {
    edgeBox.append(el("div", { class: "family", text: FAMILY[family] }));
    for (const [kind, fam, count, on, colour] of CFG.edgeKinds) {
      if (fam !== family) continue;
      const c = check(kind, on, (checked) => {
        if (checked) state.edgeKinds.add(kind); else state.edgeKinds.delete(kind);
        applyFilters();
      }, [lineSwatch(colour, fam === "derived" ? "dashed" : "")]);
      c.input.id = "edge-" + kind;
      c.label.append(el("span", { class: "n", text: String(count) }));
      if (!count) c.label.classList.add("empty");
      edgeBox.append(c.label);
    }
  }

  const legend = $("legend-edges");
  for (const [label, colour, style] of [
    ["typed relation", "#0f766e", ""],
    ["derived (weak)", "#94a3b8", "dashed"],
    ["document", "#cbd5e1", ""],
    ["goes back in time", CFG.backwardsColour, "dotted"],
    ["path", PATH_COLOUR, ""],
  ]) legend.append(el("div", { class: "row" }, [lineSwatch(colour, style), text(label)]));

  const from = $("year-from");
  const to = $("year-to");
  if (years.length) {
    for (const input of [from, to]) { input.min = String(MIN_YEAR); input.max = String(MAX_YEAR); input.step = "1"; }
    from.value = String(MIN_YEAR);
    to.value = String(MAX_YEAR);
    const onYears = () => {
      const a = Number(from.value);
      const b = Number(to.value);
      state.yearFrom = Math.min(a, b);
      state.yearTo = Math.max(a, b);
      $("year-label").textContent = state.yearFrom + "–" + state.yearTo;
      applyFilters();
    };
    from.addEventListener("input", onYears);
    to.addEventListener("input", onYears);
    $("year-label").textContent = MIN_YEAR + "–" + MAX_YEAR;
  } else {
    $("years-section").hidden = true;
  }
  $("show-undated").addEventListener("change", (ev) => { state.undated = ev.target.checked; applyFilters(); });

  const tagBox = $("filter-tags");
  const tagCounts = new Array(DATA.tags.length).fill(0);
  for (const r of info) for (const t of r.tg || []) tagCounts[t]++;
  DATA.tags.forEach((tag, t) => {
    const c = check("#" + tag, false, (on) => {
      if (on) state.tags.add(t); else state.tags.delete(t);
      applyFilters();
    });
    c.input.id = "tag-" + t;
    c.label.append(el("span", { class: "n", text: String(tagCounts[t]) }));
    tagBox.append(c.label);
  });
  if (!DATA.tags.length) $("tags-section").hidden = true;

  $("hide-orphans").addEventListener("change", (ev) => { state.hideOrphans = ev.target.checked; applyFilters(); });
  $("depth").addEventListener("change", (ev) => { state.depth = Number(ev.target.value) || 0; applyFilters(); });
  $("layout-timeline").addEventListener("click", () => setLayout("timeline"));
  $("layout-free").addEventListener("click", () => setLayout("free"));
  $("fit").addEventListener("click", () => network.fit({ animation: ANIMATION }));
  const physics = $("physics");
  physics.checked = !CFG.large;
  physics.disabled = true;
  physics.addEventListener("change", () => network.setOptions({ physics: { enabled: physics.checked && state.layout === "free" } }));

  const names = $("concept-names");
  const options = [];
  for (let i = 0; i < N; i++) {
    if (info[i].k !== "concept") continue;
    for (const [raw] of index[i]) { const o = document.createElement("option"); o.value = raw; options.push(o); }
  }
  names.replaceChildren(...options);
  mark("controls");

  // ---------------------------------------------------------------- start
  updateCounts();
  renderDetails(-1);
  network.once("afterDrawing", () => {
    $("loading").hidden = true;
    mark("drawn");
    window.noteatlasReadyAt = performance.now();  // milliseconds since navigation started
    window.noteatlasReady = true;
  });
  fitReadable();

  window.noteatlas = {
    network,
    select: (id) => select(id),
    selected: () => (state.selected >= 0 ? visNodes[state.selected].id : null),
    search: (q) => search(q).map((h) => visNodes[h.i].id),
    path: (a, b) => showPath(a, b),
    clearPath: () => { clearPath(); applyFilters(); renderPathPanel(); },
    highlighted: () => ({
      nodes: state.pathNodes.map((i) => visNodes[i].id),
      edges: state.pathEdges.map((j) => visEdges[j].id),
    }),
    edge: (id) => {
      const j = edgeById.get(id);
      return j === undefined ? null : { id, from: visEdges[j].from, to: visEdges[j].to, kind: einfo[j].k, backwards: !!einfo[j].bk };
    },
    edgeItem: (id) => edgesDS.get(id),
    nodeItem: (id) => nodesDS.get(id),
    visibleNodes: () => nodeView.getIds(),
    visibleEdges: () => edgeView.getIds(),
    counts: () => ({ nodes: nodeView.length, edges: edgeView.length }),
    setLayout,
    layout: () => state.layout,
    timeline: () => state.geo,
  };
})();
