// The stage: draws every grid animation of the app (convolution, transposed convolution,
// pooling, depthwise/separable) from the payload built by cnnviz/render/stage.py.
// Everything is in the browser once: playing, stepping and scrubbing never talk to the server.
// All text is written with textContent (never innerHTML).

const SVG = "http://www.w3.org/2000/svg";
const FILL = {
  input: "#D6E9F8", padding: "#D9D9D9", output: "#D3EFE3", kernel: "#FBE2BE",
  inserted: "#FFFFFF", empty: "#FFFFFF",
};
const INK = { input: "#111111", padding: "#4A4A4A", output: "#111111", kernel: "#111111",
  inserted: "#6B6B6B", empty: "#111111" };
const CELL_MAX = 88;
const CELL_MIN = 9;
const DIGITS_MIN_FONT = 11;
let uidCounter = 0;
const FIT_MEMO = new Map();  // fit decisions by panels, words and space (see Stage.fitKey)

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
  return e;
}

function writeRuns(target, lines) {
  target.replaceChildren();
  lines.forEach((line) => {
    const div = el("div", "line");
    line.forEach(([text, bold]) => div.appendChild(bold ? el("b", null, text) : document.createTextNode(text)));
    if (!line.length) div.textContent = "\u00a0";
    target.appendChild(div);
  });
}

function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

function dominantKind(panel, kinds) {
  const count = {};
  panel.kinds.forEach((k) => { count[k] = (count[k] || 0) + 1; });
  let best = null;
  for (const k in count) {
    const name = kinds[k];
    if (name === "padding" || name === "empty" || name === "inserted") continue;
    if (best === null || count[k] > count[best]) best = k;
  }
  return best === null ? "input" : kinds[best];
}

function scrollOffset(node) {
  let y = 0;
  let n = node;
  while (n) {
    if (n.scrollTop) y += n.scrollTop;
    n = n.parentNode || n.host;
  }
  return y + (window.scrollY || 0);
}

class Stage {
  constructor(host) {
    this.host = host;
    this.uid = "cnnviz" + (++uidCounter);
    this.root = el("div", "stage");
    this.root.setAttribute("data-testid", "cnnviz-stage");
    this.root.tabIndex = 0;
    this.root.setAttribute("role", "group");
    this.legend = el("div", "legend");
    this.board = el("div", "board");
    this.overlay = svg("svg", { class: "overlay", "aria-hidden": "true" });
    this.caption = el("div", "caption");
    this.caption.setAttribute("aria-live", "polite");
    this.note = el("div", "thinned");
    this.controls = el("div", "controls");
    this.playBtn = el("button", "play");
    this.backBtn = el("button", "back", "←");
    this.fwdBtn = el("button", "forward", "→");
    this.counter = el("span", "counter");
    this.counter.setAttribute("data-testid", "cnnviz-stage-counter");
    this.scrub = el("input", "scrub");
    this.scrub.type = "range";
    this.scrub.min = "0";
    this.speedLabel = el("label", "speed");
    this.speedText = el("span");
    this.speed = el("select");
    this.speedLabel.append(this.speedText, this.speed);
    for (const b of [this.playBtn, this.backBtn, this.fwdBtn]) b.type = "button";
    this.controls.append(this.playBtn, this.backBtn, this.fwdBtn, this.counter, this.scrub, this.speedLabel);
    this.board.appendChild(this.overlay);
    this.root.append(this.legend, this.board, this.caption, this.controls, this.note);
    host.appendChild(this.root);
    this.step = 0;
    this.playing = false;
    this.timer = null;
    this.width = 0;
    this.bind();
    this.ro = new ResizeObserver(() => this.scheduleFit(false));
    this.ro.observe(this.root);
    // What is above the stage may grow after it was fitted (a widget drawn once its code
    // arrived, the lecture style applied): on the first screen the stage then fits again, so
    // it does not run off the bottom of a projector's screen. Moved up a little (a widget drawn
    // a few pixels shorter than its placeholder), it still fits: no new fit, which would cost a
    // fresh page 40-70 ms of layout just as it finishes drawing; moved up a lot, larger cells.
    this.above = new ResizeObserver(() => {
      if (this.fittedTop === undefined || !this.root.isConnected) return;
      const moved = this.pageTop() - this.fittedTop;
      if ((moved > 6 || moved < -48) && Math.min(this.pageTop(), this.fittedTop) < window.innerHeight * 0.5) this.scheduleFit(true);
    });
    this.above.observe(document.querySelector('[data-testid="stMainBlockContainer"]') || document.body);
    this.onWindowResize = () => this.scheduleFit(true);
    window.addEventListener("resize", this.onWindowResize);
  }

  bind() {
    this.playBtn.addEventListener("click", () => this.toggle());
    this.backBtn.addEventListener("click", () => { this.pause(); this.go(this.step - 1); });
    this.fwdBtn.addEventListener("click", () => { this.pause(); this.go(this.step + 1); });
    this.scrub.addEventListener("input", () => { this.pause(); this.go(Number(this.scrub.value)); });
    this.speed.addEventListener("change", () => { if (this.playing) { this.pause(); this.play(); } });
    this.root.addEventListener("keydown", (e) => this.key(e));
  }

  key(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const inRange = e.target === this.scrub;
    const inSelect = e.target === this.speed;
    let handled = true;
    switch (e.key) {
      case "ArrowLeft": case "PageUp":
        if (inRange || inSelect) { handled = false; break; }
        this.pause(); this.go(this.step - 1); break;
      case "ArrowRight": case "PageDown":
        if (inRange || inSelect) { handled = false; break; }
        this.pause(); this.go(this.step + 1); break;
      case " ": case "Spacebar":
        if (inSelect) { handled = false; break; }
        this.toggle(); break;
      case "Home": this.pause(); this.go(0); break;
      case "End": this.pause(); this.go(this.data.steps.length - 1); break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); e.stopPropagation(); }
  }

  update(data, lecture) {
    const same = this.data && this.data.id === data.id;
    this.root.classList.toggle("lecture", !!lecture);
    if (same) return;
    const keep = this.data ? Math.min(this.step, data.steps.length - 1) : data.start || 0;
    this.pause();
    this.data = data;
    const L = data.labels;
    this.root.setAttribute("aria-label", L.keys);
    this.root.title = L.keys;
    this.root.setAttribute("data-steps", String(data.steps.length));
    this.root.setAttribute("data-id", data.id);
    this.backBtn.title = L.back; this.backBtn.setAttribute("aria-label", L.back);
    this.fwdBtn.title = L.forward; this.fwdBtn.setAttribute("aria-label", L.forward);
    this.scrub.max = String(data.steps.length - 1);
    this.scrub.setAttribute("aria-label", L.scrub);
    this.speedText.textContent = L.speed;
    const chosen = this.speed.value || "1";
    this.speed.replaceChildren();
    (data.speeds || [[1, "1×"]]).forEach(([v, label]) => {
      const o = el("option", null, label);
      o.value = String(v);
      this.speed.appendChild(o);
    });
    this.speed.value = chosen;
    if (!this.speed.value) this.speed.value = "1";
    this.note.textContent = L.thinned || "";
    this.note.hidden = !L.thinned;
    this.buildLegend();
    this.buildPanels();
    this.step = keep;
    this.width = 0;
    this.scheduleFit(true);
  }

  buildLegend() {
    this.legend.replaceChildren();
    for (const [name, label] of this.data.legend) {
      const item = el("span", "item");
      const sw = el("span", "swatch sw-" + name);
      item.append(sw, el("span", "text", label));
      this.legend.appendChild(item);
    }
  }

  buildPanels() {
    for (const f of this.board.querySelectorAll(".panel, .break")) f.remove();
    const kinds = this.data.kinds;
    this.panels = this.data.panels.map((p, i) => {
      const fig = el("figure", "panel");
      const title = el("figcaption", "title");
      const badge = el("span", "badge kind-" + dominantKind(p, kinds));
      const words = el("span", "words");
      writeRuns(words, p.title);
      title.append(badge, words);
      const s = svg("svg", { class: "grid", role: "img" });
      s.setAttribute("aria-label", p.title.map((l) => l.map((r) => r[0]).join("")).join(" "));
      const id = `${this.uid}-${i}`;
      const defs = svg("defs");
      const hatch = svg("pattern", { id: id + "-hatch", patternUnits: "userSpaceOnUse", width: 8, height: 8, patternTransform: "rotate(45)" });
      hatch.appendChild(svg("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: "#7A7A7A", "stroke-width": 2.2 }));
      const dots = svg("pattern", { id: id + "-dots", patternUnits: "userSpaceOnUse", width: 7, height: 7 });
      dots.appendChild(svg("circle", { cx: 3.5, cy: 3.5, r: 1.3, fill: "#8A8A8A" }));
      defs.append(hatch, dots);
      const layers = {};
      s.appendChild(defs);
      const content = svg("g", { class: "content" });  // hidden while the stage is being fitted
      s.appendChild(content);
      for (const name of ["cells", "hatch", "hi", "digits", "notes", "boxes"]) {
        layers[name] = svg("g", { class: name });
        content.appendChild(layers[name]);
      }
      const cells = [];
      for (let idx = 0; idx < p.h * p.w; idx++) {
        const kind = kinds[p.kinds[idx]];
        const r = svg("rect", { class: "cell k-" + kind, fill: FILL[kind] });
        r.cellIndex = idx;
        layers.cells.appendChild(r);
        cells.push(r);
        if (kind === "padding" || kind === "inserted") {
          const h = svg("rect", { class: "hatch", fill: `url(#${id}-${kind === "padding" ? "hatch" : "dots"})`, "pointer-events": "none" });
          h.dataset.idx = String(idx);
          layers.hatch.appendChild(h);
        }
      }
      if (p.hover) {  // a cell's hover sentence, written when the pointer first comes over it
        layers.cells.addEventListener("mouseover", (e) => {
          const r = e.target;
          if (r.cellIndex === undefined || r.firstChild) return;
          r.appendChild(svg("title")).textContent = p.hover[r.cellIndex];
        });
      }
      fig.append(title, s);
      this.board.insertBefore(fig, this.overlay);
      const longest = Math.max(1, ...p.text.map((t) => t.length),
        ...(p.dynamic ? this.longestWritten(i) : [1]));
      // the digits' elements are made when they are first shown (a large grid's cells are too
      // small for them: thousands of elements fewer)
      return { p, fig, title, svg: s, content, layers, cells, digits: null, texts: p.text.slice(),
        longest, hatch: layers.hatch };
    });
    let maxLines = 1;
    for (const s of this.data.steps) maxLines = Math.max(maxLines, s.caption.length);
    this.captionLines = maxLines;
    this.hasGroups = this.data.panels.every((p) => p.group !== undefined);
    this.arrange("rows");
  }

  // Puts the panels on lines: by their row (the default), or by their group (a second
  // arrangement some animations offer, e.g. one line per channel on a phone).
  arrange(mode) {
    if (this.mode === mode && this.arranged === this.panels) return;  // already so: no DOM moves
    this.arranged = this.panels;
    this.mode = mode;
    for (const f of this.board.querySelectorAll(".break")) f.remove();
    const line = (p) => (mode === "groups" ? (p.group || 0) : (p.row || 0));
    const order = this.panels.map((pp, i) => i)
      .sort((a, b) => line(this.panels[a].p) - line(this.panels[b].p) || a - b);
    let prev = null;
    for (const i of order) {
      const l = line(this.panels[i].p);
      if (prev !== null && l !== prev) this.board.insertBefore(el("div", "break"), this.overlay);
      this.board.insertBefore(this.panels[i].fig, this.overlay);
      prev = l;
    }
    this.lineOf = line;
    this.rowCount = new Set(this.panels.map((pp) => line(pp.p))).size;
  }

  longestWritten(panel) {
    const lens = [1];
    for (const s of this.data.steps) for (const [p, , t] of (s.write || [])) if (p === panel) lens.push(t.length);
    return lens;
  }

  scheduleFit(force) {
    if (this.fitQueued) return;
    this.fitQueued = true;
    requestAnimationFrame(() => {
      this.fitQueued = false;
      const w = this.root.clientWidth;
      if (!force && Math.abs(w - this.width) < 1) return;
      this.width = w;
      this.fit();
    });
  }

  // Sizes: the cell size is the largest that fits the width (panels wrap onto several rows on a
  // narrow screen when that gives larger cells) and keeps the whole stage inside the window. On a
  // wide, short space (a projector, lecture mode) the legend, caption and controls may go beside
  // the grids instead of under them, when that gives larger cells.
  fit() {
    if (!this.data) return;
    this.isolate(true);
    try {
      this.fitIsolated();
    } finally {
      this.isolate(false);
    }
    this.render();
  }

  // While the fitting loop tries sizes, the stage keeps its current box and is a layout root
  // (CSS containment), and the grids' cells are out of layout: each trial lays out the stage's
  // boxes alone, not the whole page around it nor thousands of cells.
  isolate(on) {
    for (const pp of this.panels || []) pp.content.style.display = on ? "none" : "";
    const st = this.root.style;
    if (on) {
      const r = this.root.getBoundingClientRect();
      st.width = r.width + "px";
      st.height = Math.max(1, r.height) + "px";
      st.contain = "strict";
    } else {
      st.width = ""; st.height = ""; st.contain = "";
    }
  }

  // The stage's height as laid out (its content, also while its own box is held fixed).
  contentHeight() {
    const top = this.root.getBoundingClientRect().top;
    let bottom = top;
    for (const child of this.root.children) {
      if (child.hidden) continue;
      const b = child.getBoundingClientRect().bottom + parseFloat(getComputedStyle(child).marginBottom || 0);
      if (b > bottom) bottom = b;
    }
    return bottom - top + parseFloat(getComputedStyle(this.root).paddingBottom || 0);
  }

  // The arrangement chosen for the same panels, words and space before (a lecturer going back
  // to a setting): laid out at once, without the trials.
  fitKey(W) {
    const top = this.pageTop();
    const d = this.data;
    return JSON.stringify([W, window.innerHeight, top, this.root.classList.contains("lecture"),
      d.panels.map((p) => [p.h, p.w, p.title, p.row, p.group]),
      d.legend, this.longestCaption().caption, this.captionLines, d.labels]);
  }

  longestCaption() {
    if (this.longestFor !== this.data) {
      const chars = (st) => st.caption.reduce((n, line) => n + line.reduce((m, r) => m + r[0].length, 0) + 8, 0);
      this.longest = this.data.steps.reduce((a, st) => (chars(st) > chars(a) ? st : a));
      this.longestFor = this.data;
    }
    return this.longest;
  }

  // The stage's top in the page (not the window): what the height budget of the first screen
  // is measured from.
  pageTop() {
    return Math.round(this.root.getBoundingClientRect().top + scrollOffset(this.host) - (window.scrollY || 0));
  }

  fitIsolated() {
    this.fittedTop = this.pageTop();
    const W = Math.max(200, this.root.clientWidth);
    this.fitWidth = this.root.clientWidth;  // held fixed while fitting (isolate)
    const key = this.fitKey(W);
    const known = FIT_MEMO.get(key);
    if (known) {
      const [side, mode, c, gap, base] = known;
      this.root.style.setProperty("--stage-font", base.toFixed(1) + "px");
      this.setSide(side, W, base);
      this.arrange(mode);
      this.layout(c, gap, true);
      this.cell = c;
      return;
    }
    const base = this.root.classList.contains("lecture") ? Math.max(22, Math.min(30, W / 55)) : Math.max(15, Math.min(22, W / 62));
    this.root.style.setProperty("--stage-font", base.toFixed(1) + "px");
    const gap = W < 600 ? 8 : Math.max(14, base * 1.3);
    // each arrangement on offer; the one with readable digits and the largest cells wins
    let chosen = null;
    for (const side of W >= 760 ? [false, true] : [false]) {
      const Wb = this.setSide(side, W, base);
      for (const mode of this.hasGroups ? ["rows", "groups"] : ["rows"]) {
        this.arrange(mode);
        const c = this.fitMode(Wb, gap);
        this.layout(c, gap);
        const shown = this.digitsShown;
        const fits = this.contentHeight() <= this.budget + 1;
        const better = !chosen || (shown !== chosen.shown ? shown
          : fits !== chosen.fits ? fits : c > chosen.c * 1.05);
        if (better) chosen = { side, mode, c, shown, fits };
      }
    }
    this.setSide(chosen.side, W, base);
    if (this.mode !== chosen.mode) this.arrange(chosen.mode);
    this.layout(chosen.c, gap, true);
    this.cell = chosen.c;
    FIT_MEMO.set(key, [chosen.side, chosen.mode, chosen.c, gap, base]);
    if (FIT_MEMO.size > 64) FIT_MEMO.delete(FIT_MEMO.keys().next().value);
  }

  // Legend, caption and controls under the grids, or (side) in a column beside them; returns the
  // width left for the grids. Also reserves the room of the longest caption as it wraps there,
  // so the stage never grows while playing.
  setSide(side, W, base) {
    const S = Math.round(Math.max(15 * base, 0.28 * W));
    const Wb = side ? W - S - Math.round(base) - 4 : W;
    this.root.classList.toggle("side", side);
    this.root.style.gridTemplateColumns = side ? `${Wb}px minmax(0, 1fr)` : "";
    this.root.style.columnGap = side ? Math.round(base) + "px" : "";
    this.longestCaption();
    this.caption.style.minHeight = "";
    if (this.captionShown !== this.longest) {
      writeRuns(this.caption, this.longest.caption);
      this.captionShown = this.longest;
    }
    this.caption.style.minHeight = Math.max(this.caption.offsetHeight, this.captionLines * 1.4 * base) + "px";
    return Wb;
  }

  fitMode(W, gap) {
    const panels = this.panels.map((pp) => pp.p);
    const rowWidths = {};
    const rowCounts = {};
    panels.forEach((p) => {
      const l = this.lineOf(p);
      rowWidths[l] = (rowWidths[l] || 0) + p.w;
      rowCounts[l] = (rowCounts[l] || 0) + 1;
    });
    const maxW = Math.max(...panels.map((p) => p.w));
    const single = Math.min(...Object.keys(rowWidths).map((r) => (W - gap * (rowCounts[r] - 1) - 4) / rowWidths[r]));
    const wrapped = (W - 4) / maxW;
    const rect = this.root.getBoundingClientRect();
    const top = rect.top + scrollOffset(this.host) - (window.scrollY || 0);
    // on the first screen: fit what is left of it; further down (a phone): fit one screen
    const ih = window.innerHeight;
    const best = (budget) => {
      let c = this.settle(Math.max(CELL_MIN, Math.min(CELL_MAX, single)), false, W, gap, budget);
      // wrapping puts the panels on more lines: it can only give larger cells when the height
      // did not limit them
      if (!this.heightLimited && wrapped > single * 1.2 && panels.length > 1) {
        const cw = this.settle(Math.max(CELL_MIN, Math.min(CELL_MAX, wrapped * 0.98)), true, W, gap, budget);
        if (cw > c * 1.15) c = cw;
      }
      return c;
    };
    this.budget = top < ih * 0.5 ? ih - Math.max(0, top) - 12 : ih * 0.9;
    let c = best(this.budget);
    // digits first: when the rest of the first screen is too small to show them, fit one screen
    this.layout(c, gap);
    if (!this.digitsShown && top < ih * 0.5) c = Math.max(c, best(ih * 0.9));
    this.layout(c, gap);
    // a phone: digits rather than a margin, if the whole screen height shows them
    if (!this.digitsShown && W < 600) {
      const taller = best(ih - 8);
      this.layout(taller, gap);
      if (this.digitsShown) c = taller;
    }
    return c;
  }

  // The largest cell size from c down that fits the width (on one row unless allowWrap) and the
  // height budget.
  settle(c, allowWrap, W, gap, budget) {
    this.heightLimited = false;
    for (let i = 0; i < 16; i++) {
      this.layout(c, gap);
      if (c <= CELL_MIN) break;
      const rows = new Set(this.panels.map((pp) => pp.fig.offsetTop)).size;
      const tooWide = this.panels.some((pp) => pp.fig.offsetWidth > W + 1);
      if ((!allowWrap && rows > this.rowCount) || tooWide) { c = Math.max(CELL_MIN, c * 0.93); continue; }
      const h = this.contentHeight();
      if (h <= budget + 1) break;
      this.heightLimited = true;
      const gridH = this.gridHeight(c);
      const fixed = h - gridH;
      const next = Math.max(CELL_MIN, Math.min(c * 0.97, c * Math.max(0.2, (budget - fixed) / Math.max(gridH, 1))));
      c = next;
    }
    return c;
  }

  gridHeight(c) {
    // the tallest panel of each row of the board
    const rows = new Map();
    this.panels.forEach((pp) => {
      const y = pp.fig.offsetTop;
      rows.set(y, Math.max(rows.get(y) || 0, pp.p.h * c));
    });
    let sum = 0;
    rows.forEach((v) => { sum += v; });
    return sum;
  }

  // The grids' sizes for cell size c. The fitting loop calls this many times and measures only
  // the panels' boxes (an SVG's box is its width and height), so the cells themselves are written
  // once, when ``paint`` is true: the chosen size (thousands of cells at the largest settings).
  layout(c, gap, paint) {
    this.board.style.columnGap = gap + "px";
    const fontOf = (pp) => Math.min(c * 0.48, (c * 0.86) / (pp.longest * 0.7));
    // numbers are written everywhere or nowhere (a panel without them would look empty)
    // a phone is held close: its digits may be a little smaller than a projector's
    const least = this.fitWidth < 600 ? DIGITS_MIN_FONT - 2 : DIGITS_MIN_FONT - 1.5;
    const show = c >= 20 && Math.min(...this.panels.map(fontOf)) >= least;
    this.digitsShown = show;
    this.panels.forEach((pp) => {
      const { p, svg: s, cells } = pp;
      const W = p.w * c;
      const H = p.h * c;
      s.setAttribute("width", W + 2);
      s.setAttribute("height", H + 2);
      s.setAttribute("viewBox", `-1 -1 ${W + 2} ${H + 2}`);
      // a short title ("Kernel 1") stays on one line; a long one wraps at the grid's width
      const em = parseFloat(this.root.style.getPropertyValue("--stage-font"));
      if (pp.titleWidth === undefined || pp.titleEm !== em) {
        pp.title.style.maxWidth = "none";
        pp.title.style.whiteSpace = "nowrap";
        pp.titleMax = undefined;
        pp.titleWidth = pp.title.scrollWidth;
        pp.titleEm = em;
      }
      const short = pp.titleWidth <= 7 * em;
      const maxWidth = short ? "none" : Math.max(W, 5.2 * em) + "px";
      if (pp.titleMax !== maxWidth) {  // style writes only when a value changes
        pp.title.style.whiteSpace = short ? "nowrap" : "";
        pp.title.style.maxWidth = maxWidth;
        pp.titleMax = maxWidth;
      }
      const font = fontOf(pp);
      pp.font = font;
      pp.show = show;
      if (!paint) return;
      pp.layers.cells.setAttribute("stroke-width", c < 14 ? 0.6 : 1.2);  // the cells inherit it
      for (let idx = 0; idx < cells.length; idx++) {
        const r = Math.floor(idx / p.w);
        const col = idx % p.w;
        cells[idx].setAttribute("x", col * c);
        cells[idx].setAttribute("y", r * c);
        cells[idx].setAttribute("width", c);
        cells[idx].setAttribute("height", c);
      }
      if (show) this.makeDigits(pp);
      const digits = pp.digits;
      for (let idx = 0; digits && idx < digits.length; idx++) {
        digits[idx].setAttribute("x", (idx % p.w) * c + c / 2);
        digits[idx].setAttribute("y", Math.floor(idx / p.w) * c + c / 2);
        digits[idx].setAttribute("font-size", font.toFixed(1));
        digits[idx].style.display = show ? "" : "none";
      }
      for (const h of pp.hatch.children) {
        const idx = Number(h.dataset.idx);
        h.setAttribute("x", (idx % p.w) * c);
        h.setAttribute("y", Math.floor(idx / p.w) * c);
        h.setAttribute("width", c);
        h.setAttribute("height", c);
      }
    });
  }

  makeDigits(pp) {
    if (pp.digits) return;
    const kinds = this.data.kinds;
    pp.digits = pp.texts.map((text, idx) => {
      const kind = kinds[pp.p.kinds[idx]];
      const d = svg("text", { class: "digit d-" + kind, "text-anchor": "middle", "dominant-baseline": "central", fill: INK[kind], "pointer-events": "none" });
      d.textContent = text;
      return d;
    });
    pp.layers.digits.append(...pp.digits);
  }

  textsAt(step) {
    const texts = this.data.panels.map((p) => p.dynamic ? p.text.slice() : null);
    for (let i = 0; i <= step; i++) {
      for (const [p, idx, t] of (this.data.steps[i].write || [])) if (texts[p]) texts[p][idx] = t;
    }
    return texts;
  }

  go(step) {
    const n = this.data.steps.length;
    this.step = Math.max(0, Math.min(n - 1, step));
    this.render();
  }

  render() {
    if (!this.data || !this.panels) return;
    const c = this.cell || 30;
    const s = this.data.steps[this.step];
    const L = this.data.labels;
    this.root.setAttribute("data-step", String(this.step));
    this.counter.textContent = fmt(L.step_of, { i: s.label, n: this.data.total });
    this.scrub.value = String(this.step);
    this.playBtn.textContent = this.playing ? L.pause : L.play;
    this.playBtn.setAttribute("aria-pressed", this.playing ? "true" : "false");
    writeRuns(this.caption, s.caption);
    this.captionShown = s;
    const texts = this.textsAt(this.step);
    this.panels.forEach((pp, i) => {
      if (texts[i]) {
        texts[i].forEach((t, idx) => {
          if (pp.texts[idx] === t) return;
          pp.texts[idx] = t;
          if (pp.digits) pp.digits[idx].textContent = t;
        });
      }
      pp.layers.hi.replaceChildren();
      pp.layers.notes.replaceChildren();
      pp.layers.boxes.replaceChildren();
    });
    const mark = (list, cls) => {
      for (const [p, cells] of list || []) {
        const pp = this.panels[p];
        for (const idx of cells) {
          const inset = cls === "tgt" ? 2 : 1.5;
          pp.layers.hi.appendChild(svg("rect", { class: "hi " + cls, x: (idx % pp.p.w) * c + inset, y: Math.floor(idx / pp.p.w) * c + inset, width: c - 2 * inset, height: c - 2 * inset }));
        }
      }
    };
    mark(s.win, "win");
    mark(s.tgt, "tgt");
    for (const [p, idx, text] of s.notes || []) {
      const pp = this.panels[p];
      const f = Math.max(9, c * 0.27);
      if (!pp.show || f < 9.5) continue;
      pp.layers.notes.appendChild(svg("text", { class: "note", x: (idx % pp.p.w) * c + c - 3, y: Math.floor(idx / pp.p.w) * c + c - 3, "font-size": f.toFixed(1), "text-anchor": "end" })).textContent = text;
    }
    for (const [p, r0, c0, r1, c1] of s.boxes || []) {
      const pp = this.panels[p];
      pp.layers.boxes.appendChild(svg("rect", { class: "box", x: c0 * c, y: r0 * c, width: (c1 - c0 + 1) * c, height: (r1 - r0 + 1) * c }));
    }
    this.drawLinks(s.links || [], c);
  }

  centre(p, idx, c) {
    const pp = this.panels[p];
    const b = this.board.getBoundingClientRect();
    const g = pp.svg.getBoundingClientRect();
    return [g.left - b.left + 1 + (idx % pp.p.w) * c + c / 2, g.top - b.top + 1 + Math.floor(idx / pp.p.w) * c + c / 2];
  }

  drawLinks(links, c) {
    this.overlay.replaceChildren();
    if (!links.length) return;
    const b = this.board.getBoundingClientRect();
    this.overlay.setAttribute("width", b.width);
    this.overlay.setAttribute("height", b.height);
    for (const [p0, i0, p1, i1] of links) {
      const [x0, y0] = this.centre(p0, i0, c);
      const [x1, y1] = this.centre(p1, i1, c);
      this.overlay.appendChild(svg("line", { class: "link", x1: x0, y1: y0, x2: x1, y2: y1 }));
      this.overlay.appendChild(svg("circle", { class: "link-end", cx: x0, cy: y0, r: Math.max(2.5, c * 0.07) }));
      this.overlay.appendChild(svg("circle", { class: "link-end", cx: x1, cy: y1, r: Math.max(2.5, c * 0.07) }));
    }
  }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  play() {
    if (!this.data) return;
    if (this.step >= this.data.steps.length - 1) this.step = 0;
    this.playing = true;
    this.render();
    const tick = () => {
      const speed = Number(this.speed.value) || 1;
      this.timer = setTimeout(() => {
        if (!this.playing) return;
        if (this.step >= this.data.steps.length - 1) { this.pause(); return; }
        this.go(this.step + 1);
        tick();
      }, this.data.interval / speed);
    };
    tick();
  }

  pause() {
    const was = this.playing;
    this.playing = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (was && this.data) this.render();
  }

  // --- one slider step ahead (cnnviz/render/stage_ahead.py) -----------------------------------
  // The page sends, with its payload (for the slider values ahead.watch), the payloads one step
  // up and down of each slider the stage depends on. When one of those Streamlit sliders moves
  // (its range input's aria-valuetext changes: keyboard, drag or click), the stage draws what
  // the sliders show now if it holds it: the server's payload when they are back on its
  // values, or the payload one step from them. The rerun then brings the same payload (same
  // id: nothing is redrawn) and the next ones. Two steps from the server's values, or a
  // setting whose payload was not sent (too large, impossible), wait for the server.
  setAhead(ahead, lecture) {
    this.ahead = ahead && ahead.watch ? ahead : null;
    this.lecture = lecture;
    if (!this.ahead || !(ahead.next || []).length) return;
    // a slider may already be one step past this answer (moved while it was on its way)
    if (this.sliderWatch) { this.stepAhead(); return; }
    this.sliderWatch = new MutationObserver((muts) => {
      if (!this.ahead) return;
      for (const m of muts) {
        const box = m.target.closest && m.target.closest('[class*="st-key-"]');
        if (box && this.sliderKey(box) in this.ahead.watch) { this.stepAhead(); return; }
      }
    });
    this.sliderWatch.observe(document.body, { attributes: true, subtree: true,
      attributeFilter: ["aria-valuetext"] });
    // another widget touched (a choice, a checkbox): the payloads held assumed it unchanged
    this.onOtherWidget = (e) => {
      if (!this.ahead || e.composedPath().includes(this.root)) return;
      const box = e.target.closest && e.target.closest('[class*="st-key-"]');
      if (box && this.sliderKey(box) in this.ahead.watch) return;
      if (box || (e.target.closest && e.target.closest('[data-testid="stElementContainer"]'))) this.ahead = null;
    };
    document.addEventListener("pointerdown", this.onOtherWidget, true);
    document.addEventListener("keydown", this.onOtherWidget, true);
  }

  sliderKey(box) {
    for (const c of box.classList) if (c.startsWith("st-key-")) return c.slice(7);
    return null;
  }

  stepAhead() {
    const { watch, next, payload } = this.ahead;
    const now = slidersNow(watch);
    let changed = null;
    for (const k in watch) {
      const v = now[k];
      if (v === undefined) return;
      if (v === watch[k]) continue;
      if (changed !== null) return;  // two sliders moved: wait for the server
      changed = [k, v];
    }
    const hit = changed === null ? [null, null, payload]
      : (next || []).find(([k, v]) => k === changed[0] && v === changed[1]);
    if (!hit) return;
    this.aheadValues = now;
    this.update(hit[2], this.lecture);
  }

  destroy() {
    this.pause();
    this.ro.disconnect();
    this.above.disconnect();
    window.removeEventListener("resize", this.onWindowResize);
    if (this.sliderWatch) {
      this.sliderWatch.disconnect();
      document.removeEventListener("pointerdown", this.onOtherWidget, true);
      document.removeEventListener("keydown", this.onOtherWidget, true);
    }
  }
}

// The values the page's Streamlit sliders (by widget key) show now; a missing slider is left out.
function slidersNow(keys) {
  const now = {};
  for (const k in keys) {
    const input = document.querySelector(`.st-key-${CSS.escape(k)} input[type="range"]`);
    if (input) now[k] = Number(input.value);
  }
  return now;
}

function sameValues(a, b) {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

export default function (component) {
  const { data, parentElement } = component;
  if (!data || !data.payload) return undefined;
  let stage = parentElement.__cnnvizStage;
  if (!stage || !stage.root.isConnected) {
    stage = new Stage(parentElement);
    parentElement.__cnnvizStage = stage;
  }
  // A step drawn ahead is not undone by data older than it: data for other slider values than
  // the ones drawn ahead, while the sliders still show those (Streamlit may render the component
  // again before the rerun's answer arrives).
  const values = data.ahead && data.ahead.watch;
  const drawn = stage.aheadValues;
  if (drawn && values && !sameValues(values, drawn) && sameValues(slidersNow(drawn), drawn)) {
    return undefined;
  }
  stage.aheadValues = null;
  stage.update(data.payload, data.lecture);
  stage.setAhead(data.ahead && { ...data.ahead, payload: data.payload }, data.lecture);
  return () => {
    // Streamlit may call this between renders: only tear down when the stage left the page.
    setTimeout(() => {
      if (!stage.root.isConnected) stage.destroy();
    }, 0);
  };
}
