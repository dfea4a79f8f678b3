// Runs in the page (scripts/browser/check.py) and returns what a reader would trip over, one
// line each: anything wider than the viewport, chart text outside its chart, chart texts that
// overlap, chart text crossed by a data line, text too small on a phone, text whose
// contrast with its background is under WCAG AA, and a diff's figure wrapped.
(({ crosses }) => {
  const problems = [];
  const width = window.innerWidth;
  const phone = width < 600;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const where = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4; node = node.parentElement) parts.unshift(name(node));
    return parts.join(" > ");
  };
  const quote = (text) => JSON.stringify(text.trim().replace(/\s+/g, " ").slice(0, 50));

  const rgba = (text) => (text.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color.length >= 3 && (color.length < 4 || color[3] > 0.5)) return color;
    }
    return [255, 255, 255];
  };

  // 1. Nothing wider than the viewport (only the outermost offender is named).
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.right <= width + 1 && box.left >= -1)) continue;
    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
    if (parent && (parent.right > width + 1 || parent.left < -1)) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    problems.push(`${where(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px of a ${width} px viewport`);
  }

  // 2. Charts: text inside the chart, apart from other text, clear of the data lines, readable.
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  // A folded chart (in a closed <details>) is not drawn: it is checked where it is shown open.
  const drawn = [...document.querySelectorAll("figure svg")].filter((svg) => svg.checkVisibility());
  for (const svg of drawn) {
    const chart = (svg.querySelector("title") || {}).textContent || where(svg);
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim())
      .map((t) => ({ t, box: t.getBoundingClientRect() }));
    for (const { t, box } of texts) {
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5 || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) {
        problems.push(`chart "${chart}": ${quote(t.textContent)} is cut by the chart's edge`);
      }
      const shown = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      if (phone && shown < 11) problems.push(`chart "${chart}": ${quote(t.textContent)} is ${shown.toFixed(1)} px on a phone (under 11)`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (overlap(texts[i].box, texts[j].box)) {
          problems.push(`chart "${chart}": ${quote(texts[i].t.textContent)} and ${quote(texts[j].t.textContent)} overlap`);
        }
      }
    }
    for (const line of svg.querySelectorAll("polyline")) {
      const matrix = line.getScreenCTM();
      const points = [...line.points].map((p) => new DOMPoint(p.x, p.y).matrixTransform(matrix));
      for (const { t, box } of texts) {
        const inner = { left: box.left + 1, right: box.right - 1, top: box.top + 1, bottom: box.bottom - 1 };
        if (points.some((p, k) => k > 0 && crosses(points[k - 1], p, inner))) {
          problems.push(`chart "${chart}": the data line crosses ${quote(t.textContent)}`);
        }
      }
    }
  }

  // 2b. Flow bars: bullish and bearish tell apart by lightness (3:1) and stand out from the
  // chart's background (3:1, WCAG's non-text contrast).
  for (const svg of drawn) {
    const chart = (svg.querySelector("title") || {}).textContent || where(svg);
    const bull = svg.querySelector(".bar.bullish"), bear = svg.querySelector(".bar.bearish");
    const fills = [bull, bear].filter(Boolean).map((bar) => rgba(getComputedStyle(bar).fill));
    const back = background(svg);
    for (const fill of fills) {
      if (contrast(fill, back) < 3) problems.push(`chart "${chart}": bars of ${fill} have contrast ${contrast(fill, back).toFixed(2)}:1 with the background (needs 3:1)`);
    }
    if (fills.length === 2 && contrast(fills[0], fills[1]) < 3) {
      problems.push(`chart "${chart}": bullish and bearish bars differ by ${contrast(fills[0], fills[1]).toFixed(2)}:1 in lightness (needs 3:1)`);
    }
  }

  // 3. Body text at least 14 px on a phone, and every text's contrast at least WCAG AA.
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    const inChart = el.closest("svg");
    if (inChart && el.tagName.toLowerCase() === "title") continue;
    const size = parseFloat(style.fontSize);
    if (phone && !inChart && size < 14) problems.push(`${where(el)}: ${quote(node.textContent)} is ${size} px on a phone (under 14)`);
    const color = rgba(inChart ? style.fill : style.color);
    if (color.length < 3) continue;
    const ratio = contrast(color, background(el));
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`${where(el)}: ${quote(node.textContent)} has contrast ${ratio.toFixed(2)}:1 (AA needs ${large ? 3 : 4.5}:1)`);
  }

  // 4. A diff's figures read on one line each: a cell of its table of numbers is not wrapped.
  for (const cell of document.querySelectorAll("table.numbers td.number")) {
    if (!cell.checkVisibility() || !cell.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1) problems.push(`${where(cell)}: ${quote(cell.textContent)} is wrapped over ${tops.size} lines`);
  }
  return problems;
})
