/* noteatlas explorer: decodes the page data (explorer_data.py writes it) into typed arrays.
 *
 * Nodes come as columns (id, group, name, label, year, and the kind's own fields); edges as
 * columns of node indices, kinds, weights and evidence, some as runs ([value, count, ...]) and
 * some as differences (sorted columns), since a big atlas has hundreds of thousands of edges.
 * Nothing here touches the DOM: explorer.js builds the view from what `decode` returns.
 */
const noteatlasData = (function () {
  "use strict";

  /** The id a node's kind makes of its own fields (0 in the id column: explorer_nodes.py). */
  function ownId(r, files) {
    if (r.k === "note" || r.k === "asset") return r.k + ":" + files[r.f];
    if (r.k === "resource") return "url:" + r.u[0][0];
    if (r.k === "paper") return "paper:" + r.pid;
    if (r.k === "tag") return "tag:" + r.nm;
    return "";
  }

  /** [value, count, value, count, ...] back into one value per item. */
  function runs(encoded, length, Type) {
    const out = new Type(length);
    let at = 0;
    for (let k = 0; k + 1 < encoded.length && at < length; k += 2) {
      const end = Math.min(at + encoded[k + 1], length);
      out.fill(encoded[k], at, end);
      at = end;
    }
    return out;
  }

  /** The first value, then differences, back into values. */
  function sums(encoded, Type) {
    const out = new Type(encoded.length);
    let value = 0;
    for (let k = 0; k < encoded.length; k++) { value += encoded[k]; out[k] = value; }
    return out;
  }

  /**
   * The atlas the page shows, from the data block.
   * Nodes: N, ids, byId, info (one record per node: k kind, g group, n name, y year, d degree,
   * and the kind's fields), labels. Edges: E, src and tgt (node index or -1), kind (index into
   * kinds), weight, conf, back, concept (1 for concept edges), evidence(j), and the adjacency
   * adjStart/adj (edge indices per node, in edge order).
   */
  function decode(DATA) {
    const CFG = DATA.config;
    const nodes = DATA.nodes;
    const N = nodes.id.length;
    const ids = new Array(N);
    const byId = new Map();
    const conceptGroups = new Set(CFG.conceptGroups);
    const info = new Array(N);
    const labels = new Array(N);
    for (let i = 0; i < N; i++) {
      const g = CFG.groupKeys[nodes.g[i]];
      const r = { k: conceptGroups.has(g) ? "concept" : g, g, n: nodes.n[i], d: 0 };
      if (nodes.y[i] !== null) r.y = nodes.y[i];
      info[i] = r;
    }
    // The kinds' own fields, each a sparse column: [gap, value, ...] (explorer_nodes.py).
    for (const [key, column] of Object.entries(nodes.fields)) {
      for (let k = 0, i = -1; k + 1 < column.length; k += 2) {
        i += column[k];
        info[i][key] = column[k + 1];
      }
    }
    for (let i = 0; i < N; i++) {
      const r = info[i];
      // A link is its text alone when it is safe and has no status; 1 stands for the text.
      if (r.u) r.u = r.u.map((u) => (typeof u === "string" ? [u, u, null] : u[1] === 1 ? [u[0], u[0], u[2]] : u));
      if (r.ti === 1) r.ti = r.n;  // 1: the title is the name
      if (r.ca !== undefined) r.ca = CFG.categories[r.ca];
      ids[i] = nodes.id[i] === 0 ? ownId(r, DATA.files) : nodes.id[i];
      byId.set(ids[i], i);
      const lb = nodes.lb[i];
      labels[i] = lb === 0 ? r.n : typeof lb === "number" ? r.n.slice(0, lb) + "…" : lb;
    }

    const edges = DATA.edges;
    const E = edges.t.length;
    const src = runs(edges.s, E, Int32Array);
    const tgt = sums(edges.t, Int32Array);
    const kind = runs(edges.k, E, Uint8Array);
    const evCount = runs(edges.n, E, Int32Array);
    const weight = runs(edges.w, E, Float64Array);  // minus the evidence count
    for (let j = 0; j < E; j++) weight[j] += evCount[j];
    const kinds = CFG.edgeKinds.map((k) => k[0]);
    const family = CFG.edgeKinds.map((k) => k[1]);
    const isConcept = family.map((f) => (f === "document" ? 0 : 1));
    const concept = new Uint8Array(E);
    let C = 0;
    for (let j = 0; j < E; j++) if (isConcept[kind[j]]) { concept[j] = 1; C++; }
    // Confidence and evidence methods and snippets come for the concept edges alone, in order.
    const conf = new Float64Array(E).fill(1);
    const confs = runs(edges.c, C, Float64Array);
    const extra = new Int32Array(E).fill(-1);
    const X = edges.x;
    for (let j = 0, c = 0, at = 0; j < E; j++) {
      if (!concept[j]) continue;
      conf[j] = confs[c++];
      extra[j] = at;
      at += 1 + 2 * X[at];
    }
    const back = new Uint8Array(E);
    for (const j of edges.bk) back[j] = 1;
    const evStart = new Int32Array(E + 1);
    for (let j = 0; j < E; j++) evStart[j + 1] = evStart[j] + evCount[j];
    const evFile = runs(edges.f, evStart[E], Int32Array);
    const evLine = Int32Array.from(edges.l);

    /** [[file, line], ...] per evidence (file -1: none); concept edges add [method, snippet]. */
    function evidence(j) {
      const out = [];
      const x = extra[j];
      const rich = x >= 0 ? X[x] : 0;
      for (let p = evStart[j], q = 0; p < evStart[j + 1]; p++, q++) {
        const ev = [evFile[p], evLine[p]];
        if (q < rich) ev.push(CFG.methods[X[x + 1 + 2 * q]], DATA.snippets[X[x + 2 + 2 * q]]);
        out.push(ev);
      }
      return out;
    }

    // Degrees count every edge end (as the atlas does); the adjacency only edges with both ends.
    const degree = new Int32Array(N);
    const adjStart = new Int32Array(N + 1);
    for (let j = 0; j < E; j++) {
      const s = src[j];
      const t = tgt[j];
      if (s >= 0) degree[s]++;
      if (t >= 0) degree[t]++;
      if (s >= 0 && t >= 0) { adjStart[s + 1]++; if (t !== s) adjStart[t + 1]++; }
    }
    for (let i = 0; i < N; i++) { adjStart[i + 1] += adjStart[i]; info[i].d = degree[i]; }
    const adj = new Int32Array(adjStart[N]);
    const fill = adjStart.slice(0, N);
    for (let j = 0; j < E; j++) {
      const s = src[j];
      const t = tgt[j];
      if (s < 0 || t < 0) continue;
      adj[fill[s]++] = j;
      if (t !== s) adj[fill[t]++] = j;
    }

    const hrefs = DATA.fileHrefs.map((h, f) => (h === 1 ? DATA.hrefPrefix + DATA.files[f] : h));
    return {
      N, ids, byId, info, labels, hrefs,
      E, src, tgt, kind, kinds, family, weight, conf, back, concept, evidence, adjStart, adj,
    };
  }

  return { decode, runs, sums };
})();
