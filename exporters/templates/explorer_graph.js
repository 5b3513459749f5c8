/* noteatlas explorer: the vis-network graph: its items, data sets and views, and moving nodes.
 *
 * A vis-network item is made for a node or an edge only when it is first drawn: a big atlas has
 * hundreds of thousands of edges, and the first view draws a few thousand of them. Items stay in
 * the data sets once made; the views hold those that are on now (state.nodeOn, state.edgeOn).
 * On the timeline only some of them are drawn at a time (layout.pack: the rest are in bins): the
 * others are hidden on vis-network's own node objects, which costs nothing per node, where a data
 * set update parses every item's options again.
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
  // A concept's size follows how much the notes discuss it: one in passing is small.
  const conceptSize = (r) => Math.round(Math.min(4 + 1.5 * Math.log2(1 + r.prominence), 10) * 10) / 10;
  const tooltip = (r) => {
    const kind = r.kind === "concept" ? r.group : r.kind;
    return [r.canonicalName || r.name, r.year === undefined ? kind : kind + " · " + r.year].join("\n");
  };
  const TIMELINE_MOVES = { dragView: false, zoomView: false, dragNodes: false };
  const FREE_MOVES = { dragView: true, zoomView: true, dragNodes: true };

  /** The graph of one page; `app` holds the other modules (read when called, not now).
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, layout, mark } = app;
    const { $, viewport } = app.dom;
    const { N, E, ids, byId, info, src, tgt, kind, weight, back, adjStart, adj } = A;
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
      if (A.vocab[j]) { dashes = dashed && [2, 3]; alpha *= 0.7; }  // only the vocabulary says so
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
      if (r.kind === "concept") item.size = conceptSize(r);
      if (r.dateInferred) item.opacity = 0.55;  // placed by what it discusses, not by its date
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
    let model = layout.model(state.nodeOn);  // the timeline of what is on (layout.model)
    mark("layout");
    const nodesDS = new vis.DataSet([]);
    const edgesDS = new vis.DataSet([]);
    const nodeView = new vis.DataView(nodesDS, { filter: (n) => state.nodeOn[byId.get(n.id)] === 1 });
    const edgeView = new vis.DataView(edgesDS, { filter: (e) => state.edgeOn[A.edgeIndex(e.id)] === 1 });
    mark("views");
    const options = Object.assign({}, app.options, { interaction: Object.assign({}, app.options.interaction, TIMELINE_MOVES) });
    const network = new vis.Network($("network"), { nodes: nodeView, edges: edgeView }, options);
    mark("network");

    /** Make the items of these nodes and edges, if they are not made yet. */
    function ensure(nodes, edges) {
      const n = newNodes(nodes);
      if (n.length) nodesDS.add(n);
      const e = newEdges(edges);
      if (e.length) edgesDS.add(e);
    }

    // The timeline in screen pixels: vis-network's camera at scale 1, canvas origin at the top left.
    function screenCamera() {
      const vp = viewport();
      network.moveTo({ position: { x: vp.w / 2, y: vp.h / 2 }, scale: 1, animation: false });
    }

    // -- the timeline's level of detail ---------------------------------------------------------

    const drawn = new Uint8Array(N);  // 1: drawn one by one on the timeline now
    let packed = { placed: [], bins: [], px: (u) => u };
    let resync = true;  // vis-network made its node objects again: set every hidden flag
    // What the timeline draws wherever it is: the selection and its drawn neighbours, the path,
    // the pins, the hovered node.
    function forcedNodes() {
      const out = state.forced();
      const sel = state.selected;
      if (sel >= 0) {
        for (let p = adjStart[sel]; p < adjStart[sel + 1]; p++) {
          const j = adj[p];
          if (state.edgeOn[j]) out.add(src[j] === sel ? tgt[j] : src[j]);
        }
      }
      if (state.hover >= 0) out.add(state.hover);
      for (const i of out) if (!state.nodeOn[i]) out.delete(i);
      return out;
    }

    /** Lay the timeline out for the view, draw what it places, hide the rest. */
    function frame() {
      if (state.layout !== "timeline") return;
      packed = layout.pack(model, app.camera.view(), forcedNodes(), app.labels.labelWidth);
      show(packed.placed);
      network.redraw();
      updateCounts();
    }
    let pending = 0;
    /** frame(), at the next animation frame (wheel and drag events come faster than frames). */
    function frameSoon() {
      if (!pending) pending = requestAnimationFrame(() => { pending = 0; frame(); });
    }

    // Draw the placed nodes where the layout put them and their edges that are on; hide the others.
    function show(placed) {
      const now = new Uint8Array(N);
      const fresh = [];
      const live = network.body.nodes;
      const ctx = network.canvas.getContext();
      for (let k = 0; k < placed.length; k += 3) {
        const i = placed[k];
        now[i] = 1;
        spot[2 * i] = placed[k + 1];
        spot[2 * i + 1] = placed[k + 2];
        const node = live[ids[i]];
        if (node) {
          node.x = placed[k + 1];
          node.y = placed[k + 2];
          node.updateBoundingBox(ctx);
        } else {
          fresh.push(i);
        }
      }
      const edges = [];
      for (let i = 0; i < N; i++) {
        if (!now[i] || drawn[i]) continue;
        for (let p = adjStart[i]; p < adjStart[i + 1]; p++) {
          const j = adj[p];
          if (state.edgeOn[j] && now[src[j] === i ? tgt[j] : src[j]] && !inEdges[j]) edges.push(j);
        }
      }
      let changed = fresh.length > 0 || edges.length > 0;
      for (let i = 0; i < N; i++) {
        if (drawn[i] === now[i] && !resync) continue;
        const node = live[ids[i]];
        if (node && node.options.hidden !== !now[i]) node.options.hidden = !now[i];
        changed = true;
      }
      drawn.set(now);
      resync = false;
      ensure(fresh, edges);
      if (changed) drawLists(placed);
    }

    // vis-network's lists of what to draw: the placed nodes and the edges between them that are
    // on. vis-network makes the same lists from the hidden flags, but by walking every node and
    // edge it holds, which on a big atlas is most of a frame.
    function drawLists(placed) {
      const body = network.body;
      let backwards = 0;
      const nodeIndices = [];
      const edgeIndices = [];
      for (let k = 0; k < placed.length; k += 3) {
        const i = placed[k];
        if (!body.nodes[ids[i]]) continue;
        nodeIndices.push(ids[i]);
        for (let p = adjStart[i]; p < adjStart[i + 1]; p++) {
          const j = adj[p];
          if (src[j] !== i || !drawn[tgt[j]] || !state.edgeOn[j]) continue;
          const id = A.edgeId(j);
          if (!body.edges[id]) continue;
          edgeIndices.push(id);
          backwards += back[j];
        }
      }
      body.nodeIndices = nodeIndices;
      body.edgeIndices = edgeIndices;
      drawnCounts = { nodes: nodeIndices.length, edges: edgeIndices.length, backwards };
    }
    let drawnCounts = { nodes: 0, edges: 0, backwards: 0 };
    // vis-network's lists of what to draw, from the nodes' hidden flags (the free layout).
    function updateVisible() {
      if (typeof network._updateVisibleIndices === "function") network._updateVisibleIndices();
      else network.body.emitter.emit("_dataChanged");
    }

    // -- filters and layouts --------------------------------------------------------------------

    /** Show what the state says is on now: lay out, make the items, refresh, count. */
    function applyFilters() {
      state.recompute();
      app.labels.updateOrder();
      if (state.layout === "timeline") {
        model = layout.model(state.nodeOn);
        packed = { placed: [], bins: [], px: packed.px };  // of the old model: drawn no more
        nodeView.refresh();
        edgeView.refresh();
        resync = true;
        drawn.fill(0);  // every drawn node's edges are looked at again
        if (app.camera.fitted) app.camera.fitView(); else frame();
      } else {
        ensure(onNodes(), onEdges());
        nodeView.refresh();
        edgeView.refresh();
        for (const id of nodeView.getIds()) { const node = network.body.nodes[id]; if (node) node.options.hidden = false; }
        updateVisible();
        drawn.fill(0);
      }
      updateCounts();
    }

    /** Lay the timeline out again for what is on and the canvas's shape. */
    function relayout() {
      if (state.layout !== "timeline") return;
      screenCamera();
      model = layout.model(state.nodeOn);
      packed = { placed: [], bins: [], px: packed.px };
      if (app.camera.fitted) app.camera.fitView(); else frame();
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
      if ($("physics").checked) {
        network.startSimulation();
      } else {
        // The first draw refreshes the bounding boxes of nodes it culls (they moved from outside
        // the view); the second draws them where they are now.
        network.redraw();
        network.redraw();
      }
    }

    // The counts under the canvas, written when they change (a write lays the page out again).
    const written = new Map();
    function write(id, value) {
      if (written.get(id) === value) return;
      written.set(id, value);
      if (id === "binned") $(id).hidden = value; else $(id).textContent = String(value);
    }
    function updateCounts() {
      const timeline = state.layout === "timeline";
      let n = drawnCounts.backwards;
      let edges = drawnCounts.edges;
      if (!timeline) {
        n = 0;
        edges = 0;
        for (let j = 0; j < E; j++) if (state.edgeOn[j]) { edges++; n += back[j]; }
      }
      let on = 0;
      for (let i = 0; i < N; i++) on += state.nodeOn[i];
      let binned = 0;
      if (timeline) for (const b of packed.bins) binned += b.count - b.shown;
      write("count-nodes", on);
      write("count-drawn", timeline ? drawnCounts.nodes : on);
      write("count-binned", binned);
      write("binned", binned === 0);
      write("count-edges", edges);
      write("count-backwards", n);
    }

    let settled = false;
    /** Switch between the timeline and the free layout ("timeline" or "free"). */
    function setLayout(name) {
      state.setLayout(name);
      const timeline = state.layout === "timeline";
      $("layout-timeline").setAttribute("aria-pressed", String(timeline));
      $("layout-free").setAttribute("aria-pressed", String(!timeline));
      $("physics").disabled = timeline;
      network.setOptions({ interaction: timeline ? TIMELINE_MOVES : FREE_MOVES });
      if (timeline) {
        network.setOptions({ physics: { enabled: false } });
        applyFilters();
        relayout();
        app.camera.fitView();
        return;
      }
      applyFilters();
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
      resync = true;
    }

    /** Draw a path's nodes and edges as they were before markPath. */
    function unmarkPath(nodes, edges) {
      nodesDS.update(nodes.map((i) => ({ id: ids[i], borderWidth: border, shadow: { enabled: false } })));
      edgesDS.update(edges.map((j) => {
        const item = edgeItem(j);
        return { id: item.id, width: item.width, color: item.color, label: "" };
      }));
      resync = true;
    }

    $("total-nodes").textContent = String(N);
    $("total-edges").textContent = String(E);
    screenCamera();
    return {
      network, applyFilters, relayout, setLayout, updateCounts, markPath, unmarkPath, frame, frameSoon,
      /** The timeline for what is on (layout.model): its lanes and its axis. */
      model: () => model,
      /** What the last timeline frame drew: {placed, bins, px} (layout.pack). */
      packed: () => packed,
      /** Whether node i is drawn now (on, and on the timeline not in a bin). */
      isDrawn: (i) => (state.layout === "timeline" ? drawn[i] === 1 : state.nodeOn[i] === 1),
      /** Whether the timeline is what the canvas shows, with at least one lane. */
      hasTimeline: () => state.layout === "timeline" && model.lanes.length > 0,
      /** Whether the free layout has settled (or moves live, or not at all). */
      settled: () => state.layout === "free" && (settled || !$("physics").checked || CFG.large),
      nodeItem: (id) => nodesDS.get(id),
      edgeItem: (id) => edgesDS.get(id),
      visibleNodes: () => onNodes().map((i) => ids[i]),
      visibleEdges: () => onEdges().map((j) => A.edgeId(j)),
      drawnNodes: () => {
        const timeline = state.layout === "timeline";
        const out = [];
        for (let i = 0; i < N; i++) if (timeline ? drawn[i] : state.nodeOn[i]) out.push(ids[i]);
        return out;
      },
      counts: () => ({ nodes: onNodes().length, edges: onEdges().length }),
    };
  }

  return { create, PATH_COLOUR };
})();
