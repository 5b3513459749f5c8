/* noteatlas explorer: the filters panel and the view's controls.
 *
 * Node kinds, what only the vocabulary knows (concepts no note mentions, relations no note
 * states: hidden at first, since the graph is the user's), concept kinds with their colours, edge
 * kinds by family, the edge legend, the year range, tags, orphans and neighbourhood depth; the
 * layout buttons, physics, fit, the filters toggle, Escape, and a new layout when the canvas
 * changes shape. Each control changes the state, then the graph shows what it now says is on.
 */
noteatlas.modules.controls = (function () {
  "use strict";

  const FAMILY = { relation: "typed relations", derived: "derived (weak)", document: "documents" };
  /** What "back in time" counts, for the legend and the counts' tooltip. */
  const BACKWARDS_HELP = "Back in time: an edge whose arrow points against the years, such as A " +
    "precedes B while A is later than B, or A is based on B while B is later than A. Often a " +
    "year or a direction to check in the notes.";

  /** The controls of one page; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, graph } = app;
    const { $, el, text, viewport } = app.dom;
    const network = graph.network;
    const dashed = !CFG.large;  // as the graph draws them
    const apply = () => graph.applyFilters();

    function check(label, checked, onchange, extra) {
      const input = el("input", { type: "checkbox" });
      input.checked = checked;
      input.addEventListener("change", () => onchange(input.checked));
      const parts = [input, ...(extra || []), text(label)];
      return { input, label: el("label", { class: "check" }, parts) };
    }
    function swatch(colour, shape) {
      const cls = shape === "square" ? " square" : shape === "diamond" ? " diamond" : "";
      return el("span", { class: "swatch" + cls, style: "background:" + colour });
    }
    function lineSwatch(colour, style) {
      return el("span", { class: "swatch line " + (style || ""), style: "border-top-color:" + colour });
    }
    const counted = (c, count) => c.label.append(el("span", { class: "n", text: String(count) }));

    function nodeKinds() {
      const box = $("filter-kinds");
      for (const { kind, count } of CFG.nodeKinds) {
        const c = check(kind, state.shown("kinds", kind), (on) => { state.show("kinds", kind, on); apply(); });
        c.input.id = "kind-" + kind;
        c.input.dataset.kind = kind;
        counted(c, count);
        if (!count) c.label.classList.add("empty");
        box.append(c.label);
      }
    }

    // What only the built-in vocabulary knows: off at first, one tick away.
    function sources() {
      const box = $("filter-sources");
      let concepts = 0;
      for (const r of A.info) if (r.unmentioned) concepts++;
      let edges = 0;
      for (let j = 0; j < A.E; j++) edges += A.vocab[j];
      for (const [id, name, label, count, title] of [
        ["show-unmentioned", "unmentioned", "concepts no note mentions", concepts,
          "concepts the built-in vocabulary knows but none of your notes mentions or defines"],
        ["show-vocabulary", "vocabulary", "relations only the vocabulary states", edges,
          "edges no note states: every piece of their evidence is the built-in vocabulary's"],
      ]) {
        const c = check(label, state.filter(name), (on) => { state.setFilter(name, on); apply(); });
        c.input.id = id;
        c.label.title = title;
        counted(c, count);
        if (!count) c.label.classList.add("empty");
        box.append(c.label);
      }
    }

    function conceptKinds() {
      const box = $("filter-groups");
      for (const g of CFG.groups) {
        if (!g.concept) continue;
        const c = check(g.group, true, (on) => { state.show("groups", g.group, on); apply(); }, [swatch(g.colour, g.shape)]);
        c.input.id = "group-" + g.group;
        counted(c, g.count);
        box.append(c.label);
      }
      if (!box.children.length) box.closest("section").hidden = true;
    }

    function edgeKinds() {
      const box = $("filter-edges");
      for (const family of Object.keys(FAMILY)) {
        box.append(el("div", { class: "family", text: FAMILY[family] }));
        for (const k of CFG.edgeKinds) {
          if (k.family !== family) continue;
          const c = check(k.kind, k.shown, (on) => { state.show("edgeKinds", k.kind, on); apply(); },
            [lineSwatch(k.colour, k.family === "derived" && dashed ? "dashed" : "")]);
          c.input.id = "edge-" + k.kind;
          counted(c, k.count);
          if (!k.count) c.label.classList.add("empty");
          box.append(c.label);
        }
      }
      const legend = $("legend-edges");
      for (const [label, colour, style] of [
        ["typed relation", "#0f766e", ""],
        ["derived (weak)", "#94a3b8", dashed ? "dashed" : ""],
        ["document", "#cbd5e1", ""],
        ["only the vocabulary states it", "#94a3b8", dashed ? "dotted" : ""],
        ["goes back in time", CFG.backwardsColour, dashed ? "dotted" : ""],
        ["path", noteatlas.modules.graph.PATH_COLOUR, ""],
      ]) legend.append(el("div", { class: "row" }, [lineSwatch(colour, style), text(label)]));
      legend.append(el("p", { class: "muted small", id: "backwards-help", text: BACKWARDS_HELP }));
    }

    function years() {
      const from = $("year-from");
      const to = $("year-to");
      if (!A.hasYears) { $("years-section").hidden = true; return; }
      for (const input of [from, to]) { input.min = String(A.minYear); input.max = String(A.maxYear); input.step = "1"; }
      from.value = String(A.minYear);
      to.value = String(A.maxYear);
      const onYears = () => {
        const a = Number(from.value);
        const b = Number(to.value);
        state.setFilter("yearFrom", Math.min(a, b));
        state.setFilter("yearTo", Math.max(a, b));
        $("year-label").textContent = state.filter("yearFrom") + "–" + state.filter("yearTo");
        apply();
      };
      from.addEventListener("input", onYears);
      to.addEventListener("input", onYears);
      $("year-label").textContent = A.minYear + "–" + A.maxYear;
    }

    function tags() {
      const box = $("filter-tags");
      const counts = new Array(A.tags.length).fill(0);
      for (const r of A.info) for (const t of r.tags || []) counts[t]++;
      A.tags.forEach((tag, t) => {
        const c = check("#" + tag, false, (on) => { state.show("tags", t, on); apply(); });
        c.input.id = "tag-" + t;
        counted(c, counts[t]);
        box.append(c.label);
      });
      if (!A.tags.length) $("tags-section").hidden = true;
    }

    // The timeline is laid out for the canvas's shape: when that changes, lay out and fit again.
    function followResize() {
      let timer = 0;
      let lastSize = viewport();
      new ResizeObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const now = viewport();
          if (now.w === lastSize.w && now.h === lastSize.h) return;
          lastSize = now;
          if (state.layout === "timeline") graph.relayout();
          else if (app.camera.fitted) app.camera.fitView();
        }, 120);
      }).observe($("network"));
    }

    function view() {
      $("show-undated").addEventListener("change", (ev) => { state.setFilter("undated", ev.target.checked); apply(); });
      $("hide-orphans").addEventListener("change", (ev) => { state.setFilter("hideOrphans", ev.target.checked); apply(); });
      $("depth").addEventListener("change", (ev) => { state.setFilter("depth", Number(ev.target.value) || 0); apply(); });
      $("layout-timeline").addEventListener("click", () => graph.setLayout("timeline"));
      $("layout-free").addEventListener("click", () => graph.setLayout("free"));
      $("fit").addEventListener("click", () => app.camera.fitView());
      // The hint goes once the user has found their way around.
      network.once("click", () => { $("hint").classList.add("gone"); });
      network.once("zoom", () => { $("hint").classList.add("gone"); });
      $("network").addEventListener("wheel", () => { $("hint").classList.add("gone"); }, { once: true, passive: true });
      network.on("hoverNode", (params) => { state.setHover(A.byId.get(params.node)); });
      network.on("blurNode", () => { state.setHover(-1); });
      // A pointer that leaves the canvas over a node gets no blurNode: the node would stay
      // hovered (and drawn whatever the zoom) until the pointer came back.
      $("network").addEventListener("pointerleave", () => { state.setHover(-1); });
      $("backwards").title = BACKWARDS_HELP;
      followResize();
      $("toggle-filters").addEventListener("click", () => {
        const hidden = document.body.classList.toggle("filters-hidden");
        $("toggle-filters").setAttribute("aria-pressed", String(!hidden));
      });
      $("details-close").addEventListener("click", () => app.details.deselect());
      document.addEventListener("keydown", (ev) => {
        const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
        if (ev.key === "Escape" && !typing) app.details.deselect();
      });
      const physics = $("physics");
      physics.checked = !CFG.large;
      physics.disabled = true;
      physics.addEventListener("change", () => network.setOptions({ physics: { enabled: physics.checked && state.layout === "free" } }));
    }

    nodeKinds();
    sources();
    conceptKinds();
    edgeKinds();
    years();
    tags();
    view();
    /** Show the controls as the state says (after restore). */
    function sync() {
      for (const input of document.querySelectorAll("#filter-kinds input[data-kind]")) input.checked = state.shown("kinds", input.dataset.kind);
      for (const g of CFG.groups) if (g.concept) $("group-" + g.group).checked = state.shown("groups", g.group);
      for (const k of CFG.edgeKinds) $("edge-" + k.kind).checked = state.shown("edgeKinds", k.kind);
      A.tags.forEach((_, t) => { $("tag-" + t).checked = state.shown("tags", t); });
      $("show-unmentioned").checked = state.filter("unmentioned");
      $("show-vocabulary").checked = state.filter("vocabulary");
      $("show-undated").checked = state.filter("undated");
      $("hide-orphans").checked = state.filter("hideOrphans");
      $("depth").value = String(state.filter("depth"));
      if (A.hasYears) {
        $("year-from").value = String(state.filter("yearFrom"));
        $("year-to").value = String(state.filter("yearTo"));
        $("year-label").textContent = state.filter("yearFrom") + "–" + state.filter("yearTo");
      }
    }
    return { sync };
  }

  return { create };
})();
