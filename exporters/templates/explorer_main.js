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
  graph.updateCounts();
  details.render(-1);
  graph.network.once("afterDrawing", () => {
    M.dom.$("loading").hidden = true;
    mark("drawn");
    window.noteatlasReadyAt = performance.now();  // milliseconds since navigation started
    window.noteatlasReady = true;
  });
  camera.fitView();

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
    counts: () => graph.counts(),
    setLayout: (name) => graph.setLayout(name),
    layout: () => state.layout,
    timeline: () => graph.geo,
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
