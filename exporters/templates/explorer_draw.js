/* noteatlas explorer: what the page draws on the canvas around vis-network's nodes and edges.
 *
 * Behind the graph: era bands, the undated column, lane shading and year columns. Over it: the
 * focus (a selection's neighbourhood or a path, redrawn over a white wash by vis-network's own
 * routines), the node labels (labels module), and the year axis with the lane names.
 */
noteatlas.modules.draw = (function () {
  "use strict";

  const ERA_FILL = ["rgba(99,102,241,0.06)", "rgba(13,148,136,0.07)", "rgba(245,158,11,0.08)", "rgba(219,39,119,0.06)"];
  const ERA_INK = ["#4338ca", "#0f766e", "#b45309", "#be185d"];
  // Year label plans, tried in turn: [rows, short ('97), font px]. The first that fits wins.
  const YEAR_PLANS = [[1, false, 12], [2, false, 12], [2, false, 10.5], [2, true, 12]];

  /** The canvas drawing of one page; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, graph } = app;
    const { viewport } = app.dom;
    const { AXIS_H } = noteatlas.modules.layout;
    const network = graph.network;
    const laneFont = "600 10.5px " + CFG.font;
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = laneFont;
    const laneWidths = new Map();
    let axis = [];  // the year labels the last frame drew

    // The eras that have populated years, as column spans.
    function eraSpans(geo) {
      const out = [];
      CFG.eras.forEach((era, n) => {
        const cols = geo.cols.filter((c) => (era.from === null || c.year >= era.from) && (era.to === null || c.year <= era.to));
        if (!cols.length) return;
        const first = cols[0].year;
        const last = cols[cols.length - 1].year;
        const span = first === last ? String(first) : first + "–" + last;
        out.push({ x0: cols[0].x0, x1: cols[cols.length - 1].x1, label: era.label, span, n: n % ERA_FILL.length });
      });
      return out;
    }

    // Behind the timeline: era bands, the undated column, every other lane shaded, year lines.
    function drawBands(ctx) {
      const geo = graph.geo;
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
    }

    /** The selection's neighbourhood and the path: {nodes, edges} (index sets), or null. */
    function focusSet() {
      const nodes = new Set();
      const edges = new Set();
      const sel = state.selected;
      if (sel >= 0 && state.nodeOn[sel]) {
        nodes.add(sel);
        for (let p = A.adjStart[sel]; p < A.adjStart[sel + 1]; p++) {
          const j = A.adj[p];
          if (!state.edgeOn[j]) continue;
          edges.add(j);
          nodes.add(A.src[j] === sel ? A.tgt[j] : A.src[j]);
        }
      }
      for (const i of state.path.nodes) if (state.nodeOn[i]) nodes.add(i);
      for (const j of state.path.edges) if (state.edgeOn[j]) edges.add(j);
      return nodes.size ? { nodes, edges } : null;
    }

    // Wash everything out, then draw the focus again on top.
    function drawFocus(ctx, focus) {
      const vp = viewport();
      const a = network.DOMtoCanvas({ x: 0, y: 0 });
      const b = network.DOMtoCanvas({ x: vp.w, y: vp.h });
      ctx.save();
      ctx.fillStyle = "rgba(255,255,255,0.82)";
      ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
      const edges = network.body.edges;
      const nodes = network.body.nodes;
      const live = [...focus.edges].map((j) => edges[A.edgeId(j)]).filter((e) => e && e.connected);
      for (const e of live) e.draw(ctx);
      for (const e of live) e.drawArrows(ctx);
      for (const i of focus.nodes) {
        const n = nodes[A.ids[i]];
        if (n) n.draw(ctx);
      }
      ctx.restore();
    }

    /** Where the lane names go on screen: at the top left of each lane still in view. */
    function laneTags() {
      const out = [];
      for (const lane of graph.geo.lanes) {
        const y0 = Math.max(network.canvasToDOM({ x: 0, y: lane.y0 }).y, AXIS_H + 4);
        const y1 = network.canvasToDOM({ x: 0, y: lane.y1 }).y;
        if (y1 - y0 < 20) continue;
        const text = lane.label.toUpperCase();
        if (!laneWidths.has(text)) laneWidths.set(text, measure.measureText(text).width);
        out.push({ text, x0: 4, y0: y0 + 4, x1: 16 + laneWidths.get(text), y1: y0 + 22 });
      }
      return out;
    }

    // Screen coordinates for drawing over the canvas, whatever the zoom and pixel ratio.
    function screenSpace(ctx) {
      const ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    }

    // The era names along the top of the axis, as much of each as fits its span.
    function drawEras(ctx, geo, dom, width) {
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
    }

    // The year labels of one plan: rows (1 or 2), short ('97) or not, at px; a label that would
    // collide with the one before it on its row is skipped (and counted).
    function planYears(ctx, marks, dom, width, [rows, short, px]) {
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
    }

    // A tick at each column's start, and a small break sign where empty years were left out.
    function drawTicks(ctx, marks, dom, width) {
      marks.forEach((m, n) => {
        const a = dom(m.x0);
        if (dom(m.x1) < 0 || a > width) return;
        ctx.fillStyle = "#d1d5db";
        ctx.fillRect(Math.round(a), 24, 1, AXIS_H - 26);
        if (!m.gap || n === 0) return;
        const g = dom(marks[n - 1].x1);
        if (a - g < 5) return;
        const c = (a + g) / 2;
        ctx.strokeStyle = "#9ca3af";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(c - 3.5, 27); ctx.lineTo(c - 0.5, 21);
        ctx.moveTo(c + 0.5, 27); ctx.lineTo(c + 3.5, 21);
        ctx.stroke();
      });
    }

    // The year axis over the top of the canvas: era names, then every populated year (on two
    // alternating rows, or as '97, when the columns are narrow), and lane names down the left.
    function drawAxis(ctx) {
      const geo = graph.geo;
      const width = viewport().w;
      const dom = (x) => network.canvasToDOM({ x, y: 0 }).x;
      ctx.save();
      screenSpace(ctx);
      ctx.fillStyle = "rgba(255,255,255,0.95)";
      ctx.fillRect(0, 0, width, AXIS_H);
      ctx.fillStyle = "#e5e7eb";
      ctx.fillRect(0, AXIS_H, width, 1);
      drawEras(ctx, geo, dom, width);
      const marks = geo.cols.map((c) => ({ x0: c.x0, x1: c.x1, year: c.year, gap: c.gap }));
      if (geo.undated) marks.push({ x0: geo.undated.x0, x1: geo.undated.x1, year: null, gap: true });
      let chosen = null;
      for (const plan of YEAR_PLANS) {
        chosen = planYears(ctx, marks, dom, width, plan);
        if (!chosen.skipped) break;
      }
      drawTicks(ctx, marks, dom, width);
      for (const t of chosen.out) {
        ctx.font = "600 " + t.px + "px " + CFG.font;
        ctx.fillStyle = t.year === null ? "#6b7280" : "#111827";
        ctx.fillText(t.text, t.x, t.y);
      }
      axis = chosen.out;
      ctx.font = laneFont;
      ctx.textAlign = "left";
      for (const tag of laneTags()) {
        ctx.fillStyle = "rgba(255,255,255,0.9)";
        ctx.fillRect(tag.x0, tag.y0, tag.x1 - tag.x0, tag.y1 - tag.y0);
        ctx.fillStyle = "#475569";
        ctx.fillText(tag.text, tag.x0 + 6, tag.y0 + 9);
      }
      ctx.restore();
    }

    network.on("beforeDrawing", (ctx) => { if (graph.hasTimeline()) drawBands(ctx); });
    network.on("afterDrawing", (ctx) => {
      const focus = focusSet();
      if (focus) drawFocus(ctx, focus);
      app.labels.draw(ctx, focus);
      if (graph.hasTimeline()) drawAxis(ctx);
    });

    return {
      focusSet, laneTags, screenSpace,
      /** The year labels the last frame drew: [{text, year, x, y, px}] (none off the timeline). */
      axis: () => (graph.hasTimeline() ? axis.map((a) => Object.assign({}, a)) : []),
    };
  }

  return { create };
})();
