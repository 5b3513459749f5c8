/* noteatlas explorer: DOM helpers that only ever make text.
 *
 * Every string that came from a note reaches the DOM through textContent, a form property or an
 * attribute set here; nothing is parsed as HTML. Only http(s) URLs and the links to notes computed
 * at export time (relative Markdown paths, or under --link-base) ever become an href.
 */
noteatlas.modules.dom = (function () {
  "use strict";

  const $ = (id) => document.getElementById(id);

  /** An element with properties (text, class, style, on<event>, attributes) and children. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null) continue;
        if (k === "text") node.textContent = String(v);
        else if (k === "class") node.className = v;
        else if (k === "style") node.style.cssText = v;
        else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, String(v));
      }
    }
    for (const c of children || []) node.append(c);
    return node;
  }
  const text = (s) => document.createTextNode(String(s));
  const isWebUrl = (u) => typeof u === "string" && /^https?:\/\/[^\s]/i.test(u);
  // A link to a note, as the export made it: a relative Markdown path, or one under the
  // published base of --link-base (http(s) or obsidian:); never any other scheme.
  const isNoteLink = (u) => typeof u === "string" && /\.(md|markdown)$/i.test(u) &&
    (/^(https?|obsidian):\/\/[^\s/]/i.test(u) ||
      (!/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith("//")));
  const STATUS_CLASS = { ok: "ok", redirected: "redirected", broken: "broken", error: "error" };
  const STATUS_MARK = { ok: "✓", redirected: "↪", broken: "✗", error: "✗" };

  /** A link-check result as a small badge, or null for none. */
  function statusEl(status) {
    if (!status) return null;
    const key = String(status);
    return el("span", {
      class: "status " + (STATUS_CLASS[key] || "other"),
      text: (STATUS_MARK[key] ? STATUS_MARK[key] + " " : "") + key,
    });
  }

  /** A URL as a link (web URLs only; anything else stays text) and its check result. */
  function urlEl(label, href, status) {
    const parts = [];
    if (isWebUrl(href)) {
      parts.push(el("a", { href, target: "_blank", rel: "noopener noreferrer", text: label }));
    } else {
      parts.push(el("span", { class: "unsafe", text: label, title: "not a web link: not clickable" }));
    }
    const s = statusEl(status);
    if (s) parts.push(s);
    return parts;
  }

  // The canvas's size, read once per change of size: reading it after the page wrote to the DOM
  // (the counts, the card) lays the page out again, and every frame asks for it many times.
  let size = null;
  function measure() {
    const box = $("network");
    size = { w: Math.max(box.clientWidth, 320), h: Math.max(box.clientHeight, 240) };
  }

  /** The graph canvas's size in pixels (never tiny, even before the page has a layout). */
  function viewport() {
    if (size === null) {
      measure();
      new ResizeObserver(measure).observe($("network"));
    }
    return { w: size.w, h: size.h };
  }

  return { $, el, text, isNoteLink, urlEl, viewport };
})();
