/* noteatlas explorer: the path between two nodes, step for step the one `noteatlas path` prints.
 *
 * query/paths.py's `path` is the reference; this is the same walk over the page's edge records:
 *  1. A lineage the notes state comes first. When arrow chains (`leads_to` edges) run from A to B,
 *     the path follows the shortest single chain line (one file and line, carried by the evidence
 *     of every hop), else the shortest forward run of `leads_to` edges. Each hop is shown as the
 *     most telling typed relation between its two ends (CFG.telling order, forward first, most
 *     confident first), else as its `leads_to` edge.
 *  2. Otherwise the cheapest chain of concept edges in either direction (CFG.pathCost per kind, plus
 *     a quarter of the missing confidence), at most CFG.pathMaxLen steps, states being (node, hops);
 *     first over the relations the notes state (CFG.pathStated kinds, not vocabulary-only), then
 *     over every walkable edge,
 *     so that a short detour is never hidden by a long cheap one. Document edges are never walked.
 * Ties are broken as Python breaks them: strings compare by code point, steps from a node are
 * tried by (target id, kind, direction), the heap pops by (cost, hops, node id).
 */
noteatlas.modules.paths = (function () {
  "use strict";

  // Python orders strings by code point; JS's "<" by UTF-16 unit, which differs past U+FFFF.
  function compare(a, b) {
    if (a === b) return 0;
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) {
      if (a.charCodeAt(k) !== b.charCodeAt(k)) return a.codePointAt(k) < b.codePointAt(k) ? -1 : 1;
    }
    return a.length < b.length ? -1 : 1;
  }

  function compareLists(x, y) {
    for (let k = 0; k < x.length; k++) {
      const c = typeof x[k] === "string" ? compare(x[k], y[k]) : x[k] < y[k] ? -1 : x[k] > y[k] ? 1 : 0;
      if (c) return c;
    }
    return 0;
  }

  /** A binary min-heap of [cost, hops, node] ordered like Python's tuples. */
  function Heap(ids) {
    const items = [];
    const less = (p, q) => p[0] !== q[0] ? p[0] < q[0] : p[1] !== q[1] ? p[1] < q[1] : compare(ids[p[2]], ids[q[2]]) < 0;
    return {
      get size() { return items.length; },
      push(item) {
        items.push(item);
        for (let k = items.length - 1; k > 0;) {
          const up = (k - 1) >> 1;
          if (!less(items[k], items[up])) break;
          [items[k], items[up]] = [items[up], items[k]];
          k = up;
        }
      },
      pop() {
        const top = items[0];
        const last = items.pop();
        if (items.length) {
          items[0] = last;
          for (let k = 0; ;) {
            const l = 2 * k + 1;
            const r = l + 1;
            let m = k;
            if (l < items.length && less(items[l], items[m])) m = l;
            if (r < items.length && less(items[r], items[m])) m = r;
            if (m === k) break;
            [items[k], items[m]] = [items[m], items[k]];
            k = m;
          }
        }
        return top;
      },
    };
  }

  /**
   * A path finder over one page's data.
   * opts: ids (node id per index), edges ({count, src, tgt: node index per edge or -1, kind(j),
   * conf(j), evidence(j), vocabularyOnly(j)}), files (path per file index), cost (base cost per
   * walkable kind), telling (relation kinds, most telling first), maxLen (longest path),
   * stated (the kinds a first search walks when a note states them).
   * find(a, b) gives [{from, to, edge, forward, ev}] (node and edge indices) or null.
   * One closure, long only by the short helpers in it, which share the page's tables.
   */
  function create(opts) {
    const { ids, files, cost, telling, maxLen } = opts;
    const statedKinds = new Set(opts.stated);
    const { count, src, tgt, kind, conf, evidence, vocabularyOnly } = opts.edges;
    const N = ids.length;
    const rank = new Map(telling.map((k, n) => [k, n]));
    // Only kinds with a cost are ever walked (leads_to and every telling kind have one), so the
    // others (the many document edges) are left out from the start.
    // One edge per (source, kind, target), the last one, as the atlas's networkx view keeps it.
    const canonical = new Map();
    for (let j = 0; j < count; j++) {
      if (src[j] >= 0 && tgt[j] >= 0 && cost[kind(j)] !== undefined) canonical.set(src[j] + " " + tgt[j] + " " + kind(j), j);
    }
    const outs = Array.from({ length: N }, () => []);
    const ins = Array.from({ length: N }, () => []);
    for (const j of canonical.values()) { outs[src[j]].push(j); ins[tgt[j]].push(j); }
    const confidence = (j) => conf(j);
    const evCache = new Map();
    const ev = (j) => { let e = evCache.get(j); if (!e) { e = evidence(j); evCache.set(j, e); } return e; };

    const stepCache = new Map();
    function stepsFrom(i) {
      let steps = stepCache.get(i);
      if (steps) return steps;
      steps = [
        ...outs[i].map((j) => ({ from: i, to: tgt[j], edge: j, forward: true })),
        ...ins[i].map((j) => ({ from: i, to: src[j], edge: j, forward: false })),
      ];
      steps.sort((p, q) => compareLists(
        [ids[p.to], kind(p.edge), p.forward ? 1 : 0], [ids[q.to], kind(q.edge), q.forward ? 1 : 0]));
      stepCache.set(i, steps);
      return steps;
    }

    const leadCache = new Map();
    function leads(i) {
      let out = leadCache.get(i);
      if (out) return out;
      out = outs[i].filter((j) => kind(j) === "leads_to");
      out.sort((p, q) => compare(ids[tgt[p]], ids[tgt[q]]));
      leadCache.set(i, out);
      return out;
    }
    const lineKey = (ev) => ev[0] + ":" + ev[1];

    function oneChain(start, goal) {
      const lines = new Map();
      for (const j of leads(start)) for (const e of ev(j)) lines.set(lineKey(e), e);
      const order = [...lines.values()].sort((x, y) => compareLists(
        [x[0] >= 0 ? files[x[0]] : "", x[1]], [y[0] >= 0 ? files[y[0]] : "", y[1]]));
      let best = [];
      for (const line of order) {
        const key = lineKey(line);
        const walk = [start];
        let node = start;
        while (node !== goal && walk.length <= maxLen) {
          const next = leads(node).find((j) => !walk.includes(tgt[j]) && ev(j).some((e) => lineKey(e) === key));
          if (next === undefined) break;
          node = tgt[next];
          walk.push(node);
        }
        if (node === goal && (!best.length || walk.length < best.length)) best = walk;
      }
      return best;
    }

    function chained(start, goal) {
      const previous = new Map([[start, start]]);
      let frontier = [start];
      for (let level = 0; level < maxLen; level++) {
        const next = [];
        for (const node of frontier) {
          for (const j of leads(node)) {
            const other = tgt[j];
            if (!previous.has(other)) { previous.set(other, node); next.push(other); }
          }
        }
        if (previous.has(goal) || !next.length) break;
        frontier = next;
      }
      if (!previous.has(goal)) return [];
      const nodes = [goal];
      while (nodes[nodes.length - 1] !== start) nodes.push(previous.get(nodes[nodes.length - 1]));
      return nodes.reverse();
    }

    const evidenceKey = (ev) => [ev[0] >= 0 ? files[ev[0]] : "", ev[1], ev[2] || "", ev[3] || ""];

    function stated(start, goal) {
      let nodes = oneChain(start, goal);
      if (!nodes.length) nodes = chained(start, goal);
      const steps = [];
      for (let n = 1; n < nodes.length; n++) {
        const hops = stepsFrom(nodes[n - 1]).filter((s) => s.to === nodes[n]);
        const lead = hops.find((s) => s.forward && kind(s.edge) === "leads_to");
        const typed = hops.filter((s) => rank.has(kind(s.edge))).sort((p, q) => compareLists(
          [vocabularyOnly(p.edge) ? 1 : 0, rank.get(kind(p.edge)), p.forward ? 0 : 1, -confidence(p.edge)],
          [vocabularyOnly(q.edge) ? 1 : 0, rank.get(kind(q.edge)), q.forward ? 0 : 1, -confidence(q.edge)]));
        if (!typed.length) { steps.push(Object.assign({ ev: ev(lead.edge) }, lead)); continue; }
        // The typed hop keeps its own evidence and the chain's line, as the CLI prints it.
        const all = new Map();
        for (const e of [...ev(typed[0].edge), ...ev(lead.edge)]) all.set(JSON.stringify(e), e);
        const merged = [...all.values()].sort((x, y) => compareLists(evidenceKey(x), evidenceKey(y)));
        steps.push(Object.assign({ ev: merged }, typed[0]));
      }
      return steps;
    }

    function cheapest(start, goal, notedOnly) {
      const width = maxLen + 1;
      const best = new Map([[start * width, 0]]);
      const back = new Map();
      const settled = new Map();
      const heap = Heap(ids);
      heap.push([0, 0, start]);
      while (heap.size) {
        const [spent, hops, node] = heap.pop();
        const done = settled.get(node) || [];
        if (spent > best.get(node * width + hops) || done.some(([h, c]) => h <= hops && c <= spent)) continue;
        done.push([hops, spent]);
        settled.set(node, done);
        if (node === goal) {
          const steps = [];
          for (let state = node * width + hops; back.has(state);) {
            const [prev, step] = back.get(state);
            steps.push(step);
            state = prev;
          }
          return steps.reverse().map((s) => Object.assign({ ev: ev(s.edge) }, s));
        }
        if (hops === maxLen) continue;
        for (const step of stepsFrom(node)) {
          const base = cost[kind(step.edge)];
          if (base === undefined) continue;
          if (notedOnly && (!statedKinds.has(kind(step.edge)) || vocabularyOnly(step.edge))) continue;
          const total = spent + (base + (1.0 - confidence(step.edge)) * 0.25);
          const next = step.to * width + hops + 1;
          if (total >= (best.has(next) ? best.get(next) : Infinity)) continue;
          best.set(next, total);
          back.set(next, [node * width + hops, step]);
          heap.push([total, hops + 1, step.to]);
        }
      }
      return null;
    }

    return {
      find(a, b) {
        if (a === b) return [];
        const steps = stated(a, b);
        return steps.length ? steps : cheapest(a, b, true) || cheapest(a, b, false);
      },
    };
  }

  return { create, compare };
})();
