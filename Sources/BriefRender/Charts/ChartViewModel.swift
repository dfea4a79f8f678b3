import BriefCore

/// Turns the findings' series into what `chart.html` draws: SVG coordinates, axis labels,
/// the numbers table, and the formatted figures each chart's `charts/ID.txt` description reads.
/// A series without any reported value gives a chart node with `hasData` false.
enum ChartViewModel {
    typealias Node = ViewNode

    /// The chart ids, in the order of the sections that show them.
    static let ids = ["funding", "openInterest", "liquidations", "rotation", "exchangeFlows", "etfFlows", "price"]

    static func make(_ findings: Findings) -> Node {
        let dates = DayText(briefDay: findings.day)
        let unit = findings.asset.code
        let charts = findings.charts
        var nodes: Node = [
            "price": price(findings, dates),
            "funding": funding(findings, dates),
            "openInterest": openInterest(findings, unit: unit, dates),
            "etfFlows": flows("etfFlows", charts.etfFlows, dates, asset: unit, inflowsAreBullish: true, format: NumberFormat.signedMoney),
            // Coins moving onto exchanges are coins made ready to sell.
            "exchangeFlows": flows("exchangeFlows", charts.exchangeNetflows, dates, asset: unit, inflowsAreBullish: false,
                                   format: { ($0 > 0 ? "+" : "") + NumberFormat.coins($0, unit) },
                                   short: { compact, value in (value > 0 ? "+" : "") + compact + " " + unit }),
            "rotation": rotation(findings, dates),
            "liquidations": liquidations(charts, dates, asset: unit),
        ]
        let series = ["price": charts.price, "funding": charts.fundingPer8hPct, "openInterest": charts.openInterest,
                      "etfFlows": charts.etfFlows, "exchangeFlows": charts.exchangeNetflows, "rotation": charts.rotationRatio]
        for (id, series) in series {
            guard var node = nodes.node(id), node.flag("hasData") else { continue }
            node["spark"] = Sparkline.line(series.values, width: sparklineWidth)
            nodes[id] = node
        }
        // An asset without US spot ETFs or the rotation pair has no such charts.
        if findings.divergence.etfFlows.status == .notApplicable { nodes["etfFlows"] = nil }
        if !findings.stabilization.appliesRotation { nodes["rotation"] = nil }
        return nodes
    }

    /// The chart that tells the day's story, shown under the headline: the price on a fall or a
    /// rise (with the liquidation day and the support), open interest when leverage builds or
    /// unwinds, exchange flows on accumulation or distribution; none on a quiet day (a range's
    /// included). The first regime (the rarest) decides.
    static func heroID(_ regimes: [Regime]) -> String? {
        if regimes.contains(.quiet) { return nil }
        for regime in regimes {
            switch regime {
            case .longSqueeze, .shortSqueeze, .capitulation, .leveragedFall, .rebound, .newLow, .selloff, .newHigh, .rally, .rangeBound: return "price"
            case .newLeverage, .deleveraging: return "openInterest"
            case .accumulation, .distribution: return "exchangeFlows"
            case .quiet: return nil
            }
        }
        return nil
    }

    /// Characters per sparkline in the text brief.
    static let sparklineWidth = 30

    // MARK: - The charts

    private static func price(_ findings: Findings, _ dates: DayText) -> Node {
        let series = findings.charts.price
        var extra: [Double] = []
        if let support = findings.risk.support?.value { extra.append(support) }
        let chart = LineChart(id: "price", series: series, extra: extra, format: NumberFormat.price, dates: dates,
                              short: { compact, _ in "$" + compact })
        guard var node = chart.node(asset: findings.asset.code) else { return noData("price", series, findings.asset.code) }
        node["valueHeader"] = "Close"
        // The liquidation marker's label is placed first (it tells the day's story), then the
        // support's, clear of it and of the marker's line.
        var labels: [ChartText.Box] = [], lines: [[ChartPoint]] = []
        let liquidations = findings.liquidations
        if !liquidations.isLight, let largest = liquidations.largestLong,
           // chart.html writes "VALUE longs liquidated".
           let marker = chart.marker(on: largest.day, value: NumberFormat.money(largest.value),
                                     words: NumberFormat.money(largest.value) + " longs liquidated") {
            node["markers"] = [marker.node]
            node["liquidationDay"] = dates.short(largest.day)
            node["liquidations"] = NumberFormat.money(largest.value)
            labels.append(marker.box)
            lines.append(marker.line)
        }
        if let support = findings.risk.support {
            node["support"] = NumberFormat.price(support.value)
            node["supportDays"] = String(findings.risk.supportWindowDays)
            // chart.html writes "support VALUE".
            node["levels"] = [chart.level(at: support.value, value: NumberFormat.price(support.value),
                                          words: "support " + NumberFormat.price(support.value), avoiding: labels, lines: lines)]
        }
        return node
    }

    private static func funding(_ findings: Findings, _ dates: DayText) -> Node {
        let funding = findings.funding
        let band = (funding.neutralLowPct, funding.neutralHighPct)
        let chart = LineChart(id: "funding", series: findings.charts.fundingPer8hPct, extra: [band.0, band.1],
                              format: NumberFormat.fundingRate, dates: dates,
                              axisFormat: { ticks in { NumberFormat.percent($0, places: ChartText.places(ticks)) } })
        guard var node = chart.node(asset: findings.asset.code) else {
            return noData("funding", findings.charts.fundingPer8hPct, findings.asset.code)
        }
        node["valueHeader"] = "Funding per 8h"
        // A band that fills most of the plot tells nothing: then only its top is drawn, a line
        // funding crosses when it runs hot. chart.html writes "top of the neutral band".
        if chart.share(from: band.0, to: band.1) > 0.5 {
            node["bandTop"] = chart.level(at: band.1, value: NumberFormat.fundingRate(band.1), words: "top of the neutral band", avoiding: [])
        } else {
            node["band"] = chart.band(from: band.0, to: band.1)
        }
        node["bandText"] = NumberFormat.fundingRate(band.0) + "–" + NumberFormat.fundingRate(band.1)
        let reported = findings.charts.fundingPer8hPct.reported
        node["daysAbove"] = String(reported.filter { $0 > band.1 }.count)
        node["daysReported"] = String(reported.count)
        return node
    }

    private static func openInterest(_ findings: Findings, unit: String, _ dates: DayText) -> Node {
        let chart = LineChart(id: "openInterest", series: findings.charts.openInterest, extra: [],
                              format: { NumberFormat.decimal($0, places: 0) }, dates: dates, tableEvery: 30,
                              short: { compact, _ in compact })
        // The title names the range as the prose does (range.txt).
        let range = BriefViewModel.openInterestRange(findings.openInterest, briefDay: findings.day)
        guard var node = chart.node(asset: unit) else {
            var node = noData("openInterest", findings.charts.openInterest, unit)
            node["openInterest"] = range
            return node
        }
        node["valueHeader"] = "Open interest (\(unit))"
        let oi = findings.openInterest
        if let coins = oi.coins, let percentile = oi.percentile {
            node["percentile"] = NumberFormat.ordinal(percentile)
            // chart.html writes "today: VALUE percentile".
            node["today"] = chart.dot(onLastDayAt: coins, value: NumberFormat.ordinal(percentile),
                                      words: "today: " + NumberFormat.ordinal(percentile) + " percentile")
        }
        node["unit"] = unit
        node["openInterest"] = range
        return node
    }

    private static func rotation(_ findings: Findings, _ dates: DayText) -> Node {
        let chart = LineChart(id: "rotation", series: findings.charts.rotationRatio, extra: [],
                              format: { NumberFormat.decimal($0, places: 4) }, dates: dates)
        let pair = StabilizationAnalysis.rotationPair.code
        var node = chart.node(asset: findings.asset.code) ?? noData("rotation", findings.charts.rotationRatio, findings.asset.code)
        let stabilization = findings.stabilization
        node["pair"] = pair
        node["valueHeader"] = pair + "/BTC"
        node["volatilityDays"] = String(stabilization.rotationVolatilityDays)
        node["maxVolatility"] = NumberFormat.percent(stabilization.rotationVolatilityMaxPct, places: 1)
        node["volatility"] = stabilization.rotationVolatilityPct.map { NumberFormat.percent($0, places: 1) }
        return node
    }

    /// Net flows as bars from zero, coloured by what they mean for the price: with
    /// `inflowsAreBullish`, positive bars are bullish (ETF inflows); otherwise bearish (coins
    /// onto exchanges).
    private static func flows(_ id: String, _ series: DailySeries, _ dates: DayText, asset: String, inflowsAreBullish: Bool,
                              format: @escaping (Double) -> String, short: ((String, Double) -> String)? = nil) -> Node {
        let reported = series.reported
        guard !reported.isEmpty else { return noData(id, series, asset) }
        let (ticks, domain) = ChartGeometry.ticks(low: min(0, reported.min()!), high: max(0, reported.max()!))
        let labels = ChartText.axisLabels(ticks, format: format, short: short)
        let frame = ChartFrame(yLabels: labels)
        let x = ChartGeometry.xScale(days: series.values.count, frame: frame, bars: true)
        let y = ChartGeometry.yScale(domain: domain, frame: frame)
        let inflows = reported.filter { $0 > 0 }, outflows = reported.filter { $0 < 0 }
        var node = frameNode(id: id, asset: asset, frame: frame, ticks: ticks, labels: labels, y: y)
        node["zero"] = ["x1": svg(frame.plotLeft), "x2": svg(frame.plotRight), "y": svg(y(0))] as Node
        node["bars"] = ChartGeometry.bars(series, x: x, y: y).map { bar in
            ["x": svg(bar.x), "y": svg(bar.y), "width": svg(bar.width), "height": svg(bar.height),
             "bullish": bar.positive == inflowsAreBullish] as Node
        }
        node["xLabels"] = xLabels(series, x: x, frame: frame, dates: dates)
        node["rows"] = rows(series, every: 1, dates: dates, format: format)
        node["valueHeader"] = id == "etfFlows" ? "Net flow" : "Net flow (\(asset))"
        node["days"] = String(series.spanDays)
        node["oneDay"] = series.spanDays == 1
        node["firstDay"] = dates.short(series.start)
        node["lastDay"] = dates.short(series.end)
        node["inDays"] = String(inflows.count)
        node["inTotal"] = format(inflows.reduce(0, +))
        node["outDays"] = String(outflows.count)
        node["outTotal"] = format(outflows.reduce(0, +))
        return node
    }

    /// Long liquidations as bars under the line (longs forced to sell), short ones above it
    /// (shorts forced to buy), over the flow window; none in briefs written before they were
    /// charted.
    private static func liquidations(_ charts: ChartData, _ dates: DayText, asset: String) -> Node? {
        let longs = charts.longLiquidations, shorts = charts.shortLiquidations
        guard !longs.values.isEmpty else { return nil }
        guard !(longs.reported.isEmpty && shorts.reported.isEmpty) else { return noData("liquidations", longs, asset) }
        let format = { (value: Double) in NumberFormat.money(abs(value)) }
        let (ticks, domain) = ChartGeometry.ticks(low: -(longs.reported.max() ?? 0), high: shorts.reported.max() ?? 0)
        let labels = ChartText.axisLabels(ticks, format: format, short: nil)
        var frame = ChartFrame(yLabels: labels)
        // A row above the plot for the legend (an axis of unsigned amounts reads by it).
        frame.top += legendHeight
        let x = ChartGeometry.xScale(days: longs.values.count, frame: frame, bars: true)
        let y = ChartGeometry.yScale(domain: domain, frame: frame)
        var node = frameNode(id: "liquidations", asset: asset, frame: frame, ticks: ticks, labels: labels, y: y)
        // chart.html writes "▲ shorts liquidated" and "▼ longs liquidated".
        node["legend"] = legend(["▲ shorts liquidated", "▼ longs liquidated"], frame: frame)
        node["zero"] = ["x1": svg(frame.plotLeft), "x2": svg(frame.plotRight), "y": svg(y(0))] as Node
        let downward = DailySeries(start: longs.start, values: longs.values.map { $0.map { -$0 } })
        node["bars"] = (ChartGeometry.bars(shorts, x: x, y: y) + ChartGeometry.bars(downward, x: x, y: y)).map { bar in
            ["x": svg(bar.x), "y": svg(bar.y), "width": svg(bar.width), "height": svg(bar.height), "bullish": bar.positive] as Node
        }
        node["xLabels"] = xLabels(longs, x: x, frame: frame, dates: dates)
        node["valueHeader"] = "Longs, shorts liquidated"
        node["rows"] = (0..<longs.values.count).map { index -> Node in
            ["day": dates.short(longs.day(at: index)),
             "value": [longs.values[index], shorts.values[index]].map { $0.map(NumberFormat.money) ?? "no data" }.joined(separator: ", ")]
        }
        node["days"] = String(longs.spanDays)
        node["oneDay"] = longs.spanDays == 1
        node["firstDay"] = dates.short(longs.start)
        node["lastDay"] = dates.short(longs.end)
        node["longTotal"] = NumberFormat.money(longs.reported.reduce(0, +))
        node["shortTotal"] = NumberFormat.money(shorts.reported.reduce(0, +))
        if let largest = longs.values.indices.filter({ longs.values[$0] != nil }).max(by: { (longs.values[$0]!, $0) < (longs.values[$1]!, $1) }) {
            node["largestLongDay"] = dates.short(longs.day(at: largest))
            node["largestLong"] = NumberFormat.money(longs.values[largest]!)
        }
        return node
    }

    // MARK: - Shared pieces

    /// The height of a legend's row above the plot, in the chart's units.
    static let legendHeight = 28.0

    /// A legend above the plot: a swatch and its words (as chart.html writes them, in order)
    /// for each entry, side by side from the plot's left; `first`/`second` place the two swatches.
    private static func legend(_ words: [String], frame: ChartFrame) -> Node {
        let swatch = 14.0, baseline = frame.top - legendHeight + 0.8 * ChartText.narrowSize
        var x = frame.plotLeft, entries: [Node] = []
        for text in words {
            entries.append(["swatchX": svg(x), "swatchY": svg(baseline - swatch + 2), "size": svg(swatch),
                            "textX": svg(x + swatch + 6), "textY": svg(baseline)])
            x += swatch + 6 + ChartText.room(text) + 18
        }
        return ["first": entries[0], "second": entries[1]]
    }

    private static func noData(_ id: String, _ series: DailySeries, _ asset: String) -> Node {
        ["id": id, "asset": asset, "hasData": false, "days": String(series.spanDays),
         "weekly": series.stepDays == 7, "weeks": String((series.spanDays - 1) / 7)]
    }

    /// The SVG size, the horizontal grid lines and their labels (with a short form for narrow
    /// charts where `short` gives one).
    fileprivate static func frameNode(id: String, asset: String, frame: ChartFrame, ticks: [Double],
                                      labels: [(label: String, short: String?)], y: LinearScale) -> Node {
        [
            "id": id, "asset": asset, "hasData": true,
            "width": svg(frame.width), "height": svg(frame.height),
            "grid": zip(ticks, labels).map { tick, label in
                ["y": svg(y(tick)), "x1": svg(frame.plotLeft), "x2": svg(frame.plotRight),
                 "label": label.label, "short": label.short, "labelX": svg(frame.plotLeft - 6), "labelY": svg(y(tick) + 4)] as Node
            },
        ]
    }

    /// The first, middle and last day under the x axis.
    fileprivate static func xLabels(_ series: DailySeries, x: LinearScale, frame: ChartFrame, dates: DayText) -> [Node] {
        let last = series.values.count - 1
        // Each day labelled once: fewer labels when the series has fewer than three days.
        var labelled: Set<Int> = []
        return [(0, "start"), (last / 2, "middle"), (last, "end")].filter { labelled.insert($0.0).inserted }.map { index, anchor in
            ["x": svg(x(Double(index))), "y": svg(frame.height - 8), "anchor": anchor,
             "label": dates.short(series.day(at: index))]
        }
    }

    /// The table under the chart: every `every`-th day back from the last, oldest first.
    fileprivate static func rows(_ series: DailySeries, every: Int, dates: DayText, format: (Double) -> String) -> [Node] {
        stride(from: series.values.count - 1, through: 0, by: -every).reversed().map { index in
            ["day": dates.short(series.day(at: index)),
             "value": series.values[index].map(format) ?? "no data"]
        }
    }

    /// A coordinate: one decimal, `.` as separator, whatever the locale.
    static func svg(_ value: Double) -> String {
        withSVG(value) { String(decoding: $0, as: UTF8.self) }
    }

    /// Points as an SVG `points` attribute: `x,y x,y …`, written as bytes (a chart has hundreds).
    static func svgPoints(_ points: some Sequence<(x: Double, y: Double)>) -> String {
        var bytes: [UInt8] = []
        for point in points {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            withSVG(point.x) { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: ","))
            withSVG(point.y) { bytes.append(contentsOf: $0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with the coordinate's bytes, written from the right in a buffer on the stack.
    /// Coordinates are kept within ±1e15 (NaN as 0), far outside any drawing, so the conversion
    /// to an integer never traps.
    private static func withSVG<Result>(_ value: Double, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let tenths = value.isNaN ? 0 : Int((min(max(value, -1e15), 1e15) * 10).rounded())
        // 19 digits, a point and a sign at most.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            var magnitude = tenths.magnitude
            put(UInt8(ascii: "0") + UInt8(magnitude % 10))
            put(UInt8(ascii: "."))
            magnitude /= 10
            repeat {
                put(UInt8(ascii: "0") + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            if tenths < 0 { put(UInt8(ascii: "-")) }
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}

/// A line chart of one series (daily or weekly), with its scales; adds levels, bands and markers.
private struct LineChart {
    let id: String
    let series: DailySeries
    let format: (Double) -> String
    let dates: DayText
    let tableEvery: Int
    let labels: [(label: String, short: String?)]
    let frame: ChartFrame
    let x: LinearScale
    let y: LinearScale
    let ticks: [Double]
    /// The data line, in the chart's units: labels are placed clear of it.
    let segments: [[ChartPoint]]

    init(id: String, series: DailySeries, extra: [Double], format: @escaping (Double) -> String, dates: DayText,
         tableEvery: Int = 1, short: ((String, Double) -> String)? = nil,
         axisFormat: (([Double]) -> (Double) -> String)? = nil) {
        self.id = id
        self.series = series
        self.format = format
        self.dates = dates
        self.tableEvery = tableEvery
        let values = series.reported + (series.reported.isEmpty ? [] : extra)
        let (ticks, domain) = ChartGeometry.ticks(low: values.min() ?? 0, high: values.max() ?? 1)
        self.ticks = ticks
        labels = ChartText.axisLabels(ticks, format: axisFormat?(ticks) ?? format, short: short)
        frame = ChartFrame(yLabels: labels)
        x = ChartGeometry.xScale(days: series.values.count, frame: frame, bars: false)
        y = ChartGeometry.yScale(domain: domain, frame: frame)
        segments = ChartGeometry.segments(series, x: x, y: y)
    }

    /// The chart's node, `nil` when the series has no reported value.
    func node(asset: String) -> ChartViewModel.Node? {
        let reported = series.reported
        guard let first = series.values.firstIndex(where: { $0 != nil }),
              let last = series.values.lastIndex(where: { $0 != nil }) else { return nil }
        var node = ChartViewModel.frameNode(id: id, asset: asset, frame: frame, ticks: ticks, labels: labels, y: y)
        node["segments"] = segments.filter { $0.count > 1 }.map { segment -> ChartViewModel.Node in
            ["points": ChartViewModel.svgPoints(segment.lazy.map { ($0.x, $0.y) })]
        }
        node["dots"] = segments.filter { $0.count == 1 }.map { ["cx": ChartViewModel.svg($0[0].x), "cy": ChartViewModel.svg($0[0].y)] as ChartViewModel.Node }
        node["xLabels"] = ChartViewModel.xLabels(series, x: x, frame: frame, dates: dates)
        // The table shows a row every `tableEvery` days, or the nearest whole number of points;
        // every point when there are no more points than that.
        let stepDays = max(1, series.stepDays)
        let every = series.values.count > tableEvery / stepDays ? max(1, tableEvery / stepDays) : 1
        node["rows"] = ChartViewModel.rows(series, every: every, dates: dates, format: format)
        node["everyDays"] = every * series.stepDays > 1 && series.values.count > 1 ? String(every * series.stepDays) : nil
        node["days"] = String(series.spanDays)
        node["oneDay"] = series.spanDays == 1
        node["weekly"] = series.stepDays == 7 && series.spanDays >= 15
        node["weeks"] = String((series.spanDays - 1) / 7)
        // What the reported values cover (the trends of brief.txt): weeks from two weeks on.
        let covered = series.reportedSpanDays
        node["coveredDays"] = String(covered)
        node["coveredOneDay"] = covered == 1
        node["coveredWeekly"] = series.stepDays == 7 && covered >= 15
        node["coveredWeeks"] = String((covered - 1) / 7)
        node["firstDay"] = dates.short(series.day(at: first))
        node["lastDay"] = dates.short(series.day(at: last))
        node["first"] = format(series.values[first]!)
        node["last"] = format(series.values[last]!)
        node["low"] = format(reported.min()!)
        node["high"] = format(reported.max()!)
        node["gaps"] = series.values[first...last].contains { $0 == nil }
        return node
    }

    /// A horizontal line across the plot at `level` (shown as `value`), labelled above or under
    /// it at either end, wherever the data line leaves room. `words` is the label as
    /// chart.html writes it, for its width.
    func level(at level: Double, value: String, words: String, avoiding taken: [ChartText.Box],
               lines: [[ChartPoint]] = []) -> ChartViewModel.Node {
        let line = y(level), size = ChartText.narrowSize
        let (above, below) = (line - 5, line + 0.8 * size + 3)
        // At the right, then the left end, then along the line where the data leaves room.
        let inner = [0.75, 0.5, 0.25].map { frame.plotLeft + (frame.plotRight - frame.plotLeft) * $0 }
        let place = ChartText.place(words, candidates: [
            (frame.plotRight - 4, above, "end"), (frame.plotRight - 4, below, "end"),
            (frame.plotLeft + 4, above, "start"), (frame.plotLeft + 4, below, "start"),
        ] + inner.flatMap { [($0, above, "middle"), ($0, below, "middle")] }, frame: frame, line: segments + lines, taken: taken)
        return ["y": ChartViewModel.svg(line), "x1": ChartViewModel.svg(frame.plotLeft), "x2": ChartViewModel.svg(frame.plotRight),
                "value": value, "labelX": ChartViewModel.svg(place.x), "labelY": ChartViewModel.svg(place.y), "anchor": place.anchor]
    }

    /// The share of the plot's height between two values.
    func share(from low: Double, to high: Double) -> Double {
        abs(y(low) - y(high)) / (frame.plotBottom - frame.plotTop)
    }

    /// A shaded band between two values, labelled inside its lower right corner.
    func band(from low: Double, to high: Double) -> ChartViewModel.Node {
        ["x": ChartViewModel.svg(frame.plotLeft), "y": ChartViewModel.svg(y(high)),
         "width": ChartViewModel.svg(frame.plotRight - frame.plotLeft), "height": ChartViewModel.svg(y(low) - y(high)),
         "labelX": ChartViewModel.svg(frame.plotRight - 6), "labelY": ChartViewModel.svg(y(low) - 4)]
    }

    /// A vertical line on `day`, `nil` when the chart has no point on that day; labelled at the
    /// top or the bottom of the plot, on the side with more room, clear of the data line. Gives
    /// the label's box and the line, for the labels placed after it.
    func marker(on day: Day, value: String, words: String) -> (node: ChartViewModel.Node, box: ChartText.Box, line: [ChartPoint])? {
        guard let index = series.index(of: day) else { return nil }
        let position = x(Double(index))
        let inward = position > (frame.plotLeft + frame.plotRight) / 2 ? (-4.0, "end") : (4.0, "start")
        let outward = inward.1 == "end" ? (4.0, "start") : (-4.0, "end")
        let top = frame.plotTop + 0.8 * ChartText.narrowSize, bottom = frame.plotBottom - 4, middle = (top + bottom) / 2
        let place = ChartText.place(words, candidates: [
            (position + inward.0, top, inward.1), (position + inward.0, bottom, inward.1), (position + inward.0, middle, inward.1),
            (position + outward.0, top, outward.1), (position + outward.0, bottom, outward.1),
        ], frame: frame, line: segments)
        var node: ChartViewModel.Node = [
            "x": ChartViewModel.svg(position), "y1": ChartViewModel.svg(frame.plotTop), "y2": ChartViewModel.svg(frame.plotBottom),
            "value": value, "anchor": place.anchor, "labelX": ChartViewModel.svg(place.x), "labelY": ChartViewModel.svg(place.y),
        ]
        // A ring where the marker meets the line: a mark on the data, not an edge of the frame.
        if let close = series.values[index] { node["dotY"] = ChartViewModel.svg(y(close)) }
        return (node, ChartText.box(words, x: place.x, y: place.y, anchor: place.anchor),
                [ChartPoint(x: position, y: frame.plotTop), ChartPoint(x: position, y: frame.plotBottom)])
    }

    /// A dot on the last day at `level`, labelled (`words`) to its left, above or under it,
    /// wherever the data line leaves room.
    func dot(onLastDayAt level: Double, value: String, words: String) -> ChartViewModel.Node {
        let position = x(Double(series.values.count - 1)), height = y(level), size = ChartText.narrowSize
        let place = ChartText.place(words, candidates: [
            (position - 8, height - 8, "end"), (position - 8, height + 0.8 * size + 6, "end"),
            (position - 8, height + 2 * size, "end"), (position - 8, frame.plotTop + 0.8 * size, "end"),
            (position - 8, frame.plotBottom - 4, "end"),
        ], frame: frame, line: segments)
        return ["cx": ChartViewModel.svg(position), "cy": ChartViewModel.svg(height), "value": value,
                "labelX": ChartViewModel.svg(place.x), "labelY": ChartViewModel.svg(place.y)]
    }
}
