/* noteatlas explorer: node labels, drawn by the page rather than by vis-network.
 *
 * At a legible size whatever the zoom, what the notes stress most first (then the most
 * connected), each beside its node (on the timeline right, below, above or left; in the graph
 * below first), whichever is free, and never over another label, node or bin count. Zooming in
 * makes room for more of them. vis-network's own labels scale with the zoom and overlap freely.
 */
noteatlas.modules.labels = (function () {
  "use strict";

  const MAX_LABELS = 500;
  // Past this many nodes tried, a crowded view has no room left worth searching (a big timeline
  // puts tens of thousands of nodes on screen, and each try tests four spots).
  const MAX_TRIES = 4000;

  /** The labels of one page's graph; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, graph } = app;
    const { N, ids, info, labels } = A;
    const network = graph.network;
    const { AXIS_H, Boxes } = noteatlas.modules.layout;
    const KIND_ORDER = noteatlas.modules.data.KIND_ORDER;
    // Label widths at 13px, the size labels are measured at; a label's width is the sum of its
    // characters' (each measured once): measuring every label on screen takes seconds when tens
    // of thousands are.
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = "13px " + CFG.font;
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
    let order = [];  // drawn nodes, most connected first
    let placed = [];  // what the last frame labelled

    /** Sort the drawn nodes for labelling; after every change of what is on. */
    function updateOrder() {
      order = [];
      for (let i = 0; i < N; i++) if (state.nodeOn[i]) order.push(i);
      order.sort((a, b) => info[b].prominence - info[a].prominence || info[b].degree - info[a].degree ||
        KIND_ORDER[info[a].kind] - KIND_ORDER[info[b].kind] || a - b);
    }

    // Nodes on screen, in label priority: the hovered node, the focus (selection first), the rest,
    // as [i, sx, sy, radius, strong]. Strong ones (hover, focus) stand in the way of the others
    // from the start; washed-out nodes only once the focus is labelled.
    function spotsOnScreen(focus, boxes, topY) {
      const view = network.body.view;
      const scale = view.scale;
      const tx = view.translation.x;
      const ty = view.translation.y;
      const vp = app.dom.viewport();
      const live = network.body.nodes;
      const spots = [];
      const seen = new Set();
      const visit = (i) => {
        if (seen.has(i)) return;
        seen.add(i);
        const node = live[ids[i]];
        if (!node || node.options.hidden) return;
        const sx = node.x * scale + tx;
        const sy = node.y * scale + ty;
        if (sx < -60 || sx > vp.w + 60 || sy < topY - 20 || sy > vp.h + 20) return;
        const r = Math.max((node.options.size || 8) * scale, 2);
        const strong = i === state.hover || (focus !== null && focus.nodes.has(i));
        spots.push([i, sx, sy, r, strong]);
        if (strong || !focus) boxes.add(sx - r, sy - r, sx + r, sy + r);
      };
      if (graph.hasTimeline()) {
        for (const t of app.draw.laneTags()) boxes.add(t.x0, t.y0, t.x1, t.y1);
        for (const b of app.draw.binBoxes()) boxes.add(b.x0, b.y0, b.x1, b.y1);
      }
      for (const j of state.path.edges) {  // the path's relation names stay readable
        const e = network.body.edges[A.edgeId(j)];
        if (!e || !e.labelModule.visible()) continue;
        const b = e.labelModule.size;
        boxes.add(b.left * scale + tx, b.top * scale + ty, (b.left + b.width) * scale + tx, (b.top + b.height) * scale + ty);
      }
      if (state.hover >= 0 && state.nodeOn[state.hover]) visit(state.hover);
      if (focus) {
        if (focus.nodes.has(state.selected)) visit(state.selected);
        for (const i of state.path.nodes) if (focus.nodes.has(i)) visit(i);
        for (const i of [...focus.nodes].sort((a, b) => info[b].degree - info[a].degree)) visit(i);
      }
      for (const i of order) if (graph.isDrawn(i)) visit(i);
      return spots;
    }

    /** Label as many nodes on screen as fit, in priority order (see spotsOnScreen). */
    function draw(ctx, focus) {
      const vp = app.dom.viewport();
      const timeline = graph.hasTimeline();
      const topY = timeline ? AXIS_H + 2 : 0;
      const px = Math.min(Math.max(13 * network.body.view.scale, 11), 14);
      const boxes = Boxes(vp.w, vp.h);
      const spots = spotsOnScreen(focus, boxes, topY);
      ctx.save();
      app.draw.screenSpace(ctx);
      ctx.textBaseline = "top";
      ctx.textAlign = "left";
      ctx.lineJoin = "round";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      let font = "";
      const out = [];
      const h = px + 3;
      let washed = !focus;
      let tries = 0;
      for (const [i, sx, sy, r, strong] of spots) {
        if (out.length >= MAX_LABELS || (++tries > MAX_TRIES && !strong)) break;
        if (!strong && !washed) {
          // the focus is labelled: from here on every node is an obstacle
          for (const [, x, y, rr, st] of spots) if (!st) boxes.add(x - rr, y - rr, x + rr, y + rr);
          washed = true;
        }
        const w = widthOf(i) * (px / 13) * (strong ? 1.08 : 1) + 4;
        const below = [sx - w / 2, sy + r + 1];
        const right = [sx + r + 3, sy - h / 2];
        const candidates = [
          timeline ? right : below,
          timeline ? below : right,
          [sx - w / 2, sy - r - 1 - h],
          [sx - r - 3 - w, sy - h / 2],
        ];
        const spot = candidates.find(([x0, y0]) => y0 >= topY && y0 + h <= vp.h && x0 >= 0 &&
          x0 + w <= vp.w && boxes.free(x0, y0, x0 + w, y0 + h));
        if (!spot) continue;
        const [x0, y0] = spot;
        boxes.add(x0, y0, x0 + w, y0 + h);
        const want = (strong ? "600 " : "") + px + "px " + CFG.font;
        if (font !== want) { ctx.font = want; font = want; }
        ctx.fillStyle = focus && !strong ? "#9ca3af" : "#1f2937";
        ctx.strokeText(labels[i], x0 + 2, y0 + 1.5);
        ctx.fillText(labels[i], x0 + 2, y0 + 1.5);
        out.push({ id: ids[i], x0, y0, x1: x0 + w, y1: y0 + h, px });
      }
      ctx.restore();
      placed = out;
    }

    return {
      updateOrder, draw,
      /** Node i's label width in pixels at 13px (the layout leaves bins' labels this room). */
      labelWidth: widthOf,
      /** What the last frame labelled: [{id, x0, y0, x1, y1, px}] in screen pixels. */
      drawn: () => placed.map((l) => Object.assign({}, l)),
    };
  }

  return { create };
})();
