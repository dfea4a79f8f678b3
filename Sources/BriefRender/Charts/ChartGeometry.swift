import BriefCore

/// Maps numbers from a domain onto a pixel range (either direction).
struct LinearScale {
    var domain: (low: Double, high: Double)
    var range: (start: Double, end: Double)

    func callAsFunction(_ value: Double) -> Double {
        range.start + (value - domain.low) / (domain.high - domain.low) * (range.end - range.start)
    }
}

/// A point in the SVG's coordinates.
struct ChartPoint: Equatable {
    var x: Double
    var y: Double
}

/// A bar from the zero line up (positive) or down (negative).
struct ChartBar: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var positive: Bool
}

/// The drawing area of a chart inside its SVG.
struct ChartFrame {
    var width = 640.0
    var height = 200.0
    var left = 100.0
    var right = 16.0
    var top = 14.0
    /// Room for the day labels under the plot at the narrow size (`ChartText`).
    var bottom = 30.0

    /// The default frame: a left margin of 100 units.
    init() {}

    /// A frame whose left margin holds the widest of the y-axis labels, in full when wide and
    /// in their short forms when narrow.
    init(yLabels: [(label: String, short: String?)]) {
        left = (yLabels.map { ChartText.room($0.label, short: $0.short) }.max() ?? 30) + 12
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }
}

/// Pure geometry: scales, ticks, lines with gaps and bars, from daily series.
enum ChartGeometry {
    /// Round tick values covering `low...high` (steps of 1, 2, 2.5 or 5 × 10ⁿ, about `count`
    /// of them), and the domain they span. A flat series gets a domain around its value.
    ///
    /// Total over any doubles: readers refuse implausible values, but whatever arrives here is
    /// first brought within ±`reach` (NaN as 0), so the range, the step and the tick count stay
    /// finite, the loops below run at most about 330 times and there are never more than
    /// `2 × count + 2` ticks.
    static func ticks(low: Double, high: Double, count: Int = 4) -> (ticks: [Double], domain: (low: Double, high: Double)) {
        let (given, count) = ((low, high), min(max(1, count), 20))
        var low = bounded(Swift.min(given.0, given.1))
        var high = bounded(Swift.max(given.0, given.1))
        if high - low < 1e-12 {
            // At least `minimumPad`: a subnormal's 5% is zero.
            let pad = low == 0 ? 1 : Swift.max(abs(low) * 0.05, minimumPad)
            low -= pad
            high += pad
        }
        let rough = (high - low) / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
        // The tolerance keeps 0.008 / 0.002 = 4.000000000000001 from adding a tick.
        let first = (low / step + 1e-9).rounded(.down) * step
        let last = (high / step - 1e-9).rounded(.up) * step
        let steps = Swift.min(Swift.max(0, ((last - first) / step).rounded()), Double(2 * count + 1))
        return ((0...Int(steps)).map { first + Double($0) * step }, (first, last))
    }

    /// Beyond any plausible value and far from overflow: 1e300 × 10 and differences of two
    /// such values are finite.
    static let reach = 1e300
    /// The least half-height of a flat series' domain.
    static let minimumPad = 1e-9

    /// `value` within ±`reach`; NaN as 0.
    static func bounded(_ value: Double) -> Double {
        value.isNaN ? 0 : Swift.min(Swift.max(value, -reach), reach)
    }

    /// The x scale of a daily series: day index to the plot's width. With `bars`, each day
    /// gets a slot and sits in its middle; otherwise the first and last days touch the edges.
    static func xScale(days: Int, frame: ChartFrame, bars: Bool) -> LinearScale {
        bars ? LinearScale(domain: (-0.5, Double(days) - 0.5), range: (frame.plotLeft, frame.plotRight))
             : LinearScale(domain: (0, Double(max(1, days - 1))), range: (frame.plotLeft, frame.plotRight))
    }

    /// The y scale: the domain onto the plot's height, higher values higher up.
    static func yScale(domain: (low: Double, high: Double), frame: ChartFrame) -> LinearScale {
        LinearScale(domain: domain, range: (frame.plotBottom, frame.plotTop))
    }

    /// The line through a series, cut into segments where days have no value.
    static func segments(_ series: DailySeries, x: LinearScale, y: LinearScale) -> [[ChartPoint]] {
        var segments: [[ChartPoint]] = []
        var current: [ChartPoint] = []
        for (index, value) in series.values.enumerated() {
            if let value {
                current.append(ChartPoint(x: x(Double(index)), y: y(value)))
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// One bar per reported day, from zero to the value; days without a value get none.
    static func bars(_ series: DailySeries, x: LinearScale, y: LinearScale, gap: Double = 0.2) -> [ChartBar] {
        let slot = abs(x(1) - x(0))
        let zero = y(0)
        return series.values.enumerated().compactMap { index, value in
            guard let value else { return nil }
            let top = y(value)
            return ChartBar(x: x(Double(index)) - slot * (1 - gap) / 2, y: min(top, zero), width: slot * (1 - gap),
                            height: abs(zero - top), positive: value >= 0)
        }
    }
}
