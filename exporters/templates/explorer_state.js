/* noteatlas explorer: what the user chose, and which nodes and edges that shows.
 *
 * The one mutable model of the page: the filters, the layout, the selected and hovered node, the
 * path. Other modules read it through getters and change it through the setters here (a filter
 * name that does not exist is an error, not a new field); `recompute` derives from it which nodes
 * and edges are on, and is the only writer of nodeOn and edgeOn. What the view keeps for itself
 * (the timeline's geometry, the labels drawn, whether the user moved the view) stays in the
 * module that draws it.
 */
noteatlas.modules.state = (function () {
  "use strict";

  const SETS = new Set(["kinds", "groups", "edgeKinds", "tags"]);
  const NO_PATH = Object.freeze({ nodes: [], edges: [], steps: [], message: null, suggestions: [] });

  /** The state of one page, its filters at their defaults (CFG: the page's config).
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(A, CFG) {
    const { N, E, info, src, tgt, kind, adjStart, adj } = A;
    const filters = {
      kinds: new Set(CFG.nodeKinds.filter((k) => k.shown).map((k) => k.kind)),
      groups: new Set(CFG.groups.map((g) => g.group)),
      edgeKinds: new Set(CFG.edgeKinds.filter((k) => k.shown).map((k) => k.kind)),
      tags: new Set(),  // tag indices; none ticked: every node
      unmentioned: false,  // concepts no note mentions: the vocabulary's, not the user's
      vocabulary: false,  // edges only the vocabulary states
      yearFrom: A.minYear,
      yearTo: A.maxYear,
      undated: true,
      hideOrphans: false,
      depth: 0,  // neighbourhood of the selection; 0: everything
    };
    let layout = "timeline";
    let selected = -1;
    let hover = -1;
    const pinned = new Set();  // nodes selected while filtered out stay shown
    let path = NO_PATH;
    let nodeOn = new Uint8Array(N);
    let edgeOn = new Uint8Array(E);

    function setOf(name) {
      if (!SETS.has(name)) throw new Error("no set filter named " + name);
      return filters[name];
    }
    function scalar(name) {
      if (SETS.has(name) || !Object.prototype.hasOwnProperty.call(filters, name)) {
        throw new Error("no filter named " + name);
      }
      return name;
    }

    // Nodes the filters let through, before orphans and the neighbourhood are taken out.
    function filteredNodes() {
      const on = new Uint8Array(N);
      const tagOn = filters.tags.size > 0;
      for (let i = 0; i < N; i++) {
        const r = info[i];
        let ok = filters.kinds.has(r.kind) && (r.kind !== "concept" || filters.groups.has(r.group));
        if (ok && r.unmentioned === 1) ok = filters.unmentioned;
        if (ok) ok = r.year === undefined ? filters.undated : r.year >= filters.yearFrom && r.year <= filters.yearTo;
        if (ok && tagOn) ok = !!r.tags && r.tags.some((t) => filters.tags.has(t));
        on[i] = ok ? 1 : 0;
      }
      return on;
    }

    // Nodes within `depth` drawn edges of the selection.
    function neighbourhood(eon) {
      const dist = new Map([[selected, 0]]);
      let frontier = [selected];
      for (let d = 1; d <= filters.depth && frontier.length; d++) {
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
      return dist;
    }

    /** Which nodes and edges are on, from the filters, the selection, the pins and the path. */
    function recompute() {
      const on = filteredNodes();
      const forced = new Set([...pinned, ...path.nodes]);
      for (const i of forced) on[i] = 1;
      const pathEdges = new Set(path.edges);
      const eon = new Uint8Array(E);
      const kindOn = Uint8Array.from(A.kinds, (k) => (filters.edgeKinds.has(k) ? 1 : 0));
      const vocab = filters.vocabulary ? null : A.vocab;
      const edgesOn = () => {
        for (let j = 0; j < E; j++) {
          const s = src[j];
          const t = tgt[j];
          const wanted = kindOn[kind[j]] && !(vocab && vocab[j]);
          eon[j] = s >= 0 && t >= 0 && on[s] && on[t] && (wanted || pathEdges.has(j)) ? 1 : 0;
        }
      };
      edgesOn();
      if (filters.hideOrphans) {
        const deg = new Uint32Array(N);
        for (let j = 0; j < E; j++) {
          if (eon[j] && src[j] !== tgt[j]) { deg[src[j]]++; deg[tgt[j]]++; }
        }
        for (let i = 0; i < N; i++) if (on[i] && !deg[i] && !forced.has(i)) on[i] = 0;
        edgesOn();
      }
      if (filters.depth > 0 && selected >= 0 && on[selected]) {
        const near = neighbourhood(eon);
        for (let i = 0; i < N; i++) if (on[i] && !near.has(i) && !forced.has(i)) on[i] = 0;
        edgesOn();
      }
      nodeOn = on;
      edgeOn = eon;
    }

    return {
      /** Whether `key` is ticked in a set filter: kinds, groups, edgeKinds or tags. */
      shown: (name, key) => setOf(name).has(key),
      /** Tick or untick `key` in a set filter. */
      show(name, key, on) { if (on) setOf(name).add(key); else setOf(name).delete(key); },
      /** A scalar filter: unmentioned, vocabulary, yearFrom, yearTo, undated, hideOrphans or
       * depth. */
      filter: (name) => filters[scalar(name)],
      setFilter(name, value) { filters[scalar(name)] = value; },
      recompute,
      /** 1 per node (edge) that is on; replaced, never changed, by recompute. */
      get nodeOn() { return nodeOn; },
      get edgeOn() { return edgeOn; },
      /** "timeline" or "free". */
      get layout() { return layout; },
      setLayout(name) { layout = name === "free" ? "free" : "timeline"; },
      /** Nodes that are drawn one by one wherever they are: the selection, the path, the pins. */
      forced() {
        const out = new Set([...pinned, ...path.nodes]);
        if (selected >= 0) out.add(selected);
        return out;
      },
      /** The selected node's index, or -1. */
      get selected() { return selected; },
      /** Select node i; a node the filters hide stays shown from now on. */
      select(i) { selected = i; if (!nodeOn[i]) pinned.add(i); },
      deselect() { selected = -1; },
      /** The node under the pointer, or -1. */
      get hover() { return hover; },
      setHover(i) { hover = i; },
      /** The path shown: {nodes, edges, steps, message, suggestions}, all empty (message null)
       * for none; suggestions are names close to one that was not found. */
      get path() { return path; },
      setPath(nodes, edges, steps) { path = Object.freeze({ nodes, edges, steps, message: null, suggestions: [] }); },
      setPathMessage(message, suggestions) {
        path = Object.freeze({ nodes: [], edges: [], steps: [], message, suggestions: suggestions || [] });
      },
      clearPath() { path = NO_PATH; },
      /** The filters as plain values (sets as sorted arrays), for viewState. */
      filters() {
        const out = {};
        for (const [k, v] of Object.entries(filters)) out[k] = v instanceof Set ? [...v].sort() : v;
        return out;
      },
      /** Set the filters from filters(); names that do not exist are ignored. */
      setFilters(saved) {
        for (const [k, v] of Object.entries(saved || {})) {
          if (!Object.prototype.hasOwnProperty.call(filters, k)) continue;
          if (SETS.has(k)) filters[k] = new Set(Array.isArray(v) ? v : []);
          else if (typeof v === typeof filters[k]) filters[k] = v;
        }
      },
    };
  }

  return { create };
})();
