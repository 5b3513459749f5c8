/* noteatlas explorer: what the page draws on the canvas around vis-network's nodes and edges.
 *
 * Behind the graph: era bands, lane shading, the bins (a band per period whose nodes do not fit,
 * darker the more it holds, with its count) and period lines. Over it: the focus (a selection's
 * neighbourhood or a path, redrawn over a white wash by vis-network's own routines), the node
 * labels (labels module), and the time axis with the lane names. The axis follows the zoom:
 * decades or years with the eras over them, months with their years, weeks with their months.
 */
noteatlas.modules.draw = (function () {
  "use strict";

  const ERA_FILL = ["rgba(99,102,241,0.06)", "rgba(13,148,136,0.07)", "rgba(245,158,11,0.08)", "rgba(219,39,119,0.06)"];
  const ERA_INK = ["#4338ca", "#0f766e", "#b45309", "#be185d"];
  const MARK_PX = 22;  // the axis shows a period's parts when they are this wide on average
  const BIN_INK = "#334155";

  /** The canvas drawing of one page; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, graph } = app;
    const { viewport } = app.dom;
    const { AXIS_H, HEADER } = noteatlas.modules.layout;
    const UNDATED = noteatlas.modules.axis.UNDATED;
    const network = graph.network;
    const laneFont = "600 10.5px " + CFG.font;
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = laneFont;
    const laneWidths = new Map();
    let axis = [];  // the axis labels the last frame drew
    let binBoxes = [];  // the bins' counts the last frame drew, in screen pixels

    // The periods the axis marks at this zoom, all of one level where the data has it (a year
    // without months stays a year among months): the finest level whose marks are MARK_PX wide
    // on average and that most nodes on screen are dated to; decades when even years are too
    // narrow.
    // [{p, x0, x1}] in time order, only those on screen.
    function marks() {
      const { periods, roots } = graph.model().axis;
      const px = graph.packed().px;
      const width = viewport().w;
      const at = (level) => {
        const out = [];
        const visit = (p) => {
          const x0 = px(p.u0);
          const x1 = px(p.u1);
          if (x1 < 0 || x0 > width) return;
          if (p.level < level && p.kids.length) p.kids.forEach((k) => visit(periods[k]));
          else out.push({ p, x0, x1 });
        };
        roots.forEach((r) => visit(periods[r]));
        return out;
      };
      const shown = (m) => Math.min(m.x1, width) - Math.max(m.x0, 0);
      const held = (m) => [...m.p.lanes.values()].reduce((a, l) => a + l.length, 0);
      for (const level of [3, 2, 1]) {
        const out = at(level);
        const total = out.reduce((a, m) => a + held(m), 0);
        const deep = out.reduce((a, m) => a + (m.p.level >= level && !m.p.own && m.p.level !== UNDATED ? held(m) : 0), 0);
        const wide = out.reduce((a, m) => a + shown(m), 0) / Math.max(out.length, 1);
        if (out.length && wide >= (level === 1 ? 14 : MARK_PX) && (level === 1 || deep >= total / 2)) return out;
      }
      return at(0);
    }

    // The eras that have populated years on screen, as pixel spans.
    function eraSpans() {
      const { periods } = graph.model().axis;
      const px = graph.packed().px;
      const years = periods.filter((p) => p.level === 1);
      const out = [];
      CFG.eras.forEach((era, n) => {
        const ys = years.filter((p) => (era.from === null || p.year >= era.from) && (era.to === null || p.year <= era.to));
        if (!ys.length) return;
        const first = ys[0].year;
        const last = ys[ys.length - 1].year;
        const span = first === last ? String(first) : first + "–" + last;
        out.push({ x0: px(ys[0].u0), x1: px(ys[ys.length - 1].u1), label: era.label, span, n: n % ERA_FILL.length });
      });
      return out;
    }

    // Behind the timeline: era bands, the undated column, every other lane shaded, the bins.
    function drawBands(ctx) {
      const { lanes } = graph.model();
      const vp = viewport();
      const top = lanes[0].y0;
      const bottom = lanes[lanes.length - 1].y1;
      ctx.save();
      for (const era of eraSpans()) {
        ctx.fillStyle = ERA_FILL[era.n];
        ctx.fillRect(era.x0 - 4, top, era.x1 - era.x0 + 8, bottom - top);
      }
      const px = graph.packed().px;
      const undated = graph.model().axis.periods.find((p) => p.level === UNDATED);
      if (undated) {
        ctx.fillStyle = "rgba(148,163,184,0.10)";
        ctx.fillRect(px(undated.u0) - 4, top, px(undated.u1) - px(undated.u0) + 8, bottom - top);
      }
      ctx.fillStyle = "rgba(100,116,139,0.045)";
      lanes.forEach((lane, n) => { if (n % 2) ctx.fillRect(0, lane.y0, vp.w, lane.y1 - lane.y0); });
      ctx.strokeStyle = "rgba(100,116,139,0.12)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const m of marks()) { ctx.moveTo(Math.round(m.x0) + 0.5, top); ctx.lineTo(Math.round(m.x0) + 0.5, bottom); }
      ctx.stroke();
      drawBins(ctx);
      ctx.restore();
    }

    // A bin: a band over its period, darker the more it holds, and in its lane's first strip the
    // count of what it does not show one by one.
    function drawBins(ctx) {
      const lanes = new Map(graph.model().lanes.map((l) => [l.key, l]));
      const width = viewport().w;
      binBoxes = [];
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      ctx.font = "600 11px " + CFG.font;
      for (const b of graph.packed().bins) {
        const lane = lanes.get(b.lane);
        if (!lane) continue;
        const x0 = Math.max(b.x0 + 1, -2);
        const x1 = Math.min(b.x1 - 1, width + 2);
        if (x1 <= x0) continue;
        const density = Math.min(1, Math.log2(1 + b.count) / 10);
        ctx.fillStyle = "rgba(51,65,85," + (0.05 + 0.12 * density).toFixed(3) + ")";
        ctx.fillRect(x0, lane.top - HEADER + 2, x1 - x0, lane.y1 - lane.top + HEADER - 4);
        const hidden = b.count - b.shown;
        if (!hidden) continue;
        const full = "+" + hidden + (b.shown ? " more" : " " + (b.lane === "paper" ? "papers" : b.lane === "note" ? "notes" : "nodes"));
        const short = "+" + hidden;
        let text = full;
        if (ctx.measureText(text).width > x1 - x0 - 6) text = short;
        const w = ctx.measureText(text).width;
        if (w > x1 - x0 + 10) continue;
        const x = Math.max(x0 + 3, Math.min(x0 + (x1 - x0 - w) / 2, x1 - w - 3));
        const y = lane.top - HEADER / 2 + 1;
        ctx.fillStyle = BIN_INK;
        ctx.fillText(text, x, y);
        binBoxes.push({ x0: x - 1, y0: y - 7, x1: x + w + 1, y1: y + 7, text, period: b.period.label, lane: b.lane });
      }
    }

    /** The selection's neighbourhood and the path: {nodes, edges} (index sets), or null. Only
     * what is drawn counts (on the timeline, a node in a bin is not). */
    function focusSet() {
      const nodes = new Set();
      const edges = new Set();
      const sel = state.selected;
      const drawn = (i) => i >= 0 && graph.isDrawn(i);
      if (drawn(sel)) {
        nodes.add(sel);
        for (let p = A.adjStart[sel]; p < A.adjStart[sel + 1]; p++) {
          const j = A.adj[p];
          const other = A.src[j] === sel ? A.tgt[j] : A.src[j];
          if (!state.edgeOn[j] || !drawn(other)) continue;
          edges.add(j);
          nodes.add(other);
        }
      }
      for (const i of state.path.nodes) if (drawn(i)) nodes.add(i);
      for (const j of state.path.edges) if (state.edgeOn[j] && drawn(A.src[j]) && drawn(A.tgt[j])) edges.add(j);
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

    /** Where the lane names go on screen: at the top left of each lane. */
    function laneTags() {
      const out = [];
      for (const lane of graph.model().lanes) {
        const y0 = Math.max(lane.y0, AXIS_H + 4);
        if (lane.y1 - y0 < 20) continue;
        const text = lane.label.toUpperCase();
        if (!laneWidths.has(text)) laneWidths.set(text, measure.measureText(text).width);
        out.push({ text, x0: 4, y0: y0 + 2, x1: 16 + laneWidths.get(text), y1: y0 + 18 });
      }
      return out;
    }

    // Screen coordinates for drawing over the canvas, whatever the zoom and pixel ratio.
    function screenSpace(ctx) {
      const ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    }

    // The top row of the axis: the era names over years and decades; where the marks are months
    // or weeks, the periods they belong to (the year over months, the month over weeks).
    function drawTop(ctx, fine, width) {
      ctx.textBaseline = "middle";
      ctx.textAlign = "center";
      ctx.font = "600 11px " + CFG.font;
      const coarse = fine.some((m) => m.p.level >= 2 && m.p.level !== UNDATED);
      const spans = coarse ? parents(fine.filter((m) => m.p.level >= 2 && m.p.level !== UNDATED)) : eraSpans().map((e) => ({ x0: e.x0 - 4, x1: e.x1 + 4, label: e.label + " · " + e.span, short: e.label, n: e.n }));
      for (const s of spans) {
        const a = Math.max(s.x0, 2);
        const b = Math.min(s.x1, width - 2);
        if (b - a < 12) continue;
        ctx.fillStyle = coarse ? "rgba(100,116,139,0.10)" : ERA_FILL[s.n].replace(/0\.0\d\)/, "0.18)");
        ctx.fillRect(a, 3, b - a - (coarse ? 1 : 0), 17);
        let label = s.label;
        for (const t of [s.short, ""]) {
          if (ctx.measureText(label).width <= b - a - 8) break;
          label = t;
        }
        if (!label) continue;
        ctx.fillStyle = coarse ? "#334155" : ERA_INK[s.n];
        ctx.fillText(label, (a + b) / 2, 12);
      }
    }

    // The periods over the marks: the year of a month, the month of a week, as pixel spans.
    function parents(fine) {
      const { periods } = graph.model().axis;
      const px = graph.packed().px;
      const out = [];
      const seen = new Set();
      for (const m of fine) {
        let p = m.p.parent >= 0 ? periods[m.p.parent] : null;
        if (!p || seen.has(p.n)) continue;
        seen.add(p.n);
        const label = p.level === 2 ? p.label + " " + p.year : p.label;
        out.push({ x0: px(p.u0), x1: px(p.u1), label, short: p.short });
      }
      return out;
    }

    // The marks' labels: each long where it has room, else short, else on the second row, else
    // left out (the tick stays).
    function plan(ctx, fine, width) {
      const px = 12;
      ctx.font = "600 " + px + "px " + CFG.font;
      const out = [];
      const last = [-Infinity, -Infinity];
      for (const m of fine) {
        const undated = m.p.level === UNDATED;
        const long = m.p.label;
        const x = (w) => Math.min(Math.max((Math.max(m.x0, 0) + Math.min(m.x1, width)) / 2, w / 2 + 2), width - w / 2 - 2);
        let done = false;
        for (const [row, text] of [[0, long], [0, m.p.short], [1, long], [1, m.p.short]]) {
          if (undated && text !== long) continue;
          const w = ctx.measureText(text).width;
          const at = x(w);
          if (at - w / 2 < last[row] + 4) continue;
          const p = m.p;
          out.push({
            text, level: undated ? "undated" : noteatlas.modules.axis.LEVELS[p.level],
            year: undated ? null : p.year, month: p.month || null, x: at, y: row ? 45 : 32, px,
          });
          last[row] = at + w / 2;
          done = true;
          break;
        }
        if (!done) continue;
      }
      return out;
    }

    // A tick at each mark's start, and a small break sign where empty periods were left out.
    function drawTicks(ctx, fine) {
      fine.forEach((m, n) => {
        const a = m.x0;
        ctx.fillStyle = "#d1d5db";
        ctx.fillRect(Math.round(a), 24, 1, AXIS_H - 26);
        if (!m.p.gap || n === 0) return;
        const g = fine[n - 1].x1;
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

    // The time axis over the top of the canvas, and lane names down the left.
    function drawAxis(ctx) {
      const width = viewport().w;
      ctx.save();
      screenSpace(ctx);
      ctx.fillStyle = "rgba(255,255,255,0.95)";
      ctx.fillRect(0, 0, width, AXIS_H);
      ctx.fillStyle = "#e5e7eb";
      ctx.fillRect(0, AXIS_H, width, 1);
      const fine = marks();
      drawTop(ctx, fine, width);
      const chosen = plan(ctx, fine, width);
      drawTicks(ctx, fine);
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      for (const t of chosen) {
        ctx.font = "600 " + t.px + "px " + CFG.font;
        ctx.fillStyle = t.year === null ? "#6b7280" : "#111827";
        ctx.fillText(t.text, t.x, t.y);
      }
      axis = chosen;
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

    network.on("beforeDrawing", (ctx) => { if (graph.hasTimeline()) drawBands(ctx); else binBoxes = []; });
    network.on("afterDrawing", (ctx) => {
      const focus = focusSet();
      if (focus) drawFocus(ctx, focus);
      app.labels.draw(ctx, focus);
      if (graph.hasTimeline()) drawAxis(ctx);
    });

    return {
      focusSet, laneTags, screenSpace,
      /** The axis labels the last frame drew: [{text, level, year, month, x, y, px}] (none off
       * the timeline). */
      axis: () => (graph.hasTimeline() ? axis.map((a) => Object.assign({}, a)) : []),
      /** The bins' counts the last frame drew: [{x0, y0, x1, y1, text, period, lane}]. */
      binBoxes: () => (graph.hasTimeline() ? binBoxes.map((b) => Object.assign({}, b)) : []),
    };
  }

  return { create };
})();
