/* noteatlas explorer: the timeline's time axis: periods, and where each node sits along it.
 *
 * Dated nodes fall into periods nested decade > year > month > week (a week is days 1-7, 8-14,
 * 15-21 or 22 to the month's end), as deep as their date goes: a concept with a year stays in
 * its year, a paper with an arXiv month in its month, a daily note in its week. A period that
 * holds nodes of its own besides finer periods (a year-only paper in a year of dated ones) keeps
 * them in a first sub-period of its own. The axis gives room where the material is: a leaf period
 * is as wide as the columns its busiest lane needs, in units; a period is as wide as its parts;
 * empty years and months take no room (a gap marks them). Undated nodes get one period at the
 * end. Pure: the nodes that are on in, periods and positions in units out.
 */
noteatlas.modules.axis = (function () {
  "use strict";

  /** Period levels, coarse to fine. */
  const LEVELS = ["decade", "year", "month", "week"];
  const UNDATED = 4;
  // A leaf with at most one node per lane row is this wide; a full column is 1 unit.
  const SPARSE = 0.55;
  // Units between periods that are not neighbours (a year or a month with nothing in it).
  const GAP = 0.35;
  const UNDATED_GAP = 0.7;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

  /** A week of a month: 0 for days 1-7, ... 3 for day 22 to the end. */
  const weekOf = (day) => Math.min(3, Math.floor((day - 1) / 7));

  /** The label of a period, long and short ("2018" / "’18", "May" / "M", "8–14" / "8"). */
  function labels(p) {
    if (p.level === UNDATED) return ["undated", "–"];
    if (p.level === 0) return [p.year + "s", "’" + String(p.year).slice(-2) + "s"];
    if (p.own) return p.level === 2 ? [String(p.year), "’" + String(p.year).slice(-2)] : [MONTHS[p.month - 1], MONTHS[p.month - 1][0]];
    if (p.level === 1) return [String(p.year), p.year >= 1000 ? "’" + String(p.year).slice(-2) : String(p.year)];
    if (p.level === 2) return [MONTHS[p.month - 1], MONTHS[p.month - 1][0]];
    const first = 7 * p.week + 1;
    const last = p.week === 3 ? daysIn(p.year, p.month) : first + 6;
    return [first + "–" + last, String(first)];
  }

  /** The axis of one page's nodes (A: the decoded atlas). */
  function create(A) {
    const { N, info } = A;

    /**
     * The axis of the nodes that are on (`on`: 1 per node), each lane's rows given by
     * `rowsOf(laneKey)`: {periods, roots, U (units in all), u (each node's place, NaN: off),
     * leafOf (each node's leaf period, -1: off), minLeaf (the narrowest leaf, units)}.
     * A period is {n, level, year, month, week, own, parent, kids, u0, u1, gap, label, short,
     * lanes: Map lane -> node indices, most prominent first}.
     */
    function build(on, rowsOf) {
      const periods = [];
      const make = (level, fields, parent) => {
        const p = Object.assign({ n: periods.length, level, own: false, parent, kids: [], u0: 0, u1: 0, gap: false, lanes: new Map() }, fields);
        periods.push(p);
        if (parent >= 0) periods[parent].kids.push(p.n);
        return p;
      };
      // Group: year -> {own, months: month -> {own, weeks: week -> nodes}}, and the undated.
      const years = new Map();
      const undated = [];
      for (let i = 0; i < N; i++) {
        if (!on[i]) continue;
        const r = info[i];
        if (r.year === undefined) { undated.push(i); continue; }
        if (!years.has(r.year)) years.set(r.year, { own: [], months: new Map() });
        const y = years.get(r.year);
        const m = r.month >= 1 && r.month <= 12 ? r.month : 0;
        if (!m) { y.own.push(i); continue; }
        if (!y.months.has(m)) y.months.set(m, { own: [], weeks: new Map() });
        const mo = y.months.get(m);
        if (!(r.day >= 1)) { mo.own.push(i); continue; }
        const w = weekOf(r.day);
        if (!mo.weeks.has(w)) mo.weeks.set(w, []);
        mo.weeks.get(w).push(i);
      }
      const leafOf = new Int32Array(N).fill(-1);
      const units = (nodes) => {
        const per = new Map();
        for (const i of nodes) per.set(info[i].lane, (per.get(info[i].lane) || 0) + 1);
        let w = 0;
        for (const [lane, n] of per) {
          const rows = Math.max(1, rowsOf(lane));
          w = Math.max(w, n <= rows ? SPARSE + (1 - SPARSE) * Math.min(1, (n - 1) / 4) : Math.ceil(n / rows));
        }
        return w;
      };
      let u = 0;
      let minLeaf = Infinity;
      const leaf = (p, nodes) => {
        p.u0 = u;
        u += units(nodes);
        p.u1 = u;
        minLeaf = Math.min(minLeaf, p.u1 - p.u0);
        for (const i of nodes) leafOf[i] = p.n;
        p.nodes = nodes;
      };
      const roots = [];
      let decade = null;
      let lastYear = null;
      for (const year of [...years.keys()].sort((a, b) => a - b)) {
        const y = years.get(year);
        const d = Math.floor(year / 10) * 10;
        if (!decade || decade.year !== d) { decade = make(0, { year: d }, -1); roots.push(decade.n); decade.u0 = u; }
        const yp = make(1, { year }, decade.n);
        if (lastYear !== null && year - lastYear > 1) { u += GAP; yp.gap = true; }
        yp.u0 = u;
        if (!y.months.size) leaf(yp, y.own);
        else {
          if (y.own.length) leaf(make(2, { year, own: true }, yp.n), y.own);
          let lastMonth = null;
          for (const month of [...y.months.keys()].sort((a, b) => a - b)) {
            const mo = y.months.get(month);
            const mp = make(2, { year, month }, yp.n);
            if (lastMonth !== null && month - lastMonth > 1) { u += GAP; mp.gap = true; }
            mp.u0 = u;
            if (!mo.weeks.size) leaf(mp, mo.own);
            else {
              if (mo.own.length) leaf(make(3, { year, month, own: true }, mp.n), mo.own);
              for (const week of [...mo.weeks.keys()].sort((a, b) => a - b)) {
                leaf(make(3, { year, month, week }, mp.n), mo.weeks.get(week));
              }
            }
            mp.u1 = u;
            lastMonth = month;
          }
        }
        yp.u1 = u;
        decade.u1 = u;
        lastYear = year;
      }
      if (undated.length) {
        if (periods.length) u += UNDATED_GAP;
        const p = make(UNDATED, { key: "undated" }, -1);
        p.gap = periods.length > 1;
        leaf(p, undated);
        roots.push(p.n);
      }
      // Where each node sits: a week's nodes by their day, the rest in the middle of their leaf.
      const at = new Float64Array(N).fill(NaN);
      for (const p of periods) {
        if (!p.nodes) continue;
        const w = p.u1 - p.u0;
        const days = p.level === 3 && !p.own ? (p.week === 3 ? daysIn(p.year, p.month) - 21 : 7) : 0;
        for (const i of p.nodes) {
          const d = info[i].day;
          at[i] = days && d ? p.u0 + ((d - 1 - 7 * p.week + 0.5) / days) * w : p.u0 + w / 2;
        }
      }
      // Each period's nodes by lane, most prominent first (then by time): what a bin shows first.
      const rank = (a, b) => info[b].prominence - info[a].prominence || at[a] - at[b] || a - b;
      for (let n = periods.length - 1; n >= 0; n--) {
        const p = periods[n];
        [p.label, p.short] = labels(p);
        if (p.nodes) for (const i of p.nodes) push(p.lanes, info[i].lane, i);
        for (const k of p.kids) for (const [lane, list] of periods[k].lanes) for (const i of list) push(p.lanes, lane, i);
      }
      for (const p of periods) for (const list of p.lanes.values()) list.sort(rank);
      return { periods, roots, U: u, u: at, leafOf, minLeaf: Number.isFinite(minLeaf) ? minLeaf : 1 };
    }

    return { build };
  }

  function push(map, key, value) {
    const list = map.get(key);
    if (list) list.push(value); else map.set(key, [value]);
  }

  return { create, LEVELS, UNDATED, MONTHS };
})();
