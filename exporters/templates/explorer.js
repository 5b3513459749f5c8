/* noteatlas explorer: filters, timeline layout, search, details panel and typed paths.
 *
 * Readability: the timeline is laid out for the canvas's shape and fitted to it; node labels are
 * drawn here (legible at any zoom, most connected first, never colliding) rather than by
 * vis-network; edges are faint, and a selection or a path is redrawn over a white wash.
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
  // The data comes as columns (explorer_data.js decodes them). A vis-network item is made for a
  // node or an edge only when it is first drawn: a big atlas has hundreds of thousands of edges,
  // and the first view draws a few thousand of them.
  const A = noteatlasData.decode(DATA);
  const { N, E, ids, byId, info, labels, src, tgt, kind, weight, back, adjStart, adj } = A;
  for (let i = 0; i < N; i++) info[i].ln = CFG.laneOf[info[i].g] || "other";
  const kindOf = (j) => A.kinds[kind[j]];
  const famOf = (j) => A.family[kind[j]];
  const edgeId = (j) => "e" + j;
  const edgeIndex = (id) => {
    const j = typeof id === "string" && id[0] === "e" ? Number(id.slice(1)) : NaN;
    return Number.isInteger(j) && j >= 0 && j < E && id === edgeId(j) ? j : undefined;
  };
  const EDGE_STYLE = CFG.edgeKinds.map((k) => ({ fam: k[1], color: k[4], width: k[5], dashes: k[6] }));
  // Edges are drawn faint, so the nodes and their labels stay readable; a selected or hovered
  // node's edges, and a path, come out in full colour.
  const FAINT = { relation: 0.45, derived: 0.35, document: 0.3 };
  const rgba = (hex, alpha) => "rgba(" + [1, 3, 5].map((n) => parseInt(hex.slice(n, n + 2), 16)).join(",") + "," + alpha + ")";
  const WEIGHTED = new Set(["co_mentioned", "mentions"]);
  // Dash patterns are in canvas units: zoomed out over a big timeline, one line becomes
  // thousands of dashes, and a few thousand dashed edges take seconds to draw. Big graphs draw
  // every edge solid (the colour still tells a weak or backwards edge).
  const DASHED = !CFG.large;

  // The vis-network item of an edge: its kind's style, but for edges that go back in time and
  // for repeated mentions, which are drawn thicker.
  function edgeItem(j) {
    const style = EDGE_STYLE[kind[j]];
    const k = kindOf(j);
    let hex = style.color;
    let width = style.width;
    let dashes = DASHED && style.dashes;
    let alpha = FAINT[style.fam] || 0.4;
    if (back[j]) {
      hex = CFG.backwardsColour;
      width = 2.0;
      dashes = DASHED && [3, 4];
      alpha = 0.8;
    } else if (WEIGHTED.has(k) && weight[j] > 1) {
      width = Math.round((style.width + 0.5 * Math.min(Math.log2(weight[j]), 3)) * 100) / 100;
    }
    return {
      id: edgeId(j), from: ids[src[j]], to: ids[tgt[j]], arrows: k === "related_to" ? "" : "to",
      color: { color: rgba(hex, (CFG.large ? 0.6 : 1) * alpha), highlight: hex, hover: hex },
      width, dashes,
    };
  }

  // Where each node goes in the free layout before it settles: x from its year (or the mean
  // year of its dated neighbours), y spread by a stable hash of its id.
  let seedCache = null;
  function seeds() {
    if (seedCache) return seedCache;
    const total = new Float64Array(N);
    const count = new Uint32Array(N);
    for (let j = 0; j < E; j++) {
      const s = src[j];
      const t = tgt[j];
      if (s < 0 || t < 0) continue;
      const ys = info[s].y;
      const yt = info[t].y;
      if (yt !== undefined && ys === undefined) { total[s] += yt; count[s]++; }
      if (ys !== undefined && yt === undefined) { total[t] += ys; count[t]++; }
    }
    const unit = (text, seed) => {  // FNV-1a, then murmur3's finaliser: a number in [0, 1)
      let h = seed >>> 0;
      for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
    };
    const spread = 400 + 30 * Math.sqrt(N);
    const round = (v) => Math.round(v * 10) / 10;
    seedCache = new Float64Array(2 * N);
    for (let i = 0; i < N; i++) {
      const u = unit(ids[i], 2166136261);
      const v = unit(ids[i], 374761393);
      const year = info[i].y !== undefined ? info[i].y : count[i] ? total[i] / count[i] : null;
      const x = year !== null ? (year - 2000) * 60 : (u - 0.5) * spread;
      seedCache[2 * i] = round(x + (v - 0.5) * 40);
      seedCache[2 * i + 1] = round((u - 0.5) * spread);
    }
    return seedCache;
  }
  // Where each node is meant to be now (NaN: nowhere yet); a node's item starts there.
  const spot = new Float64Array(2 * N).fill(NaN);
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
    keyPapersOnly: CFG.keyPapers !== null,  // many papers: open with the key ones only
    groups: new Set(CFG.groups.map((g) => g[0])),
    edgeKinds: new Set(CFG.edgeKinds.filter((k) => k[3]).map((k) => k[0])),
    yearFrom: MIN_YEAR,
    yearTo: MAX_YEAR,
    undated: true,
    tags: new Set(),
    hideOrphans: false,
    depth: 0,
    selected: -1,
    hover: -1,
    fitted: true,
    labels: [],
    axis: [],
    settled: false,
    pinned: new Set(),
    pathNodes: [],
    pathEdges: [],
    nodeOn: new Uint8Array(N),
    edgeOn: new Uint8Array(E),
    geo: null,
  };

  let labelOrder = [];  // drawn nodes, most connected first (see drawLabels)

  // ---------------------------------------------------------------- visibility
  function computeVisibility() {
    const on = new Uint8Array(N);
    const tagOn = state.tags.size > 0;
    for (let i = 0; i < N; i++) {
      const r = info[i];
      let ok = state.kinds.has(r.k) && (r.k !== "concept" || state.groups.has(r.g));
      if (ok && r.k === "paper" && state.keyPapersOnly) ok = r.kp === 1;
      if (ok) ok = r.y === undefined ? state.undated : r.y >= state.yearFrom && r.y <= state.yearTo;
      if (ok && tagOn) ok = !!r.tg && r.tg.some((t) => state.tags.has(t));
      on[i] = ok ? 1 : 0;
    }
    const forced = new Set([...state.pinned, ...state.pathNodes]);
    for (const i of forced) on[i] = 1;
    const pathEdges = new Set(state.pathEdges);
    const eon = new Uint8Array(E);
    const kindOn = Uint8Array.from(A.kinds, (k) => (state.edgeKinds.has(k) ? 1 : 0));
    const edgesOn = () => {
      for (let j = 0; j < E; j++) {
        const s = src[j];
        const t = tgt[j];
        eon[j] = s >= 0 && t >= 0 && on[s] && on[t] && (kindOn[kind[j]] || pathEdges.has(j)) ? 1 : 0;
      }
    };
    edgesOn();
    if (state.hideOrphans) {
      const deg = new Uint32Array(N);
      for (let j = 0; j < E; j++) {
        if (eon[j] && src[j] !== tgt[j]) { deg[src[j]]++; deg[tgt[j]]++; }
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
          for (let p = adjStart[i]; p < adjStart[i + 1]; p++) {
            const j = adj[p];
            if (!eon[j]) continue;
            const o = src[j] === i ? tgt[j] : src[j];
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
  // One column per year that has something in it (empty years are left out, a gap marks where),
  // one lane per kind of node. The layout takes the canvas's shape into account: it picks how many
  // rows a lane gets (the rest wraps into sub-columns) so that the whole timeline, fitted, is as
  // large as possible on screen, then stretches rows (or columns) so it fills the canvas.
  const TL = { cw: 96, ch: 44, sparse: 0.55, lanePad: 20, yearGap: 0.35, undatedGap: 0.7, stretch: 2.4 };
  // Screen pixels kept free around the fitted timeline: the lane names on the left, the year axis
  // on top, the counts at the bottom.
  const AXIS_H = 52;
  const MAX_ZOOM = 1.4;  // fitting never zooms in closer than this
  const MARGIN = { left: 96, right: 20, top: AXIS_H + 16, bottom: 38 };
  // Label widths at 13px, the size labels are measured at (see drawLabels).
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = "13px " + CFG.font;
  // A label's width is the sum of its characters' (each measured once): measuring every label
  // on screen takes seconds when tens of thousands are.
  const labelWidth = new Float32Array(N).fill(-1);
  const charWidth = new Map();
  const widthOf = (i) => {
    if (labelWidth[i] >= 0) return labelWidth[i];
    let w = 0;
    for (const ch of labels[i] || "") {
      let c = charWidth.get(ch);
      if (c === undefined) { c = measure.measureText(ch).width; charWidth.set(ch, c); }
      w += c;
    }
    return (labelWidth[i] = w);
  };
  const byName = (a, b) => (info[a].mo || 0) - (info[b].mo || 0) ||
    info[b].d - info[a].d || (info[a].n < info[b].n ? -1 : info[a].n > info[b].n ? 1 : 0);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);

  function viewport() {
    const box = $("network");
    return { w: Math.max(box.clientWidth, 320), h: Math.max(box.clientHeight, 240) };
  }

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
    const keys = [...present].sort((a, b) => a - b);
    if ([...cells.values()].some((lane) => lane.has("u"))) keys.push("u");
    const lanes = CFG.lanes.filter(([key]) => cells.get(key).size);
    const most = lanes.map(([key]) => Math.max(...[...cells.get(key).values()].map((c) => c.length)));
    const gaps = keys.map((k, n) => (n === 0 ? 0 : k === "u" ? TL.undatedGap : k - keys[n - 1] > 1 ? TL.yearGap : 0));
    const vp = viewport();
    const availW = Math.max(vp.w - MARGIN.left - MARGIN.right, 160);
    const availH = Math.max(vp.h - MARGIN.top - MARGIN.bottom, 120);

    // How big the fitted timeline would be with at most `cap` rows in a lane. A column is one or
    // more sub-columns wide, and a sub-column is wider the more nodes it stacks: a year with one
    // node takes little room, a busy year gets space for its labels.
    const shape = (cap) => {
      const rows = most.map((m) => Math.min(m, cap));
      const subs = [];
      const units = keys.map((k) => {
        let sub = 1;
        lanes.forEach(([key], n) => {
          const c = cells.get(key).get(k);
          if (c) sub = Math.max(sub, Math.ceil(c.length / rows[n]));
        });
        let stack = 1;
        lanes.forEach(([key]) => {
          const c = cells.get(key).get(k);
          if (c) stack = Math.max(stack, Math.ceil(c.length / sub));
        });
        subs.push(sub);
        return sub * (TL.sparse + (1 - TL.sparse) * Math.min(1, (stack - 1) / 4));
      });
      const w = (sum(units) + sum(gaps)) * TL.cw;
      const h = sum(rows) * TL.ch + lanes.length * 2 * TL.lanePad;
      return { rows, subs, units, w, h, scale: Math.min(availW / w, availH / h) };
    };
    let best = shape(1);
    const top = Math.max(1, ...most);
    // Every distinct row count is a candidate; past a few hundred, every few percent is enough.
    for (let cap = 2; cap <= top; cap = cap < 256 ? cap + 1 : Math.ceil(cap * 1.03)) {
      const s = shape(cap);
      if (s.scale > best.scale * 1.0001) best = s;
    }
    // A small timeline would fit only past the closest zoom: make its cells larger instead. Then
    // stretch the other way so the fitted timeline fills the canvas, within reason.
    const grow = Math.min(Math.max(best.scale / MAX_ZOOM, 1), 3);
    const sx = availW / (best.w * grow);
    const sy = availH / (best.h * grow);
    const cw = grow * TL.cw * (sy < sx ? Math.min(sx / sy, TL.stretch) : 1);
    const ch = grow * TL.ch * (sx < sy ? Math.min(sy / sx, TL.stretch) : 1);

    const cols = [];
    const colOf = new Map();
    let undated = null;
    let x = 0;
    keys.forEach((k, n) => {
      x += gaps[n] * cw;
      const w = (best.units[n] / best.subs[n]) * cw;
      const col = { x0: x, x1: x + best.units[n] * cw, w, n };
      if (k === "u") undated = col;
      else cols.push(Object.assign(col, { year: k, gap: gaps[n] > 0 }));
      colOf.set(k, col);
      x = col.x1;
    });
    const bands = [];
    const positions = [];
    let y = 0;
    lanes.forEach(([key, label], n) => {
      const lane = cells.get(key);
      const rows = best.rows[n];
      const y0 = y;
      const y1 = y + rows * ch + 2 * TL.lanePad;
      bands.push({ key, label, y0, y1 });
      for (const [k, items] of lane) {
        items.sort(byName);
        const col = colOf.get(k);
        // Sparse cells in every other column start a row lower, so neighbouring labels alternate.
        const shift = items.length < rows && col.n % 2 ? 1 : 0;
        items.forEach((i, m) => {
          const cx = col.x0 + Math.floor(m / rows) * col.w + col.w / 2;
          const cy = y0 + TL.lanePad + ((m % rows) + shift) * ch + ch / 2;
          positions.push({ i, x: cx, y: cy });
        });
      }
      y = y1;
    });
    return { positions, geo: { cols, undated, lanes: bands, x0: 0, x1: x, y0: 0, y1: y, cw, ch } };
  }

  // ---------------------------------------------------------------- vis-network
  const tooltip = (r) => {
    const kind = r.k === "concept" ? r.g : r.k;
    return [r.nm || r.n, r.y === undefined ? kind : kind + " · " + r.y].join("\n");
  };
  mark("tables");
  computeVisibility();
  updateLabelOrder();
  const first = timelineLayout(state.nodeOn);
  mark("layout");
  state.geo = first.geo;
  for (const p of first.positions) { spot[2 * p.i] = p.x; spot[2 * p.i + 1] = p.y; }
  const nodeSize = (d) => Math.round(Math.min(8 + 2 * Math.log2(1 + d), 20) * 10) / 10;
  // The vis-network item of a node: the group carries shape and colour, and size but for
  // concepts. No label: the page draws labels itself (drawLabels), and vis-network would measure
  // every one of them, drawn or not, which is most of the time a big first view takes.
  function nodeItem(i) {
    const r = info[i];
    if (Number.isNaN(spot[2 * i])) { spot[2 * i] = seeds()[2 * i]; spot[2 * i + 1] = seeds()[2 * i + 1]; }
    const item = { id: ids[i], group: r.g, x: spot[2 * i], y: spot[2 * i + 1], title: tooltip(r) };
    if (r.k === "concept") item.size = nodeSize(r.d);
    return item;
  }
  // Items go into the DataSets when first drawn (or first marked by a path), and stay there; the
  // views show those that are on now.
  const inNodes = new Uint8Array(N);
  const inEdges = new Uint8Array(E);
  function newNodes(list) {
    const out = [];
    for (const i of list) if (!inNodes[i]) { inNodes[i] = 1; out.push(nodeItem(i)); }
    return out;
  }
  function newEdges(list) {
    const out = [];
    for (const j of list) if (!inEdges[j]) { inEdges[j] = 1; out.push(edgeItem(j)); }
    return out;
  }
  const onNodes = () => { const out = []; for (let i = 0; i < N; i++) if (state.nodeOn[i]) out.push(i); return out; };
  const onEdges = () => { const out = []; for (let j = 0; j < E; j++) if (state.edgeOn[j]) out.push(j); return out; };
  function ensure(nodes, edges) {
    const n = newNodes(nodes);
    if (n.length) nodesDS.add(n);
    const e = newEdges(edges);
    if (e.length) edgesDS.add(e);
  }
  mark("datasets");
  const nodesDS = new vis.DataSet(newNodes(onNodes()));
  const edgesDS = new vis.DataSet(newEdges(onEdges()));
  const nodeView = new vis.DataView(nodesDS, { filter: (n) => state.nodeOn[byId.get(n.id)] === 1 });
  const edgeView = new vis.DataView(edgesDS, { filter: (e) => state.edgeOn[edgeIndex(e.id)] === 1 });
  mark("views");
  const BORDER = DATA.options.nodes.borderWidth;  // what a node goes back to after a path
  const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, DATA.options);
  mark("network");

  function applyFilters() {
    computeVisibility();
    updateLabelOrder();
    // Lay out first: nodes about to appear then enter the view already in place.
    if (state.layout === "timeline") relayout();
    ensure(onNodes(), onEdges());
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    // A view the user has not moved follows the new layout.
    if (state.layout === "timeline" && state.fitted) fitView();
  }

  function relayout() {
    const { positions, geo } = timelineLayout(state.nodeOn);
    state.geo = geo;
    place(positions);
  }

  // Move drawn nodes in place (a DataSet update re-parses every node's options: seconds for
  // thousands); nodes not drawn yet get their position in the DataSet, which adds them, or in
  // `spot`, where their item starts when it is made.
  function place(positions) {
    const live = network.body && network.body.nodes;
    const pending = [];
    for (const p of positions) {
      spot[2 * p.i] = p.x;
      spot[2 * p.i + 1] = p.y;
      const node = live && live[ids[p.i]];
      if (node) { node.x = p.x; node.y = p.y; } else if (inNodes[p.i]) pending.push({ id: ids[p.i], x: p.x, y: p.y });
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
    let n = 0;
    for (let j = 0; j < E; j++) if (state.edgeOn[j] && back[j]) n++;
    $("count-nodes").textContent = String(nodeView.length);
    $("count-edges").textContent = String(edgeView.length);
    $("count-backwards").textContent = String(n);
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
      const seed = seeds();
      for (let i = 0; i < N; i++) {
        if (state.nodeOn[i]) moves.push({ i, x: seed[2 * i], y: seed[2 * i + 1] });
      }
      place(moves);
      if ($("physics").checked) {
        network.setOptions({ physics: { enabled: true } });
        // Small graphs settle in a bounded run (a fraction of a second) before they are shown;
        // big ones move live, since a long run would hold back every redraw.
        state.settled = nodeView.length === 0;  // vis-network reports nothing for no nodes
        if (!CFG.large) network.stabilize(STABILIZE);
      }
    }
    fitView();
  }
  const STABILIZE = 600;
  network.on("stabilizationIterationsDone", () => {
    state.settled = true;
    if (state.layout === "free") { fitView(); return; }
    // The user went back to the timeline while the graph settled: put the nodes back.
    network.setOptions({ physics: { enabled: false } });
    relayout();
  });

  // Fit what is drawn to the canvas. The timeline keeps clear of its axis and lane names and fills
  // the rest (its layout was made for this canvas's shape); the graph fits its nodes. Bounds come
  // from our own positions: vis-network only refreshes its bounding boxes when it draws.
  function fitView() {
    const vp = viewport();
    const geo = state.geo;
    const timeline = state.layout === "timeline" && geo && geo.lanes.length;
    let box = null;
    let m = MARGIN;
    if (timeline) {
      box = { x0: geo.x0, x1: geo.x1, y0: geo.y0, y1: geo.y1 };
    } else {
      for (const p of Object.values(network.getPositions(nodeView.getIds()))) {
        if (!box) box = { x0: p.x, x1: p.x, y0: p.y, y1: p.y };
        box.x0 = Math.min(box.x0, p.x); box.x1 = Math.max(box.x1, p.x);
        box.y0 = Math.min(box.y0, p.y); box.y1 = Math.max(box.y1, p.y);
      }
      if (box) { box.x0 -= 20; box.x1 += 20; box.y0 -= 20; box.y1 += 20; }
      m = { left: 30, right: 30, top: 30, bottom: 40 };
    }
    if (!box) return;
    const w = Math.max(box.x1 - box.x0, 1);
    const h = Math.max(box.y1 - box.y0, 1);
    const fit = Math.min((vp.w - m.left - m.right) / w, (vp.h - m.top - m.bottom) / h);
    const scale = Math.min(Math.max(fit, 0.02), MAX_ZOOM);
    // The world point at the canvas centre that puts the box's centre in the middle of the free area.
    const position = {
      x: (box.x0 + box.x1) / 2 - (m.left - m.right) / 2 / scale,
      y: (box.y0 + box.y1) / 2 - (m.top - m.bottom) / 2 / scale,
    };
    network.moveTo({ position, scale, animation: false });
    state.fitted = true;
  }

  // Show a few nodes large, clear of the year axis and of the details card.
  function fitNodes(indices) {
    const pos = network.getPositions(indices.map((i) => ids[i]));
    const xs = Object.values(pos).map((p) => p.x);
    const ys = Object.values(pos).map((p) => p.y);
    if (!xs.length) return;
    const vp = viewport();
    const card = $("details");
    const m = {
      left: 60, right: (card.hidden ? 0 : card.offsetWidth + 16) + 60,
      top: (hasTimeline() ? AXIS_H : 0) + 50, bottom: 50,
    };
    const w = Math.max(...xs) - Math.min(...xs) + 1;
    const h = Math.max(...ys) - Math.min(...ys) + 1;
    const scale = Math.min(Math.max(Math.min((vp.w - m.left - m.right) / w, (vp.h - m.top - m.bottom) / h), 0.05), 1.2);
    const position = {
      x: (Math.max(...xs) + Math.min(...xs)) / 2 - (m.left - m.right) / 2 / scale,
      y: (Math.max(...ys) + Math.min(...ys)) / 2 - (m.top - m.bottom) / 2 / scale,
    };
    if (hasTimeline()) {
      // no empty band above the first lane: the timeline starts right under the axis
      const top = position.y - (vp.h / 2 - AXIS_H - 12) / scale;
      if (top < state.geo.y0) position.y += state.geo.y0 - top;
    }
    network.moveTo({ position, scale, animation: ANIMATION });
    state.fitted = false;
  }

  // ---------------------------------------------------------------- timeline drawing
  const ERA_FILL = ["rgba(99,102,241,0.06)", "rgba(13,148,136,0.07)", "rgba(245,158,11,0.08)", "rgba(219,39,119,0.06)"];
  const ERA_INK = ["#4338ca", "#0f766e", "#b45309", "#be185d"];
  const hasTimeline = () => state.layout === "timeline" && state.geo && state.geo.lanes.length > 0;

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
    if (!hasTimeline()) return;
    const geo = state.geo;
    const top = geo.y0 - 10;
    const bottom = geo.y1 + 10;
    const pad = geo.cw * 0.2;
    ctx.save();
    for (const era of eraSpans(geo)) {
      ctx.fillStyle = ERA_FILL[era.n];
      ctx.fillRect(era.x0 - pad, top, era.x1 - era.x0 + 2 * pad, bottom - top);
    }
    if (geo.undated) {
      ctx.fillStyle = "rgba(148,163,184,0.10)";
      ctx.fillRect(geo.undated.x0 - pad, top, geo.undated.x1 - geo.undated.x0 + 2 * pad, bottom - top);
    }
    // every other lane a shade darker, so a row of nodes reads as one lane
    ctx.fillStyle = "rgba(100,116,139,0.045)";
    geo.lanes.forEach((lane, n) => {
      if (n % 2) ctx.fillRect(geo.x0 - 2 * geo.cw, lane.y0, geo.x1 - geo.x0 + 4 * geo.cw, lane.y1 - lane.y0);
    });
    ctx.strokeStyle = "rgba(100,116,139,0.12)";
    ctx.lineWidth = 1 / network.getScale();
    ctx.beginPath();
    for (const c of geo.cols) { ctx.moveTo(c.x0, top); ctx.lineTo(c.x0, bottom); }
    ctx.stroke();
    ctx.restore();
  });

  // The selection's neighbourhood (or the path) stands out: everything else is washed out, then
  // the focused edges and nodes are drawn again on top, by vis-network's own routines.
  function focusSet() {
    const nodes = new Set();
    const edges = new Set();
    const sel = state.selected;
    if (sel >= 0 && state.nodeOn[sel]) {
      nodes.add(sel);
      for (let p = adjStart[sel]; p < adjStart[sel + 1]; p++) {
        const j = adj[p];
        if (!state.edgeOn[j]) continue;
        edges.add(j);
        nodes.add(src[j] === sel ? tgt[j] : src[j]);
      }
    }
    for (const i of state.pathNodes) if (state.nodeOn[i]) nodes.add(i);
    for (const j of state.pathEdges) if (state.edgeOn[j]) edges.add(j);
    return nodes.size ? { nodes, edges } : null;
  }

  function drawFocus(ctx, focus) {
    const vp = viewport();
    const a = network.DOMtoCanvas({ x: 0, y: 0 });
    const b = network.DOMtoCanvas({ x: vp.w, y: vp.h });
    ctx.save();
    ctx.fillStyle = "rgba(255,255,255,0.82)";
    ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
    const edges = network.body.edges;
    const nodes = network.body.nodes;
    const live = [...focus.edges].map((j) => edges[edgeId(j)]).filter((e) => e && e.connected);
    for (const e of live) e.draw(ctx);
    for (const e of live) e.drawArrows(ctx);
    for (const i of focus.nodes) {
      const n = nodes[ids[i]];
      if (n) n.draw(ctx);
    }
    ctx.restore();
  }

  // Node labels, drawn here rather than by vis-network: at a legible size whatever the zoom, the
  // most connected nodes first, each beside its node (below, right, above or left, whichever is
  // free) and never over another label or node. Zooming in makes room for more of them.
  const MAX_LABELS = 500;
  // Past this many nodes tried, a crowded view has no room left worth searching (a big timeline
  // puts tens of thousands of nodes on screen, and each try tests four spots).
  const MAX_TRIES = 4000;
  function updateLabelOrder() {
    labelOrder = [];
    for (let i = 0; i < N; i++) if (state.nodeOn[i]) labelOrder.push(i);
    labelOrder.sort((a, b) => info[b].d - info[a].d || KIND_ORDER[info[a].k] - KIND_ORDER[info[b].k] || a - b);
  }

  function drawLabels(ctx, focus) {
    const view = network.body.view;
    const scale = view.scale;
    const tx = view.translation.x;
    const ty = view.translation.y;
    const vp = viewport();
    const live = network.body.nodes;
    const topY = hasTimeline() ? AXIS_H + 2 : 0;
    const px = Math.min(Math.max(13 * scale, 11), 14);
    const CELL = 40;
    const grid = new Map();
    const boxes = [];
    const add = (x0, y0, x1, y1) => {
      const n = boxes.length;
      boxes.push(x0, y0, x1, y1);
      for (let gx = Math.floor(x0 / CELL); gx <= Math.floor(x1 / CELL); gx++) {
        for (let gy = Math.floor(y0 / CELL); gy <= Math.floor(y1 / CELL); gy++) {
          const key = gx * 4096 + gy;
          const list = grid.get(key);
          if (list) list.push(n); else grid.set(key, [n]);
        }
      }
    };
    const free = (x0, y0, x1, y1) => {
      for (let gx = Math.floor(x0 / CELL); gx <= Math.floor(x1 / CELL); gx++) {
        for (let gy = Math.floor(y0 / CELL); gy <= Math.floor(y1 / CELL); gy++) {
          for (const n of grid.get(gx * 4096 + gy) || []) {
            if (x0 < boxes[n + 2] && x1 > boxes[n] && y0 < boxes[n + 3] && y1 > boxes[n + 1]) return false;
          }
        }
      }
      return true;
    };
    // Nodes on screen, in label priority: the hovered node, the focus (selection first), the rest.
    const spots = [];
    const seen = new Set();
    const visit = (i) => {
      if (seen.has(i)) return;
      seen.add(i);
      const node = live[ids[i]];
      if (!node) return;
      const sx = node.x * scale + tx;
      const sy = node.y * scale + ty;
      if (sx < -60 || sx > vp.w + 60 || sy < topY - 20 || sy > vp.h + 20) return;
      const r = Math.max((node.options.size || 8) * scale, 2);
      const strong = i === state.hover || (focus !== null && focus.nodes.has(i));
      spots.push([i, sx, sy, r, strong]);
      // Washed-out nodes do not stand in the way of the focus's labels (see below).
      if (strong || !focus) add(sx - r, sy - r, sx + r, sy + r);
    };
    if (hasTimeline()) for (const t of laneTags()) add(t.x0, t.y0, t.x1, t.y1);
    for (const j of state.pathEdges) {  // the path's relation names stay readable
      const e = network.body.edges[edgeId(j)];
      if (!e || !e.labelModule.visible()) continue;
      const b = e.labelModule.size;
      add(b.left * scale + tx, b.top * scale + ty, (b.left + b.width) * scale + tx, (b.top + b.height) * scale + ty);
    }
    if (state.hover >= 0 && state.nodeOn[state.hover]) visit(state.hover);
    if (focus) {
      if (focus.nodes.has(state.selected)) visit(state.selected);
      for (const i of state.pathNodes) if (focus.nodes.has(i)) visit(i);
      for (const i of [...focus.nodes].sort((a, b) => info[b].d - info[a].d)) visit(i);
    }
    for (const i of labelOrder) visit(i);

    ctx.save();
    const ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    let font = "";
    let drawn = 0;
    const placed = [];
    const h = px + 3;
    let washed = !focus;
    let tries = 0;
    for (const [i, sx, sy, r, strong] of spots) {
      if (drawn >= MAX_LABELS || (++tries > MAX_TRIES && !strong)) break;
      if (!strong && !washed) {
        // the focus is labelled: from here on every node is an obstacle
        for (const [, x, y, rr, st] of spots) if (!st) add(x - rr, y - rr, x + rr, y + rr);
        washed = true;
      }
      const want = (strong ? "600 " : "") + px + "px " + CFG.font;
      const w = widthOf(i) * (px / 13) * (strong ? 1.08 : 1) + 4;
      const candidates = [
        [sx - w / 2, sy + r + 1],
        [sx + r + 3, sy - h / 2],
        [sx - w / 2, sy - r - 1 - h],
        [sx - r - 3 - w, sy - h / 2],
      ];
      for (const [x0, y0] of candidates) {
        if (y0 < topY || y0 + h > vp.h || x0 < 0 || x0 + w > vp.w) continue;
        if (!free(x0, y0, x0 + w, y0 + h)) continue;
        add(x0, y0, x0 + w, y0 + h);
        if (font !== want) { ctx.font = want; font = want; }
        ctx.fillStyle = focus && !strong ? "#9ca3af" : "#1f2937";
        ctx.strokeText(labels[i], x0 + 2, y0 + 1.5);
        ctx.fillText(labels[i], x0 + 2, y0 + 1.5);
        placed.push({ id: ids[i], x0, y0, x1: x0 + w, y1: y0 + h, px });
        drawn++;
        break;
      }
    }
    ctx.restore();
    state.labels = placed;
  }

  // The year axis over the top of the canvas: era names, then every populated year (on two
  // alternating rows, or as '97, when the columns are narrow), and lane names down the left.
  function drawAxis(ctx) {
    const geo = state.geo;
    const width = viewport().w;
    const scale = network.getScale();
    const dom = (x) => network.canvasToDOM({ x, y: 0 }).x;
    ctx.save();
    const ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.95)";
    ctx.fillRect(0, 0, width, AXIS_H);
    ctx.fillStyle = "#e5e7eb";
    ctx.fillRect(0, AXIS_H, width, 1);
    ctx.textBaseline = "middle";
    ctx.textAlign = "center";
    ctx.font = "600 11px " + CFG.font;
    for (const era of eraSpans(geo)) {
      const a = Math.max(dom(era.x0 - geo.cw * 0.2), 2);
      const b = Math.min(dom(era.x1 + geo.cw * 0.2), width - 2);
      if (b - a < 12) continue;
      ctx.fillStyle = ERA_FILL[era.n].replace(/0\.0\d\)/, "0.18)");
      ctx.fillRect(a, 3, b - a, 17);
      let label = era.label + " · " + era.span;
      for (const t of [era.label, era.span, ""]) {
        if (ctx.measureText(label).width <= b - a - 8) break;
        label = t;
      }
      if (!label) continue;
      ctx.fillStyle = ERA_INK[era.n];
      ctx.fillText(label, (a + b) / 2, 12);
    }
    const marks = geo.cols.map((c) => ({ x0: c.x0, x1: c.x1, year: c.year, gap: c.gap }));
    if (geo.undated) marks.push({ x0: geo.undated.x0, x1: geo.undated.x1, year: null, gap: true });
    ctx.font = "600 12px " + CFG.font;
    // Plan the year labels: one row of full years if they fit, else two alternating rows, else
    // two rows of '97; a label that would still collide is left out.
    const plan = (rows, short, px) => {
      ctx.font = "600 " + px + "px " + CFG.font;
      const out = [];
      const last = [-Infinity, -Infinity];
      let skipped = 0;
      marks.forEach((m, n) => {
        const a = dom(m.x0);
        const b = dom(m.x1);
        if (b < 0 || a > width) return;
        const label = m.year === null ? "undated" : short && m.year >= 1000 ? "’" + String(m.year).slice(-2) : String(m.year);
        const row = rows === 2 && m.year !== null ? n % 2 : 0;
        const w = ctx.measureText(label).width;
        const x = Math.min(Math.max((Math.max(a, 0) + Math.min(b, width)) / 2, w / 2 + 2), width - w / 2 - 2);
        if (x - w / 2 < last[row] + 3) { skipped++; return; }
        out.push({ text: label, year: m.year, x, y: rows === 1 || m.year === null ? 37 : row ? 44 : 30, px });
        last[row] = x + w / 2;
        if (rows === 1 || m.year === null) last[1 - row] = last[row];
      });
      return { out, skipped };
    };
    let chosen = null;
    for (const [rows, short, px] of [[1, false, 12], [2, false, 12], [2, false, 10.5], [2, true, 12]]) {
      chosen = plan(rows, short, px);
      if (!chosen.skipped) break;
    }
    marks.forEach((m, n) => {
      const a = dom(m.x0);
      if (dom(m.x1) < 0 || a > width) return;
      ctx.fillStyle = "#d1d5db";
      ctx.fillRect(Math.round(a), 24, 1, AXIS_H - 26);
      if (m.gap && n > 0) {
        // empty years left out here: a small break sign between the columns
        const g = dom(marks[n - 1].x1);
        if (a - g >= 5) {
          const c = (a + g) / 2;
          ctx.strokeStyle = "#9ca3af";
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(c - 3.5, 27); ctx.lineTo(c - 0.5, 21);
          ctx.moveTo(c + 0.5, 27); ctx.lineTo(c + 3.5, 21);
          ctx.stroke();
        }
      }
    });
    for (const t of chosen.out) {
      ctx.font = "600 " + t.px + "px " + CFG.font;
      ctx.fillStyle = t.year === null ? "#6b7280" : "#111827";
      ctx.fillText(t.text, t.x, t.y);
    }
    state.axis = chosen.out;
    // lane names down the left edge
    ctx.font = LANE_FONT;
    ctx.textAlign = "left";
    for (const tag of laneTags()) {
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(tag.x0, tag.y0, tag.x1 - tag.x0, tag.y1 - tag.y0);
      ctx.fillStyle = "#475569";
      ctx.fillText(tag.text, tag.x0 + 6, tag.y0 + 9);
    }
    ctx.restore();
  }

  // Where the lane names go on screen: at the top left of each lane still in view.
  const LANE_FONT = "600 10.5px " + CFG.font;
  const laneWidths = new Map();
  function laneTags() {
    const out = [];
    for (const lane of state.geo.lanes) {
      const y0 = Math.max(network.canvasToDOM({ x: 0, y: lane.y0 }).y, AXIS_H + 4);
      const y1 = network.canvasToDOM({ x: 0, y: lane.y1 }).y;
      if (y1 - y0 < 20) continue;
      const text = lane.label.toUpperCase();
      if (!laneWidths.has(text)) {
        measure.font = LANE_FONT;
        laneWidths.set(text, measure.measureText(text).width);
        measure.font = "13px " + CFG.font;
      }
      out.push({ text, x0: 4, y0: y0 + 4, x1: 16 + laneWidths.get(text), y1: y0 + 22 });
    }
    return out;
  }

  network.on("afterDrawing", (ctx) => {
    const focus = focusSet();
    if (focus) drawFocus(ctx, focus);
    drawLabels(ctx, focus);
    if (hasTimeline()) drawAxis(ctx);
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
    const href = A.hrefs[f];
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

  function showCard(on) {
    $("details").hidden = !on;
    $("hint").hidden = on || $("hint").classList.contains("gone");
  }

  function renderDetails(i) {
    const body = $("details-body");
    if (i < 0) { body.replaceChildren(emptyState()); showCard(false); return; }
    showCard(true);
    const r = info[i];
    const parts = [el("h2", { text: displayName(i) })];
    const badges = el("div", { class: "badges" }, [
      el("span", { class: "badge kind", text: kindLabel(r), style: "background:" + (GROUP_COLOUR.get(r.g) || "#64748b") }),
    ]);
    if (r.y !== undefined) badges.append(el("span", { class: "badge year", text: String(r.y) + (r.mo ? "-" + String(r.mo).padStart(2, "0") : "") }));
    if (r.bi) badges.append(el("span", { class: "badge", text: "built-in" }));
    if (r.mi) badges.append(el("span", { class: "badge", text: "missing file" }));
    parts.push(badges);
    if (r.y !== undefined && r.ys) parts.push(el("p", { class: "muted small" }, yearSource(r.ys)));
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
    const relations = new Map();  // "→ kind" -> [[other, edge], ...]
    const fileLines = new Map();
    const externals = [];
    const tagNodes = [];
    for (let p = adjStart[i]; p < adjStart[i + 1]; p++) {
      const j = adj[p];
      const e = { k: kindOf(j), fam: famOf(j), s: src[j], t: tgt[j] };
      const other = e.s === i ? e.t : e.s;
      const o = info[other];
      for (const [f, line] of A.evidence(j)) {
        if (f < 0) continue;
        if (!fileLines.has(f)) fileLines.set(f, new Set());
        if (line) fileLines.get(f).add(line);
      }
      if (e.k === "introduces" && e.t === i) addPaper(e.s);
      else if (o.k === "paper" && r.k === "concept") addPaper(other);
      if (o.k === "resource") for (const [u, href, st] of o.u || []) externals.push(urlEl(o.ti || u, href, st));
      if (o.k === "tag") tagNodes.push(other);
      // Document edges too for papers, notes and the like (what they introduce, define, mention,
      // cite); a concept's own notes are listed under "notes and lines" already.
      const listed = e.fam !== "document" || r.k !== "concept" || e.k === "defines";
      if (listed && other !== i) {
        const dir = SYMMETRIC.has(e.k) ? "=" : e.s === i ? ">" : "<";
        const key = ({ relation: "0", derived: "1" }[e.fam] || "2") + e.k + dir;
        if (!relations.has(key)) relations.set(key, []);
        relations.get(key).push([other, j]);
      }
    }
    parts.push(...section("papers", papers));
    parts.push(...relationSection(relations));
    const files = [...fileLines.keys()].sort((a, b) => (DATA.files[a] < DATA.files[b] ? -1 : 1));
    parts.push(...section("notes and lines", files.map((f) => fileEl(f, [...fileLines.get(f)].sort((a, b) => a - b)))));
    parts.push(...section("external links", externals));
    const tags = (r.tg || []).map((t) => DATA.tags[t]);
    if (tags.length) parts.push(el("h3", { text: "tags" }), el("div", { class: "badges" }, tags.map((t) => el("span", { class: "badge", text: "#" + t }))));
    if (state.pathNodes.length) parts.push(...pathSection());
    body.replaceChildren(...parts);
  }

  // "year from note:05-预训练模型/BERT.md" links the note; "paper:..." the paper's node.
  function yearSource(ys) {
    const out = [text("year from ")];
    const src = String(ys);
    const f = src.startsWith("note:") ? DATA.files.indexOf(src.slice(5)) : -1;
    if (f >= 0) out.push(...fileEl(f));
    else if (byId.has(src)) out.push(nodeButton(byId.get(src), src));
    else out.push(text(src));
    return out;
  }

  // How a relation reads from the selected node: [outgoing, incoming].
  const PHRASES = {
    is_a: ["is a", "kinds"], part_of: ["part of", "parts"], variant_of: ["variant of", "variants"],
    based_on: ["based on", "basis of"], improves_on: ["improves on", "improved by"],
    uses: ["uses", "used by"], addresses: ["addresses", "addressed by"],
    has_problem: ["has problem", "problem of"], precedes: ["precedes", "preceded by"],
    prerequisite_of: ["prerequisite of", "needs"], related_to: ["related to", "related to"],
    leads_to: ["leads to", "comes from"], subtopic_of: ["subtopic of", "subtopics"],
    co_mentioned: ["co-mentioned", "co-mentioned"],
    introduces: ["introduces", "introduced in"], defines: ["defines", "defined in"],
    mentions: ["mentions", "mentioned in"], cites: ["cites", "cited in"],
    links_to: ["links to", "linked from"], embeds: ["embeds", "embedded in"],
    identifies: ["identifies", "identified by"], tagged: ["tagged", "tag of"],
  };
  const SYMMETRIC = new Set(["related_to", "co_mentioned"]);
  const phrase = (kind, dir) => (PHRASES[kind] || [kind + " →", "← " + kind])[dir === "<" ? 1 : 0];

  // Typed relations one line per kind and direction (where each was written shows on hover);
  // weak ones after them, the strongest first, as a short list.
  function relationSection(relations) {
    const keys = [...relations.keys()].sort();
    if (!keys.length) return [];
    const list = el("ul", { class: "relations" });
    for (const key of keys) {
      const items = relations.get(key);
      const weak = key[0] !== "0";
      const kind = key.slice(1, -1);
      items.sort((a, b) => weight[b[1]] - weight[a[1]] || (displayName(a[0]) < displayName(b[0]) ? -1 : 1));
      const targets = el("span", { class: "targets" });
      const shown = items.slice(0, weak ? 16 : LIMIT);
      shown.forEach(([other, j], n) => {
        const b = nodeButton(other);
        const where = A.evidence(j).filter((ev) => ev[0] >= 0).slice(0, 3).map((ev) => DATA.files[ev[0]] + ":" + ev[1]);
        if (where.length) b.title = where.join("\n");
        if (n) targets.append(text(" · "));
        targets.append(b);
        if (back[j]) targets.append(el("span", { class: "back", text: " ⟲", title: "goes back in time" }));
      });
      if (items.length > shown.length) targets.append(el("span", { class: "more", text: " … +" + (items.length - shown.length) }));
      list.append(el("li", { class: weak ? "weak" : null }, [
        el("span", { class: "rel", text: phrase(kind, key.slice(-1)), title: kind }), targets,
      ]));
    }
    return [el("h3", { text: "relations" }), list];
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
    network.selectNodes([ids[i]]);
    renderDetails(i);
    if (focus) {
      const card = $("details");
      const offset = { x: card.hidden ? 0 : -(card.offsetWidth + 12) / 2, y: 0 };
      network.focus(ids[i], { scale: Math.max(network.getScale(), 1.0), offset, animation: ANIMATION });
      state.fitted = false;
    } else {
      keepClear(i);
    }
    network.redraw();
    return true;
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0], { focus: false });
    else if (!params.edges.length) deselect();
  });

  function deselect() {
    if (state.selected < 0) return;
    state.selected = -1;
    network.unselectAll();
    if (state.depth > 0) applyFilters();
    renderPathPanel();
    network.redraw();
  }

  // The details card covers the right of the canvas: pan a node out from under it.
  function keepClear(i) {
    const card = $("details");
    const p = network.getPositions([ids[i]])[ids[i]];
    if (!p || card.hidden) return;
    const spot = network.canvasToDOM(p);
    const limit = viewport().w - card.offsetWidth - 40;
    if (spot.x <= limit) return;
    const scale = network.getScale();
    const centre = network.getViewPosition();
    const shift = spot.x - limit * 0.6;  // to the middle of the part left uncovered, about
    network.moveTo({ position: { x: centre.x + shift / scale, y: centre.y }, scale, animation: ANIMATION });
    state.fitted = false;
  }

  // ---------------------------------------------------------------- search
  const norm = (s) => String(s).normalize("NFKC").toLowerCase().trim();
  // Each node's names as [raw, normalised], made on first use (the first search, for most).
  const indexCache = new Array(N);
  const namesOf = (i) => {
    if (indexCache[i]) return indexCache[i];
    const r = info[i];
    const names = [r.nm || r.n];
    if (r.n && r.n !== names[0]) names.push(r.n);
    for (const a of r.al || []) names.push(a);
    if (r.ti) names.push(r.ti);
    if (r.pid) names.push(r.pid);
    return (indexCache[i] = names.map((n) => [n, norm(n)]));
  };

  function search(query, onlyKind) {
    const q = norm(query);
    if (!q) return [];
    const hits = [];
    for (let i = 0; i < N; i++) {
      if (onlyKind && info[i].k !== onlyKind) continue;
      let best = null;
      const names = namesOf(i);
      for (let n = 0; n < names.length; n++) {
        const [raw, key] = names[n];
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
      const li = el("li", { role: "option", "aria-selected": String(n === active), "data-id": ids[h.i] }, [
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
  // The same steps as `noteatlas path` (explorer_path.js): a lineage the notes state first, each
  // hop shown as its most telling typed relation, else the cheapest chain of concept edges.
  // Made on first use: it indexes the concept edges.
  let paths = null;
  const findPath = (a, b) => {
    paths = paths || noteatlasPaths.create({
      ids,
      edges: { count: E, src, tgt, kind: kindOf, conf: (j) => A.conf[j], evidence: A.evidence },
      files: DATA.files,
      cost: CFG.pathCost,
      telling: CFG.telling,
      maxLen: CFG.pathMaxLen,
    });
    return paths.find(a, b);
  };
  // A step as `noteatlas path` gives it; evidence as [file or null, line (0: none), snippet or
  // null when the page does not carry it].
  const stepRecord = (s) => ({
    from: ids[s.from], to: ids[s.to], kind: kindOf(s.edge),
    direction: s.forward ? "forward" : "backward", edge: edgeId(s.edge),
    evidence: s.ev.map((e) => [e[0] >= 0 ? DATA.files[e[0]] : null, e[1], e.length > 3 ? e[3] : null]),
  });

  function resolve(name) {
    const q = norm(name);
    if (!q) return -1;
    if (byId.has(name)) return byId.get(name);
    const hit = search(name, "concept")[0] || search(name)[0];
    return hit ? hit.i : -1;
  }

  function clearPath() {
    nodesDS.update(state.pathNodes.map((i) => ({ id: ids[i], borderWidth: BORDER, shadow: { enabled: false } })));
    edgesDS.update(state.pathEdges.map((j) => {
      const item = edgeItem(j);
      return { id: item.id, width: item.width, color: item.color, label: "" };
    }));
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
      if (!steps) state.pathMessage = "No path between " + displayName(a) + " and " + displayName(b) + " within " + CFG.pathMaxLen + " steps.";
    }
    if (steps) {
      state.pathNodes = [a, ...steps.map((s) => s.to)];
      state.pathEdges = steps.map((s) => s.edge);
      state.pathSteps = steps;
      ensure(state.pathNodes, state.pathEdges);
      nodesDS.update(state.pathNodes.map((i) => ({
        id: ids[i], borderWidth: 4,
        shadow: { enabled: true, color: "rgba(245,158,11,0.85)", size: 16, x: 0, y: 0 },
      })));
      edgesDS.update(state.pathEdges.map((j) => ({
        id: edgeId(j), width: 4.5, color: { color: PATH_COLOUR, highlight: PATH_COLOUR },
        label: kindOf(j), font: { face: CFG.font, size: 12, color: "#92400e", strokeWidth: 0, background: "rgba(255,251,235,0.92)" },
      })));
    }
    applyFilters();
    if (steps && steps.length) {
      state.selected = -1;
      network.unselectAll();
    }
    renderPathPanel();
    if (steps && steps.length) fitNodes(state.pathNodes);
    return steps ? steps.map(stepRecord) : null;
  }

  function pathSection() {
    if (state.pathMessage) return [el("h3", { text: "path" }), el("p", { text: state.pathMessage })];
    if (!state.pathNodes.length) return [];
    const items = [el("li", null, [nodeButton(state.pathNodes[0])])];
    for (const s of state.pathSteps) {
      const k = kindOf(s.edge);
      const where = (s.ev || A.evidence(s.edge)).filter((ev) => ev[0] >= 0)[0];
      const li = el("li", { "data-edge": edgeId(s.edge) }, [
        el("span", { class: "rel", text: (s.forward ? "—" + k + "→ " : "←" + k + "— ") }),
        nodeButton(s.to),
      ]);
      if (where) li.append(el("div", { class: "muted small" }, fileEl(where[0], [where[1]])));
      if (where && where[3]) li.append(el("div", { class: "muted small", text: where[3] }));
      items.push(li);
    }
    return [el("h3", { text: "path · " + state.pathSteps.length + " steps" }), el("ul", { class: "steps", id: "path-steps" }, items)];
  }
  function renderPathPanel() {
    if (state.selected >= 0) { renderDetails(state.selected); return; }
    const parts = pathSection();
    $("details-body").replaceChildren(...(parts.length ? parts : [emptyState()]));
    showCard(parts.length > 0);
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
    if (kind === "paper" && CFG.keyPapers !== null) {
      const key = check("only key papers", state.keyPapersOnly, (on) => {
        state.keyPapersOnly = on;
        applyFilters();
      });
      key.input.id = "key-papers";
      key.label.classList.add("sub");
      key.label.title = "papers that define a concept or that two notes cite";
      key.label.append(el("span", { class: "n", text: String(CFG.keyPapers) }));
      kindBox.append(key.label);
    }
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
      }, [lineSwatch(colour, fam === "derived" && DASHED ? "dashed" : "")]);
      c.input.id = "edge-" + kind;
      c.label.append(el("span", { class: "n", text: String(count) }));
      if (!count) c.label.classList.add("empty");
      edgeBox.append(c.label);
    }
  }

  const legend = $("legend-edges");
  for (const [label, colour, style] of [
    ["typed relation", "#0f766e", ""],
    ["derived (weak)", "#94a3b8", DASHED ? "dashed" : ""],
    ["document", "#cbd5e1", ""],
    ["goes back in time", CFG.backwardsColour, DASHED ? "dotted" : ""],
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
  $("fit").addEventListener("click", () => fitView());
  network.on("zoom", () => { state.fitted = false; });
  // The hint goes once the user has found their way around.
  network.once("click", () => { $("hint").classList.add("gone"); });
  network.once("zoom", () => { $("hint").classList.add("gone"); });
  network.on("dragEnd", (params) => { if (!params.nodes.length) state.fitted = false; });
  network.on("hoverNode", (params) => { state.hover = byId.get(params.node); });
  network.on("blurNode", () => { state.hover = -1; });
  // The timeline is laid out for the canvas's shape: when that changes, lay out and fit again.
  let resizeTimer = 0;
  let lastSize = viewport();
  new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      const now = viewport();
      if (now.w === lastSize.w && now.h === lastSize.h) return;
      lastSize = now;
      if (state.layout === "timeline") relayout();
      if (state.fitted) fitView();
    }, 120);
  }).observe($("network"));
  $("toggle-filters").addEventListener("click", () => {
    const hidden = document.body.classList.toggle("filters-hidden");
    $("toggle-filters").setAttribute("aria-pressed", String(!hidden));
  });
  $("details-close").addEventListener("click", () => deselect());
  document.addEventListener("keydown", (ev) => {
    const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
    if (ev.key === "Escape" && !typing) deselect();
  });
  const physics = $("physics");
  physics.checked = !CFG.large;
  physics.disabled = true;
  physics.addEventListener("change", () => network.setOptions({ physics: { enabled: physics.checked && state.layout === "free" } }));

  const names = $("concept-names");
  const options = [];
  for (let i = 0; i < N; i++) {
    if (info[i].k !== "concept") continue;
    for (const [raw] of namesOf(i)) { const o = document.createElement("option"); o.value = raw; options.push(o); }
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
  fitView();

  window.noteatlas = {
    network,
    select: (id) => select(id),
    selected: () => (state.selected >= 0 ? ids[state.selected] : null),
    search: (q) => search(q).map((h) => ids[h.i]),
    path: (a, b) => showPath(a, b),
    // The steps between two node ids, without touching the view (null when there are none).
    pathSteps: (a, b) => {
      const i = byId.get(a);
      const j = byId.get(b);
      const steps = i === undefined || j === undefined ? null : findPath(i, j);
      return steps ? steps.map(stepRecord) : null;
    },
    clearPath: () => { clearPath(); applyFilters(); renderPathPanel(); },
    highlighted: () => ({
      nodes: state.pathNodes.map((i) => ids[i]),
      edges: state.pathEdges.map((j) => edgeId(j)),
    }),
    edge: (id) => {
      const j = edgeIndex(id);
      const end = (i) => (i >= 0 ? ids[i] : null);
      return j === undefined ? null : { id, from: end(src[j]), to: end(tgt[j]), kind: kindOf(j), backwards: !!back[j] };
    },
    edgeItem: (id) => edgesDS.get(id),
    nodeItem: (id) => nodesDS.get(id),
    visibleNodes: () => nodeView.getIds(),
    visibleEdges: () => edgeView.getIds(),
    counts: () => ({ nodes: nodeView.length, edges: edgeView.length }),
    setLayout,
    layout: () => state.layout,
    timeline: () => state.geo,
    // What the last frame drew and what is in focus (for tests and for the curious).
    labels: () => state.labels.map((l) => Object.assign({}, l)),
    axis: () => (hasTimeline() ? state.axis.map((a) => Object.assign({}, a)) : []),
    focus: () => {
      const f = focusSet();
      return f ? { nodes: [...f.nodes].map((i) => ids[i]), edges: [...f.edges].map((j) => edgeId(j)) } : { nodes: [], edges: [] };
    },
    settled: () => state.layout === "free" && (state.settled || !$("physics").checked || CFG.large),
    fit: () => fitView(),
    deselect: () => deselect(),
  };
})();
