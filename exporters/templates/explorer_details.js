/* noteatlas explorer: the selection and the details card.
 *
 * Selecting a node (a click, a search, a name in the card) shows what the atlas knows of it: kind,
 * year and where it comes from, aliases, summary, papers, relations by kind and direction, the
 * notes and lines that mention it, external links with their check status, tags; and the path, if
 * one is shown. Every string goes in as text (dom module).
 */
noteatlas.modules.details = (function () {
  "use strict";

  const LIMIT = 40;
  // How a relation reads from the selected node: [outgoing, incoming].
  const PHRASES = {
    is_a: ["is a", "kinds"], part_of: ["part of", "parts"], variant_of: ["variant of", "variants"],
    based_on: ["based on", "basis of"], improves_on: ["improves on", "improved by"],
    uses: ["uses", "used by"], addresses: ["addresses", "addressed by"],
    has_problem: ["has problem", "problem of"], precedes: ["precedes", "preceded by"],
    prerequisite_of: ["prerequisite of", "needs"], related_to: ["related to", "related to"],
    leads_to: ["leads to", "comes from"], subtopic_of: ["subtopic of", "subtopics"],
    co_mentioned: ["co-mentioned", "co-mentioned"],
    introduces: ["introduces", "introduced in"], defines: ["defines", "defined in"],
    mentions: ["mentions", "mentioned in"], cites: ["cites", "cited in"],
    links_to: ["links to", "linked from"], embeds: ["embeds", "embedded in"],
    identifies: ["identifies", "identified by"], tagged: ["tagged", "tag of"],
  };
  const SYMMETRIC = new Set(["related_to", "co_mentioned"]);
  const phrase = (kind, dir) => (PHRASES[kind] || [kind + " →", "← " + kind])[dir === "<" ? 1 : 0];

  /** The card and the selection of one page; `app` holds the other modules.
   * One closure, long only by the short helpers in it, which share the page's tables. */
  function create(app) {
    const { A, CFG, state, graph } = app;
    const { $, el, text, isNoteLink, urlEl } = app.dom;
    const { info, byId, src, tgt, weight, back, adjStart, adj, displayName } = A;
    const network = graph.network;
    const groupColour = new Map(CFG.groups.map((g) => [g.group, g.colour]));

    /** A file (index in files) as a link to the note when it is one, and its lines. */
    function fileEl(f, lines) {
      const path = A.files[f];
      const href = A.hrefs[f];
      const out = [isNoteLink(href) ? el("a", { href, text: path }) : el("span", { text: path })];
      if (lines && lines.length) out.push(text(lines.map((l) => ":" + l).join(", ")));
      return out;
    }
    /** A node's name that selects it when clicked (or Enter, Space). */
    function nodeButton(i, label) {
      const go = () => select(i);
      return el("span", {
        class: "linkish", role: "button", tabindex: "0", text: label || displayName(i),
        onclick: go, onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); go(); } },
      });
    }
    function section(title, items) {
      if (!items.length) return [];
      const list = el("ul", null, items.slice(0, LIMIT).map((parts) => el("li", null, parts)));
      const out = [el("h3", { text: title }), list];
      if (items.length > LIMIT) out.push(el("p", { class: "more", text: "… and " + (items.length - LIMIT) + " more" }));
      return out;
    }
    function showCard(on) {
      $("details").hidden = !on;
      $("hint").hidden = on || $("hint").classList.contains("gone");
    }
    function emptyState() {
      return el("div", { class: "empty-state" }, [
        el("p", { text: "Click a node, or search by name or alias (English or 中文)." }),
        el("p", { text: "Find how two concepts connect with the path box, e.g. word2vec → BERT." }),
      ]);
    }

    // "year from note:05-预训练模型/BERT.md" links the note; "paper:..." the paper's node.
    function yearSource(ys) {
      const out = [text("year from ")];
      const source = String(ys);
      const f = source.startsWith("note:") ? A.files.indexOf(source.slice(5)) : -1;
      if (f >= 0) out.push(...fileEl(f));
      else if (byId.has(source)) out.push(nodeButton(byId.get(source), source));
      else out.push(text(source));
      return out;
    }

    // The card's head: name, kind and year badges, the node's own fields.
    function heading(i) {
      const r = info[i];
      const parts = [el("h2", { text: displayName(i) })];
      const badges = el("div", { class: "badges" }, [
        el("span", { class: "badge kind", text: A.kindLabel(r), style: "background:" + (groupColour.get(r.group) || "#64748b") }),
      ]);
      if (r.year !== undefined) {
        const date = [String(r.year), r.month && String(r.month).padStart(2, "0"), r.month && r.day && String(r.day).padStart(2, "0")];
        badges.append(el("span", {
          class: "badge year" + (r.dateInferred ? " inferred" : ""),
          text: (r.dateInferred ? "≈ " : "") + date.filter(Boolean).join("-"),
          title: r.dateInferred ? "no date of its own: placed by what it discusses" : null,
        }));
      }
      if (r.builtin) badges.append(el("span", { class: "badge", text: "built-in" }));
      if (r.unmentioned) badges.append(el("span", { class: "badge vocab", text: "no note mentions it", title: "known from the built-in vocabulary only" }));
      if (r.missing) badges.append(el("span", { class: "badge", text: "missing file" }));
      parts.push(badges);
      if (r.year !== undefined && r.yearSource) parts.push(el("p", { class: "muted small" }, yearSource(r.yearSource)));
      if (r.dateSource) parts.push(el("p", { class: "muted small date-source", text: (r.dateInferred ? "placed by the " : "date from the ") + r.dateSource.replace(/^median/, "median") }));
      if (r.yearNote) parts.push(el("p", { class: "muted small", text: r.yearNote }));
      if (r.keyReasons && r.keyReasons.length) parts.push(el("p", { class: "small key-reasons", text: "key: " + r.keyReasons.join(" · ") }));
      if (r.title && r.title !== displayName(i)) parts.push(el("p", { text: r.title }));
      if (r.nameSource) parts.push(el("p", { class: "muted small", text: "no title known: named by " + r.nameSource }));
      if (r.paperId) parts.push(el("p", { class: "muted small", text: r.paperId + (r.venue ? " · " + r.venue : "") }));
      if (r.authors && r.authors.length) parts.push(el("p", { class: "small", text: r.authors.join(", ") }));
      if (r.file !== undefined) parts.push(el("p", { class: "small" }, fileEl(r.file)));
      if (r.aliases && r.aliases.length) parts.push(el("h3", { text: "aliases" }), el("p", { text: r.aliases.join(" · ") }));
      if (r.summary) parts.push(el("h3", { text: "summary" }), el("p", { text: r.summary }));
      if (r.links && r.links.length) parts.push(...section("links", r.links.map(([u, href, st]) => urlEl(u, href, st))));
      return parts;
    }

    // What node i's edges say: its papers, relations by kind and direction, the files and lines
    // they were seen in, the external links of its resources.
    function neighbours(i) {
      const r = info[i];
      const papers = [];
      const seen = new Set();
      const addPaper = (p) => {
        if (p === undefined || seen.has(p)) return;
        seen.add(p);
        const pr = info[p];
        const line = [nodeButton(p, (pr.title || pr.name) + (pr.year ? " (" + pr.year + ")" : ""))];
        for (const [u, href, st] of (pr.links || []).slice(0, 3)) line.push(el("div", { class: "small" }, urlEl(u, href, st)));
        papers.push(line);
      };
      if (r.paper) addPaper(byId.get(r.paper));
      const relations = new Map();  // "0kind>" (family rank, kind, direction) -> [[other, edge], ...]
      const fileLines = new Map();
      const externals = [];
      for (let p = adjStart[i]; p < adjStart[i + 1]; p++) {
        const j = adj[p];
        const e = { k: A.kindOf(j), fam: A.familyOf(j), s: src[j], t: tgt[j] };
        const other = e.s === i ? e.t : e.s;
        const o = info[other];
        for (const [f, line] of A.evidence(j)) {
          if (f < 0) continue;
          if (!fileLines.has(f)) fileLines.set(f, new Set());
          if (line) fileLines.get(f).add(line);
        }
        if (e.k === "introduces" && e.t === i) addPaper(e.s);
        else if (o.kind === "paper" && (r.kind === "concept" || r.kind === "note")) addPaper(other);
        if (o.kind === "resource") for (const [u, href, st] of o.links || []) externals.push(urlEl(o.title || u, href, st));
        // Document edges too for papers, notes and the like (what they introduce, define, mention,
        // cite); a concept's own notes are listed under "notes and lines" already.
        const listed = e.fam !== "document" || r.kind !== "concept" || e.k === "defines";
        if (listed && other !== i) {
          const dir = SYMMETRIC.has(e.k) ? "=" : e.s === i ? ">" : "<";
          const key = ({ relation: "0", derived: "1" }[e.fam] || "2") + e.k + dir;
          if (!relations.has(key)) relations.set(key, []);
          relations.get(key).push([other, j]);
        }
      }
      return { papers, relations, fileLines, externals };
    }

    /** Where a relation comes from: the note and line that states it, or the vocabulary. */
    function sourceEl(j) {
      const ev = A.fromNotes(j);
      if (!ev) return el("span", { class: "src vocab", text: " vocabulary", title: "only the built-in vocabulary states this; no note does" });
      const path = A.files[ev[0]];
      const href = A.hrefs[ev[0]];
      const label = " " + path.split("/").pop() + (ev[1] ? ":" + ev[1] : "");
      const title = "from your notes: " + path + (ev[1] ? ":" + ev[1] : "");
      return isNoteLink(href) ? el("a", { class: "src notes", href, text: label, title }) : el("span", { class: "src notes", text: label, title });
    }

    // Typed relations one line per kind and direction (where each was written shows on hover);
    // weak ones after them, the strongest first, as a short list.
    function relationSection(relations) {
      const keys = [...relations.keys()].sort();
      if (!keys.length) return [];
      const list = el("ul", { class: "relations" });
      for (const key of keys) {
        const items = relations.get(key);
        const weak = key[0] !== "0";
        const kind = key.slice(1, -1);
        items.sort((a, b) => weight[b[1]] - weight[a[1]] || (displayName(a[0]) < displayName(b[0]) ? -1 : 1));
        const targets = el("span", { class: "targets" });
        const shown = items.slice(0, weak ? 16 : LIMIT);
        shown.forEach(([other, j], n) => {
          const b = nodeButton(other);
          const where = A.evidence(j).filter((ev) => ev[0] >= 0).slice(0, 3).map((ev) => A.files[ev[0]] + ":" + ev[1]);
          if (where.length) b.title = where.join("\n");
          if (n) targets.append(text(" · "));
          targets.append(b);
          if (key[0] !== "2" && kind !== "co_mentioned") targets.append(sourceEl(j));
          if (back[j]) targets.append(el("span", { class: "back", text: " ⟲", title: "goes back in time: the arrow points against the years" }));
        });
        if (items.length > shown.length) targets.append(el("span", { class: "more", text: " … +" + (items.length - shown.length) }));
        list.append(el("li", { class: weak ? "weak" : null }, [
          el("span", { class: "rel", text: phrase(kind, key.slice(-1)), title: kind }), targets,
        ]));
      }
      return [el("h3", { text: "relations" }), list];
    }

    /** Fill the card with node i (-1: the empty state, card hidden). */
    function render(i) {
      const body = $("details-body");
      if (i < 0) { body.replaceChildren(emptyState()); showCard(false); return; }
      showCard(true);
      const parts = heading(i);
      const near = neighbours(i);
      parts.push(...section("papers", near.papers));
      parts.push(...relationSection(near.relations));
      const files = [...near.fileLines.keys()].sort((a, b) => (A.files[a] < A.files[b] ? -1 : 1));
      parts.push(...section("notes and lines", files.map((f) => fileEl(f, [...near.fileLines.get(f)].sort((a, b) => a - b)))));
      parts.push(...section("external links", near.externals));
      const tags = (info[i].tags || []).map((t) => A.tags[t]);
      if (tags.length) parts.push(el("h3", { text: "tags" }), el("div", { class: "badges" }, tags.map((t) => el("span", { class: "badge", text: "#" + t }))));
      if (state.path.nodes.length) parts.push(...pathSection());
      body.replaceChildren(...parts);
    }

    /** The path shown (or why there is none), step by step with where each was written. */
    function pathSection() {
      const path = state.path;
      if (path.message) {
        const out = [el("h3", { text: "path" }), el("p", { class: "path-message", text: path.message })];
        if (path.suggestions.length) {
          out.push(el("p", { class: "suggestions" }, [text("Did you mean: "), ...path.suggestions.flatMap((i, n) => [
            ...(n ? [text(", ")] : []), nodeButton(i),
          ]), text("?")]));
        }
        return out;
      }
      if (!path.nodes.length) return [];
      const items = [el("li", null, [nodeButton(path.nodes[0])])];
      for (const s of path.steps) {
        const k = A.kindOf(s.edge);
        // The relation from a note; else the step from a note (a lineage it states) with its
        // kind from the vocabulary; else the vocabulary alone.
        const stated = A.fromNotes(s.edge);
        const lineage = stated ? null : (s.ev || []).find((ev) => ev[0] >= 0 && ev[2] !== "vocabulary");
        const where = stated || lineage || (s.ev || A.evidence(s.edge)).filter((ev) => ev[0] >= 0)[0];
        const source = stated ? "notes" : lineage ? "lineage" : "vocabulary";
        const li = el("li", { "data-edge": A.edgeId(s.edge), "data-source": source }, [
          el("span", { class: "rel", text: (s.forward ? "—" + k + "→ " : "←" + k + "— ") }),
          nodeButton(s.to),
        ]);
        if (stated) li.append(el("div", { class: "muted small source" }, [text("from your notes: "), ...fileEl(where[0], [where[1]])]));
        else if (lineage) li.append(el("div", { class: "muted small source" }, [text("step from your notes: "), ...fileEl(where[0], [where[1]]), text(" · " + k + " from the built-in vocabulary")]));
        else li.append(el("div", { class: "small source vocab", text: "only in the built-in vocabulary" }));
        if (where && where[3]) li.append(el("div", { class: "muted small", text: where[3] }));
        items.push(li);
      }
      return [el("h3", { text: "path · " + path.steps.length + " steps" }), el("ul", { class: "steps", id: "path-steps" }, items)];
    }

    /** The card for the selection, else for the path, else hidden. */
    function renderPath() {
      if (state.selected >= 0) { render(state.selected); return; }
      const parts = pathSection();
      $("details-body").replaceChildren(...(parts.length ? parts : [emptyState()]));
      showCard(parts.length > 0);
    }

    /** Select a node (index or id) and show it; focus: false leaves the zoom as it is. */
    function select(i, opts) {
      if (typeof i === "string") i = byId.get(i);
      if (i === undefined || i < 0 || i >= A.N) return false;
      const hidden = !state.nodeOn[i];
      state.select(i);
      // A node on the timeline may be in a bin: the selection is drawn wherever it is.
      if (hidden || state.filter("depth") > 0) graph.applyFilters(); else graph.frame();
      network.selectNodes([A.ids[i]]);
      render(i);
      if (!opts || opts.focus !== false) app.camera.focusNode(i);
      else app.camera.keepClear(i);
      network.redraw();
      return true;
    }

    function deselect() {
      if (state.selected < 0) return;
      state.deselect();
      network.unselectAll();
      if (state.filter("depth") > 0) graph.applyFilters(); else graph.frame();
      renderPath();
      network.redraw();
    }

    network.on("click", (params) => {
      if (params.nodes.length) select(params.nodes[0], { focus: false });
      else if (!params.edges.length) deselect();
    });
    return { select, deselect, render, renderPath };
  }

  return { create };
})();
