// Puts the drawing canvas's toolbar in the page's language. streamlit-drawable-canvas (0.13.0)
// names its toolbar buttons (tooltip and accessible name) in English only, inside its own
// shadow root; this component, mounted next to it, finds every such toolbar on the page and
// gives each button data.labels[its English name] (the English name is kept in
// data-cnnviz-en, so switching back to English restores it). The canvas mounts after this
// runs and remounts when cleared: we look again a few times, and watch each toolbar found.
export default function (component) {
  const { data } = component;
  const labels = (data && data.labels) || {};
  const watched = new Set();
  const observers = [];
  const translate = (root) => {
    for (const button of root.querySelectorAll(".dc-toolbar .dc-icon-button")) {
      if (!button.dataset.cnnvizEn) button.dataset.cnnvizEn = button.title;
      const text = labels[button.dataset.cnnvizEn] || button.dataset.cnnvizEn;
      if (button.title !== text) button.title = text;
      if (button.getAttribute("aria-label") !== text) button.setAttribute("aria-label", text);
    }
  };
  const scan = () => {
    let found = 0;
    for (const el of document.querySelectorAll("*")) {
      const root = el.shadowRoot;
      if (!root || !root.querySelector(".dc-toolbar .dc-icon-button")) continue;
      found += 1;
      translate(root);
      if (!watched.has(root)) {
        watched.add(root);
        const observer = new MutationObserver(() => translate(root));
        observer.observe(root, { childList: true, subtree: true });
        observers.push(observer);
      }
    }
    return found;
  };
  let tries = 0;
  const timer = setInterval(() => {
    tries += 1;
    if ((scan() > 0 && tries >= 4) || tries >= 40) clearInterval(timer);
  }, 250);
  scan();
  return () => {
    clearInterval(timer);
    for (const observer of observers) observer.disconnect();
  };
}
