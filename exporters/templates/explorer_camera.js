/* noteatlas explorer: where the view looks: fitting what is drawn, a few nodes, or one node.
 *
 * Bounds come from the page's own positions: vis-network only refreshes its bounding boxes when it
 * draws. The camera remembers whether the user has moved the view since it last fitted it: a view
 * left alone follows the layout when filters change.
 */
noteatlas.modules.camera = (function () {
  "use strict";

  /** The camera of one page's graph; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, graph } = app;
    const { $, viewport } = app.dom;
    const { AXIS_H, MAX_ZOOM, MARGIN } = noteatlas.modules.layout;
    const network = graph.network;
    // Every animated frame redraws everything: big graphs jump instead.
    const animation = CFG.large ? false : { duration: 300, easingFunction: "easeInOutQuad" };
    let fitted = true;

    // What to fit: the timeline's bounds (clear of its axis and lane names), or the drawn nodes.
    function fitBox() {
      const geo = graph.geo;
      if (app.state.layout === "timeline" && geo && geo.lanes.length) {
        return { box: { x0: geo.x0, x1: geo.x1, y0: geo.y0, y1: geo.y1 }, m: MARGIN };
      }
      let box = null;
      for (const p of Object.values(network.getPositions(graph.visibleNodes()))) {
        if (!box) box = { x0: p.x, x1: p.x, y0: p.y, y1: p.y };
        box.x0 = Math.min(box.x0, p.x); box.x1 = Math.max(box.x1, p.x);
        box.y0 = Math.min(box.y0, p.y); box.y1 = Math.max(box.y1, p.y);
      }
      if (box) { box.x0 -= 20; box.x1 += 20; box.y0 -= 20; box.y1 += 20; }
      return { box, m: { left: 30, right: 30, top: 30, bottom: 40 } };
    }

    /** Fit what is drawn to the canvas: the timeline fills it (its layout was made for this
     * canvas's shape); the graph fits its nodes. */
    function fitView() {
      const vp = viewport();
      const { box, m } = fitBox();
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
      fitted = true;
    }

    /** Show a few nodes large, clear of the year axis and of the details card. */
    function fitNodes(indices) {
      const pos = network.getPositions(indices.map((i) => A.ids[i]));
      const xs = Object.values(pos).map((p) => p.x);
      const ys = Object.values(pos).map((p) => p.y);
      if (!xs.length) return;
      const vp = viewport();
      const card = $("details");
      const timeline = graph.hasTimeline();
      const m = {
        left: 60, right: (card.hidden ? 0 : card.offsetWidth + 16) + 60,
        top: (timeline ? AXIS_H : 0) + 50, bottom: 50,
      };
      const w = Math.max(...xs) - Math.min(...xs) + 1;
      const h = Math.max(...ys) - Math.min(...ys) + 1;
      const scale = Math.min(Math.max(Math.min((vp.w - m.left - m.right) / w, (vp.h - m.top - m.bottom) / h), 0.05), 1.2);
      const position = {
        x: (Math.max(...xs) + Math.min(...xs)) / 2 - (m.left - m.right) / 2 / scale,
        y: (Math.max(...ys) + Math.min(...ys)) / 2 - (m.top - m.bottom) / 2 / scale,
      };
      if (timeline) {
        // no empty band above the first lane: the timeline starts right under the axis
        const top = position.y - (vp.h / 2 - AXIS_H - 12) / scale;
        if (top < graph.geo.y0) position.y += graph.geo.y0 - top;
      }
      network.moveTo({ position, scale, animation });
      fitted = false;
    }

    /** Centre node i, zoomed in at least to 1, beside the details card. */
    function focusNode(i) {
      const card = $("details");
      const offset = { x: card.hidden ? 0 : -(card.offsetWidth + 12) / 2, y: 0 };
      network.focus(A.ids[i], { scale: Math.max(network.getScale(), 1.0), offset, animation });
      fitted = false;
    }

    /** The details card covers the right of the canvas: pan node i out from under it. */
    function keepClear(i) {
      const card = $("details");
      const p = network.getPositions([A.ids[i]])[A.ids[i]];
      if (!p || card.hidden) return;
      const at = network.canvasToDOM(p);
      const limit = viewport().w - card.offsetWidth - 40;
      if (at.x <= limit) return;
      const scale = network.getScale();
      const centre = network.getViewPosition();
      const shift = at.x - limit * 0.6;  // to the middle of the part left uncovered, about
      network.moveTo({ position: { x: centre.x + shift / scale, y: centre.y }, scale, animation });
      fitted = false;
    }

    network.on("zoom", () => { fitted = false; });
    network.on("dragEnd", (params) => { if (!params.nodes.length) fitted = false; });
    return {
      fitView, fitNodes, focusNode, keepClear,
      /** Whether the view is as fitView left it (the user has not zoomed, panned or focused). */
      get fitted() { return fitted; },
    };
  }

  return { create };
})();
