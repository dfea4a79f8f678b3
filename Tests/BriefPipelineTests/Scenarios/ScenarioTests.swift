import BriefCore
import BriefStore
import BriefVerify
import Foundation
import Testing
@testable import BriefPipeline

/// One market regime: a history built by `ScenarioHistory` plus its last days, and what the
/// brief of its last day must and must not say.
struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var history: @Sendable () -> ScenarioHistory
    var must: [String]
    var mustNot: [String]
    var testDescription: String { name }
}

/// The scenario library: every regime the brief has words for, and the data states it must
/// tell apart. Each history spans two years (but one: the asset with 40 days), so ranks mean
/// something; each last day is backfilled with the 29 days before it and verified.
enum Scenarios {
    static let all: [Scenario] = [
        Scenario(name: "quiet range", history: {
            var history = ScenarioHistory()
            // Funding at its usual level, and the store's record close far above: a quiet day
            // has nothing notable.
            history.set(.fundingRate, [0.00005])
            history.raiseClose(back: 99, by: 1.2)
            return history
        },
                 must: ["Range-bound: the 30 closes before this one stayed between", "A quiet day inside it.", "Short-term risk is low"],
                 mustNot: ["squeeze", "Behind the move", "None holds yet", "would force more long liquidations"]),
        // The same day, with a close 20 days back under the band: no range to be quiet in.
        Scenario(name: "quiet, out of any range", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [0.00005])
            history.raiseClose(back: 99, by: 1.2)
            history.raiseClose(back: 20, by: 0.9)
            return history
        },
                 must: ["A quiet day inside the 30-day range.", "Short-term risk is low"],
                 mustNot: ["Range-bound", "Range:"]),
        Scenario(name: "rally to a new high", history: {
            var history = ScenarioHistory()
            history.raiseClose(back: 99, by: 1.2)  // a record well above: a 30-day high, not a record
            history.moveClose([1.03, 1.03, 1.03, 1.03])
            return history
        }, must: ["The close is the highest of the last 30 days.", "up 3.0% from", "and up 9.3% from",
                  "there is no fall to recover from"],
                 mustNot: ["None holds yet", "would force more long liquidations", "fall of"]),
        Scenario(name: "short squeeze", history: {
            var history = ScenarioHistory()
            // Shorts piling in: open interest up to its two-year high while funding turns negative.
            history.move(.openInterestCoins, Array(repeating: 1.01, count: 30))
            // A dip first, so the squeeze's close is no record.
            history.moveClose([0.95, 1.01, 1.06])
            history.set(.shortLiquidationsUSD, [400e6])
            history.set(.fundingRate, [-0.00002, -0.00004])
            return history
        }, must: ["A short squeeze: short sellers were forced to buy back as the price rose.", "More shorts than longs were forced out: $400M of shorts, the largest short day of the last 30 days.",
                  "a heavy day for shorts", "below zero, so shorts are paying longs", "Shorts are the crowded side",
                  "$400M of short positions were liquidated, the most in a day in the store, which begins on 2 July 2023."],
                 mustNot: ["long squeeze", "Leverage is stretched"]),
        Scenario(name: "long squeeze with leverage staying in", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 1.01, count: 30))
            history.set(.fundingRate, Array(repeating: 0.00013, count: 5))
            history.moveClose([0.97, 0.96, 0.94])
            history.set(.longLiquidationsUSD, [120e6, 200e6, 600e6])
            history.set(.exchangeNetflowCoins, [2_000, 3_000, 2_500, 4_000, 5_000])
            return history
        }, must: ["A long squeeze: leveraged longs were forced out as the price fell.", "Short-term risk is high",
                  "Behind the move: leverage that stayed in while spot holders sold.", "its two-year high",
                  "Exchanges saw net inflows every reported day", "a one-day fall of 6.0%"],
                 mustNot: ["short squeeze", "there is no fall to recover from"]),
        Scenario(name: "deleveraging", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 0.98, count: 7))
            history.moveClose([0.99, 0.985, 0.99, 0.985, 0.99])
            return history
        }, must: ["Open interest fell 13.2% in 7 days, the largest 7-day move, up or down, of the past 365 days.",
                  "Deleveraging: positions are being closed as the price falls."],
                 mustNot: ["squeeze", "New leverage"]),
        Scenario(name: "new leverage with the price", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 1.015, count: 7))
            history.moveClose(Array(repeating: 1.01, count: 7))
            return history
        }, must: ["New leverage is following the price up."], mustNot: ["Deleveraging", "down "]),
        Scenario(name: "a flat close beside the year's largest build-up of open interest", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 1.015, count: 7))
            let close = history.value(.closeUSD, back: 0)!
            history.set(.closeUSD, [close, close])
            return history
        }, must: ["little changed from", "Open interest rose 11.0% in 7 days, the largest 7-day move, up or down, of the past 365 days."],
                 mustNot: ["A quiet day", "a quiet day"]),
        Scenario(name: "capitulation with negative funding", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [-0.00005, -0.00008])
            history.moveClose([0.97, 0.88])
            return history
        }, must: ["Capitulation: a steep fall while shorts pay longs to hold their bets, with open interest at the", "a one-day fall of 12.0% (2 points)",
                  "Funding of -0.008% per 8h is the lowest of the past 365 days.",
                  "Funding is the most negative of its past 365 days: shorts pay more to hold their bets than on any other day of the year.",
                  "they are no crowd in size, but paying this much they are a squeeze risk all the same.",
                  "With shorts paying more than on almost any day of the year, a rise could squeeze them, though open interest is not high enough to call them crowded."],
                 mustNot: ["there is no fall to recover from", "Leverage is stretched", "Shorts are the crowded side"]),
        // Capitulation means leverage flushed out: with open interest still near its highs, the
        // same fall is told as one with leverage still in.
        Scenario(name: "a steep fall with open interest still high", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 1.01, count: 30))
            history.set(.fundingRate, [-0.00005, -0.00008])
            history.moveClose([0.97, 0.88])
            return history
        }, must: ["A steep fall with leverage still in: shorts pay longs, but open interest, at the", "has not been flushed out."],
                 mustNot: ["Capitulation", "capitulation"]),
        // Funding the highest of its year with open interest at its two-year high: the most
        // crowded leverage the data has seen is high risk, not moderate.
        Scenario(name: "funding and open interest both at their highest", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 1.01, count: 30))
            history.set(.fundingRate, [0.00012, 0.00015, 0.0002])
            return history
        }, must: ["Short-term risk is high", "funding and open interest both at their highest (2 points)",
                  "Funding of 0.020% per 8h is the highest of the past 365 days."],
                 mustNot: ["Short-term risk is moderate", "Short-term risk is low"]),
        // Funding 0.0103% per 8h, the highest of its year but barely over the venues' 0.010%
        // baseline: stretched for this market only, not by the venues' measure.
        Scenario(name: "funding just over the baseline", history: {
            var history = ScenarioHistory()
            history.move(.openInterestCoins, Array(repeating: 1.01, count: 30))
            history.set(.fundingRate, [0.000103])
            return history
        }, must: ["Leverage is stretched for this market", "The two readings of funding disagree: by the venues' measure the premium is only just over the 0.010% per 8h baseline"],
                 mustNot: ["Leverage is stretched:", "funding is above the venues' baseline"]),
        Scenario(name: "accumulation", history: {
            var history = ScenarioHistory()
            history.set(.exchangeNetflowCoins, [-1_500, -2_000, -2_500, -1_800, -3_000])
            // Wednesday 25 June to Monday 30 June: no flows at the weekend.
            history.set(.etfNetflowUSD, [90e6, 120e6, 80e6, nil, nil, 150e6])
            // A little under the day before, inside the range.
            history.set(.closeUSD, [history.value(.closeUSD, back: 1)! * 0.999])
            return history
        }, must: ["Range-bound: the 30 closes before this one", "Spot buyers are accumulating.", "Exchanges saw net outflows every reported day",
                  "Spot BTC ETFs had net inflows on 4 trading days in a row, Jun 25 to Jun 30, $440M in total."],
                 mustNot: ["Spot is selling", "Behind the move"]),
        Scenario(name: "distribution while the price holds", history: {
            var history = ScenarioHistory()
            history.set(.exchangeNetflowCoins, [1_500, 2_000, 2_500, 1_800, 3_000])
            // Up on the day, under the range's high.
            let low = history.value(.closeUSD, back: 0)!
            history.set(.closeUSD, [low, low * 1.001])
            return history
        }, must: ["Spot holders are selling while the price holds.", "Exchanges saw net inflows every reported day",
                  "Spot is selling, but derivatives are not crowded long."],
                 mustNot: ["Spot buyers are accumulating", "Behind the move"]),
        Scenario(name: "funding not reported for several days", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [nil, nil, nil, nil, nil])
            return history
        }, must: ["Funding: not reported for this day.", "funding is not reported",
                  "Funding back to neutral (in the 0.000%–0.010% per 8h band and not high for this market): no data."],
                 mustNot: ["Annualized funding", "funding is high"]),
        Scenario(name: "before US spot ETFs existed", history: { ScenarioHistory(end: Day("2023-12-20")!) },
                 must: ["No US spot BTC ETF trades yet: there are no ETF flows to read.", "none: no US spot BTC ETF trades yet"],
                 mustNot: ["Spot BTC ETFs had", "Spot-ETF net inflows return", "Spot-ETF flows for", "2024"]),
        Scenario(name: "a US holiday", history: { ScenarioHistory(end: Day("2025-07-04")!) },
                 must: ["US markets were closed on the day; the latest trading day was Jul 3."],
                 mustNot: ["Spot-ETF flows for Jul 4 are not reported", "Spot-ETF flows for Jul 3 are not reported"]),
        Scenario(name: "a weekend", history: { ScenarioHistory(end: Day("2025-06-29")!) },
                 must: ["US markets were closed on the day; the latest trading day was Jun 27."],
                 mustNot: ["are not reported"]),
        Scenario(name: "ETF outflows ended by an inflow", history: {
            var history = ScenarioHistory()
            // The last trading days: Jun 26 and 27 out, Jun 30 (the last day) in.
            history.set(.etfNetflowUSD, [-200e6, -300e6, nil, nil, 150e6])
            return history
        }, must: ["Spot BTC ETFs' net outflows of Jun 26 to Jun 27 (2 trading days, $500M) ended with a net inflow of $150M on Jun 30."],
                 mustNot: ["Spot BTC ETFs had net outflows"]),
        Scenario(name: "a rebound the day after a crash", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [-0.00005, -0.00008, -0.00006])
            history.moveClose([0.97, 0.85, 1.09])
            history.set(.longLiquidationsUSD, [120e6, 900e6, 60e6])
            return history
        }, must: ["up 9.0% from", "A rebound inside a sell-off: the close is still", "a rise could squeeze them"],
                 mustNot: ["Capitulation", "steep fall", "long squeeze", "A quiet day"]),
        Scenario(name: "a record close", history: {
            var history = ScenarioHistory()
            let record = history.values[.closeUSD]!.compactMap { $0 }.max()!
            history.set(.closeUSD, [record * 1.04])
            return history
        }, must: ["closed at a record $", "It is the highest close in the store, whose closes begin on 2 July 2023; the previous high was"],
                 mustNot: ["A quiet day", "The close is the highest of the last 30 days."]),
        Scenario(name: "a new 30-day low", history: {
            var history = ScenarioHistory()
            history.moveClose([0.96])
            return history
        }, must: ["A new 30-day low: the close broke the support of", "the close broke it, 3.", "a new 30-day low,"],
                 mustNot: ["A quiet day", "set today", "sits on support", "the close on support"]),
        // A second new low in two days: the support broke yesterday, today the slide goes on; a
        // signal that holds is not met while it does.
        Scenario(name: "a slide of new lows", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [0.00005, 0.00005])
            history.moveClose([0.96, 0.98])
            return history
        }, must: ["Another 30-day low as the slide goes on: the close is 2.0% under the previous low of",
                  "the close is 2.0% under it, another 30-day low as the slide goes on",
                  "The close made a new 30-day low today: the slide has not stopped, so no signal counts as met; 1 holds on its own terms.",
                  "holds, but the slide has not stopped (0.005% per 8h"],
                 mustNot: ["broke the support", "the close broke it", "): met", "None holds yet"]),
        // The calm baseline's last 40 closes swing ±0.2%: a range, which a small move stays in
        // and a large one leaves.
        Scenario(name: "a day in a range", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [0.00005])
            return history
        }, must: ["Range-bound: the 30 closes before this one stayed between $", "a band of 0.2%, and this one sits near its bottom."],
                 mustNot: ["Range:", "breaks out", "breaks down"]),
        Scenario(name: "a break out of a range", history: {
            var history = ScenarioHistory()
            history.moveClose([1.03])
            return history
        }, must: ["The close breaks out of the range it kept for 30 days, $", "0.2% wide: 3.0% over its top."],
                 mustNot: ["Range-bound", "A quiet day"]),
        Scenario(name: "a break down out of a range", history: {
            var history = ScenarioHistory()
            history.moveClose([0.97])
            return history
        }, must: ["A new 30-day low: the close broke the support of",
                  "The close breaks down out of the range it kept for 30 days, $", "0.2% wide: 2.8% under its floor."],
                 mustNot: ["Range-bound", "A quiet day"]),
        // A close a hair over the range's top breaks nothing.
        Scenario(name: "a close just over a range's top", history: {
            var history = ScenarioHistory()
            history.moveClose([1.005])
            return history
        }, must: ["Short-term risk is"], mustNot: ["breaks out", "Range-bound", "Range:"]),
        // In a sell-off, a rebound the day after a new low: the slide is not said to go on, nor over.
        Scenario(name: "a rebound the day after a new low", history: {
            var history = ScenarioHistory()
            history.set(.fundingRate, [0.00005, 0.00005])
            history.moveClose([0.90, 0.97, 1.04])
            return history
        }, must: ["The close is 4.0% above the 30-day low of",
                  "too soon after it to call the slide over, so no signal counts as met yet; 1 holds on its own terms.",
                  "holds, but too soon after the low (0.005% per 8h"],
                 mustNot: ["the slide has not stopped", "): met", "None holds yet"]),
        Scenario(name: "an ETF outflow run longer than 60 trading days", history: { ScenarioHistory.longETFOutflows() },
                 must: ["Spot BTC ETFs had net outflows on \(ScenarioHistory.longETFOutflows().lastRunDays(.etfNetflowUSD)) trading days in a row,"],
                 mustNot: ["on 60 trading days", "at least"]),
        Scenario(name: "spot flows that disagree", history: {
            var history = ScenarioHistory()
            history.set(.exchangeNetflowCoins, [1_500, 2_000, 2_500, 1_800, 3_000])
            // Wednesday 25 June to Monday 30 June: inflows to the ETFs while coins move onto exchanges.
            history.set(.etfNetflowUSD, [90e6, 120e6, 80e6, nil, nil, 150e6])
            return history
        }, must: ["The spot flows disagree: exchanges took in coins that can be sold, while spot ETFs took in money; together they show neither clear selling nor clear buying."],
                 mustNot: ["Spot is selling", "Spot buyers are accumulating", "Spot holders are selling", "Spot is buying"]),
        Scenario(name: "a short squeeze that liquidated longs as much", history: {
            var history = ScenarioHistory()
            history.moveClose([1.01, 1.06])
            history.set(.shortLiquidationsUSD, [400e6])
            history.set(.longLiquidationsUSD, [380e6])
            history.set(.fundingRate, [-0.00002, -0.00004])
            return history
        }, must: ["$380M of longs and $400M of shorts were liquidated"],
                 mustNot: ["short squeeze", "More shorts than longs"]),
        Scenario(name: "an asset with 40 days of history", history: { ScenarioHistory(asset: Asset("NEWC")!, days: 40) },
                 must: ["with 40 days of history, too few to rank", "Whether longs are crowded can't be told",
                        "Not counted, for want of data: open interest high in its range (too little history to rank)"],
                 mustNot: ["percentile", "two-year", "ETF", "ETH/BTC", "Leverage is not stretched", "Neither side is stretched"]),
        // Open interest of 0 on every day of its window: a range of one level has no high, and
        // a change from 0 to 0 no percent (it read "is 0 BTC, its two-year high, in 60 days").
        Scenario(name: "open interest at zero every day", history: {
            var history = ScenarioHistory()
            history.set(.openInterestCoins, Array(repeating: 0, count: history.days))
            return history
        }, must: ["is 0 BTC, the same on every day of its two-year range, unchanged in 60 days.",
                  "open interest is the same on every day of its range."],
                 mustNot: ["two-year high", "percentile of its two-year range", "open interest is at the"]),
        Scenario(name: "an altcoin without ETFs or a rotation pair", history: { ScenarioHistory(asset: Asset("SOL")!) },
                 must: ["SOL closed at", "Open interest in SOL perpetuals"],
                 mustNot: ["ETF", "ETH/BTC", "rotation"]),
    ]
}

@Suite struct ScenarioTests {
    @Test(arguments: Scenarios.all)
    func theLastDayReadsRightAndEveryClaimHolds(_ scenario: Scenario) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = scenario.history()
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try MetricStore(path: path)
        try store.save(samples: history.samples, transfers: [])
        let output = folder.appendingPathComponent("out")
        let summary = try Backfill.run(from: history.end.adding(days: -29), through: history.end, assets: [history.asset],
                                       store: store, generator: generator(), output: output)
        #expect(summary.written == 30)

        let verifier = ClaimVerifier(store: try StoreReader(path: path))
        for offset in 0..<30 {
            let brief = try BriefArchive.load(asset: history.asset, day: history.end.adding(days: -offset), output: output)
            for mismatch in try verifier.mismatches(in: brief) { Issue.record("\(scenario.name): \(mismatch)") }
        }
        let text = try String(contentsOf: output.appendingPathComponent("briefs/\(history.asset)/\(history.end)/brief.txt"), encoding: .utf8)
            .replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
        for phrase in scenario.must { #expect(text.contains(phrase), "\(scenario.name): missing \"\(phrase)\" in:\n\(text)") }
        for phrase in scenario.mustNot { #expect(!text.contains(phrase), "\(scenario.name): says \"\(phrase)\"") }
    }

    /// Briefs across every scenario's whole history, not only its last days: each claim holds.
    /// Every 10th day by default (about 1,700 briefs); with `MARKETBRIEF_WHOLE_HISTORY=1` every
    /// day (about 16,800 briefs, some 7 minutes on 2 cores).
    @Test(arguments: Scenarios.all)
    func claimsHoldAcrossTheWholeHistory(_ scenario: Scenario) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = scenario.history()
        let path = folder.appendingPathComponent("store.sqlite").path
        let store = try MetricStore(path: path)
        try store.save(samples: history.samples, transfers: [])
        let output = folder.appendingPathComponent("out")
        let first = history.end.adding(days: -(history.days - 1))
        let step = ProcessInfo.processInfo.environment["MARKETBRIEF_WHOLE_HISTORY"] == "1" ? 1 : 10
        let days = stride(from: 0, to: history.days, by: step).map { first.adding(days: $0) }
        let verifier = ClaimVerifier(store: try StoreReader(path: path))
        var claims = 0
        for day in days {
            let summary = try Backfill.run(from: day, through: day, assets: [history.asset], store: store, generator: generator(), output: output)
            #expect(summary.written == 1)
            let brief = try BriefArchive.load(asset: history.asset, day: day, output: output)
            claims += brief.claims.count
            for mismatch in try verifier.mismatches(in: brief) { Issue.record("\(scenario.name): \(mismatch)") }
        }
        // Every brief states at least its close, its move and its risk's numbers.
        #expect(claims > 10 * days.count, "\(scenario.name): \(claims) claims in \(days.count) briefs")
    }

    @Test func thereIsAScenarioForEveryRegime() throws {
        var seen = Set<Regime>()
        for scenario in Scenarios.all {
            let history = scenario.history()
            let store = try MetricStore()
            try store.save(samples: history.samples, transfers: [])
            seen.formUnion(BriefAnalyzer.analyze(try store.history(asOf: history.end), asset: history.asset,
                                                 thresholds: Thresholds()).regimes)
        }
        #expect(seen == Set(Regime.allCases), "no scenario shows \(Set(Regime.allCases).subtracting(seen))")
    }
}
