@testable import BriefCore
import BriefValidate
import Foundation
import Testing
@testable import BriefRender

private let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

/// Plotted coordinates against values worked out by hand. The default frame's plot area
/// runs from x 100 to 624 (524 wide); with a bottom margin of 26, from y 174 (bottom) to 14 (top).
@Suite struct ChartTests {
    private let frame = { var frame = ChartFrame(); frame.bottom = 26; return frame }()
    private let day = Day("2025-08-22")!

    @Test func ticksAreRoundAndCoverTheValues() {
        #expect(ChartGeometry.ticks(low: 100, high: 130).ticks == [100, 110, 120, 130])
        #expect(ChartGeometry.ticks(low: 0.002, high: 0.008).ticks == [0.002, 0.004, 0.006, 0.008])
        let flows = ChartGeometry.ticks(low: -413e6, high: 0)
        #expect(flows.ticks == [-6e8, -4e8, -2e8, 0])
        #expect(flows.domain == (-6e8, 0))
        // A flat series still gets a domain around it.
        #expect(ChartGeometry.ticks(low: 5, high: 5).domain.low < 5)
    }

    @Test func aLineIsScaledAndBrokenAtGaps() {
        let series = DailySeries(start: day, values: [100, 110, nil, 130, 120])
        let x = ChartGeometry.xScale(days: 5, frame: frame, bars: false)
        let y = ChartGeometry.yScale(domain: (100, 130), frame: frame)
        // x = 100 + i × 524/4; y = 174 − (v − 100) × 160/30.
        let segments = ChartGeometry.segments(series, x: x, y: y)
        #expect(segments.count == 2, "the missing day breaks the line instead of dropping to zero")
        #expect(segments[0].map(\.x) == [100, 231])
        #expect(segments[0][0].y == 174 && abs(segments[0][1].y - (174 - 160.0 / 3)) < 1e-9)
        #expect(segments[1].map(\.x) == [493, 624])
        #expect(abs(segments[1][0].y - 14) < 1e-9 && abs(segments[1][1].y - (174 - 320.0 / 3)) < 1e-9)
    }

    @Test func barsGrowFromZeroByTheirSign() {
        let series = DailySeries(start: day, values: [-350e6, nil, -413e6, 88e6])
        let x = ChartGeometry.xScale(days: 4, frame: frame, bars: true)
        let y = ChartGeometry.yScale(domain: (-6e8, 2e8), frame: frame)
        // Zero at y = 174 − 600/800 × 160 = 54; a slot is 524/4 = 131 wide, a bar 80% of it.
        let bars = ChartGeometry.bars(series, x: x, y: y)
        #expect(bars.count == 3, "no bar for the day without a report")
        #expect(abs(bars[0].x - 113.1) < 1e-9 && abs(bars[0].width - 104.8) < 1e-9)
        #expect(bars[0].y == 54 && abs(bars[0].height - 70) < 1e-9 && !bars[0].positive)
        #expect(bars[2].positive && abs(bars[2].y - (54 - 17.6)) < 1e-9 && abs(bars[2].height - 17.6) < 1e-9)
        #expect(abs(bars[2].x - 506.1) < 1e-9)
    }

    @Test func theFundingChartShadesTheNeutralBand() throws {
        var findings = Findings.example(calm: false)
        (findings.funding.neutralLowPct, findings.funding.neutralHighPct) = (0.002, 0.003)  // the reference text's band
        let charts = ChartViewModel.make(findings)
        let funding = try #require(charts.node("funding"))
        // Values 0.003, 0.006, (gap), 0.008 and the band 0.002–0.003: domain 0.002…0.008. The
        // widest label, "0.008%", is 3.84 em: 76.8 units at the narrow size, so the plot starts
        // at x 88.8 (535.2 wide) and runs from y 170 to 14 (156 high).
        let band = try #require(funding.node("band"))
        #expect(band.text("y") == "144.0" && band.text("height") == "26.0" && band.text("x") == "88.8" && band.text("width") == "535.2")
        // x = 88.8 + i × 535.2/3.
        #expect(funding.nodes("segments").map { $0.text("points") } == ["88.8,144.0 267.2,66.0"])
        #expect(funding.nodes("dots").map { [$0.text("cx"), $0.text("cy")] } == [["624.0", "14.0"]], "the day after the gap stands alone")
        #expect(funding.nodes("grid").map { $0.text("label") } == ["0.002%", "0.004%", "0.006%", "0.008%"])
        #expect(funding.text("daysAbove") == "2")
    }

    @Test func aNeutralBandFillingThePlotIsDrawnAsItsTopLineOnly() throws {
        var findings = Findings.example(calm: false)
        // The band 0–0.01 holds every value (0.003…0.008): shaded, it would fill the plot.
        (findings.funding.neutralLowPct, findings.funding.neutralHighPct) = (0, 0.01)
        let funding = try #require(ChartViewModel.make(findings).node("funding"))
        #expect(funding.node("band") == nil)
        let top = try #require(funding.node("bandTop"))
        #expect(top.text("y") == funding.nodes("grid").last?.text("y"), "the top of the band is the axis's 0.0100%")
        // One precision on the axis: 0.0000%, 0.0025%, …, never 0.000% beside 0.0025%.
        #expect(funding.nodes("grid").map { $0.text("label") } == ["0.0000%", "0.0025%", "0.0050%", "0.0075%", "0.0100%"])
    }

    @Test func aSeriesWithoutDataSaysSoInsteadOfDrawing() throws {
        var findings = Findings.example(calm: false)
        findings.charts.etfFlows = DailySeries(start: day, values: [nil, nil, nil])
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        let html = renderer.render(findings).html
        #expect(html.contains("No ETF flows reported in this window."))
        #expect(!html.contains("id=\"chart-etfFlows\">\n<svg"))
        #expect(HTMLValidator(requiredSectionIDs: BriefSection.allCases.map(\.rawValue)).problems(in: html) == [])
    }

    @Test func sparklinesSpanLowestToHighestAndKeepGaps() {
        #expect(Sparkline.line([1, 2, nil, 8], width: 10) == "▁▂ █")
        #expect(Sparkline.line([3, 3], width: 10) == "▅▅")
        #expect(Sparkline.line((0..<60).map { Double($0) }, width: 30).count == 30)
        #expect(Sparkline.line([nil, nil], width: 10) == "")
    }

    @Test func textWrapsAtEightyColumnsWithHangingListItems() {
        let item = "- " + Array(repeating: "word", count: 30).joined(separator: " ")
        let wrapped = TextWrap.wrap(item)
        let lines = wrapped.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  word") })
        #expect(TextWrap.wrap("short line") == "short line")
    }

    @Test func narrowChartsGetShortNumbersAndAMarginForTheWidestLabel() {
        // One form per axis: every tick in the largest's unit, with the same decimals.
        let flows = ChartText.axisLabels([-10_000, -5_000, 0, 5_000, 10_000], format: { NumberFormat.decimal($0, places: 0) },
                                         short: { compact, value in (value > 0 ? "+" : "") + compact + " BTC" })
        #expect(flows.map(\.short) == ["-10k BTC", "-5k BTC", "0 BTC", "+5k BTC", "+10k BTC"])
        #expect(ChartText.axisLabels([0, 1_500_000, 3_000_000], format: { "\($0)" }, short: { compact, _ in compact }).map(\.short)
                == ["0", "1.5M", "3.0M"])
        // Under 10,000 the full form serves both sizes.
        #expect(ChartText.axisLabels([0, 5_000], format: { "\($0)" }, short: { compact, _ in compact }).allSatisfy { $0.short == nil })
        #expect(ChartText.places([0, 0.0025, 0.005, 0.0075, 0.01]) == 4 && ChartText.places([0.03, 0.035]) == 3)
        // "+10,000 BTC" at 13 units is narrower than "+10k BTC" at 20: the margin holds the wider.
        let frame = ChartFrame(yLabels: [("+10,000 BTC", "+10k BTC"), ("0 BTC", nil)])
        #expect(frame.left == ChartText.width("+10k BTC", size: ChartText.narrowSize) + 12)
        #expect(ChartText.width("+10k BTC", size: 20) > ChartText.width("+10,000 BTC", size: 13))
    }

    @Test func aLabelIsPlacedWhereTheDataLineLeavesRoom() {
        let frame = ChartFrame()
        // A line across the top right: the first candidate (top right) is crossed, the second is clear.
        let line = [[ChartPoint(x: 300, y: 20), ChartPoint(x: 624, y: 20)]]
        let placed = ChartText.place("support $108,000", candidates: [(620, 30, "end"), (620, 160, "end")], frame: frame, line: line)
        #expect(placed.y == 160)
        // A candidate leaving the chart is never taken while another fits.
        let inside = ChartText.place("support $108,000", candidates: [(20, 100, "end"), (620, 100, "end")], frame: frame, line: [])
        #expect(inside.x == 620)
        // Nor one over a label already placed.
        let taken = ChartText.box("$477M longs liquidated", x: 620, y: 160, anchor: "end")
        let apart = ChartText.place("support $108,000", candidates: [(620, 160, "end"), (104, 160, "start")], frame: frame,
                                    line: [], taken: [taken])
        #expect(apart.anchor == "start")
    }
}
