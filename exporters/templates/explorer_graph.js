/* noteatlas explorer: the vis-network graph: its items, data sets and views, and moving nodes.
 *
 * A vis-network item is made for a node or an edge only when it is first drawn: a big atlas has
 * hundreds of thousands of edges, and the first view draws a few thousand of them. Items stay in
 * the data sets once made; the views show those that are on now (state.nodeOn, state.edgeOn).
 */
noteatlas.modules.graph = (function () {
  "use strict";

  const PATH_COLOUR = "#f59e0b";
  // Edges are drawn faint, so the nodes and their labels stay readable; a selected or hovered
  // node's edges, and a path, come out in full colour.
  const FAINT = { relation: 0.45, derived: 0.35, document: 0.3 };
  const WEIGHTED = new Set(["co_mentioned", "mentions"]);
  // Small graphs settle in a bounded run of this many iterations (a fraction of a second).
  const STABILIZE = 600;
  const rgba = (hex, alpha) => "rgba(" + [1, 3, 5].map((n) => parseInt(hex.slice(n, n + 2), 16)).join(",") + "," + alpha + ")";
  const nodeSize = (d) => Math.round(Math.min(8 + 2 * Math.log2(1 + d), 20) * 10) / 10;
  const tooltip = (r) => {
    const kind = r.kind === "concept" ? r.group : r.kind;
    return [r.canonicalName || r.name, r.year === undefined ? kind : kind + " · " + r.year].join("\n");
  };

  /** The graph of one page; `app` holds the other modules (read when called, not now).
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, layout, mark } = app;
    const { $ } = app.dom;
    const { N, E, ids, byId, info, src, tgt, kind, weight, back } = A;
    // Dash patterns are in canvas units: zoomed out over a big timeline, one line becomes
    // thousands of dashes, and a few thousand dashed edges take seconds to draw. Big graphs draw
    // every edge solid (the colour still tells a weak or backwards edge).
    const dashed = !CFG.large;
    const border = app.options.nodes.borderWidth;  // what a node goes back to after a path

    // The vis-network item of an edge: its kind's style, but for edges that go back in time and
    // for repeated mentions, which are drawn thicker.
    function edgeItem(j) {
      const style = CFG.edgeKinds[kind[j]];
      const k = style.kind;
      let hex = style.colour;
      let width = style.width;
      let dashes = dashed && style.dashes;
      let alpha = FAINT[style.family] || 0.4;
      if (back[j]) {
        hex = CFG.backwardsColour;
        width = 2.0;
        dashes = dashed && [3, 4];
        alpha = 0.8;
      } else if (WEIGHTED.has(k) && weight[j] > 1) {
        width = Math.round((style.width + 0.5 * Math.min(Math.log2(weight[j]), 3)) * 100) / 100;
      }
      return {
        id: A.edgeId(j), from: ids[src[j]], to: ids[tgt[j]], arrows: k === "related_to" ? "" : "to",
        color: { color: rgba(hex, (CFG.large ? 0.6 : 1) * alpha), highlight: hex, hover: hex },
        width, dashes,
      };
    }

    // Where each node is meant to be now (NaN: nowhere yet); a node's item starts there.
    const spot = new Float64Array(2 * N).fill(NaN);
    // The vis-network item of a node: the group carries shape and colour, and size but for
    // concepts. No label: the page draws labels itself (labels module), and vis-network would
    // measure every one of them, drawn or not, which is most of the time a big first view takes.
    function nodeItem(i) {
      const r = info[i];
      if (Number.isNaN(spot[2 * i])) { const seed = layout.seeds(); spot[2 * i] = seed[2 * i]; spot[2 * i + 1] = seed[2 * i + 1]; }
      const item = { id: ids[i], group: r.group, x: spot[2 * i], y: spot[2 * i + 1], title: tooltip(r) };
      if (r.kind === "concept") item.size = nodeSize(r.degree);
      return item;
    }

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
    const onNodes = () => { const out = []; const on = state.nodeOn; for (let i = 0; i < N; i++) if (on[i]) out.push(i); return out; };
    const onEdges = () => { const out = []; const on = state.edgeOn; for (let j = 0; j < E; j++) if (on[j]) out.push(j); return out; };

    mark("tables");
    state.recompute();
    const first = layout.timeline(state.nodeOn);
    mark("layout");
    let geo = first.geo;  // the timeline's geometry (layout module), from the last layout
    for (const p of first.positions) { spot[2 * p.i] = p.x; spot[2 * p.i + 1] = p.y; }
    mark("datasets");
    const nodesDS = new vis.DataSet(newNodes(onNodes()));
    const edgesDS = new vis.DataSet(newEdges(onEdges()));
    const nodeView = new vis.DataView(nodesDS, { filter: (n) => state.nodeOn[byId.get(n.id)] === 1 });
    const edgeView = new vis.DataView(edgesDS, { filter: (e) => state.edgeOn[A.edgeIndex(e.id)] === 1 });
    mark("views");
    const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, app.options);
    mark("network");

    /** Make the items of these nodes and edges, if they are not made yet. */
    function ensure(nodes, edges) {
      const n = newNodes(nodes);
      if (n.length) nodesDS.add(n);
      const e = newEdges(edges);
      if (e.length) edgesDS.add(e);
    }

    /** Show what the state says is on now: lay out, make the items, refresh, count. */
    function applyFilters() {
      state.recompute();
      app.labels.updateOrder();
      // Lay out first: nodes about to appear then enter the view already in place.
      if (state.layout === "timeline") relayout();
      ensure(onNodes(), onEdges());
      nodeView.refresh();
      edgeView.refresh();
      updateCounts();
      // A view the user has not moved follows the new layout.
      if (state.layout === "timeline" && app.camera.fitted) app.camera.fitView();
    }

    /** Lay the timeline out again for what is on and the canvas's shape. */
    function relayout() {
      const next = layout.timeline(state.nodeOn);
      geo = next.geo;
      place(next.positions);
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

    let settled = false;
    /** Switch between the timeline and the free layout ("timeline" or "free"). */
    function setLayout(name) {
      state.setLayout(name);
      const timeline = state.layout === "timeline";
      $("layout-timeline").setAttribute("aria-pressed", String(timeline));
      $("layout-free").setAttribute("aria-pressed", String(!timeline));
      $("physics").disabled = timeline;
      if (timeline) {
        network.setOptions({ physics: { enabled: false } });
        relayout();
      } else {
        const moves = [];
        const seed = layout.seeds();
        for (let i = 0; i < N; i++) {
          if (state.nodeOn[i]) moves.push({ i, x: seed[2 * i], y: seed[2 * i + 1] });
        }
        place(moves);
        if ($("physics").checked) {
          network.setOptions({ physics: { enabled: true } });
          // Small graphs settle in a bounded run before they are shown; big ones move live,
          // since a long run would hold back every redraw.
          settled = nodeView.length === 0;  // vis-network reports nothing for no nodes
          if (!CFG.large) network.stabilize(STABILIZE);
        }
      }
      app.camera.fitView();
    }
    network.on("stabilizationIterationsDone", () => {
      settled = true;
      if (state.layout === "free") { app.camera.fitView(); return; }
      // The user went back to the timeline while the graph settled: put the nodes back.
      network.setOptions({ physics: { enabled: false } });
      relayout();
    });

    /** Mark a path's nodes and edges (their items are made if need be). */
    function markPath(nodes, edges) {
      ensure(nodes, edges);
      nodesDS.update(nodes.map((i) => ({
        id: ids[i], borderWidth: 4,
        shadow: { enabled: true, color: "rgba(245,158,11,0.85)", size: 16, x: 0, y: 0 },
      })));
      edgesDS.update(edges.map((j) => ({
        id: A.edgeId(j), width: 4.5, color: { color: PATH_COLOUR, highlight: PATH_COLOUR },
        label: A.kindOf(j), font: { face: CFG.font, size: 12, color: "#92400e", strokeWidth: 0, background: "rgba(255,251,235,0.92)" },
      })));
    }

    /** Draw a path's nodes and edges as they were before markPath. */
    function unmarkPath(nodes, edges) {
      nodesDS.update(nodes.map((i) => ({ id: ids[i], borderWidth: border, shadow: { enabled: false } })));
      edgesDS.update(edges.map((j) => {
        const item = edgeItem(j);
        return { id: item.id, width: item.width, color: item.color, label: "" };
      }));
    }

    $("total-nodes").textContent = String(N);
    $("total-edges").textContent = String(E);
    return {
      network, applyFilters, relayout, setLayout, updateCounts, markPath, unmarkPath,
      /** The timeline's geometry from the last layout (see layout.timeline). */
      get geo() { return geo; },
      /** Whether the timeline is what the canvas shows, with at least one lane. */
      hasTimeline: () => state.layout === "timeline" && geo !== null && geo.lanes.length > 0,
      /** Whether the free layout has settled (or moves live, or not at all). */
      settled: () => state.layout === "free" && (settled || !$("physics").checked || CFG.large),
      nodeItem: (id) => nodesDS.get(id),
      edgeItem: (id) => edgesDS.get(id),
      visibleNodes: () => nodeView.getIds(),
      visibleEdges: () => edgeView.getIds(),
      counts: () => ({ nodes: nodeView.length, edges: edgeView.length }),
    };
  }

  return { create, PATH_COLOUR };
})();
