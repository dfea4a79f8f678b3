// Geometry both page checks use (scripts/browser/check.py passes it to checks.js and marks.js).
({
  // Does segment p–q pass through the box? Clip it with Liang–Barsky.
  crosses: (p, q, box) => {
    let t0 = 0, t1 = 1;
    const dx = q.x - p.x, dy = q.y - p.y;
    for (const [edge, dist] of [[-dx, p.x - box.left], [dx, box.right - p.x], [-dy, p.y - box.top], [dy, box.bottom - p.y]]) {
      if (edge === 0) { if (dist < 0) return false; continue; }
      const t = dist / edge;
      if (edge < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
    }
    return t0 < t1;
  },
})
