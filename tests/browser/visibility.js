// What the user sees, checked in the page itself (one evaluate per page state).
//
// Every element that is meant to be seen — form controls (input other than hidden, select, textarea,
// button), links styled as buttons, every row of a table body and of a repeating form — that is rendered (not inside a
// display:none, visibility:hidden or [hidden] container such as a collapsed menu, a closed modal or a
// .d-none box; closed <details> are opened first so their content is checked too) must
//   * have a box (not 0 px wide or high),
//   * lie within the viewport's width, unless it sits in a container that scrolls sideways on purpose
//     (overflow-x: auto/scroll, e.g. .table-responsive): then that container must lie within the
//     viewport and have a usable width,
//   * not be clipped away by an overflow:hidden ancestor,
//   * be what the user hits at its centre once scrolled into view (not covered by something else),
//   * be legible: a chosen option not squeezed below six characters, a number not cut off, a short
//     button label not broken over lines; and no table cell may be so narrow that its text stands
//     in lines of one or two characters or break a date or amount.
// And the page itself must not scroll sideways.
//
// Returns a list of {selector, reason}; failing elements are outlined in magenta for the screenshot.
async () => {
  void document.body.offsetHeight; // lay the page out, so that every font it needs is being loaded
  await document.fonts.ready;
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const problems = [];

  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      const id = e.getAttribute("id"); // (a form's .id may be its input named "id")
      if (id) {
        parts.unshift(`${s}#${id}`);
        break;
      }
      for (const attr of ["data-testid", "name", "data-action", "data-kind", "type"]) {
        const v = e.getAttribute(attr);
        if (v) {
          s += `[${attr}="${v}"]`;
          break;
        }
      }
      if (s === e.tagName.toLowerCase() && e.classList.length) {
        s += "." + [...e.classList].slice(0, 2).join(".");
      }
      parts.unshift(s);
    }
    const label = (el.getAttribute("aria-label") || el.innerText || el.value || "")
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 30);
    return parts.join(" > ") + (label ? ` “${label}”` : "");
  };
  const fail = (el, reason) => {
    problems.push({ selector: el === document.documentElement ? "html" : describe(el), reason });
    if (el.style) el.style.outline = "3px solid #f0f";
  };
  const round = (n) => Math.round(n);

  document.querySelectorAll("details:not([open])").forEach((d) => {
    d.open = true;
  });
  window.scrollTo({ left: 0, top: 0, behavior: "instant" });

  // Ancestors that clip or scroll sideways, nearest first. An absolutely positioned box escapes those
  // that are not (inside) its containing block, a fixed one escapes them all.
  const clippers = (el) => {
    const out = [];
    let mode = getComputedStyle(el).position; // how the box nearest so far is placed
    for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      const style = getComputedStyle(p);
      const contains = mode === "fixed" ? false : mode === "absolute" ? style.position !== "static" : true;
      if (!contains) continue;
      if (style.overflowX !== "visible") {
        out.push({ box: p, scrolls: style.overflowX === "auto" || style.overflowX === "scroll" });
      }
      mode = style.position;
    }
    return out;
  };

  // --- the page ---------------------------------------------------------------------------------
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > vw + 1) {
    // Name the outermost boxes that stick out (not those inside something that scrolls or clips).
    const culprits = [...document.body.querySelectorAll("*")].filter((e) => {
      const r = e.getBoundingClientRect();
      if (r.right <= vw + 1 || r.width === 0) return false;
      if (clippers(e).some((c) => c.scrolls)) return false;
      const parent = e.parentElement;
      return !parent || parent === document.body || parent.getBoundingClientRect().right <= vw + 1;
    });
    problems.push({
      selector: "html",
      reason: `the page scrolls sideways: ${pageWidth}px wide in a ${vw}px viewport` +
        (culprits.length ? `; sticking out: ${culprits.slice(0, 4).map(describe).join("; ")}` : ""),
    });
    culprits.slice(0, 4).forEach((e) => { e.style.outline = "3px solid #f0f"; });
  }

  // --- every element meant to be seen -----------------------------------------------------------
  const wanted = [
    ...document.querySelectorAll("input:not([type=hidden]), select, textarea, button, a.btn, tbody > tr, .wb-formrow"),
  ].filter(
    (el) =>
      el.checkVisibility({ visibilityProperty: true }) &&
      !el.closest("[hidden], .visually-hidden, .visually-hidden-focusable, .ts-hidden-accessible") && // tripux: a select Tom Select stands in for
      !el.matches(".btn-check")
  );
  const placed = [];
  for (const el of wanted) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) {
      fail(el, `has no box (${round(r.width)}×${round(r.height)} px)`);
      continue;
    }
    let bad = false;
    let scroller = null;
    for (const { box, scrolls } of clippers(el)) {
      const b = box.getBoundingClientRect();
      if (scrolls) {
        scroller = scroller || box;
        continue;
      }
      if (r.right > b.right + 1 || r.left < b.left - 1 || r.bottom > b.bottom + 1 || r.top < b.top - 1) {
        if (!scroller) {
          fail(el, `clipped by ${describe(box)} (overflow hidden)`);
          bad = true;
          break;
        }
      }
    }
    if (bad) continue;
    if (scroller) {
      const s = scroller.getBoundingClientRect();
      if (s.width < 40) {
        fail(el, `inside a scrolling box ${describe(scroller)} only ${round(s.width)} px wide`);
        continue;
      }
      if (s.left < -1 || s.right > vw + 1) {
        fail(el, `its scrolling box ${describe(scroller)} spans ${round(s.left)}–${round(s.right)} px, outside the ${vw} px viewport`);
        continue;
      }
    } else if (r.left < -1 || r.right > vw + 1) {
      fail(el, `spans ${round(r.left)}–${round(r.right)} px, outside the ${vw} px viewport`);
      continue;
    }
    placed.push(el);
  }

  // --- legible? ---------------------------------------------------------------------------------
  // A chosen option squeezed into a box that shows fewer than six characters of it (住/伙/公), an
  // amount or number cut off in its box, a short button label broken over lines (编/辑).
  const pen = document.createElement("canvas").getContext("2d");
  const textWidth = (el, text) => {
    const st = getComputedStyle(el);
    pen.font = `${st.fontStyle} ${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
    return pen.measureText(text).width;
  };
  const room = (el) => {
    const st = getComputedStyle(el);
    return el.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
  };
  // Lines of text in a node: text boxes that do not overlap vertically (a badge beside a word is on
  // the same line).
  const textNodes = (el) => {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) if (t.textContent.trim()) out.push(t);
    return out;
  };
  const lines = (node) => {
    const boxes = [];
    for (const t of node.nodeType === Node.TEXT_NODE ? [node] : textNodes(node)) {
      const range = document.createRange();
      range.selectNodeContents(t);
      boxes.push(...[...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1));
    }
    boxes.sort((a, b) => a.top - b.top);
    let n = 0;
    let bottom = -Infinity;
    for (const r of boxes) {
      if (r.top >= bottom - 1) {
        n += 1;
        bottom = r.bottom;
      } else {
        bottom = Math.max(bottom, r.bottom);
      }
    }
    return n;
  };
  for (const el of placed) {
    if (el.tagName === "SELECT" && !el.multiple && el.selectedIndex >= 0) {
      const text = el.options[el.selectedIndex].text.trim();
      const need = Math.min(textWidth(el, text), textWidth(el, "国家地区名称"));
      if (text && room(el) + 1 < need) {
        fail(el, `its choice “${text}” is cut off: ${round(room(el))} px to show it`);
      }
    } else if (
      el.tagName === "INPUT" &&
      el.value &&
      (el.type === "number" || (["text", "search", "tel"].includes(el.type) && /^[-+]?[\d.,\s]+$/.test(el.value)))
    ) {
      if (room(el) + 1 < textWidth(el, el.value)) {
        fail(el, `its value “${el.value}” is cut off: ${round(room(el))} px to show it`);
      }
    } else if (el.tagName === "BUTTON" || el.matches("a.btn")) {
      const text = el.innerText.trim();
      if (text && text.length <= 8 && lines(el) > 1) {
        fail(el, `its label “${text}” breaks over ${lines(el)} lines`);
      }
    }
  }

  // A table cell so narrow that its text stands in lines of one or two characters (令狐/文静,
  // 徐州/市教/育局), or that breaks a date or an amount (2026-12-/06): the table should scroll
  // sideways instead.
  for (const cell of document.querySelectorAll("td, th")) {
    if (!cell.checkVisibility({ visibilityProperty: true }) || cell.closest(".visually-hidden")) continue;
    for (const t of textNodes(cell)) {
      const text = t.textContent.replace(/\s+/g, "");
      if (text.length < 4) continue;
      const n = lines(t);
      if (n >= 2 && text.length / n <= 2) {
        fail(cell, `crammed: “${text.slice(0, 12)}” stands in ${n} lines`);
        break;
      }
      if (n >= 2 && /^\d[\d.,:\-\/]*$/.test(t.textContent.trim())) {  // (a date and its time may part)
        fail(cell, `a date or number broken over ${n} lines: “${text}”`);
        break;
      }
    }
  }

  // --- covered? ---------------------------------------------------------------------------------
  // (scrolling boxes are put back afterwards, so that a screenshot shows what the user sees)
  const scrolled = [...document.querySelectorAll(".table-responsive, [style*=overflow]")].map((b) => [b, b.scrollLeft]);
  for (const el of placed) {
    el.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
    const hit = document.elementFromPoint(x, y);
    const label = hit && hit.closest ? hit.closest("label") : null;
    const ok =
      hit &&
      (hit === el ||
        el.contains(hit) ||
        (label && (label.control === el || label.contains(el))) ||
        // a row's centre may fall between two cells (border spacing): that is its own table
        (el.tagName === "TR" && (hit === el.parentElement || hit === el.closest("table"))));
    if (!ok) {
      fail(el, hit ? `covered by ${describe(hit)}` : "nothing is drawn at its centre");
    }
  }
  window.scrollTo({ left: 0, top: 0, behavior: "instant" });
  scrolled.forEach(([box, left]) => { box.scrollLeft = left; });
  return { problems, checked: wanted.length };
}
