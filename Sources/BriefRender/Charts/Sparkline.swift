/// Sparklines: Unicode ones for the text brief (`▁▂▃▄▅▆▇█`, a space where there is no data),
/// and SVG polylines for the site's tables.
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` drawn in at most `width` characters: longer series are averaged in equal
    /// buckets (the last bucket ends on the last day). Lowest value ▁, highest █.
    static func line(_ values: [Double?], width: Int) -> String {
        let buckets = values.count <= width ? values.map { [$0] } : bucketed(values, into: width)
        let means = buckets.map { bucket -> Double? in
            let reported = bucket.compactMap { $0 }
            return reported.isEmpty ? nil : reported.reduce(0, +) / Double(reported.count)
        }
        let reported = means.compactMap { $0 }
        guard let low = reported.min(), let high = reported.max() else { return "" }
        return String(means.map { mean -> Character in
            guard let mean else { return " " }
            guard high > low else { return levels[levels.count / 2] }
            // Halved first, so the range of two values near ±max stays finite; NaN (from sums
            // beyond the largest double) shows as the middle level rather than trapping.
            let fraction = (mean / 2 - low / 2) / (high / 2 - low / 2)
            let level = fraction.isNaN ? 0.5 : min(max(fraction, 0), 1)
            return levels[Int((level * Double(levels.count - 1)).rounded())]
        })
    }

    /// `values` as the points of an SVG polyline filling `width` × `height` (one unit of margin
    /// above and below for the stroke), lowest value at the bottom; a flat series runs midway.
    static func polyline(_ values: [Double], width: Double, height: Double) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        return ChartViewModel.svgPoints(values.enumerated().lazy.map { index, value in
            (Double(index) * step, high > low ? 1 + (high - value) / (high - low) * (height - 2) : height / 2)
        })
    }

    private static func bucketed(_ values: [Double?], into width: Int) -> [[Double?]] {
        (0..<width).map { bucket in
            let start = values.count * bucket / width
            let end = values.count * (bucket + 1) / width
            return Array(values[start..<end])
        }
    }
}
