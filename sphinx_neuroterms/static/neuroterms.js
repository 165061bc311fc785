/* sphinx-neuroterms: tooltips for term links (progressive enhancement, no dependencies).
 *
 * Data: links carry data-nterm="key" (or data-nterm-std="key"). The project's term texts
 *   are in small files beside this script, _static/neuroterms/tooltips/<file>.js, named by
 *   the hexadecimal code points of the key's first two characters; each calls
 *   ntermTooltipTexts([[key, name, text], ...]) (a list: in an object literal a key
 *   "__proto__" would set the prototype and be lost). A file is loaded (a <script> element, which
 *   works from file:// too) when a reader first points at or focuses one of its links. A
 *   file of a large group names itself as a second argument: its longer keys are in files
 *   named by one more character (down to 16 characters, where a file holds its whole group).
 *   The page's <script type="application/json" id="nterm-tooltips"> block, if any, holds the
 *   rest: {"terms": {key: [name, text]}, "std": {key: [name, text]}} (other projects' terms,
 *   Sphinx :term: entries). Keys are looked up in Maps, never turned into CSS selectors,
 *   and all text reaches the page through textContent only.
 * Behaviour (WCAG 2.1 SC 1.4.13, ARIA tooltip pattern): opens on hover and keyboard focus;
 *   Escape closes it without moving focus; it stays while the pointer is on it and never
 *   hides on a timer (the short delay after leaving a link only lets the pointer reach the
 *   tooltip); it flips above the link at the bottom edge and is kept inside the viewport.
 *   Touch: the first tap on a link shows its tooltip, a second tap follows the link, a tap
 *   elsewhere closes it.
 * Without this script the links still lead to the terms' entries.
 */
(() => {
  "use strict";

  const DATA_ID = "nterm-tooltips";
  const TIP_ID = "nterm-tooltip";
  const TRIGGERS = "[data-nterm], [data-nterm-std]";
  const GAP = 6; // px between a link and its tooltip
  const MARGIN = 8; // px kept free at the viewport's edges
  const LEAVE_GRACE = 300; // ms to move the pointer from a link onto its tooltip

  const script = document.currentScript;
  const openDelay = Math.max(0, Number(script && script.dataset.openDelay) || 0);
  const textsBase = script && script.src ? new URL("neuroterms/tooltips/", script.src).href : null;
  const textsFiles = new Set(); // files already asked for
  const deeper = new Set(); // files whose longer keys are in files one character deeper
  let waiting = null; // the link whose text is being loaded

  let records = null; // {terms: Map, std: Map}
  let tip = null; // the one tooltip element
  let nameBox = null;
  let textBox = null;
  let current = null; // the link whose tooltip is shown
  let saved = null; // the link's own title / aria-describedby while its tooltip shows
  let dismissed = null; // a link closed with Escape: not reopened until left or refocused
  let openTimer = 0;
  let leaveTimer = 0;
  let lastPointer = "mouse"; // pointerType of the latest pointerdown
  let pointerY = null; // where the pointer entered the link (picks the line of a wrapped link)

  function toMap(value) {
    const map = new Map();
    if (value && typeof value === "object") {
      for (const [key, record] of Object.entries(value)) {
        if (Array.isArray(record) && typeof record[0] === "string" && typeof record[1] === "string") {
          map.set(key, record);
        }
      }
    }
    return map;
  }

  function readRecords() {
    const block = document.getElementById(DATA_ID);
    if (!block) return { terms: new Map(), std: new Map() };
    try {
      const raw = JSON.parse(block.textContent);
      return { terms: toMap(raw.terms), std: toMap(raw.std) };
    } catch (error) {
      return { terms: new Map(), std: new Map() }; // broken data: the links still work
    }
  }

  function textsFile(key, depth) {
    return Array.from(key).slice(0, depth).map((c) => c.codePointAt(0).toString(16)).join("-");
  }

  // Called by each texts file. The page's own data block wins over a file.
  window.ntermTooltipTexts = (value, name) => {
    for (const item of Array.isArray(value) ? value : []) {
      if (!Array.isArray(item) || item.length !== 3) continue;
      if (!item.every((part) => typeof part === "string")) continue;
      const [key, termName, text] = item;
      if (!records.terms.has(key)) records.terms.set(key, [termName, text]);
    }
    if (typeof name === "string") deeper.add(name);
    const link = waiting;
    waiting = null;
    if (!link || !(link.matches(":hover") || link === document.activeElement)) return;
    if (recordOf(link)) show(link);
    else loadText(link); // in a file one character deeper, if this one said so
  };

  function loadText(link) {
    const key = link.getAttribute("data-nterm");
    if (key === null || !textsBase) return;
    let depth = 2;
    while (depth < Array.from(key).length && deeper.has(textsFile(key, depth))) depth += 1;
    const file = textsFile(key, depth) + ".js";
    waiting = link;
    if (textsFiles.has(file)) return; // asked for already: shown when (and if) it arrives
    textsFiles.add(file);
    const element = document.createElement("script");
    element.src = new URL(file, textsBase).href;
    document.head.append(element);
  }

  function recordOf(link) {
    if (link.hasAttribute("data-nterm")) return records.terms.get(link.getAttribute("data-nterm"));
    return records.std.get(link.getAttribute("data-nterm-std"));
  }

  function triggerOf(node) {
    const element = node instanceof Element ? node : null;
    return element ? element.closest(TRIGGERS) : null;
  }

  function buildTip() {
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "nterm-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    nameBox = document.createElement("strong");
    nameBox.className = "nterm-tooltip-name";
    textBox = document.createElement("span");
    textBox.className = "nterm-tooltip-text";
    // dir=auto plus CSS isolation keep bidi controls in term text from reordering the rest.
    nameBox.dir = "auto";
    textBox.dir = "auto";
    tip.append(nameBox, textBox);
    document.body.append(tip);
  }

  function show(link) {
    clearTimeout(openTimer);
    clearTimeout(leaveTimer);
    if (current === link) return;
    hide();
    const record = recordOf(link);
    if (!record) {
      loadText(link); // shown when its file arrives, if the link is still pointed at
      return;
    }
    nameBox.textContent = record[0];
    textBox.textContent = record[1];
    current = link;
    // The native title would show a second tooltip: park it while ours is shown.
    saved = { title: link.getAttribute("title"), described: link.getAttribute("aria-describedby") };
    link.removeAttribute("title");
    link.setAttribute("aria-describedby", saved.described ? saved.described + " " + TIP_ID : TIP_ID);
    tip.hidden = false;
    place();
  }

  function hide() {
    clearTimeout(openTimer);
    clearTimeout(leaveTimer);
    waiting = null;
    if (!current) return;
    tip.hidden = true;
    if (saved.title !== null) current.setAttribute("title", saved.title);
    if (saved.described) current.setAttribute("aria-describedby", saved.described);
    else current.removeAttribute("aria-describedby");
    current = null;
    saved = null;
  }

  function place() {
    if (!current) return;
    const rects = Array.from(current.getClientRects());
    let box = rects[0] || current.getBoundingClientRect();
    for (const rect of rects) {
      if (pointerY !== null && pointerY >= rect.top && pointerY <= rect.bottom) box = rect;
    }
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    tip.style.left = "0px";
    tip.style.top = "0px";
    const tipWidth = tip.offsetWidth;
    const tipHeight = tip.offsetHeight;
    let top = box.bottom + GAP;
    const above = top + tipHeight > height - MARGIN && box.top - GAP - tipHeight >= MARGIN;
    if (above) top = box.top - GAP - tipHeight;
    const left = Math.max(MARGIN, Math.min(box.left, width - tipWidth - MARGIN));
    tip.classList.toggle("nterm-tooltip-above", above);
    tip.style.left = Math.round(left) + "px";
    tip.style.top = Math.round(top) + "px";
  }

  function leaveSoon() {
    clearTimeout(openTimer);
    clearTimeout(leaveTimer);
    // A keyboard-focused link keeps its tooltip until it loses focus.
    if (current && current.matches(":focus-visible")) return;
    leaveTimer = setTimeout(hide, LEAVE_GRACE);
  }

  function onPointerOver(event) {
    if (event.pointerType === "touch") return;
    if (tip.contains(event.target)) {
      clearTimeout(leaveTimer);
      return;
    }
    const link = triggerOf(event.target);
    if (!link || link === dismissed) return;
    pointerY = event.clientY;
    clearTimeout(leaveTimer);
    clearTimeout(openTimer);
    if (link === current) return;
    openTimer = setTimeout(() => show(link), openDelay);
  }

  function onPointerOut(event) {
    if (event.pointerType === "touch") return;
    const to = event.relatedTarget;
    const link = triggerOf(event.target);
    if (link && to instanceof Node && link.contains(to)) return;
    if (tip.contains(event.target) && to instanceof Node && tip.contains(to)) return;
    if (link === dismissed && link) dismissed = null;
    if (current && to instanceof Node && (current.contains(to) || tip.contains(to))) return;
    if (link || tip.contains(event.target)) leaveSoon();
  }

  function onFocusIn(event) {
    const link = triggerOf(event.target);
    if (!link) return;
    dismissed = null;
    // A tap focuses the link too; on touch the click handler decides (first tap shows).
    if (lastPointer === "touch") return;
    pointerY = null;
    show(link);
  }

  function onFocusOut(event) {
    const link = triggerOf(event.target);
    if (link && link === current && !link.matches(":hover") && !tip.matches(":hover")) hide();
  }

  function onKeyDown(event) {
    lastPointer = "keyboard"; // so that Tab focus after a tap opens tooltips again
    if (event.key !== "Escape" || !current) return;
    dismissed = current;
    hide(); // focus stays where it is
  }

  function onPointerDown(event) {
    lastPointer = event.pointerType || "mouse";
    if (!current) return;
    const inside = current.contains(event.target) || tip.contains(event.target);
    if (!inside && lastPointer === "touch") hide();
  }

  function onClick(event) {
    if (lastPointer !== "touch") return;
    const link = triggerOf(event.target);
    if (!link || link === current) return; // the second tap follows the link
    event.preventDefault();
    dismissed = null;
    pointerY = null;
    show(link);
  }

  function init() {
    records = readRecords();
    buildTip();
    document.addEventListener("pointerover", onPointerOver);
    document.addEventListener("pointerout", onPointerOut);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("focusout", onFocusOut);
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener("click", onClick, true);
    window.addEventListener("resize", place, { passive: true });
    window.addEventListener("scroll", place, { passive: true, capture: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
