/* noteatlas explorer: start the page: check the data, decode it, make the modules, draw.
 *
 * The modules are made in dependency order and find each other through `app`: a module reads
 * another's exports when it is called, so the ones made later (details, search ...) may be named
 * by the ones made earlier (graph, camera ...). Marks (performance.mark "noteatlas:...") time
 * each phase for benchmarks/explorer_bench.py; `window.noteatlasReady` says the first frame is
 * drawn, and `noteatlas` (the namespace) then carries the page's API, for tests and the curious.
 */
(function () {
  "use strict";

  const M = noteatlas.modules;
  const mark = (name) => performance.mark("noteatlas:" + name);
  mark("start");
  const { data: DATA, schema } = M.contract.read();
  mark("parsed");
  const problems = M.contract.validate(DATA, schema);
  mark("checked");
  if (problems.length) { M.contract.refuse(problems); return; }

  const CFG = DATA.config;
  const A = M.data.decode(DATA);
  const app = { A, CFG, options: DATA.options, mark, dom: M.dom };
  app.state = M.state.create(A, CFG);
  app.layout = M.layout.create(A, CFG, M.dom.viewport);
  app.graph = M.graph.create(app);
  app.camera = M.camera.create(app);
  app.draw = M.draw.create(app);
  app.labels = M.labels.create(app);
  app.labels.updateOrder();
  app.details = M.details.create(app);
  app.search = M.search.create(app);
  app.pathbox = M.pathbox.create(app);
  app.controls = M.controls.create(app);
  mark("controls");

  const { state, graph, camera, details, pathbox } = app;
  details.render(-1);
  graph.network.once("afterDrawing", () => {
    M.dom.$("loading").hidden = true;
    mark("drawn");
    window.noteatlasReadyAt = performance.now();  // milliseconds since navigation started
    window.noteatlasReady = true;
  });
  camera.fitView();
  graph.updateCounts();

  /** What a reload needs to show the same view again: filters, layout, selection, path, zoom.
   * Plain JSON; `restore` takes it (serve's reload hook keeps it across a new export). */
  function viewState() {
    const view = camera.view();
    const ax = graph.model().axis;
    return {
      layout: state.layout,
      filters: state.filters(),
      selected: state.selected >= 0 ? A.ids[state.selected] : null,
      path: state.path.nodes.length ? [A.ids[state.path.nodes[0]], A.ids[state.path.nodes[state.path.nodes.length - 1]]] : null,
      fitted: camera.fitted,
      // the time at both ends of the plot, as the periods there: units change with the data
      timeline: { from: anchor(ax, view.u0), to: anchor(ax, view.u0 + (M.dom.viewport().w - M.layout.MARGIN.left - M.layout.MARGIN.right) / view.z) },
      graph: state.layout === "free" ? { position: graph.network.getViewPosition(), scale: graph.network.getScale() } : null,
    };
  }
  // A unit of the axis as [year, month, week, fraction of that period] (null: before or after).
  function anchor(ax, u) {
    const leaf = ax.periods.find((p) => p.nodes && p.u0 <= u && u <= p.u1);
    if (!leaf || leaf.level === M.axis.UNDATED) return null;
    return [leaf.year, leaf.month || 0, leaf.week === undefined ? -1 : leaf.week, (u - leaf.u0) / Math.max(leaf.u1 - leaf.u0, 1e-9)];
  }
  function unitOf(ax, a) {
    if (!a) return null;
    const [year, month, week, f] = a;
    const leaf = ax.periods.find((p) => p.nodes && p.year === year && (p.month || 0) === month && (p.week === undefined ? -1 : p.week) === week) ||
      ax.periods.find((p) => p.level === 1 && p.year === year);
    return leaf ? leaf.u0 + f * (leaf.u1 - leaf.u0) : null;
  }
  /** Show a view that viewState() gave (of this page or of an earlier export of the notes). */
  function restore(saved) {
    if (!saved) return;
    state.setFilters(saved.filters);
    app.controls.sync();
    if (saved.layout && saved.layout !== state.layout) graph.setLayout(saved.layout);
    else graph.applyFilters();
    if (saved.path) pathbox.show(saved.path[0], saved.path[1]);
    if (saved.selected && A.byId.has(saved.selected)) details.select(saved.selected, { focus: false });
    if (state.layout === "timeline" && !saved.fitted && saved.timeline) {
      const ax = graph.model().axis;
      const a = unitOf(ax, saved.timeline.from);
      const b = unitOf(ax, saved.timeline.to);
      if (a !== null && b !== null && b > a) camera.setView(a, (M.dom.viewport().w - M.layout.MARGIN.left - M.layout.MARGIN.right) / (b - a));
    } else if (state.layout === "free" && saved.graph && !saved.fitted) {
      graph.network.moveTo({ position: saved.graph.position, scale: saved.graph.scale, animation: false });
    } else {
      camera.fitView();
    }
  }

  /** Show one period across the timeline: "2024", "2024-05" or "2024-05-w2" (days 8-14). */
  function showPeriod(key) {
    const [, year, month, week] = /^(\d{1,4})(?:-(\d{1,2}))?(?:-w(\d))?$/.exec(String(key)) || [];
    if (year === undefined) return false;
    const ax = graph.model().axis;
    const p = ax.periods.find((q) => !q.own && q.year === Number(year) &&
      (month === undefined ? q.level === 1 : q.month === Number(month) && (week === undefined ? q.level === 2 : q.week === Number(week) - 1)));
    if (!p) return false;
    if (state.layout !== "timeline") graph.setLayout("timeline");
    camera.showUnits(p.u0, p.u1);
    return true;
  }

  const { ids } = A;
  Object.assign(noteatlas, {
    network: graph.network,
    select: (id) => details.select(id),
    selected: () => (state.selected >= 0 ? ids[state.selected] : null),
    search: (q) => app.search.search(q).map((h) => ids[h.i]),
    path: (a, b) => pathbox.show(a, b),
    pathSteps: (a, b) => pathbox.steps(a, b),
    clearPath: () => pathbox.reset(),
    highlighted: () => ({
      nodes: state.path.nodes.map((i) => ids[i]),
      edges: state.path.edges.map((j) => A.edgeId(j)),
    }),
    edge: (id) => {
      const j = A.edgeIndex(id);
      const end = (i) => (i >= 0 ? ids[i] : null);
      return j === undefined ? null : { id, from: end(A.src[j]), to: end(A.tgt[j]), kind: A.kindOf(j), backwards: !!A.back[j] };
    },
    edgeItem: (id) => graph.edgeItem(id),
    nodeItem: (id) => graph.nodeItem(id),
    visibleNodes: () => graph.visibleNodes(),
    visibleEdges: () => graph.visibleEdges(),
    // On the timeline: the nodes drawn one by one, and the bins (with what they hold).
    drawnNodes: () => graph.drawnNodes(),
    bins: () => graph.packed().bins.map((b) => ({
      lane: b.lane, period: b.period.label, level: M.axis.LEVELS[b.period.level] || "undated",
      year: b.period.year === undefined ? null : b.period.year, month: b.period.month || null,
      count: b.count, shown: b.shown, x0: b.x0, x1: b.x1, y0: b.y0, y1: b.y1,
    })),
    binLabels: () => app.draw.binBoxes(),
    nodeLabel: (id) => (A.byId.has(id) ? A.labels[A.byId.get(id)] : null),
    nodeYear: (id) => (A.byId.has(id) && A.info[A.byId.get(id)].year !== undefined ? A.info[A.byId.get(id)].year : null),
    showPeriod,
    zoom: (factor, x) => camera.zoomAt(factor, x === undefined ? M.dom.viewport().w / 2 : x),
    pan: (dx) => camera.panBy(dx),
    view: () => camera.view(),
    viewState,
    restore,
    suggest: (name) => pathbox.suggest(name).map((i) => A.info[i].name),
    counts: () => graph.counts(),
    setLayout: (name) => graph.setLayout(name),
    layout: () => state.layout,
    // The timeline's geometry on screen: year columns, the undated column, lanes, extent.
    timeline: () => {
      const m = graph.model();
      const px = graph.packed().px;
      const years = m.axis.periods.filter((p) => p.level === 1);
      const undated = m.axis.periods.find((p) => p.level === M.axis.UNDATED);
      const lanes = m.lanes.map((l) => ({ key: l.key, label: l.label, y0: l.y0, y1: l.y1, rows: l.rows }));
      return {
        cols: years.map((p) => ({ year: p.year, x0: px(p.u0), x1: px(p.u1), gap: p.gap })),
        undated: undated ? { x0: px(undated.u0), x1: px(undated.u1) } : null,
        lanes, x0: px(0), x1: px(m.axis.U),
        y0: lanes.length ? lanes[0].y0 : 0, y1: lanes.length ? lanes[lanes.length - 1].y1 : 0,
      };
    },
    // What the last frame drew and what is in focus.
    labels: () => app.labels.drawn(),
    axis: () => app.draw.axis(),
    focus: () => {
      const f = app.draw.focusSet();
      return f ? { nodes: [...f.nodes].map((i) => ids[i]), edges: [...f.edges].map((j) => A.edgeId(j)) } : { nodes: [], edges: [] };
    },
    settled: () => graph.settled(),
    fit: () => camera.fitView(),
    deselect: () => details.deselect(),
  });
})();
