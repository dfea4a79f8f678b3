import Foundation
import Testing

/// The eighth attack review's cases.
extension AttackReviewTests {
    /// A day stored as a blob (written with sqlite3) crashed `data` in GRDB's row decoding:
    /// it is refused, named, as `generate` and `export` refuse it.
    @Test func aDayStoredAsABlobIsRefusedByData() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-25,BTC,107000\n2025-08-26,BTC,108000\n"
            .write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
        let edit = "UPDATE metric_value SET day = X'00ff' WHERE day = '2025-08-25'"
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["output/marketbrief.sqlite", edit], in: folder).status == 0)
        let result = try runWithin(30, builtBinary, ["data"], in: folder)
        #expect(!result.timedOut && result.status == 1, "\(result.output)")
        #expect(result.output.contains("store: metric_value BTC close_usd has the day X'00FF', not a day as text"), "\(result.output)")
    }

    /// `bench --years 5000` crashed on a day before the calendar's first, and a larger one on
    /// an overflow: the years are bounded.
    @Test(arguments: ["5000", "9223372036854775807", "0"])
    func benchYearsAreBounded(years: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runWithin(30, builtBinary, ["bench", "--years", years], in: folder)
        #expect(!result.timedOut && result.status == 2 && result.output.contains("--years: 1 to 50, not \(years)"), "\(result.output)")
    }
}
