// Tile picker: one layer's tiled picture, with its label above and its numbers below; a click
// (or tap) reports where it landed, as fractions of the picture's width and height, so Python
// can tell which channel and which unit was hit. Enter/Space on the focused picture reports its
// centre. Text is written as text (textContent), never as HTML. No network, no CDN.
function writeRuns(el, runs) {
  el.replaceChildren();
  for (const [text, bold] of runs || []) {
    const node = bold ? document.createElement("strong") : document.createTextNode(String(text));
    if (bold) node.textContent = String(text);
    el.append(node);
  }
  el.style.display = el.childNodes.length ? "" : "none";
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector(".tp-root");
  let img = root.querySelector("img");
  let mark = root.querySelector(".tp-mark");
  let label = root.querySelector(".tp-label");
  let caption = root.querySelector(".tp-caption");
  if (!img) {
    label = document.createElement("div");
    label.className = "tp-label";
    const frame = document.createElement("div");
    frame.className = "tp-frame";
    img = document.createElement("img");
    img.tabIndex = 0;
    img.draggable = false;
    mark = document.createElement("div");
    mark.className = "tp-mark";
    frame.append(img, mark);
    caption = document.createElement("div");
    caption.className = "tp-caption";
    root.append(label, frame, caption);
  }
  if (img.getAttribute("src") !== data.src) img.setAttribute("src", data.src);
  img.alt = data.alt || "";
  img.title = data.title || "";
  writeRuns(label, data.label);
  writeRuns(caption, data.caption ? [[data.caption, false]] : []);
  root.style.maxWidth = data.max_width ? `${data.max_width}px` : "100%";
  const send = (x, y) => {
    setTriggerValue("click", { x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y)) });
  };
  img.onclick = (event) => {
    const r = img.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) send((event.clientX - r.left) / r.width, (event.clientY - r.top) / r.height);
  };
  img.onkeydown = (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); send(0.5, 0.5); }
  };
  const sel = data.selected;  // [top, left, bottom, right] as fractions, or null
  if (sel) {
    mark.style.display = "block";
    mark.style.top = `${sel[0] * 100}%`;
    mark.style.left = `${sel[1] * 100}%`;
    mark.style.height = `${(sel[2] - sel[0]) * 100}%`;
    mark.style.width = `${(sel[3] - sel[1]) * 100}%`;
  } else {
    mark.style.display = "none";
  }
}
