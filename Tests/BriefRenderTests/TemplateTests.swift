@testable import BriefCore
import Foundation
import Testing
@testable import BriefRender

private let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

@Suite struct TemplateTests {
    /// Every name a template reads must be a key the view model can provide, so a typo
    /// cannot silently render as nothing (a missing key renders as "").
    @Test func everyTemplateKeyExistsInTheViewModel() throws {
        var keys = Set<String>(["text", "prose", "headline", "paragraph", "list", "items", "."])
        keys.formUnion(BriefSection.allCases.map(\.viewKey))
        // Levels are keys of their own (`{{#funding.elevated}}`), present only at that level.
        keys.formUnion(FundingRegime.allCases.map(\.rawValue) + RiskLevel.allCases.map(\.rawValue)
            + DivergenceLevel.allCases.map(\.rawValue))
        func collect(_ node: Any) {
            if let dictionary = node as? [String: Any] {
                for (key, value) in dictionary {
                    keys.insert(key)
                    collect(value)
                }
            } else if let array = node as? [Any] {
                array.forEach(collect)
            }
        }
        for findings in [Findings.example(calm: false), Findings.example(calm: true)] {
            collect(BriefViewModel.make(findings))
        }
        // The diff and the site, from a calm July brief and the crash-day one: two months,
        // a first brief and a later one, every kind of changed word.
        var july = Findings.example(calm: true)
        july.day = Day("2025-07-31")!
        let briefs = [
            BriefDocument(findings: july, headline: "Quiet.", sections: [.init(id: "leverage", text: "Funding is 0.0025%.")]),
            BriefDocument(findings: .example(calm: false), headline: "A sell-off.", sections: [.init(id: "leverage", text: "Funding is 0.008%.")]),
        ]
        collect(DiffViewModel.make(BriefDiff(from: briefs[0], to: briefs[1])))
        let entries = briefs.map { SiteEntry(asset: $0.findings.asset, day: $0.findings.day, fingerprint: "test") }
        let jobs = try BriefRenderer(templatesDirectory: templatesFolder.path).siteJobs(entries, baseURL: "https://example.org/", base: "test") { _, day, _ in
            briefs.first { $0.findings.day == day }!
        }
        for job in jobs { collect(try job.view()) }
        let files = FileManager.default.enumerator(atPath: templatesFolder.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 27)
        for file in files {
            let text = try String(contentsOf: templatesFolder.appendingPathComponent(file), encoding: .utf8)
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let close = rest.range(of: "}}") else { break }
                let tag = rest[..<close.lowerBound]
                rest = rest[close.upperBound...]
                guard let sigil = tag.first, !">%!".contains(sigil) else { continue }
                let name = "#^/".contains(sigil) ? tag.dropFirst() : tag
                for part in name.trimmingCharacters(in: .whitespaces).split(separator: ".") {
                    if !keys.contains(String(part)) {
                        Issue.record("\(file): {{\(tag)}} reads \(part), which the view model never provides")
                    }
                }
            }
        }
    }

    @Test func aMissingRequiredTemplateIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sections/divergence.txt.mustache"))
        #expect(throws: TemplateError.self) { try BriefRenderer(templatesDirectory: folder.path) }
    }

    @Test func aSyntaxErrorNamesFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "line one\n{{#open}} never closed\n".write(to: folder.appendingPathComponent("headline.txt.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try BriefRenderer(templatesDirectory: folder.path)
            Issue.record("a broken template was accepted")
        } catch let error as TemplateError {
            #expect(error.file.hasSuffix("headline.txt.mustache"))
            #expect(error.line >= 1)
        }
    }

    @Test func dataIsEscapedInHTML() throws {
        var findings = Findings.example(calm: false)
        findings.whale.sales[0].label = "<script>alert(1)</script> & \"q\""
        let rendered = try BriefRenderer(templatesDirectory: templatesFolder.path).render(findings)
        #expect(!rendered.html.contains("<script>"))
        #expect(rendered.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &amp;quot;q&amp;quot;") || rendered.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(rendered.text.contains("<script>alert(1)</script> & \"q\""))
    }
}

extension Findings {
    /// Hand-made findings: a stressed market, or a calm one.
    static func example(calm: Bool) -> Findings {
        let day = Day("2025-08-26")!
        let point = DayValue(day: day.adding(days: -3), value: 117_000)
        return Findings(
            asset: .btc, day: day,
            price: PriceFinding(close: 108_000, changeFrom: point, changePct: calm ? 0.5 : -7.7, changeDays: 3,
                                recentHigh: point, highWindowDays: 30, belowHighPct: calm ? 0 : 7.7),
            funding: FundingFinding(rate: calm ? 0.000025 : 0.00008, intervalHours: 8, ratePer8hPct: calm ? 0.0025 : 0.008,
                                    annualizedPct: calm ? 2.74 : 8.76, regime: calm ? .neutral : .elevated,
                                    neutralLowPct: 0.002, neutralHighPct: 0.003, trendStart: point, trendPeak: point, trendDays: 60),
            openInterest: OpenInterestFinding(coins: 310_600, usd: 3.3e10, percentile: calm ? 50 : 100, rangeDays: 731, windowDays: 730,
                                              rangeHigh: point, isRangeHigh: !calm, isHigh: !calm, changeFrom: point, change: 41_000,
                                              changeDays: 60),
            liquidations: LiquidationFinding(longUSD: calm ? 20e6 : 477e6, shortUSD: 38e6, longSharePct: 90, largestLong: point,
                                             isLargestInWindow: !calm, isHeavy: !calm, isNotable: !calm, windowDays: 30),
            whale: WhaleFinding(
                sales: calm ? [] : [WhaleSale(id: "a", day: day, amount: 22_400, usdValue: 2.6e9, dormantYears: 7.1, rotatedInto: .eth, label: "w"),
                                    WhaleSale(id: "b", day: day, amount: 100, usdValue: 2e8, dormantYears: 9, rotatedInto: nil, label: "")],
                totalAmount: 22_500, totalUSD: 2.8e9,
                rotation: calm ? nil : RotationFinding(asset: .eth, weekHigh: point, priorHigh: point, brokeOut: true, ratioChangePct: 5),
                lookbackDays: 7, minDormantYears: 5, minUSD: 1e8),
            divergence: DivergenceFinding(fundingAboveNeutral: !calm, openInterestHigh: !calm, crowdedLong: !calm,
                                          inflowStreak: calm ? nil : Streak(first: day, last: day, days: 1, total: 5),
                                          etfOutflowStreak: calm ? nil : Streak(first: day, last: day, days: 3, total: -1e9),
                                          spotSelling: !calm, level: calm ? .none : .strong),
            risk: RiskFinding(support: point, supportWindowDays: 30, distancePct: 0, nearSupport: true, nextSupport: point,
                              fundingAboveNeutral: !calm, score: calm ? 1 : 6, level: calm ? .low : .high),
            stabilization: StabilizationFinding(etfInflowsReturn: SignalFinding(met: calm), recentETFFlows: [point], etfInflowDays: 2,
                                                rotationStops: SignalFinding(met: calm ? true : nil), rotationVolatilityPct: calm ? 0.8 : nil,
                                                rotationVolatilityDays: 7, rotationVolatilityMaxPct: 1.5,
                                                fundingNeutral: SignalFinding(met: calm), metCount: calm ? 2 : 0, total: 3),
            charts: ChartData(
                price: DailySeries(start: day.adding(days: -4), values: [117_000, 116_000, nil, 110_000, 108_000]),
                fundingPer8hPct: DailySeries(start: day.adding(days: -3), values: [0.003, 0.006, nil, calm ? 0.0025 : 0.008]),
                openInterest: DailySeries(start: day.adding(days: -3), values: [269_600, 290_000, 300_000, 310_600]),
                etfFlows: DailySeries(start: day.adding(days: -3), values: [-350e6, nil, -413e6, calm ? 88e6 : -296e6]),
                exchangeNetflows: DailySeries(start: day.adding(days: -2), values: [1_000, -200, 3_000]),
                rotationRatio: DailySeries(start: day.adding(days: -2), values: [0.040, 0.042, 0.046])),
            sources: ["test"]
        )
    }
}
