// Runs in the page after checks.js (scripts/browser/check.py) and returns, one line each, what
// that check does not see: a chart's marks (data lines, dots, markers, levels, bars) too close
// in colour to what lies behind them (under WCAG's 3:1 for non-text), a chart label crossed by
// any of its chart's lines but the faint grid, and text whose contrast is under AA once the translucent
// backgrounds behind it are composited over the opaque one below them.
(({ crosses }) => {
  const problems = [];
  const quote = (text) => JSON.stringify(text.trim().replace(/\s+/g, " ").slice(0, 50));
  const rgba = (text) => {
    const parts = (text.match(/[\d.]+/g) || []).map(Number);
    return parts.length < 3 ? null : [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  // `top` (with its alpha) laid over the opaque `bottom`.
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  // The colour behind `el`: every background from the first opaque one up to `el`, composited;
  // `layers` are translucent colours on top of those (a band under a chart's label).
  const backdrop = (el, layers = []) => {
    const stack = [];
    for (let node = el; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (!color || color[3] === 0) continue;
      stack.push(color);
      if (color[3] === 1) break;
    }
    let color = stack.length && stack[stack.length - 1][3] === 1 ? stack.pop() : [255, 255, 255, 1];
    for (const layer of stack.reverse().concat(layers)) color = over(layer, color);
    return color;
  };
  const translucentBehind = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color && color[3] === 1) return false;
      if (color && color[3] > 0) return true;
    }
    return false;
  };
  const centre = (box) => ({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
  const inside = (point, box) => point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom;

  for (const svg of document.querySelectorAll("figure svg")) {
    // A folded chart (in a closed <details>) is not drawn.
    if (!svg.checkVisibility()) continue;
    const chart = (svg.querySelector("title") || {}).textContent || "chart";
    const behind = backdrop(svg);
    // 1. Marks against the chart's background: a stroke where the mark is stroked, else its fill.
    for (const mark of svg.querySelectorAll("polyline, circle, line:not(.grid), rect:not(.band)")) {
      const style = getComputedStyle(mark);
      const stroked = style.stroke !== "none" && parseFloat(style.strokeWidth) > 0;
      const color = rgba(stroked ? style.stroke : style.fill);
      if (!color || color[3] === 0) continue;
      const ratio = contrast(over(color, behind), behind);
      if (ratio < 3) {
        problems.push(`chart "${chart}": a ${mark.tagName.toLowerCase()}.${mark.getAttribute("class")} has contrast ${ratio.toFixed(2)}:1 with the chart's background (needs 3:1)`);
      }
    }
    // 2. Labels clear of every line of the chart (checks.js looks at the data line only) but
    // the grid, whose lines are faint by design (under 3:1).
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim());
    for (const line of svg.querySelectorAll("line:not(.grid)")) {
      const matrix = line.getScreenCTM();
      const at = (x, y) => new DOMPoint(x, y).matrixTransform(matrix);
      const p = at(line.x1.baseVal.value, line.y1.baseVal.value), q = at(line.x2.baseVal.value, line.y2.baseVal.value);
      for (const t of texts) {
        const box = t.getBoundingClientRect();
        const inner = { left: box.left + 1, right: box.right - 1, top: box.top + 1, bottom: box.bottom - 1 };
        if (crosses(p, q, inner)) problems.push(`chart "${chart}": a line (${line.getAttribute("class")}) crosses ${quote(t.textContent)}`);
      }
    }
    // 3. A label over a translucent band: its contrast with the band composited on the chart.
    const bands = [...svg.querySelectorAll("rect.band")].map((band) => ({ box: band.getBoundingClientRect(), color: rgba(getComputedStyle(band).fill) }));
    for (const t of texts) {
      const layers = bands.filter((band) => band.color && inside(centre(t.getBoundingClientRect()), band.box)).map((band) => band.color);
      if (!layers.length) continue;
      const color = rgba(getComputedStyle(t).fill);
      const ratio = contrast(color, backdrop(svg, layers));
      if (ratio < 4.5) problems.push(`chart "${chart}": ${quote(t.textContent)} has contrast ${ratio.toFixed(2)}:1 on its band (AA needs 4.5:1)`);
    }
  }

  // 4. Text on translucent backgrounds (checks.js takes the first mostly opaque one as is).
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el) || el.closest("svg")) continue;
    seen.add(el);
    if (!el.checkVisibility({ visibilityProperty: true }) || !translucentBehind(el)) continue;
    const style = getComputedStyle(el);
    const color = rgba(style.color);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const ratio = contrast(over(color, backdrop(el)), backdrop(el));
    if (ratio < (large ? 3 : 4.5)) {
      problems.push(`${el.tagName.toLowerCase()}: ${quote(node.textContent)} has contrast ${ratio.toFixed(2)}:1 on its translucent background (AA needs ${large ? 3 : 4.5}:1)`);
    }
  }
  // One line for each thing found (a chart's bars repeat the same finding).
  return [...new Set(problems)];
})
