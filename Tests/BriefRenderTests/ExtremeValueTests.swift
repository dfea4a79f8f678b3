@testable import BriefCore
import BriefValidate
import Foundation
import Testing
@testable import BriefRender

private let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

/// Every double a chart could be handed: readers refuse the implausible ones, but the chart code
/// is total over all of them (no trap, no loop that runs with a value's size).
let extremeDoubles: [Double] = [
    0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, 1e-310, 1,
    .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1.7e308, -1e308, .infinity, -.infinity, .nan, 9e18, 108_000,
]

@Suite(.timeLimit(.minutes(1))) struct ExtremeValueTests {
    /// Each pair of extremes gives a few finite ticks spanning a finite domain.
    @Test func ticksAreFewAndFiniteForAnyPair() {
        for low in extremeDoubles {
            for high in extremeDoubles {
                let (ticks, domain) = ChartGeometry.ticks(low: low, high: high)
                #expect((1...10).contains(ticks.count), "\(low)…\(high): \(ticks.count) ticks")
                #expect(ticks.allSatisfy(\.isFinite) && domain.low.isFinite && domain.high.isFinite, "\(low)…\(high): \(ticks)")
                #expect(domain.low < domain.high, "\(low)…\(high): \(domain)")
            }
        }
    }

    @Test func coordinatesAndSparklinesNeverTrap() {
        for value in extremeDoubles {
            #expect(ChartViewModel.svg(value).utf8.count <= 20, "\(value)")
        }
        for pattern in extremePatterns(count: 40) {
            #expect(Sparkline.line(pattern, width: 30).count <= 30)
            _ = Sparkline.polyline(pattern.compactMap { $0 }, width: 80, height: 20)
        }
    }

    /// Every chart series filled with each pattern of extremes renders a page that validates.
    @Test func everyChartRendersAValidPageFromExtremeSeries() throws {
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        let validator = HTMLValidator(requiredSectionIDs: BriefSection.allCases.map(\.rawValue))
        for (round, pattern) in extremePatterns(count: 8).enumerated() {
            var findings = Findings.example(calm: false)
            func filled(_ series: DailySeries) -> DailySeries {
                DailySeries(start: series.start, values: (0..<series.values.count).map { pattern[$0 % pattern.count] },
                            stepDays: series.stepDays)
            }
            var charts = findings.charts
            for path in [\ChartData.price, \.fundingPer8hPct, \.openInterest, \.etfFlows, \.exchangeNetflows, \.rotationRatio,
                         \.longLiquidations, \.shortLiquidations] {
                charts[keyPath: path] = filled(charts[keyPath: path])
            }
            findings.charts = charts
            findings.risk.support?.value = pattern.compactMap { $0 }.first ?? 0
            let rendered = renderer.render(findings)
            #expect(validator.problems(in: rendered.html).isEmpty, "round \(round): \(pattern.prefix(4))")
        }
    }

    /// Series of the extremes: each alone, alternating with its negation, beside an ordinary value.
    private func extremePatterns(count: Int) -> [[Double?]] {
        extremeDoubles.flatMap { value -> [[Double?]] in
            [Array(repeating: value, count: count),
             (0..<count).map { $0.isMultiple(of: 2) ? value : -value },
             (0..<count).map { $0.isMultiple(of: 3) ? nil : ($0.isMultiple(of: 2) ? value : 100) }]
        }
    }
}
