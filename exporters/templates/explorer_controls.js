/* noteatlas explorer: the filters panel and the view's controls.
 *
 * Node kinds (and key papers), concept kinds with their colours, edge kinds by family, the edge
 * legend, the year range, tags, orphans and neighbourhood depth; the layout buttons, physics, fit,
 * the filters toggle, Escape, and a new layout when the canvas changes shape. Each control changes
 * the state, then the graph shows what it now says is on.
 */
noteatlas.modules.controls = (function () {
  "use strict";

  const FAMILY = { relation: "typed relations", derived: "derived (weak)", document: "documents" };

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
        if (kind === "paper" && CFG.keyPapers !== null) {
          const key = check("only key papers", state.filter("keyPapersOnly"), (on) => { state.setFilter("keyPapersOnly", on); apply(); });
          key.input.id = "key-papers";
          key.label.classList.add("sub");
          key.label.title = "papers that define a concept or that two notes cite";
          counted(key, CFG.keyPapers);
          box.append(key.label);
        }
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
        ["goes back in time", CFG.backwardsColour, dashed ? "dotted" : ""],
        ["path", noteatlas.modules.graph.PATH_COLOUR, ""],
      ]) legend.append(el("div", { class: "row" }, [lineSwatch(colour, style), text(label)]));
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
          if (app.camera.fitted) app.camera.fitView();
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
      network.on("hoverNode", (params) => { state.setHover(A.byId.get(params.node)); });
      network.on("blurNode", () => { state.setHover(-1); });
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
    conceptKinds();
    edgeKinds();
    years();
    tags();
    view();
    return {};
  }

  return { create };
})();
