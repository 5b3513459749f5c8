/* noteatlas explorer: where nodes go: the timeline's lanes and level of detail, and where the free
 * layout starts.
 *
 * The timeline is drawn in screen pixels: time runs along x (the axis module says where each
 * period is, in units; the camera says how many pixels a unit is), one lane per kind of node
 * fills the height. At each zoom, each lane walks the periods from coarse to fine, as a map shows
 * countries, then cities: a period whose nodes fit (one column, or columns at least NODE_COL
 * apart) shows them one by one, in time order; a period that does not fit splits into its finer
 * periods while they stay wide enough to read, else it is a bin: a band with a count, and its most
 * prominent nodes on it, each where its label has room. Pure: the view in, positions and bins out.
 */
noteatlas.modules.layout = (function () {
  "use strict";

  /** Screen pixels of the year axis over the top of the timeline. */
  const AXIS_H = 52;
  /** Screen pixels kept free around the timeline: lane names, the year axis, the counts. */
  const MARGIN = { left: 96, right: 20, top: AXIS_H + 10, bottom: 38 };
  const ROW = 24;  // a lane row: a node and a 13px label
  const PAD = 5;  // above and below a lane's rows
  const HEADER = 15;  // a lane's first strip: the bins' counts
  const NODE_COL = 26;  // the closest two columns of nodes may be
  const ONE_COL = 18;  // the narrowest period that shows a column of nodes
  const MIN_BIN = 24;  // the narrowest period that is a bin of its own
  const SPLIT = 0.7;  // a period splits when this much of its width is in readable parts
  const LABEL_MAX = 180;  // the widest label a bin makes room for
  const TAGS_W = 100;  // the lane names' strip at the left of the canvas
  const CULL = 200;  // pixels beyond the canvas still laid out, for edges that leave it
  const CELL = 40;  // screen pixels per cell of the grid that finds overlaps
  /** Fitting the free layout never zooms in closer than this. */
  const MAX_ZOOM = 1.4;

  /** Boxes on screen, and whether a new one would overlap any of them. A grid of CELL-pixel
   * cells over the canvas and a margin (boxes beyond it fall into its edge cells) says which
   * boxes to compare: labels are tried by the thousand in every frame. */
  function Boxes(width = 4096, height = 4096) {
    const left = -CULL - CELL;
    const cols = Math.ceil((width - 2 * left) / CELL);
    const rows = Math.ceil((height - 2 * left) / CELL);
    const grid = new Array(cols * rows);
    const boxes = [];
    const col = (x) => Math.min(Math.max(Math.floor((x - left) / CELL), 0), cols - 1);
    const row = (y) => Math.min(Math.max(Math.floor((y - left) / CELL), 0), rows - 1);
    return {
      add(x0, y0, x1, y1) {
        const n = boxes.length;
        boxes.push(x0, y0, x1, y1);
        for (let gy = row(y0), gy1 = row(y1); gy <= gy1; gy++) {
          for (let gx = col(x0), gx1 = col(x1); gx <= gx1; gx++) {
            const at = gy * cols + gx;
            if (grid[at]) grid[at].push(n); else grid[at] = [n];
          }
        }
      },
      free(x0, y0, x1, y1) {
        for (let gy = row(y0), gy1 = row(y1); gy <= gy1; gy++) {
          for (let gx = col(x0), gx1 = col(x1); gx <= gx1; gx++) {
            const list = grid[gy * cols + gx];
            if (!list) continue;
            for (const n of list) {
              if (x0 < boxes[n + 2] && x1 > boxes[n] && y0 < boxes[n + 3] && y1 > boxes[n + 1]) return false;
            }
          }
        }
        return true;
      },
    };
  }

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
    const axis = noteatlas.modules.axis.create(A);

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

    // The lanes that have nodes on, top to bottom, sharing the canvas's height by the square
    // root of what is in them: {key, label, y0, y1, top (first row), rows}.
    function lanes(on) {
      const count = new Map();
      for (let i = 0; i < N; i++) if (on[i]) count.set(info[i].lane, (count.get(info[i].lane) || 0) + 1);
      const used = CFG.lanes.filter((l) => count.get(l.key));
      const vp = viewport();
      const avail = Math.max(vp.h - MARGIN.top - MARGIN.bottom, 120);
      const least = 2 * PAD + HEADER + 2 * ROW;
      const weight = used.map((l) => Math.sqrt(count.get(l.key)));
      const total = weight.reduce((a, b) => a + b, 0);
      let heights = weight.map((w) => Math.max(least, (avail * w) / total));
      const over = heights.reduce((a, b) => a + b, 0) - avail;
      if (over > 0) {  // the smallest lanes keep their least height; the others give it back
        const big = heights.reduce((a, h) => a + (h > least ? h - least : 0), 0);
        heights = heights.map((h) => (h > least && big > 0 ? h - (over * (h - least)) / big : h));
      }
      let y = MARGIN.top;
      return used.map((l, n) => {
        const y0 = y;
        y += heights[n];
        const rows = Math.max(1, Math.floor((heights[n] - 2 * PAD - HEADER) / ROW));
        return { key: l.key, label: l.label, y0, y1: y, top: y0 + PAD + HEADER, rows };
      });
    }

    /** The timeline of the nodes that are on, for the canvas's shape: {lanes, axis}. */
    function model(on) {
      const ls = lanes(on);
      const rows = new Map(ls.map((l) => [l.key, l.rows]));
      return { lanes: ls, axis: axis.build(on, (key) => rows.get(key) || 1) };
    }

    // Whether n nodes fit a period w pixels wide in a lane of `rows` rows without overlapping.
    const fits = (n, w, rows) => (n <= rows ? w >= ONE_COL : w / Math.ceil(n / rows) >= NODE_COL);

    /**
     * The timeline at a view ({u0, z}: the unit at the plot's left edge, pixels per unit): which
     * nodes are drawn where, and the bins. `forced` nodes are drawn wherever they are;
     * `labelWidth(i)` is node i's label width at 13px. Returns {placed: [i, x, y, ...], bins:
     * [{period, lane, x0, x1, y0, y1, count, shown}], periods: [{period, x0, x1}] (what the axis
     * shows), px(u)}.
     */
    function pack(m, view, forced, labelWidth) {
      const vp = viewport();
      const { periods } = m.axis;
      const px = (u) => MARGIN.left + (u - view.u0) * view.z;
      const width = (p) => (p.u1 - p.u0) * view.z;
      const seen = (p) => px(p.u1) >= -CULL && px(p.u0) <= vp.w + CULL;
      const placed = [];
      const bins = [];
      for (const lane of m.lanes) {
        const fitted = [];
        const binned = [];
        const fitsHere = (p) => {
          const list = p.lanes.get(lane.key);
          return !list || fits(list.length, width(p), lane.rows);
        };
        // A period's parts are worth splitting into when most of its width is in parts that fit or
        // that are wide enough to be bins of their own (a narrow one is then a bin all the same).
        const visit = (p) => {
          if (!p.lanes.has(lane.key) || !seen(p)) return;
          const kids = p.kids.map((k) => periods[k]).filter((k) => k.lanes.has(lane.key));
          if (kids.length && kids.every(fitsHere)) { kids.forEach(visit); return; }
          if (fitsHere(p)) { fitted.push(p); return; }
          const readable = kids.reduce((a, k) => a + (fitsHere(k) || width(k) >= MIN_BIN ? width(k) : 0), 0);
          if (kids.length && readable >= SPLIT * kids.reduce((a, k) => a + width(k), 0)) { kids.forEach(visit); return; }
          binned.push(p);
        };
        for (const r of m.axis.roots) visit(periods[r]);
        const boxes = Boxes(vp.w, vp.h);
        for (const p of fitted) grid(p, lane, m.axis, px, boxes, placed);
        if (binned.length) spread(binned, lane, m.axis, px, forced, labelWidth, boxes, placed, bins);
      }
      // Forced nodes the walk did not reach (off the canvas) are drawn at their time all the same.
      const done = new Set();
      for (let k = 0; k < placed.length; k += 3) done.add(placed[k]);
      const laneOf = new Map(m.lanes.map((l) => [l.key, l]));
      for (const i of forced) {
        const lane = laneOf.get(info[i].lane);
        if (done.has(i) || !lane || !Number.isFinite(m.axis.u[i])) continue;
        placed.push(i, px(m.axis.u[i]), lane.top + ROW / 2);
      }
      return { placed, bins, px };
    }

    // A period's nodes that fit, one by one in time order, each at the start of its leaf period in
    // the first free row, else in the nearest free column of its period. A sparse leaf in every other one starts
    // a row lower, so neighbouring labels alternate.
    function grid(p, lane, ax, px, boxes, placed) {
      const list = p.lanes.get(lane.key).slice();
      const u = ax.u;
      list.sort((a, b) => u[a] - u[b] || info[b].prominence - info[a].prominence || a - b);
      const lo = px(p.u0) + NODE_COL / 2 - 2;
      const hi = Math.max(lo, px(p.u1) - NODE_COL / 2 + 2);
      const rows = lane.rows;
      // rows known taken at the top of each column tried: a dense column fills in one pass, not
      // in a pass per node
      const taken = new Map();
      for (const i of list) {
        const leaf = ax.periods[ax.leafOf[i]];
        const sparse = (leaf.lanes.get(lane.key) || []).length < rows && leaf.n % 2 ? 1 : 0;
        // at the start of its leaf, the leaf's width then its labels' room (or of what shows of
        // it, past the lane names)
        const start = Math.max(px(leaf.u0), Math.min(px(leaf.u1) - NODE_COL, TAGS_W));
        const x0 = Math.min(Math.max(start + NODE_COL / 2, lo), hi);
        let spot = null;
        for (let step = 0; spot === null && step <= 2 * Math.ceil((hi - lo) / NODE_COL) + 1; step++) {
          const x = x0 + (step % 2 ? 1 : -1) * Math.ceil(step / 2) * NODE_COL;
          if (x < lo - 0.5 || x > hi + 0.5) continue;
          const key = Math.round(x) * 2 + sparse;
          let r = taken.get(key) || 0;
          for (; r < rows; r++) {
            const y = lane.top + (((r + sparse) % rows) + 0.5) * ROW;
            if (boxes.free(x - NODE_COL / 2 + 1, y - ROW / 2 + 1, x + NODE_COL / 2 - 1, y + ROW / 2 - 1)) { spot = [x, y]; break; }
          }
          taken.set(key, spot === null ? rows : r + 1);
        }
        if (spot === null) spot = [x0, lane.top + ROW / 2];
        placed.push(i, spot[0], spot[1]);
        boxes.add(spot[0] - NODE_COL / 2 + 1, spot[1] - ROW / 2 + 1, spot[0] + NODE_COL / 2 - 1, spot[1] + ROW / 2 - 1);
      }
    }

    // A lane's bins: their most prominent nodes first, each at its time within its bin, in the
    // first row where it and its label are clear of what is drawn. A bin that has no room left
    // for three in a row stops trying; forced nodes go in anyway.
    function spread(binned, lane, ax, px, forced, labelWidth, boxes, placed, bins) {
      const binOf = new Map();
      const made = binned.map((p) => {
        const b = { period: p, lane: lane.key, x0: px(p.u0), x1: px(p.u1), y0: lane.y0, y1: lane.y1, count: p.lanes.get(lane.key).length, shown: 0, fails: 0 };
        binOf.set(p.n, b);
        return b;
      });
      const candidates = [];
      for (const b of made) {
        const list = b.period.lanes.get(lane.key);
        for (let k = 0; k < list.length && k < lane.rows + 4; k++) candidates.push([list[k], b, 0]);
      }
      for (const i of forced) {
        if (info[i].lane !== lane.key || ax.leafOf[i] < 0) continue;
        for (let p = ax.leafOf[i]; p >= 0; p = ax.periods[p].parent) {
          if (binOf.has(p)) { candidates.push([i, binOf.get(p), 1]); break; }
        }
      }
      candidates.sort((a, b) => b[2] - a[2] || info[b[0]].prominence - info[a[0]].prominence || ax.u[a[0]] - ax.u[b[0]] || a[0] - b[0]);
      const done = new Set();
      for (const [i, b, must] of candidates) {
        if (done.has(i) || (!must && b.fails >= 3)) continue;
        const x = Math.min(Math.max(px(ax.u[i]), b.x0 + 8), Math.max(b.x0 + 8, b.x1 - 8));
        const right = x + 12 + Math.min(labelWidth(i), LABEL_MAX);
        let y = null;
        for (let r = 0; r < lane.rows; r++) {
          const yr = lane.top + (r + 0.5) * ROW;
          if (boxes.free(x - 9, yr - ROW / 2 + 1, right, yr + ROW / 2 - 1)) { y = yr; break; }
        }
        if (y === null && !must) { b.fails++; continue; }
        if (y === null) y = lane.top + ROW / 2;
        boxes.add(x - 9, y - ROW / 2 + 1, right, y + ROW / 2 - 1);
        placed.push(i, x, y);
        done.add(i);
        b.fails = 0;
        b.shown++;
      }
      for (const b of made) { delete b.fails; bins.push(b); }
    }

    return { model, pack, seeds };
  }

  return { create, Boxes, AXIS_H, MARGIN, MAX_ZOOM, ROW, HEADER };
})();
