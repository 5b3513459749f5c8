/* noteatlas explorer: decodes the page data (explorer_data.py writes it) into typed arrays.
 *
 * Nodes come as columns (id, group, name, label, year, and the kinds' own fields); edges as
 * columns of node indices, kinds, weights and evidence, some as runs ([value, count, ...]) and
 * some as differences (sorted columns), since a big atlas has hundreds of thousands of edges.
 * exporters/explorer_contract.py documents every column; the page has checked the data against
 * it before `decode` reads it. Nothing here touches the DOM.
 */
noteatlas.modules.data = (function () {
  "use strict";

  /** The kinds' own fields the page reads (explorer_contract.NODE_FIELDS): each becomes the
   * property of that name on the records of the nodes that have it. */
  const NODE_FIELDS = [
    "canonicalName", "yearSource", "yearNote", "aliases", "summary", "paper", "builtin",
    "paperId", "title", "month", "day", "dateSource", "dateInferred", "venue", "authors",
    "links", "file", "category", "missing", "tags", "prominence", "keyReasons", "unmentioned",
    "nameSource",
  ];

  /** Kinds of node in the order search results and labels prefer them. */
  const KIND_ORDER = { concept: 0, paper: 1, tag: 2, note: 3, resource: 4, asset: 5 };

  /** The id a node's kind makes of its own fields (0 in the id column: explorer_nodes.py). */
  function ownId(r, files) {
    if (r.kind === "note" || r.kind === "asset") return r.kind + ":" + files[r.file];
    if (r.kind === "resource") return "url:" + r.links[0][0];
    if (r.kind === "paper") return "paper:" + r.paperId;
    if (r.kind === "tag") return "tag:" + r.canonicalName;
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

  // A link is its text alone when it is safe and has no status; 1 stands for the text.
  const link = (u) => (typeof u === "string" ? [u, u, null] : u[1] === 1 ? [u[0], u[0], u[2]] : u);

  /**
   * One record per node: kind, group, name, year (undefined: undated), degree, lane, prominence
   * (0 unless the notes stress it), and the kinds' own fields by their contract names (links as
   * [text, href or null, status]). Modules
   * call a record r (pr, o: another node's) or read it as info[i].name: a test checks that every
   * name read so is one of these.
   */
  function nodeRecords(DATA) {
    const CFG = DATA.config;
    const nodes = DATA.nodes;
    const N = nodes.id.length;
    const conceptGroups = new Set(CFG.conceptGroups);
    const info = new Array(N);
    for (let i = 0; i < N; i++) {
      const group = CFG.groupKeys[nodes.group[i]];
      const r = { kind: conceptGroups.has(group) ? "concept" : group, group, name: nodes.name[i], degree: 0, prominence: 0 };
      if (nodes.year[i] !== null) r.year = nodes.year[i];
      r.lane = CFG.laneOf[group] || "other";
      info[i] = r;
    }
    // The kinds' own fields, each a sparse column: [gap, value, ...] (explorer_nodes.py).
    for (const key of NODE_FIELDS) {
      const column = nodes.fields[key] || [];
      for (let k = 0, i = -1; k + 1 < column.length; k += 2) {
        i += column[k];
        info[i][key] = column[k + 1];
      }
    }
    const ids = new Array(N);
    const byId = new Map();
    const labels = new Array(N);
    for (let i = 0; i < N; i++) {
      const r = info[i];
      if (r.links) r.links = r.links.map(link);
      if (r.title === 1) r.title = r.name;  // 1: the title is the name
      if (r.category !== undefined) r.category = CFG.categories[r.category];
      ids[i] = nodes.id[i] === 0 ? ownId(r, DATA.files) : nodes.id[i];
      byId.set(ids[i], i);
      const lb = nodes.label[i];
      labels[i] = lb === 0 ? r.name : typeof lb === "number" ? r.name.slice(0, lb) + "…" : lb;
    }
    return { N, ids, byId, info, labels };
  }

  /**
   * The edges as typed arrays: src and tgt (node index or -1), kind (index into kinds), weight,
   * conf, back, concept (1 for concept edges), vocab (1 for edges no note states), evidence(j)
   * and fromNotes(j): the first evidence a note gives ([file, line, method, snippet]), or null.
   */
  function edgeTables(DATA) {
    const CFG = DATA.config;
    const edges = DATA.edges;
    const E = edges.target.length;
    const src = runs(edges.source, E, Int32Array);
    const tgt = sums(edges.target, Int32Array);
    const kind = runs(edges.kind, E, Uint8Array);
    const evCount = runs(edges.evidenceCount, E, Int32Array);
    const weight = runs(edges.weight, E, Float64Array);  // minus the evidence count
    for (let j = 0; j < E; j++) weight[j] += evCount[j];
    const kinds = CFG.edgeKinds.map((k) => k.kind);
    const family = CFG.edgeKinds.map((k) => k.family);
    const isConcept = family.map((f) => (f === "document" ? 0 : 1));
    const concept = new Uint8Array(E);
    let C = 0;
    for (let j = 0; j < E; j++) if (isConcept[kind[j]]) { concept[j] = 1; C++; }
    // Confidence and evidence methods and snippets come for the concept edges alone, in order.
    const conf = new Float64Array(E).fill(1);
    const confs = runs(edges.confidence, C, Float64Array);
    const extra = new Int32Array(E).fill(-1);
    const X = edges.conceptEvidence;
    for (let j = 0, c = 0, at = 0; j < E; j++) {
      if (!concept[j]) continue;
      conf[j] = confs[c++];
      extra[j] = at;
      at += 1 + 2 * X[at];
    }
    const back = new Uint8Array(E);
    for (const j of edges.backwards) back[j] = 1;
    const vocab = new Uint8Array(E);
    for (const j of edges.vocabularyOnly) vocab[j] = 1;
    const evStart = new Int32Array(E + 1);
    for (let j = 0; j < E; j++) evStart[j + 1] = evStart[j] + evCount[j];
    const evFile = runs(edges.evidenceFile, evStart[E], Int32Array);
    const evLine = Int32Array.from(edges.evidenceLine);
    const methods = CFG.methods;
    const snippets = DATA.snippets;

    /** [[file, line], ...] per evidence (file -1: none); concept edges add [method, snippet]. */
    function evidence(j) {
      const out = [];
      const x = extra[j];
      const rich = x >= 0 ? X[x] : 0;
      for (let p = evStart[j], q = 0; p < evStart[j + 1]; p++, q++) {
        const ev = [evFile[p], evLine[p]];
        if (q < rich) ev.push(methods[X[x + 1 + 2 * q]], snippets[X[x + 2 + 2 * q]]);
        out.push(ev);
      }
      return out;
    }
    const vocabularyMethod = methods.indexOf("vocabulary");
    /** The first evidence a note gives (a file, and a method that is not the vocabulary's). */
    function fromNotes(j) {
      if (vocab[j]) return null;
      return evidence(j).find((ev) => ev[0] >= 0 && (ev.length < 3 || ev[2] !== methods[vocabularyMethod])) || null;
    }
    return { E, src, tgt, kind, kinds, family, weight, conf, back, vocab, concept, evidence, fromNotes };
  }

  /** Each node's degree (every edge end, as the atlas counts) and its edges (adjStart/adj: edge
   * indices per node, in edge order, only edges with both ends). */
  function adjacency(N, E, src, tgt) {
    const degree = new Int32Array(N);
    const adjStart = new Int32Array(N + 1);
    for (let j = 0; j < E; j++) {
      const s = src[j];
      const t = tgt[j];
      if (s >= 0) degree[s]++;
      if (t >= 0) degree[t]++;
      if (s >= 0 && t >= 0) { adjStart[s + 1]++; if (t !== s) adjStart[t + 1]++; }
    }
    for (let i = 0; i < N; i++) adjStart[i + 1] += adjStart[i];
    const adj = new Int32Array(adjStart[N]);
    const fill = adjStart.slice(0, N);
    for (let j = 0; j < E; j++) {
      const s = src[j];
      const t = tgt[j];
      if (s < 0 || t < 0) continue;
      adj[fill[s]++] = j;
      if (t !== s) adj[fill[t]++] = j;
    }
    return { degree, adjStart, adj };
  }

  /**
   * The atlas the page shows, from the data block: the node records and edge tables above, the
   * adjacency, the file, tag and link tables, and the lookups every module uses.
   */
  function decode(DATA) {
    const nodes = nodeRecords(DATA);
    const edges = edgeTables(DATA);
    const { degree, adjStart, adj } = adjacency(nodes.N, edges.E, edges.src, edges.tgt);
    for (let i = 0; i < nodes.N; i++) nodes.info[i].degree = degree[i];
    const files = DATA.files;
    const hrefs = DATA.fileHrefs.map((h, f) => (h === 1 ? DATA.hrefPrefix + files[f] : h));
    const years = nodes.info.filter((r) => r.year !== undefined).map((r) => r.year);
    const first = years.length ? years[0] : 0;
    const A = Object.assign({}, nodes, edges, {
      adjStart, adj, files, hrefs, tags: DATA.tags, nameKeys: DATA.nameKeys,
      minYear: years.reduce((a, b) => Math.min(a, b), first),
      maxYear: years.reduce((a, b) => Math.max(a, b), first),
      hasYears: years.length > 0,
    });
    A.kindOf = (j) => A.kinds[A.kind[j]];
    A.familyOf = (j) => A.family[A.kind[j]];
    A.edgeId = (j) => "e" + j;
    A.edgeIndex = (id) => {
      const j = typeof id === "string" && id[0] === "e" ? Number(id.slice(1)) : NaN;
      return Number.isInteger(j) && j >= 0 && j < A.E && id === A.edgeId(j) ? j : undefined;
    };
    A.displayName = (i) => A.info[i].canonicalName || A.info[i].name;
    A.kindLabel = (r) => (r.kind === "concept" ? r.group : r.kind);
    return A;
  }

  return { decode, runs, sums, KIND_ORDER, NODE_FIELDS };
})();
