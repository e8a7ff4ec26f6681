// The map page's scrubbed part, run in the browser (views/map.py, ui/scrub.py): the map
// with its quarter, slider and previous / play / next (data.role "map"), and the parts
// that follow its quarter: the side beside it and the numbers table below (any other
// role: data.html, one per quarter). Every quarter's layers, side and table come once
// with the page; a step or a play tick switches them here, with no server round trip.
// The server hears the quarter once it settles (map_report.js), for the URL and the
// selected province's panel. Texts arrive as text (set as textContent); the side and the
// table arrive as HTML the server built with autoescaped templates.

const STORE = "__nprScrub"; // the quarter the map shows, for its followers
const SETTLE_MS = 250; // the server hears a quarter once it stayed this long
// the map's first frame draws the fills and borders alone: the labels and events (their
// font atlas and programs take longer to set up) follow in the next frame
const FIRST = new Set(["provinces", "land", "borders"]);

function bus() {
  window[STORE] = window[STORE] || { index: null };
  return window[STORE];
}

function announce(index, settled) {
  bus().index = index;
  window.dispatchEvent(new CustomEvent("npr-quarter", { detail: { index } }));
  if (settled) window.dispatchEvent(new CustomEvent("npr-report", { detail: settled }));
}

export default function (args) {
  return args.data.role === "map" ? map(args) : follower(args);
}

// ---------------------------------------------------------------- the side, the table

function follower({ data, parentElement }) {
  const root = parentElement;
  const show = (i) => {
    const html = data.html[i];
    if (html === undefined || root.__shown === html) return;
    root.__shown = html;
    root.innerHTML = html;
  };
  show(bus().index ?? data.index);
  const listen = (e) => show(e.detail.index);
  window.addEventListener("npr-quarter", listen);
  return () => window.removeEventListener("npr-quarter", listen);
}

// ---------------------------------------------------------------- the map

const el = (tag, attrs = {}) => Object.assign(document.createElement(tag), attrs);

function build(root) {
  const main = el("div", { className: "qm-main" });
  const parts = {
    note: el("p", { className: "reduced-motion-note source-line" }),
    label: el("p", { className: "quarter-now" }),
    map: el("div", { className: "qm-map" }),
    slider: el("input", { type: "range", className: "qm-slider", min: 0, step: 1 }),
    first: el("span"),
    last: el("span"),
    prev: el("button", { type: "button", className: "qm-prev" }),
    play: el("button", { type: "button", className: "qm-play" }),
    next: el("button", { type: "button", className: "qm-next" }),
  };
  parts.label.setAttribute("aria-live", "polite");
  parts.map.dataset.testid = "nprMap";
  const buttons = el("div", { className: "qm-buttons" });
  buttons.append(parts.prev, parts.play, parts.next);
  const ends = el("div", { className: "qm-ends" }); // the slider's first and last quarters
  ends.setAttribute("aria-hidden", "true");
  ends.append(parts.first, parts.last);
  main.append(parts.note, parts.label, parts.map, parts.slider, ends, buttons);
  root.replaceChildren(main);
  return parts;
}

// deck.gl and luma.gl refuse to start beside another version of themselves, which
// Streamlit's chart (the story, the events) brings to the same page: ours starts, and
// leaves, with their registrations as it found them
const REGISTERED = ["deck", "luma"];

async function library(url) {
  if (!window.__nprDeck) {
    const theirs = REGISTERED.map((k) => [k, globalThis[k]]);
    for (const k of REGISTERED) delete globalThis[k];
    window.__nprDeck = import(new URL(url, document.baseURI).href).finally(() => {
      for (const [k, v] of theirs) {
        if (v === undefined) delete globalThis[k];
        else globalThis[k] = v;
      }
    });
  }
  return window.__nprDeck;
}

// pydeck's tooltip template: {key} is the picked object's property (or its feature's)
function tooltip(template, style, object) {
  if (!object) return null;
  const props = { ...object, ...(object.properties || {}) };
  const text = template.replace(/\{([^{}]+)\}/g, (_, k) => (props[k] == null ? "" : props[k]));
  return text.trim() ? { text, style } : null;
}

function map({ data, parentElement }) {
  const root = parentElement;
  const s = root.__npr || (root.__npr = { parts: build(root), index: null, timer: null });
  s.data = data;
  const { parts } = s;
  const n = data.quarters.length;
  parts.note.textContent = data.texts.reduced_motion;
  parts.slider.max = String(n - 1);
  parts.slider.setAttribute("aria-label", data.texts.quarter);
  parts.first.textContent = data.quarters[0].short;
  parts.last.textContent = data.quarters[n - 1].short;
  parts.prev.textContent = data.texts.prev;
  parts.next.textContent = data.texts.next;
  parts.map.style.height = `${data.height}px`;

  const playing = () => s.timer !== null;
  const settle = () => {
    clearTimeout(s.settling);
    s.pending = () => {
      s.pending = null;
      const quarter = data.quarters[s.index].quarter;
      s.reported = quarter;
      announce(s.index, { quarter });
    };
    s.settling = setTimeout(s.pending, playing() ? 0 : SETTLE_MS);
  };
  const draw = () => {
    if (!s.deck || !s.lib) return;
    const q = data.quarters[s.index];
    const { layers } = s.converter.convert({ layers: q.layers });
    s.deck.setProps({ layers: s.complete ? layers : layers.filter((l) => FIRST.has(l.id)) });
    // draw now, not at deck.gl's next animation frame: the step shows a frame sooner
    // (its layers updated first, as that frame would: else it draws the old quarter)
    if (s.deck.layerManager) {
      s.deck.layerManager.updateLayers();
      s.deck.redraw("quarter");
    }
  };
  const go = (i, user) => {
    i = Math.max(0, Math.min(n - 1, i));
    const changed = i !== s.index;
    s.index = i;
    const q = data.quarters[i];
    parts.label.textContent = q.label;
    parts.slider.value = String(i);
    parts.slider.setAttribute("aria-valuetext", q.short);
    parts.prev.disabled = i === 0;
    parts.next.disabled = i === n - 1;
    draw();
    announce(i, null);
    if (changed && user) settle();
  };
  const stop = () => {
    clearInterval(s.timer);
    s.timer = null;
    parts.play.textContent = data.texts.play;
  };
  const start = () => {
    if (s.index === n - 1) go(0, true);
    parts.play.textContent = data.texts.pause;
    s.timer = setInterval(() => {
      if (s.index >= n - 1) return stop();
      go(s.index + 1, true);
      if (s.index === n - 1) stop();
    }, s.data.interval_ms);
  };
  parts.play.textContent = playing() ? data.texts.pause : data.texts.play;
  if (playing() && s.interval_ms !== data.interval_ms) {
    stop();
    start();
  }
  s.interval_ms = data.interval_ms;

  if (!s.wired) {
    s.wired = true;
    parts.slider.addEventListener("input", () => s.go(Number(parts.slider.value), true));
    parts.prev.addEventListener("click", () => s.go(s.index - 1, true));
    parts.next.addEventListener("click", () => s.go(s.index + 1, true));
    parts.play.addEventListener("click", () => (s.timer !== null ? s.stop() : s.start()));
    // a press or a focus elsewhere (Share, the measure) tells the server the quarter now,
    // so what it does next (a link, a citation) is of the quarter shown
    const now = (e) => {
      if (s.pending && !root.contains(e.target)) {
        clearTimeout(s.settling);
        s.pending();
      }
    };
    document.addEventListener("pointerdown", now, true);
    document.addEventListener("focusin", now, true);
    s.unwire = () => {
      document.removeEventListener("pointerdown", now, true);
      document.removeEventListener("focusin", now, true);
    };
  }
  Object.assign(s, { go, stop, start, draw });

  // the quarter: the server's when it differs from the one this page last told it (a
  // new page, a reload), else the one shown here (a rerun after a change of measure)
  const told = data.quarters[data.index].quarter;
  const index = s.index === null || told !== s.reported ? data.index : s.index;
  s.reported = told;

  // once the fills and borders are in, the whole map
  const whole = () => {
    if (s.complete || !s.deck) return;
    if (!s.deck.props.layers.every((l) => l.isLoaded)) return requestAnimationFrame(whole);
    s.complete = true;
    s.draw();
  };
  library(data.library).then((lib) => {
    if (!root.isConnected) return;
    if (!s.deck) {
      s.lib = lib;
      s.converter = new lib.JSONConverter({
        configuration: {
          classes: {
            GeoJsonLayer: lib.GeoJsonLayer,
            LineLayer: lib.LineLayer,
            ScatterplotLayer: lib.ScatterplotLayer,
            TextLayer: lib.TextLayer,
          },
        },
      });
      s.deck = new lib.Deck({
        parent: parts.map,
        width: "100%",
        height: "100%",
        controller: { dragRotate: false, touchRotate: false, keyboard: false },
        // no multisampling: the lines smooth their own edges (geo.layers: antialiasing),
        // as map renderers do; in software WebGL it cost a step about 20 ms a frame
        deviceProps: { webgl: { antialias: false } },
        initialViewState: data.view_state,
        getCursor: ({ isHovering }) => (isHovering ? "pointer" : "grab"),
        // the tooltip of the quarter shown (one function: a new one would redraw the map)
        getTooltip: ({ object }) =>
          tooltip(s.data.quarters[s.index].tooltip, s.data.tooltip_style, object),
        onClick: (info) => {
          const p = info.object ? info.object.properties || info.object : {};
          const layer = info.layer ? info.layer.id : null;
          window.dispatchEvent(
            new CustomEvent("npr-report", {
              detail: { click: { layer, code: p.code ?? null, cmauid: p.cmauid ?? null } },
            }),
          );
        },
        onAfterRender: () => {
          const complete = Boolean(s.complete);
          window.dispatchEvent(new CustomEvent("npr-drawn", { detail: { complete } }));
          if (!complete) requestAnimationFrame(whole);
        },
      });
    } else {
      s.deck.setProps({ initialViewState: data.view_state });
    }
    draw();
  });
  go(index, false);

  return () => {
    // Streamlit calls this on every new data and when the element goes: keep the map
    // for the next data, let it go with the element
    setTimeout(() => {
      if (root.isConnected) return;
      clearInterval(s.timer);
      s.unwire();
      if (s.deck) s.deck.finalize();
      s.deck = null;
    }, 0);
  };
}
