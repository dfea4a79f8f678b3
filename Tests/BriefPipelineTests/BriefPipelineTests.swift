import BriefCore
import BriefStore
import BriefValidate
import Foundation
import Testing
@testable import BriefPipeline

@Suite(.serialized) struct CrashDayTests {
    @Test func theCrashDayBriefStatesEveryFigureOfTheReference() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let brief = try generator().generate(asset: .btc, history: sampleStore(in: folder).history(asOf: crashDay))
        let text = brief.unwrapped
        for figure in [
            "$117,000", "$108,000", "3 days",  // the fall
            "$477M of long positions were liquidated",  // the worst day
            "0.008% per 8h settlement, or 8.76% a year",  // funding, annualized from its interval…
            "below the venues' 0.010% per 8h baseline", "87th percentile of its past 365 days",  // …read against named references
            "310,600 BTC", "its two-year high", "up 41,000 BTC", "in 60 days",  // open interest
            "rose from 3.00%", "a peak of 10.95%",  // the funding trend
            "7.1 years", "22,400 BTC (about $2.6B)", "into ETH", "ETH reached $4,955",  // the whale
            "every reported day from Aug 17 to Aug 25",  // exchange inflows
            "3 trading days in a row", "$1.1B in total",  // ETF outflows
            "the next swing low is $105,603", "a further fall toward the next swing low could force more long liquidations",
        ] {
            #expect(text.contains(figure), "missing: \(figure)")
        }
        #expect(!text.contains("30%"))
        #expect(text.contains("Illustrative sample data, not exchange records."), "a brief from the sample says so")
        #expect(brief.html.contains("<strong>Illustrative sample data</strong>"))
        let story = "BTC at $108,000, down 2.0%: $477M of longs liquidated, the most in 365 days"
        for tag in ["<h1>\(story)</h1>", "<meta name=\"description\" content=\"\(story)\"/>",
                    "<meta property=\"og:title\" content=\"\(story)\"/>"] {
            #expect(brief.html.contains(tag), "missing: \(tag)")
        }
        #expect(HTMLValidator().inspect(brief.html).readAsXML, "the page is well-formed XML")
        for line in brief.text.split(separator: "\n") {
            #expect(line.count <= 80, "longer than 80 columns: \(line)")
        }
    }

    @Test func aSettingGivenTwiceInTheConfigIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("thresholds.json")
        try Data("{\"funding_baseline_pct\": 0.01, \"funding_baseline_pct\": 0.03}".utf8).write(to: config)
        #expect { try ThresholdsFile.load(config.path) } throws: {
            "\($0)".contains("thresholds.json: funding_baseline_pct is given twice; keep one")
        }
    }

    @Test func goldenFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let brief = try generator().generate(asset: .btc, history: sampleStore(in: folder).history(asOf: crashDay))
        let golden = root.appendingPathComponent("Tests/BriefPipelineTests/Golden")
        for (name, data) in [("crash-day.txt", Data(brief.text.utf8)), ("crash-day.html", Data(brief.html.utf8)), ("crash-day.json", brief.json)] {
            let url = golden.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
                try data.write(to: url)
            }
            let expected = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(name): run RECORD_SNAPSHOTS=1 swift test")
            #expect(expected == data, "\(name) differs from the golden file")
        }
    }

    @Test func twoRunsWriteIdenticalBytes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try sampleStore(in: folder)
        var outputs: [[Data]] = []
        for run in 0..<2 {
            let out = folder.appendingPathComponent("out\(run)")
            let urls = try BriefWriter(output: out, assets: [.btc]).write(generator().generate(asset: .btc, history: store.history(asOf: crashDay)))
            #expect(urls.map(\.lastPathComponent) == ["brief.txt", "brief.html", "brief.json"])
            outputs.append(try urls.map { try Data(contentsOf: $0) })
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test func briefJSONReadsBackWholeOrWithoutItsCharts() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let brief = try generator().generate(asset: .btc, history: sampleStore(in: folder).history(asOf: crashDay))
        let data = brief.json
        let whole = try BriefDocument.decode(data)
        #expect(whole.findings == brief.findings)
        #expect(try whole.encoded() == data)
        let listed = try BriefDocument.decode(data, charts: false)
        #expect(listed.findings.charts.openInterest.values.isEmpty)
        var withoutCharts = whole
        withoutCharts.findings.charts = listed.findings.charts
        #expect(listed == withoutCharts, "everything but the charts is read")
        let newer = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"formatVersion\" : 2", with: "\"formatVersion\" : 3")
        #expect { try BriefDocument.decode(Data(newer.utf8)) } throws: {
            "\($0)".contains("formatVersion 3 is not supported (this build reads 1 to 2)")
        }
    }

    @Test func reimportingTheSampleChangesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try sampleStore(in: folder)
        let before = try Data(contentsOf: folder.appendingPathComponent("db.sqlite"))
        let summary = try Importer.importSample(SampleData(folder: resources.sample), into: store)
        #expect(summary.changed == 0)
        #expect(summary.unchanged > 15_000)
        #expect(try Data(contentsOf: folder.appendingPathComponent("db.sqlite")) == before)
    }

    @Test func aBadFileStoresNothingFromAnyFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.csv"), bad = folder.appendingPathComponent("bad.csv")
        try "date,asset,close_usd\n2025-01-01,BTC,1\n".write(to: good, atomically: true, encoding: .utf8)
        try "date,asset,close_usd\n2025-01-02,BTC,1\n2025-01-03,BTC,oops\n".write(to: bad, atomically: true, encoding: .utf8)
        let store = try MetricStore()
        do {
            try Importer.importFiles([good.path, bad.path], into: store)
            Issue.record("a bad file was imported")
        } catch let error as PipelineError {
            #expect("\(error)".contains("bad.csv:3: close_usd: not a number: \"oops\""))
        }
        #expect(try store.latestDay() == nil)
    }
}

/// A desk's first days of data: every window a sentence names is one the data covers, and
/// nothing is concluded from a comparison that has nothing to compare with.
@Suite struct YoungDataTests {
    @Test func theFirstDayOfDataClaimsNoWindowItDoesNotHave() throws {
        let first = try brief(metrics: Datasets.calm, day: Datasets.first)
        let text = first.unwrapped
        for phrase in ["BTC closed at $60,000 on 1 January 2025, the first close on record.",
                       "$60,000 → $60,000 (1 day)", "0 in, 1 out (1 day)",
                       "Support: no earlier close to compare it with in the period searched.",
                       "Whether leverage is stretched can't be told.",
                       "Open interest in BTC perpetuals is 200,000 BTC ($12.0B), the first reading on record."] {
            #expect(text.contains(phrase), "missing: \(phrase) in \(text)")
        }
        // The window is named only where nothing was reported in it ("ETF flows  no data (30 days)").
        for phrase in ["(60 days)", "out (30 days)", "in a week", "of the last", "quiet day", "the close on support", "clear of support",
                       "since the data begins", "1 days"] {
            #expect(!text.contains(phrase), "says \(phrase)")
        }
        #expect(first.findings.risk.support == nil && first.findings.price.recentHigh == nil)
        #expect(first.findings.liquidations.largestLong == nil && !first.findings.liquidations.isLargestInWindow)
        // Charts are drawn over the days there are, named by the day.
        #expect(first.findings.charts.price.values.count == 1 && first.html.contains("<strong>BTC close, Jan 1.</strong>"))
    }

    @Test func tenDaysInTheWindowsAreTheTenDays() throws {
        let tenth = try brief(metrics: Datasets.calm, day: Datasets.first.adding(days: 9))
        let text = tenth.unwrapped
        for phrase in ["(10 days)", "the lowest close of the 9 days before this one"] {
            #expect(text.contains(phrase), "missing: \(phrase) in \(text)")
        }
        for phrase in ["(60 days)", "last 30 days", "(104 weeks)"] {
            #expect(!text.contains(phrase), "says \(phrase)")
        }
        #expect(tenth.findings.price.highWindowDays == 10 && tenth.findings.liquidations.windowDays == 10
                && tenth.findings.risk.supportWindowDays == 9)
        #expect(tenth.findings.charts.price.values.count == 10 && tenth.html.contains("<strong>BTC close, last 10 days.</strong>"))
        #expect(tenth.findings.charts.longLiquidations.values.count == 10 && tenth.findings.charts.shortLiquidations.values.count == 10)
        // The funding trend's start averages only the days reported: 2 of the 7 to Jan 2.
        let sixtyFirst = try brief(metrics: Datasets.calm, day: Datasets.first.adding(days: 61)).unwrapped
        #expect(sixtyFirst.contains("as it was 60 days earlier (average of the 2 reported days of the 7 to Jan 2)."), "\(sixtyFirst)")
        let sixtieth = try brief(metrics: Datasets.calm, day: Datasets.first.adding(days: 60)).unwrapped
        #expect(sixtieth.contains("(Jan 1 alone, the only reported day of the 7 to it)."), "\(sixtieth)")
        #expect(!sixtyFirst.contains("7-day average") && !sixtieth.contains("7-day average"))
        // A full window once the data is older than it.
        let later = try brief(metrics: Datasets.calm, day: Datasets.first.adding(days: 100))
        #expect(later.findings.price.highWindowDays == 30 && later.unwrapped.contains("(60 days)"))
        #expect(later.findings.charts.price.values.count == 60 && later.html.contains("<strong>BTC close, last 60 days.</strong>"))
    }
}

/// Crowded longs take funding high for this market and open interest high in its range: a side
/// too young to rank rules nothing out, so no sentence calls leverage calm on it.
@Suite struct UnrankedLeverageTests {
    /// Wording that concludes leverage is calm or not crowded.
    private let calmLeverage = ["Leverage is not stretched", "Neither side is stretched", "leverage not stretched",
                                "Derivatives are not crowded long", "not at an extreme", "Spot is buying without crowded leverage"]

    @Test func neitherSideRankedTellsNothingOfCrowding() throws {
        // 120 days against the default year of history: nothing is ranked.
        let brief = try brief(metrics: Datasets.calm, transfers: Datasets.recoveryTransfers, day: Datasets.first.adding(days: 119))
        // List items wrap with an indent: spaces collapsed.
        let text = brief.unwrapped.split(separator: " ").joined(separator: " ")
        for phrase in ["Whether longs are crowded can't be told: funding and open interest have too little history to rank.",
                       "Short-term risk is low on what could be read (1 of 12 risk points; 2 factors could not be read and could make it moderate).",
                       "Held at their most, the unread factors of the market's own data would make it moderate.",
                       "Whether derivatives are crowded long can't be told: funding is 0.0025% per 8h, not ranked (too little history), "
                           + "and open interest is not ranked (too little history).",
                       "Spot is buying, so there is no divergence; whether the leverage beside it is crowded can't be told.",
                       "Not counted, for want of data: open interest high in its range (too little history to rank); "
                           + "heavy long liquidations (too little history to rank).",
                       "The price is close to support; whether crowded longs are left to be forced out can't be told.",
                       "market): in the band, with too little history to tell if high for this market (0.0025% per 8h)."] {
            #expect(text.contains(phrase), "missing: \(phrase) in \(text)")
        }
        for phrase in calmLeverage { #expect(!text.contains(phrase), "says \(phrase)") }
        #expect(brief.findings.stabilization.fundingNeutral.met == nil)
    }

    @Test func highFundingBesideUnrankedOpenInterestIsNotCalledUncrowded() throws {
        // Funding of 0.02% per 8h is above the band: high for any market, without a rank.
        let metrics = Datasets.metrics(days: 120, btc: { i in (60_000 + Double(i) * 20, 0.0002, 20_000_000) },
                                       etfFlow: { _ in 40_000_000 }, netflow: { i in i % 2 == 0 ? -500 : 300 }, ethRatio: { _ in 0.05 })
        let brief = try brief(metrics: metrics, day: Datasets.first.adding(days: 119))
        #expect(brief.unwrapped.contains("Funding is above the venues' baseline, but whether longs are crowded can't be told: "
                                         + "open interest has too little history to rank."))
        #expect(brief.unwrapped.contains("Not counted, for want of data: open interest high in its range"))
        #expect(brief.unwrapped.contains("Short-term risk is moderate") || brief.unwrapped.contains("Short-term risk is low"))
        for phrase in calmLeverage { #expect(!brief.unwrapped.contains(phrase), "says \(phrase)") }
        // Funding above the band is not back to neutral, rank or not.
        #expect(brief.findings.stabilization.fundingNeutral.met == false)
    }

    @Test func aRankedSideThatIsNotHighRulesCrowdingOut() throws {
        var thresholds = Thresholds()
        thresholds.minHistoryDays = 60
        let brief = try brief(metrics: Datasets.calm, transfers: Datasets.recoveryTransfers, day: Datasets.first.adding(days: 119),
                              thresholds: thresholds)
        #expect(brief.unwrapped.contains("Leverage is not stretched."))
        #expect(!brief.unwrapped.contains("can't be told") && !brief.unwrapped.contains("Not counted"))
    }

    @Test func aFlatLatestFlowIsToldAsFlatNotAsOld() throws {
        let metrics = Datasets.metrics(days: 120, btc: { i in (60_000 + Double(i) * 20, 0.000025, 20_000_000) },
                                       etfFlow: { _ in 40_000_000 }, netflow: { i in i == 119 ? 0 : -500 }, ethRatio: { _ in 0.05 })
        let brief = try brief(metrics: metrics, day: Datasets.first.adding(days: 119))
        #expect(brief.unwrapped.contains("Exchanges saw no net flow on Apr 30, the latest day reported: no run is under way."))
        #expect(!brief.unwrapped.contains("too old to tell a current run"))
    }

    @Test func withoutAnyTransferTheWhaleTriggerIsUnknown() throws {
        let day = Datasets.first.adding(days: 119)
        let without = try brief(metrics: Datasets.calm, day: day).unwrapped
        #expect(without.contains("No large transfers are in the store up to this day, so sales of long-dormant coins can't be checked: "
                                 + "the whale trigger is unknown."))
        #expect(without.contains("a dormant-whale sale (not reported)."))
        #expect(!without.contains("no whale trigger"))
        // Any transfer in the store, even an old one of another asset, makes a quiet week quiet.
        let with = try brief(metrics: Datasets.calm, transfers: Datasets.recoveryTransfers, day: day).unwrapped
        #expect(!with.contains("can't be checked") && !with.contains("dormant-whale sale (not reported)"))
    }

    @Test func aDayMissingFromTheYearKeepsItsRanksAndSaysSo() throws {
        // 400 days, funding above the band and rising; Jan 1 2026 (day 365) not reported.
        var csv = Datasets.header
        for i in 0..<400 {
            let day = Datasets.first.adding(days: i)
            let funding = i == 365 ? "" : String(0.0002 + Double(i) * 1e-7)
            csv += "\(day),BTC,\(60_000 + Double(i) * 10),,\(funding),\(i == 365 ? "" : "8"),200000,1.2e10,\(20_000_000 + Double(i)),15000000,-500,\n"
        }
        let text = try brief(metrics: csv, day: Datasets.first.adding(days: 399)).unwrapped
        #expect(text.contains("and the highest of its past 365 days (364 of them reported)."), "\(text)")
        // Liquidations rising every day: the day's are above every earlier day's in the store, a year of it.
        #expect(text.contains("of long positions were liquidated, the most in a day in the store, which begins on 1 January 2025."),
                "a day's liquidations read over the whole store")
        #expect(!text.contains("too little history"))
    }

    @Test func aRunEndedAcrossAnUnreportedDaySaysSo() throws {
        // Exchange inflows to Apr 26, Apr 27 not reported, an outflow on Apr 28 (Monday); ETF
        // outflows to Friday Apr 25, an inflow on Monday: a weekend is no gap for ETF flows.
        let metrics = Datasets.metrics(days: 120, btc: { i in (60_000 + Double(i) * 20, 0.000025, 20_000_000) },
                                       etfFlow: { i in i < 117 ? -40_000_000 : 30_000_000 },
                                       netflow: { i in i == 116 ? .nan : (i < 116 ? 300 : -500) }, ethRatio: { _ in 0.05 })
            .replacingOccurrences(of: ",nan,", with: ",,")
        let text = try brief(metrics: metrics, day: Datasets.first.adding(days: 117)).unwrapped
        #expect(text.contains("ended with a net outflow of 500 BTC on Apr 28, the next day reported."), "\(text)")
        #expect(text.contains("ended with a net inflow of $30M on Apr 28."), "\(text)")
    }
}

@Suite struct MarketMoodTests {
    /// Words that belong to a stressed market only.
    private let alarm = ["frenzy", "cascade", "leverage is stretched", "force more", "sell-off", "trigger of the move", "fragile"]
    /// The datasets hold 120 days: rank against 60 days of history rather than the default year.
    private var shortHistory: Thresholds {
        var thresholds = Thresholds()
        thresholds.minHistoryDays = 60
        return thresholds
    }

    @Test func aCalmMarketReadsCalm() throws {
        let brief = try brief(metrics: Datasets.calm, transfers: Datasets.recoveryTransfers, day: Datasets.first.adding(days: 119),
                              thresholds: shortHistory)
        for phrase in ["Short-term risk is low (1 of 12 risk points): the close 1.4% above support.",
                       "below the venues' 0.010% per 8h baseline", "No coins dormant 5+ years",
                       "Spot is buying without crowded leverage", "there is no fall to recover from",
                       "3 of 3 of the usual signals hold", "Leverage is not stretched."] {
            #expect(brief.unwrapped.contains(phrase), "missing: \(phrase)")
        }
        for word in alarm { #expect(!brief.unwrapped.lowercased().contains(word), "calm brief says \(word)") }
        #expect(!brief.unwrapped.contains("sample data"), "no sample notice on a brief from other data")
        #expect(brief.findings.risk.level == .low)
    }

    @Test func aRecoveryReadsAsStabilizing() throws {
        let brief = try brief(metrics: Datasets.recovery, transfers: Datasets.recoveryTransfers, day: Datasets.first.adding(days: 119), thresholds: shortHistory)
        #expect(brief.findings.stabilization.metCount == 3)
        #expect(brief.findings.funding.regime == .neutral)
        #expect(brief.findings.risk.level == .low)
        for phrase in ["there is no fall to recover from", "3 of 3 of the usual signals hold", "No coins dormant 5+ years",
                       "Spot BTC ETFs had net inflows on 10 trading days in a row",  // Apr 16 to 30, Good Friday closed
                       "Annualized funding fell from 8.76% (7-day average to Mar 1) to 2.74% today"] {
            #expect(brief.unwrapped.contains(phrase), "missing: \(phrase)")
        }
        for word in alarm { #expect(!brief.unwrapped.lowercased().contains(word), "recovery brief says \(word)") }
    }

    @Test func theRecoveryDatasetsSellOffReadsStressed() throws {
        let brief = try brief(metrics: Datasets.recovery, transfers: Datasets.recoveryTransfers, day: Datasets.first.adding(days: 89), thresholds: shortHistory)
        #expect(brief.findings.risk.level == .high)
        #expect(brief.unwrapped.contains("Short-term risk is high"))
        #expect(brief.unwrapped.contains("sold 9,000 BTC"))
    }

    @Test func missingValuesReadAsNoData() throws {
        let metrics = "date,asset,close_usd,funding_rate,funding_interval_h\n2025-01-01,BTC,60000,,\n"
        let brief = try brief(metrics: metrics, day: Datasets.first)
        #expect(brief.unwrapped.contains("Funding: not reported for this day."))
        #expect(brief.unwrapped.contains("Open interest: not reported for this day."))
        #expect(brief.findings.stabilization.fundingNeutral.met == nil)
        #expect(brief.unwrapped.contains("Funding back to neutral (in the 0.000%–0.010% per 8h band") && brief.unwrapped.contains("market): no data."))
        #expect(brief.unwrapped.contains("Without current spot flows, spot demand can't be judged"), "no flows, no conclusion")
    }
}

@Suite struct DefectivePageTests {
    @Test func aPageWithADefectIsNotWrittenAndTheErrorNamesTheLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: resources.templates, to: templates)
        let page = templates.appendingPathComponent("brief-body.html.mustache")
        let html = try String(contentsOf: page, encoding: .utf8)
        let planted = html.replacingOccurrences(of: "<main id=\"content\">", with: "<main id=\"content\">\n<a href=\"#nowhere\">broken</a>")
        try #require(planted != html, "the template still opens with the main element the plant follows")
        try planted.write(to: page, atomically: true, encoding: .utf8)
        let generator = try BriefGenerator(templates: templates, thresholds: Thresholds())
        let store = try sampleStore(in: folder)
        do {
            let brief = try generator.generate(asset: .btc, history: store.history(asOf: crashDay))
            try BriefWriter(output: folder.appendingPathComponent("out"), assets: [.btc]).write(brief)
            Issue.record("a defective page was written")
        } catch let PipelineError.validation(page, problems) {
            #expect(page == "briefs/BTC/2025-08-26/brief.html")
            #expect(problems.contains { $0.hasSuffix(": link to a missing #anchor \"#nowhere\"") && !$0.hasPrefix("0:") })
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}

@Suite struct OutputPathTests {
    @Test func aLinkOutOfTheOutputFolderIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out"), elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent("briefs"), withDestinationURL: elsewhere)
        #expect(throws: PipelineError.self) { try BriefWriter(output: output, assets: [.btc]) }
        let fresh = folder.appendingPathComponent("new/out")
        #expect(throws: Never.self) { try BriefWriter(output: fresh, assets: [.btc]) }
        #expect(FileManager.default.fileExists(atPath: fresh.appendingPathComponent("briefs/BTC").path))

        // A day folder that is a link is refused too, and its target left alone.
        let store = try sampleStore(in: folder)
        let brief = try generator().generate(asset: .btc, history: store.history(asOf: crashDay))
        try FileManager.default.createSymbolicLink(at: fresh.appendingPathComponent("briefs/BTC/2025-08-26"), withDestinationURL: elsewhere)
        #expect(throws: PipelineError.self) { try BriefWriter(output: fresh, assets: [.btc]).write(brief) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }
}
