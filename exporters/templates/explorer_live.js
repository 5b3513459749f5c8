/* noteatlas serve: reload this page when `noteatlas serve` rebuilt its file, keeping the view.
 *
 * Never part of a written page: the server adds it (one <script> tag) to the pages it serves.
 * It listens to the server's events (server-sent events); on `rebuilt` naming this page's file,
 * it keeps the view in sessionStorage and reloads; after the reload it puts the view back once
 * the page has drawn. The explorer's own `noteatlas.viewState()` / `noteatlas.restore(state)`
 * are used when the page has them; otherwise the selection, the layout and the camera (zoom
 * and centre) are read and set through the page's API. `window.noteatlasLive` says what
 * happened, for tests and the curious.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const build = Number(script && script.dataset.build) || 0;
  const file = decodeURIComponent(location.pathname.replace(/^\/+/, "")) || "explorer.html";
  const key = "noteatlas-live:" + file;
  const live = (window.noteatlasLive = { build, restored: false, reloading: false, failed: null });

  // The explorer's namespace is a global `const` (a binding, not a property of window); a page
  // without it (the mind map) has nothing to keep but its file.
  /* global noteatlas */
  const api = () => (typeof noteatlas === "undefined" ? null : noteatlas);

  function viewState() {
    const na = api();
    if (!na || !window.noteatlasReady) return null;
    if (typeof na.viewState === "function") return na.viewState();
    const state = { selected: na.selected ? na.selected() : null };
    if (na.layout) state.layout = na.layout();
    if (na.network) {
      state.scale = na.network.getScale();
      state.position = na.network.getViewPosition();
    }
    return state;
  }

  function restore(state) {
    const na = api();
    if (typeof na.restore === "function") {
      na.restore(state);
      return;
    }
    if (state.layout && na.setLayout && na.layout && na.layout() !== state.layout) {
      na.setLayout(state.layout);
    }
    if (state.selected && na.select) {
      try {
        na.select(state.selected);
      } catch (err) {
        /* the node is gone from the new atlas: nothing to select */
      }
    }
    if (state.position && state.scale && na.network) {
      na.network.moveTo({ position: state.position, scale: state.scale });
    }
  }

  const saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    const state = JSON.parse(saved);
    const started = performance.now();
    const whenDrawn = () => {
      if (window.noteatlasReady && api()) {
        restore(state);
        live.restored = true;
      } else if (performance.now() - started < 30000) {
        setTimeout(whenDrawn, 25);
      }
    };
    whenDrawn();
  }

  function banner(text) {
    let box = document.getElementById("noteatlas-live-banner");
    if (!box) {
      box = document.createElement("div");
      box.id = "noteatlas-live-banner";
      box.setAttribute("role", "status");
      box.style.cssText =
        "position:fixed;left:12px;bottom:12px;z-index:1000;max-width:40em;padding:8px 12px;" +
        "background:#fef2f2;color:#991b1b;border:1px solid #fecaca;border-radius:6px;font:13px sans-serif";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }

  const events = new EventSource("/__noteatlas__/events?build=" + build);
  events.addEventListener("rebuilt", (event) => {
    const data = JSON.parse(event.data);
    const files = data.files || [];
    if (data.build <= build || !(files.includes(file) || files.includes("*"))) return;
    const state = viewState();
    if (state) sessionStorage.setItem(key, JSON.stringify(state));
    live.reloading = true;
    events.close();
    location.reload();
  });
  events.addEventListener("failed", (event) => {
    const data = JSON.parse(event.data);
    live.failed = data.message;
    banner("noteatlas serve: the rebuild failed: " + data.message);
  });
})();
