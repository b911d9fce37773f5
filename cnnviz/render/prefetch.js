// The home page asks, once it is idle, for the front-end code and fonts the lessons use
// (cnnviz/render/prefetch.py lists them): Streamlit loads each kind of element's code the first
// time a page shows one, so opening a lesson no longer waits for it. Once per browser tab
// (window.__cnnvizPrefetch records when: performance.now() ms); nothing when the browser asks to save data. Each module
// is imported in turn (loaded, compiled and run once: the app's own lazy imports then find it
// ready); fonts are fetched into the browser's cache.
export default function (component) {
  const { data } = component;
  if (!data || window.__cnnvizPrefetch) return;
  const saving = navigator.connection && navigator.connection.saveData;
  const state = { mounted: performance.now(), started: 0, done: 0, js: 0, fonts: 0,
    skipped: Boolean(saving) };
  window.__cnnvizPrefetch = state;
  if (saving) return;
  const index = document.querySelector('script[type="module"][src*="/js/index."]');
  if (!index) return;
  const base = new URL("../", index.src); // Streamlit's static/ folder, under any base path
  const run = async () => {
    state.started = performance.now();
    for (const path of data.js || []) {
      try {
        await import(new URL(path, base).href);
        state.js += 1;
      } catch (e) {
        // a file missing is only a lesson that loads its code itself, as before
      }
    }
    for (const path of data.fonts || []) {
      try {
        await fetch(new URL(path, base).href, { credentials: "same-origin" });
        state.fonts += 1;
      } catch (e) {
        // as above
      }
    }
    state.done = performance.now();
  };
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 1));
  idle(run, { timeout: 2000 });
}
