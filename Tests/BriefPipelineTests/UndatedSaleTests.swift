import BriefCore
import BriefStore
import Foundation
import Testing
@testable import BriefPipeline

/// A large sale whose transfer does not say how long the coins were dormant (Whale Alert's
/// exports do not): named in the brief, never taken for "no whale trigger", and counted as a
/// risk factor that could not be read.
@Suite struct UndatedSaleTests {
    private static let day = Datasets.first.adding(days: 119)

    private static func transfers(dormant: String) -> String {
        """
        id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label
        big,\(day.adding(days: -2))T09:15:27Z,BTC,22400,2600000000,\(dormant),sold,,from unknown wallet to binance

        """
    }

    @Test func aLargeSaleOfUnknownAgeIsNamedAndLeavesTheTriggerOpen() throws {
        let brief = try brief(metrics: Datasets.calm, transfers: Self.transfers(dormant: ""), day: Self.day)
        let text = brief.unwrapped
        #expect(text.contains("22,400 BTC (about $2.6B) was sold (labelled \"from unknown wallet to binance\" in the source); the data does not say how long the coins had been dormant, so whether a dormant whale sold can't be told."), "\(brief.text)")
        #expect(!text.contains("no whale trigger") && !text.contains("No sale of BTC dormant"), "\(brief.text)")
        #expect(text.contains("a dormant-whale sale (a large sale whose coins' age is not given)"), "\(brief.text)")
        #expect(brief.findings.whale.undatedSales?.map(\.id) == ["big"])
        #expect(brief.findings.riskUnread.contains(UnreadFactor(factor: .whaleSale, reason: .ageUnknown)))
    }

    /// The same sale with its age given as 0 years: fresh coins, so the whale section is quiet.
    @Test func theSameSaleOfFreshCoinsIsNoTrigger() throws {
        let brief = try brief(metrics: Datasets.calm, transfers: Self.transfers(dormant: "0"), day: Self.day)
        #expect(brief.unwrapped.contains("no whale trigger"), "\(brief.text)")
        #expect(brief.findings.whale.undatedSales == [])
    }

    /// Whale Alert's export stores the dormancy as unknown, `export` writes it as an empty
    /// cell, and `import` reads that back as unknown.
    @Test func unknownDormancyIsStoredExportedAndImportedAsUnknown() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whaleAlert = root.appendingPathComponent("data/formats/whale-alert.json").path
        #expect(try runToEnd(builtBinary, ["import", "--format", "whale-alert", whaleAlert], in: folder).status == 0)
        let store = try MetricStore(path: folder.appendingPathComponent("output/marketbrief.sqlite").path)
        #expect(try store.history(asOf: Day("2025-08-31")!).transfers.map(\.dormantYears) == [nil, nil])
        let export = try runToEnd(builtBinary, ["export", "--transfers"], in: folder)
        #expect(export.status == 0)
        let rows = export.output.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[5].isEmpty }, "\(export.output)")
    }
}
