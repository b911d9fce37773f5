// Tile picker: one layer's tiled picture; a click (or tap) reports where it landed, as
// fractions of the picture's width and height, so Python can tell which channel and which
// unit was hit. Enter/Space on the focused picture reports its centre. No network, no CDN.
export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  const root = parentElement.querySelector(".tp-root");
  let img = root.querySelector("img");
  let mark = root.querySelector(".tp-mark");
  if (!img) {
    img = document.createElement("img");
    img.tabIndex = 0;
    img.draggable = false;
    mark = document.createElement("div");
    mark.className = "tp-mark";
    root.append(img, mark);
  }
  if (img.getAttribute("src") !== data.src) img.setAttribute("src", data.src);
  img.alt = data.alt || "";
  img.title = data.title || "";
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
