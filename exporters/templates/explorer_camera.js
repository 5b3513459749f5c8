/* noteatlas explorer: where the view looks: fitting what is drawn, a few nodes, or one node.
 *
 * On the timeline the page moves the view itself: the canvas is in screen pixels (vis-network's
 * camera stays at scale 1, unmoved), and the view is the unit of time at the plot's left edge and
 * the pixels per unit. The wheel zooms time around the pointer, a drag pans it; what is drawn at
 * each zoom is the layout's (level of detail). In the free layout vis-network's own camera moves.
 * The camera remembers whether the user has moved the view since it last fitted it: a view left
 * alone follows the layout when filters change.
 */
noteatlas.modules.camera = (function () {
  "use strict";

  const WHEEL = 0.0015;  // zoom per wheel pixel (exp)
  const FOCUS_PX = 220;  // a node focused on the timeline gets a period at least this wide
  const LABEL_ROOM = 150;  // pixels kept right of a period shown whole, for its last labels

  /** The camera of one page's graph; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, graph } = app;
    const { $, viewport } = app.dom;
    const { MARGIN, MAX_ZOOM } = noteatlas.modules.layout;
    const network = graph.network;
    // Every animated frame redraws everything: big graphs jump instead.
    const animation = CFG.large ? false : { duration: 300, easingFunction: "easeInOutQuad" };
    let fitted = true;
    const view = { u0: 0, z: 1 };
    const timeline = () => app.state.layout === "timeline";
    const plotW = () => Math.max(viewport().w - MARGIN.left - MARGIN.right, 80);
    const cardW = () => ($("details").hidden ? 0 : $("details").offsetWidth + 16);
    const axis = () => graph.model().axis;

    // The closest and farthest zoom: from a little less than the whole axis to the narrowest
    // period across the canvas.
    function limits() {
      const { U, minLeaf } = axis();
      const whole = plotW() / Math.max(U, 1e-6);
      return { min: whole * 0.8, max: Math.max(whole * 4, (1.5 * plotW()) / Math.max(minLeaf, 0.05)) };
    }

    function setView(u0, z) {
      const lim = limits();
      view.z = Math.min(Math.max(z, lim.min), lim.max);
      const span = plotW() / view.z;
      view.u0 = Math.min(Math.max(u0, -span / 2), Math.max(axis().U - span / 2, -span / 2));
      graph.frame();
    }

    /** Fit what is drawn to the canvas: the whole timeline, or the graph's nodes. */
    function fitView() {
      fitted = true;
      if (timeline()) { view.u0 = 0; view.z = plotW() / Math.max(axis().U, 1e-6); graph.frame(); return; }
      const vp = viewport();
      let box = null;
      for (const p of Object.values(network.getPositions(graph.visibleNodes()))) {
        if (!box) box = { x0: p.x, x1: p.x, y0: p.y, y1: p.y };
        box.x0 = Math.min(box.x0, p.x); box.x1 = Math.max(box.x1, p.x);
        box.y0 = Math.min(box.y0, p.y); box.y1 = Math.max(box.y1, p.y);
      }
      if (!box) return;
      const m = { left: 50, right: 50, top: 50, bottom: 60 };
      const w = Math.max(box.x1 - box.x0, 1);
      const h = Math.max(box.y1 - box.y0, 1);
      const scale = Math.min(Math.max(Math.min((vp.w - m.left - m.right) / w, (vp.h - m.top - m.bottom) / h), 0.02), MAX_ZOOM);
      const position = {
        x: (box.x0 + box.x1) / 2 - (m.left - m.right) / 2 / scale,
        y: (box.y0 + box.y1) / 2 - (m.top - m.bottom) / 2 / scale,
      };
      network.moveTo({ position, scale, animation: false });
    }

    /** Zoom the timeline by `factor` around the screen x `at`. */
    function zoomAt(factor, at) {
      const u = view.u0 + (at - MARGIN.left) / view.z;
      const z = Math.min(Math.max(view.z * factor, limits().min), limits().max);
      fitted = false;
      setView(u - (at - MARGIN.left) / z, z);
    }

    /** Show the units a..b across the plot, clear of the details card and with room on the
     * right for the labels of the last nodes. */
    function showUnits(a, b) {
      const w = Math.max(plotW() - cardW() - LABEL_ROOM, 120);
      const z = w / Math.max(b - a, 1e-6);
      fitted = false;
      setView(a, z);
    }

    /** Show a few nodes large, clear of the year axis and of the details card. */
    function fitNodes(indices) {
      if (timeline()) {
        const us = indices.map((i) => axis().u[i]).filter(Number.isFinite);
        if (!us.length) return;
        const a = Math.min(...us);
        const b = Math.max(...us);
        const pad = Math.max((b - a) * 0.15, 0.6);
        showUnits(a - pad, b + pad);
        return;
      }
      const pos = network.getPositions(indices.map((i) => A.ids[i]));
      const xs = Object.values(pos).map((p) => p.x);
      const ys = Object.values(pos).map((p) => p.y);
      if (!xs.length) return;
      const vp = viewport();
      const m = { left: 60, right: cardW() + 60, top: 50, bottom: 50 };
      const w = Math.max(...xs) - Math.min(...xs) + 1;
      const h = Math.max(...ys) - Math.min(...ys) + 1;
      const scale = Math.min(Math.max(Math.min((vp.w - m.left - m.right) / w, (vp.h - m.top - m.bottom) / h), 0.05), 1.2);
      const position = {
        x: (Math.max(...xs) + Math.min(...xs)) / 2 - (m.left - m.right) / 2 / scale,
        y: (Math.max(...ys) + Math.min(...ys)) / 2 - (m.top - m.bottom) / 2 / scale,
      };
      network.moveTo({ position, scale, animation });
      fitted = false;
    }

    /** Centre node i beside the details card: on the timeline, zoomed in until its period is
     * wide enough to show it among its neighbours; in the graph, at a zoom of at least 1. */
    function focusNode(i) {
      fitted = false;
      if (timeline()) {
        const ax = axis();
        const u = ax.u[i];
        if (!Number.isFinite(u)) return;
        const leaf = ax.periods[ax.leafOf[i]];
        const z = Math.max(view.z, FOCUS_PX / Math.max(leaf.u1 - leaf.u0, 1e-6));
        const free = Math.max(plotW() - cardW(), 120);
        setView(u - free / 2 / Math.min(z, limits().max), z);
        return;
      }
      const offset = { x: cardW() ? -(cardW() - 4) / 2 : 0, y: 0 };
      network.focus(A.ids[i], { scale: Math.max(network.getScale(), 1.0), offset, animation });
    }

    /** The details card covers the right of the canvas: pan node i out from under it. */
    function keepClear(i) {
      const card = $("details");
      if (card.hidden) return;
      const p = network.getPositions([A.ids[i]])[A.ids[i]];
      if (!p) return;
      const at = network.canvasToDOM(p);
      const limit = viewport().w - card.offsetWidth - 40;
      if (at.x <= limit) return;
      const shift = at.x - limit * 0.6;  // to the middle of the part left uncovered, about
      fitted = false;
      if (timeline()) { setView(view.u0 + shift / view.z, view.z); return; }
      const scale = network.getScale();
      const centre = network.getViewPosition();
      network.moveTo({ position: { x: centre.x + shift / scale, y: centre.y }, scale, animation });
    }

    // The timeline's own wheel and drag; vis-network's are off while it shows (graph module).
    const box = $("network");
    box.addEventListener("wheel", (ev) => {
      if (!timeline()) return;
      ev.preventDefault();
      const rect = box.getBoundingClientRect();
      const delta = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
      zoomAt(Math.exp(-delta * WHEEL), ev.clientX - rect.left);
    }, { passive: false });
    let drag = null;
    box.addEventListener("pointerdown", (ev) => {
      if (timeline() && ev.button === 0) drag = { x: ev.clientX, u0: view.u0 };
    });
    window.addEventListener("pointermove", (ev) => {
      if (!drag || !(ev.buttons & 1)) { drag = null; return; }
      const dx = ev.clientX - drag.x;
      if (Math.abs(dx) < 3 && fitted) return;
      fitted = false;
      setView(drag.u0 - dx / view.z, view.z);
    });
    window.addEventListener("pointerup", () => { drag = null; });
    network.on("zoom", () => { fitted = false; });
    network.on("dragEnd", (params) => { if (!params.nodes.length && !timeline()) fitted = false; });
    return {
      fitView, fitNodes, focusNode, keepClear, zoomAt, showUnits,
      /** The timeline's view: {u0, z} (the unit at the plot's left edge, pixels per unit). */
      view: () => ({ u0: view.u0, z: view.z }),
      /** Set the timeline's view (a saved one); it is kept within the zoom limits. */
      setView(u0, z) { fitted = false; setView(u0, z); },
      /** Pan the timeline by dx screen pixels. */
      panBy(dx) { fitted = false; setView(view.u0 - dx / view.z, view.z); },
      /** Whether the view is as fitView left it (the user has not zoomed, panned or focused). */
      get fitted() { return fitted; },
    };
  }

  return { create };
})();
