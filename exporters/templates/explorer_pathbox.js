/* noteatlas explorer: the path box: the steps between two concepts, marked on the canvas.
 *
 * The same steps as `noteatlas path` (explorer_path.js): a lineage the notes state first, each hop
 * shown as its most telling typed relation, else the cheapest chain of concept edges. A name that
 * is no concept gets the suggestions `noteatlas path` gives (query/find.py): difflib's close
 * matches over the folded names and aliases (the page data's nameKeys), then the names that
 * contain it.
 */
noteatlas.modules.pathbox = (function () {
  "use strict";

  const CLOSE = 8;  // difflib.get_close_matches(n=8, cutoff=0.6), as find_concept asks
  const CUTOFF = 0.6;
  const SHOWN = 5;

  /** A name folded as noteatlas folds names (graph/concepts/names.py fold_key): NFKC, lower
   * case, each run of white space one space, none at the ends. */
  function fold(text) {
    let out = "";
    for (const ch of String(text)) {
      for (const c of ch.normalize("NFKC").toLowerCase()) {
        const space = /\s/.test(c);
        if (space && out.endsWith(" ")) continue;
        out += space ? " " : c;
      }
    }
    return out.trim();
  }

  /** difflib.SequenceMatcher(None, a, b).ratio(), for code point arrays a and b shorter than
   * 200 (no junk): twice the matching characters over both lengths. */
  function ratio(a, b) {
    const b2j = new Map();
    b.forEach((c, j) => { if (b2j.has(c)) b2j.get(c).push(j); else b2j.set(c, [j]); });
    const longest = (alo, ahi, blo, bhi) => {
      let besti = alo;
      let bestj = blo;
      let best = 0;
      let j2len = new Map();
      for (let i = alo; i < ahi; i++) {
        const next = new Map();
        for (const j of b2j.get(a[i]) || []) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > best) { besti = i - k + 1; bestj = j - k + 1; best = k; }
        }
        j2len = next;
      }
      return [besti, bestj, best];
    };
    let matched = 0;
    const queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = longest(alo, ahi, blo, bhi);
      if (!k) continue;
      matched += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
    const total = a.length + b.length;
    return total ? (2 * matched) / total : 1;
  }

  // Python compares strings by code point; JavaScript by UTF-16 unit.
  const byCodePoint = (x, y) => {
    const a = Array.from(x);
    const b = Array.from(y);
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      const d = a[k].codePointAt(0) - b[k].codePointAt(0);
      if (d) return d;
    }
    return a.length - b.length;
  };

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
        edges: { count: A.E, src: A.src, tgt: A.tgt, kind: A.kindOf, conf: (j) => A.conf[j], evidence: A.evidence,
                 vocabularyOnly: (j) => A.vocab[j] === 1 },
        files: A.files,
        cost: CFG.pathCost,
        telling: CFG.telling,
        maxLen: CFG.pathMaxLen,
        stated: CFG.pathStated,
      });
      return finder.find(a, b);
    }

    /** The concepts `noteatlas path` suggests for a name it does not know, best first (node
     * indices, one per name shown, at most five). */
    function suggest(name) {
      const key = fold(String(name).trim());
      const word = Array.from(key);
      const scored = [];
      for (const [k] of A.nameKeys) {
        const score = ratio(Array.from(k), word);
        if (score >= CUTOFF) scored.push([score, k]);
      }
      scored.sort((x, y) => y[0] - x[0] || byCodePoint(y[1], x[1]));
      const close = scored.slice(0, CLOSE).map((x) => x[1]);
      if (key) for (const [k] of A.nameKeys) if (k.includes(key)) close.push(k);
      const owner = new Map(A.nameKeys);
      const out = new Map();
      for (const k of close) {
        const i = owner.get(k);
        if (!out.has(A.info[i].name)) out.set(A.info[i].name, i);
      }
      return [...out.values()].slice(0, SHOWN);
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
        const missing = a < 0 ? fromName : toName;
        state.setPathMessage("No concept named " + missing + ".", suggest(missing));
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
    return { show, steps, reset, suggest };
  }

  return { create };
})();
