import BriefCore

/// The room a chart's words take, so labels are laid out to fit before any browser draws them.
///
/// A chart is drawn at two sizes: wide (a 640-unit chart near its own width, text at 13 units)
/// and narrow (a phone, where the chart shrinks to about 356 px and its text is set at 20
/// units, 11 px or more). Labels are placed so they fit at both: style.css sets the same sizes.
enum ChartText {
    /// A label's extent in the chart's units.
    typealias Box = (left: Double, right: Double, top: Double, bottom: Double)

    static let wideSize = 13.0
    static let narrowSize = 20.0

    /// The width of `text` at `size`, from the widths of a sans-serif face's characters (a
    /// little over DejaVu Sans', the face of Debian's Chromium: a `+` is 0.84 em, a digit 0.64).
    static func width(_ text: String, size: Double) -> Double {
        text.reduce(0) { sum, character in sum + em(character) * size }
    }

    /// A character's width in ems; ASCII without looking up Unicode properties.
    private static func em(_ character: Character) -> Double {
        guard let ascii = character.asciiValue else {
            return character.isUppercase ? 0.76 : character.isLowercase ? 0.62 : 0.64
        }
        switch ascii {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: "'"): return 0.32
        case UInt8(ascii: "+"), UInt8(ascii: "="): return 0.84
        case UInt8(ascii: "%"): return 0.96
        case UInt8(ascii: "M"), UInt8(ascii: "W"), UInt8(ascii: "m"), UInt8(ascii: "w"): return 0.99
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 0.76
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return 0.62
        default: return 0.64
        }
    }

    /// The room a label needs across both sizes: its full form when wide, its short form (or
    /// the full one) when narrow.
    static func room(_ label: String, short: String? = nil) -> Double {
        max(width(label, size: wideSize), width(short ?? label, size: narrowSize))
    }

    /// An axis's labels, all in one form: `format` for each tick when wide; when narrow and the
    /// largest tick reaches 10,000, every tick scaled by the largest's suffix (`k`, `M`, `B`)
    /// with the same decimals (`-10k`, `-5k`, `0`), then passed with its value to `short`.
    static func axisLabels(_ ticks: [Double], format: (Double) -> String,
                           short: ((String, Double) -> String)?) -> [(label: String, short: String?)] {
        let largest = ticks.map(abs).max() ?? 0
        guard let short, largest >= 1e4 else { return ticks.map { (format($0), nil) } }
        let (divisor, suffix) = largest >= 1e9 ? (1e9, "B") : largest >= 1e6 ? (1e6, "M") : (1e3, "k")
        let places = places(ticks.map { $0 / divisor })
        return ticks.map { tick in
            (format(tick), short(tick == 0 ? "0" : NumberFormat.decimal(tick / divisor, places: places) + suffix, tick))
        }
    }

    /// The fewest decimals (up to 6) that write every one of `values` exactly: one precision
    /// for an axis (`0.0000%`, `0.0025%`, `0.0050%`).
    static func places(_ values: [Double]) -> Int {
        (0...6).first { places in
            let scale = pow10(places)
            return values.allSatisfy { abs($0 * scale - ($0 * scale).rounded()) < 1e-6 * max(1, abs($0 * scale)) }
        } ?? 6
    }

    private static func pow10(_ places: Int) -> Double {
        (0..<places).reduce(1.0) { value, _ in value * 10 }
    }

    /// A label's box in the chart's units, for a baseline at `y` and an anchor at `x`, at the
    /// narrow size (the larger).
    static func box(_ text: String, x: Double, y: Double, anchor: String) -> Box {
        let width = room(text), size = narrowSize
        let left = anchor == "end" ? x - width : anchor == "middle" ? x - width / 2 : x
        return (left, left + width, y - 0.8 * size, y + 0.25 * size)
    }

    /// Of the `candidates` (x, baseline y, anchor), the first whose box for `text` stays inside
    /// `frame`, clear of the data line and of the labels already `taken`; failing that, the
    /// first inside the frame and clear of the other labels; failing that, the first.
    static func place(_ text: String, candidates: [(x: Double, y: Double, anchor: String)], frame: ChartFrame,
                      line: [[ChartPoint]], taken: [Box] = []) -> (x: Double, y: Double, anchor: String) {
        func fits(_ box: Box) -> Bool {
            box.left >= 0 && box.right <= frame.width && box.top >= 0 && box.bottom <= frame.height && !taken.contains { overlap($0, box) }
        }
        func clear(_ tight: Box) -> Bool {
            // A margin for the glyphs' real extent, which the estimate only approaches.
            let box = (tight.left - 3, tight.right + 3, tight.top - 3, tight.bottom + 3)
            return !line.contains { segment in
                zip(segment, segment.dropFirst()).contains { crosses($0, $1, box) } || segment.count == 1 && inside(segment[0], box)
            }
        }
        let boxes = candidates.map { box(text, x: $0.x, y: $0.y, anchor: $0.anchor) }
        let chosen = boxes.indices.first { fits(boxes[$0]) && clear(boxes[$0]) } ?? boxes.indices.first { fits(boxes[$0]) } ?? 0
        return candidates[chosen]
    }

    private static func overlap(_ a: Box, _ b: Box) -> Bool {
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
    }

    private static func inside(_ point: ChartPoint, _ box: Box) -> Bool {
        point.x >= box.left && point.x <= box.right && point.y >= box.top && point.y <= box.bottom
    }

    /// Whether the segment p–q passes through the box (Liang–Barsky clipping).
    static func crosses(_ p: ChartPoint, _ q: ChartPoint, _ box: Box) -> Bool {
        var (t0, t1) = (0.0, 1.0)
        let dx = q.x - p.x, dy = q.y - p.y
        for (edge, distance) in [(-dx, p.x - box.left), (dx, box.right - p.x), (-dy, p.y - box.top), (dy, box.bottom - p.y)] {
            if edge == 0 {
                if distance < 0 { return false }
                continue
            }
            let t = distance / edge
            if edge < 0 {
                if t > t1 { return false }
                t0 = max(t0, t)
            } else {
                if t < t0 { return false }
                t1 = min(t1, t)
            }
        }
        return t0 < t1
    }
}
