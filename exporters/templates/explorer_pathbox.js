/* noteatlas explorer: the path box: the steps between two concepts, marked on the canvas.
 *
 * The same steps as `noteatlas path` (explorer_path.js): a lineage the notes state first, each hop
 * shown as its most telling typed relation, else the cheapest chain of concept edges.
 */
noteatlas.modules.pathbox = (function () {
  "use strict";

  /** The path box of one page; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, graph } = app;
    const { $ } = app.dom;
    const { ids, byId, displayName } = A;

    // Made on first use: it indexes the concept edges.
    let finder = null;
    function find(a, b) {
      finder = finder || noteatlas.modules.paths.create({
        ids,
        edges: { count: A.E, src: A.src, tgt: A.tgt, kind: A.kindOf, conf: (j) => A.conf[j], evidence: A.evidence },
        files: A.files,
        cost: CFG.pathCost,
        telling: CFG.telling,
        maxLen: CFG.pathMaxLen,
      });
      return finder.find(a, b);
    }

    /** A step as `noteatlas path` gives it; evidence as [file or null, line (0: none), snippet or
     * null when the page does not carry it]. */
    const stepRecord = (s) => ({
      from: ids[s.from], to: ids[s.to], kind: A.kindOf(s.edge),
      direction: s.forward ? "forward" : "backward", edge: A.edgeId(s.edge),
      evidence: s.ev.map((e) => [e[0] >= 0 ? A.files[e[0]] : null, e[1], e.length > 3 ? e[3] : null]),
    });

    /** Unmark the path and forget it (the caller applies the filters). */
    function clear() {
      graph.unmarkPath(state.path.nodes, state.path.edges);
      state.clearPath();
    }

    /** Find, mark and list the path between two names; its steps, or null when there is none. */
    function show(fromName, toName) {
      clear();
      const a = app.search.resolve(fromName);
      const b = app.search.resolve(toName);
      let steps = null;
      if (a < 0 || b < 0) {
        state.setPathMessage("No concept named " + (a < 0 ? fromName : toName) + ".");
      } else {
        steps = a === b ? [] : find(a, b);
        if (!steps) state.setPathMessage("No path between " + displayName(a) + " and " + displayName(b) + " within " + CFG.pathMaxLen + " steps.");
      }
      if (steps) {
        state.setPath([a, ...steps.map((s) => s.to)], steps.map((s) => s.edge), steps);
        graph.markPath(state.path.nodes, state.path.edges);
      }
      graph.applyFilters();
      if (steps && steps.length) {
        state.deselect();
        graph.network.unselectAll();
      }
      app.details.renderPath();
      if (steps && steps.length) app.camera.fitNodes(state.path.nodes);
      return steps ? steps.map(stepRecord) : null;
    }

    /** The steps between two node ids, without touching the view (null when there are none). */
    function steps(a, b) {
      const i = byId.get(a);
      const j = byId.get(b);
      const found = i === undefined || j === undefined ? null : find(i, j);
      return found ? found.map(stepRecord) : null;
    }

    /** Clear the path and show the view without it. */
    function reset() {
      clear();
      graph.applyFilters();
      app.details.renderPath();
    }

    $("path-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      show($("path-from").value, $("path-to").value);
    });
    $("path-clear").addEventListener("click", reset);
    return { show, steps, reset };
  }

  return { create };
})();
