/* noteatlas explorer: search by name, alias, title or paper id, and the suggestion list.
 *
 * Names are compared NFKC-folded and lower-cased, so full-width letters and case never hide a
 * node; an exact name beats a prefix, which beats a word start, which beats any substring.
 */
noteatlas.modules.search = (function () {
  "use strict";

  const norm = (s) => String(s).normalize("NFKC").toLowerCase().trim();
  const MAX_HITS = 12;

  /** The search of one page; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A } = app;
    const { $, el } = app.dom;
    const { N, ids, byId, info, displayName } = A;
    const KIND_ORDER = noteatlas.modules.data.KIND_ORDER;

    // Each node's names as [raw, normalised], made on first use (the first search, for most).
    const nameCache = new Array(N);
    const namesOf = (i) => {
      if (nameCache[i]) return nameCache[i];
      const r = info[i];
      const names = [r.canonicalName || r.name];
      if (r.name && r.name !== names[0]) names.push(r.name);
      for (const a of r.aliases || []) names.push(a);
      if (r.title) names.push(r.title);
      if (r.paperId) names.push(r.paperId);
      return (nameCache[i] = names.map((n) => [n, norm(n)]));
    };

    /** The best hits for a query: [{i, rank, n, via}] (via: the name that matched, if not the
     * first); onlyKind keeps one kind of node. */
    function search(query, onlyKind) {
      const q = norm(query);
      if (!q) return [];
      const hits = [];
      for (let i = 0; i < N; i++) {
        if (onlyKind && info[i].kind !== onlyKind) continue;
        let best = null;
        const names = namesOf(i);
        for (let n = 0; n < names.length; n++) {
          const [raw, key] = names[n];
          const at = key.indexOf(q);
          if (at < 0) continue;
          const rank = key === q ? 0 : at === 0 ? 1 : /[\s\-_(（/]/.test(key[at - 1]) ? 2 : 3;
          if (!best || rank < best.rank || (rank === best.rank && n < best.n)) best = { i, rank, n, via: n ? raw : null };
        }
        if (best) hits.push(best);
      }
      hits.sort((a, b) => a.rank - b.rank || KIND_ORDER[info[a.i].kind] - KIND_ORDER[info[b.i].kind] ||
        info[b.i].degree - info[a.i].degree || displayName(a.i).length - displayName(b.i).length);
      return hits.slice(0, MAX_HITS);
    }

    /** A node index for a name or an id (concepts first), or -1. */
    function resolve(name) {
      const q = norm(name);
      if (!q) return -1;
      if (byId.has(name)) return byId.get(name);
      const hit = search(name, "concept")[0] || search(name)[0];
      return hit ? hit.i : -1;
    }

    const box = $("search");
    const list = $("suggestions");
    let hits = [];
    let active = 0;
    function showSuggestions() {
      hits = search(box.value);
      active = 0;
      list.replaceChildren(...hits.map((h, n) => {
        const r = info[h.i];
        const li = el("li", { role: "option", "aria-selected": String(n === active), "data-id": ids[h.i] }, [
          el("span", { class: "name", text: displayName(h.i) }),
        ]);
        if (h.via && h.via !== displayName(h.i)) li.append(el("span", { class: "via", text: h.via }));
        li.append(el("span", { class: "meta", text: A.kindLabel(r) + (r.year ? " · " + r.year : "") }));
        li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(n); });
        return li;
      }));
      list.hidden = hits.length === 0;
      box.setAttribute("aria-expanded", String(!list.hidden));
    }
    function choose(n) {
      const h = hits[n];
      if (!h) return;
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.value = displayName(h.i);
      app.details.select(h.i);
    }
    box.addEventListener("input", showSuggestions);
    box.addEventListener("focus", () => { if (box.value) showSuggestions(); });
    box.addEventListener("blur", () => { list.hidden = true; });
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!hits.length) return;
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        [...list.children].forEach((li, n) => li.setAttribute("aria-selected", String(n === active)));
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        if (list.hidden) showSuggestions();
        choose(active);
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });

    // The path box suggests every concept's names.
    const options = [];
    for (let i = 0; i < N; i++) {
      if (info[i].kind !== "concept") continue;
      for (const [raw] of namesOf(i)) options.push(el("option", { value: raw }));
    }
    $("concept-names").replaceChildren(...options);

    return { search, resolve };
  }

  return { create };
})();
