/* noteatlas explorer: where nodes go, on the timeline and where the free layout starts.
 *
 * One timeline column per year that has something in it (empty years are left out, a gap marks
 * where), one lane per kind of node. The layout takes the canvas's shape into account: it picks
 * how many rows a lane gets (the rest wraps into sub-columns) so that the whole timeline, fitted,
 * is as large as possible on screen, then stretches rows (or columns) so it fills the canvas.
 * Pure: positions in, positions out; the graph module moves the nodes.
 */
noteatlas.modules.layout = (function () {
  "use strict";

  const TL = { cw: 96, ch: 44, sparse: 0.55, lanePad: 20, yearGap: 0.35, undatedGap: 0.7, stretch: 2.4 };
  /** Screen pixels of the year axis over the top of the timeline. */
  const AXIS_H = 52;
  /** Fitting never zooms in closer than this. */
  const MAX_ZOOM = 1.4;
  /** Screen pixels kept free around the fitted timeline: lane names, the year axis, the counts. */
  const MARGIN = { left: 96, right: 20, top: AXIS_H + 16, bottom: 38 };
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);

  // FNV-1a, then murmur3's finaliser: a number in [0, 1) from a string.
  function unit(text, seed) {
    let h = seed >>> 0;
    for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  }

  /** The layouts of one page's nodes; `viewport()` gives the canvas's size in pixels.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(A, CFG, viewport) {
    const { N, E, ids, info, src, tgt } = A;
    const byName = (a, b) => (info[a].month || 0) - (info[b].month || 0) ||
      info[b].degree - info[a].degree || (info[a].name < info[b].name ? -1 : info[a].name > info[b].name ? 1 : 0);

    // Where each node goes in the free layout before it settles: x from its year (or the mean
    // year of its dated neighbours), y spread by a stable hash of its id. Made on first use.
    let seedCache = null;
    function seeds() {
      if (seedCache) return seedCache;
      const total = new Float64Array(N);
      const count = new Uint32Array(N);
      for (let j = 0; j < E; j++) {
        const s = src[j];
        const t = tgt[j];
        if (s < 0 || t < 0) continue;
        const ys = info[s].year;
        const yt = info[t].year;
        if (yt !== undefined && ys === undefined) { total[s] += yt; count[s]++; }
        if (ys !== undefined && yt === undefined) { total[t] += ys; count[t]++; }
      }
      const spread = 400 + 30 * Math.sqrt(N);
      const round = (v) => Math.round(v * 10) / 10;
      seedCache = new Float64Array(2 * N);
      for (let i = 0; i < N; i++) {
        const u = unit(ids[i], 2166136261);
        const v = unit(ids[i], 374761393);
        const year = info[i].year !== undefined ? info[i].year : count[i] ? total[i] / count[i] : null;
        const x = year !== null ? (year - 2000) * 60 : (u - 0.5) * spread;
        seedCache[2 * i] = round(x + (v - 0.5) * 40);
        seedCache[2 * i + 1] = round((u - 0.5) * spread);
      }
      return seedCache;
    }

    // The nodes that are on, by lane and by column key (a year, or "u" for undated).
    function cellsOf(on) {
      const cells = new Map(CFG.lanes.map((l) => [l.key, new Map()]));
      const present = new Set();
      for (let i = 0; i < N; i++) {
        if (!on[i]) continue;
        const r = info[i];
        const key = r.year === undefined ? "u" : r.year;
        if (r.year !== undefined) present.add(r.year);
        const lane = cells.get(r.lane);
        if (!lane.has(key)) lane.set(key, []);
        lane.get(key).push(i);
      }
      const keys = [...present].sort((a, b) => a - b);
      if ([...cells.values()].some((lane) => lane.has("u"))) keys.push("u");
      return { cells, keys };
    }

    // The row count per lane that makes the fitted timeline largest on screen, and the cell size.
    function bestShape(cells, keys, lanes, gaps) {
      const most = lanes.map((l) => Math.max(...[...cells.get(l.key).values()].map((c) => c.length)));
      const vp = viewport();
      const availW = Math.max(vp.w - MARGIN.left - MARGIN.right, 160);
      const availH = Math.max(vp.h - MARGIN.top - MARGIN.bottom, 120);
      // How big the fitted timeline would be with at most `cap` rows in a lane. A column is one or
      // more sub-columns wide, and a sub-column is wider the more nodes it stacks: a year with one
      // node takes little room, a busy year gets space for its labels.
      const shape = (cap) => {
        const rows = most.map((m) => Math.min(m, cap));
        const subs = [];
        const units = keys.map((k) => {
          let sub = 1;
          lanes.forEach((l, n) => {
            const c = cells.get(l.key).get(k);
            if (c) sub = Math.max(sub, Math.ceil(c.length / rows[n]));
          });
          let stack = 1;
          lanes.forEach((l) => {
            const c = cells.get(l.key).get(k);
            if (c) stack = Math.max(stack, Math.ceil(c.length / sub));
          });
          subs.push(sub);
          return sub * (TL.sparse + (1 - TL.sparse) * Math.min(1, (stack - 1) / 4));
        });
        const w = (sum(units) + sum(gaps)) * TL.cw;
        const h = sum(rows) * TL.ch + lanes.length * 2 * TL.lanePad;
        return { rows, subs, units, w, h, scale: Math.min(availW / w, availH / h) };
      };
      let best = shape(1);
      const top = Math.max(1, ...most);
      // Every distinct row count is a candidate; past a few hundred, every few percent is enough.
      for (let cap = 2; cap <= top; cap = cap < 256 ? cap + 1 : Math.ceil(cap * 1.03)) {
        const s = shape(cap);
        if (s.scale > best.scale * 1.0001) best = s;
      }
      // A small timeline would fit only past the closest zoom: make its cells larger instead. Then
      // stretch the other way so the fitted timeline fills the canvas, within reason.
      const grow = Math.min(Math.max(best.scale / MAX_ZOOM, 1), 3);
      const sx = availW / (best.w * grow);
      const sy = availH / (best.h * grow);
      best.cw = grow * TL.cw * (sy < sx ? Math.min(sx / sy, TL.stretch) : 1);
      best.ch = grow * TL.ch * (sx < sy ? Math.min(sy / sx, TL.stretch) : 1);
      return best;
    }

    /**
     * The timeline of the nodes that are on (`on`: 1 per node): {positions: [{i, x, y}], geo},
     * geo being the columns ({x0, x1, w, n, year, gap}), the undated column, the lanes
     * ({key, label, y0, y1}), the bounds and the cell size.
     */
    function timeline(on) {
      const { cells, keys } = cellsOf(on);
      const lanes = CFG.lanes.filter((l) => cells.get(l.key).size);
      const gaps = keys.map((k, n) => (n === 0 ? 0 : k === "u" ? TL.undatedGap : k - keys[n - 1] > 1 ? TL.yearGap : 0));
      const best = bestShape(cells, keys, lanes, gaps);
      const { cw, ch } = best;
      const cols = [];
      const colOf = new Map();
      let undated = null;
      let x = 0;
      keys.forEach((k, n) => {
        x += gaps[n] * cw;
        const w = (best.units[n] / best.subs[n]) * cw;
        const col = { x0: x, x1: x + best.units[n] * cw, w, n };
        if (k === "u") undated = col;
        else cols.push(Object.assign(col, { year: k, gap: gaps[n] > 0 }));
        colOf.set(k, col);
        x = col.x1;
      });
      const bands = [];
      const positions = [];
      let y = 0;
      lanes.forEach((lane, n) => {
        const rows = best.rows[n];
        const y0 = y;
        const y1 = y + rows * ch + 2 * TL.lanePad;
        bands.push({ key: lane.key, label: lane.label, y0, y1 });
        for (const [k, items] of cells.get(lane.key)) {
          items.sort(byName);
          const col = colOf.get(k);
          // Sparse cells in every other column start a row lower, so neighbouring labels alternate.
          const shift = items.length < rows && col.n % 2 ? 1 : 0;
          items.forEach((i, m) => {
            const cx = col.x0 + Math.floor(m / rows) * col.w + col.w / 2;
            const cy = y0 + TL.lanePad + ((m % rows) + shift) * ch + ch / 2;
            positions.push({ i, x: cx, y: cy });
          });
        }
        y = y1;
      });
      return { positions, geo: { cols, undated, lanes: bands, x0: 0, x1: x, y0: 0, y1: y, cw, ch } };
    }

    return { timeline, seeds };
  }

  return { create, AXIS_H, MAX_ZOOM, MARGIN };
})();
