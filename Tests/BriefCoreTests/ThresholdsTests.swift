import Foundation
import Testing
@testable import BriefCore

@Suite struct ThresholdsTests {
    @Test func partialFilesOverrideOnlyTheirKeys() throws {
        let thresholds = try JSONDecoder().decode(Thresholds.self, from: Data(#"{"whale_min_usd": 5e7, "support_window_days": 20}"#.utf8))
        var expected = Thresholds().resolved(for: Asset("SOL")!)
        expected.whaleMinUSD = 5e7
        expected.supportWindowDays = 20
        #expect(thresholds.resolved(for: Asset("SOL")!) == expected)
        // The top-level keys reach the assets with built-in settings too; theirs stay.
        let btc = thresholds.resolved(for: .btc)
        #expect(btc.whaleMinUSD == 5e7 && btc.supportWindowDays == 20 && btc.etfLaunch == Day("2024-01-11") && btc.rotationPair)
    }

    @Test func perAssetEntriesOverrideTheTopLevel() throws {
        let json = #"{"risk_day_fall_pct": 5, "assets": {"SOL": {"risk_day_fall_pct": 9}, "ETH": {"etf_launch": null}}}"#
        let thresholds = try JSONDecoder().decode(Thresholds.self, from: Data(json.utf8))
        #expect(thresholds.resolved(for: Asset("SOL")!).riskDayFallPct == 9)
        #expect(thresholds.resolved(for: .btc).riskDayFallPct == 5)
        #expect(thresholds.resolved(for: .eth).etfLaunch == nil && thresholds.resolved(for: .eth).rotationPair)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Thresholds.self, from: Data(#"{"assets": {"sol": {}}}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Thresholds.self, from: Data(#"{"assets": {"SOL": {"etf_launch": "2024-13-01"}}}"#.utf8))
        }
    }

    @Test func unknownKeysAndBadValuesAreErrors() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Thresholds.self, from: Data(#"{"whale_min_ud": 1}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Thresholds.self, from: Data(#"{"support_window_days": 0}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Thresholds.self, from: Data(#"{"funding_extreme_pct": 0.001}"#.utf8)) }
    }

    @Test func shippedDefaultsFileMatchesTheCode() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/thresholds.json")
        let data = try Data(contentsOf: url)
        #expect(try JSONDecoder().decode(Thresholds.self, from: data) == Thresholds())
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        #expect(keys == Thresholds.keys)
    }
}
