import Foundation
import Testing
@testable import BriefCore

@Suite struct ThresholdsTests {
    @Test func partialFilesOverrideOnlyTheirKeys() throws {
        let thresholds = try JSONDecoder().decode(Thresholds.self, from: Data(#"{"whale_min_usd": 5e7, "support_window_days": 20}"#.utf8))
        var expected = Thresholds()
        expected.whaleMinUSD = 5e7
        expected.supportWindowDays = 20
        #expect(thresholds == expected)
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
