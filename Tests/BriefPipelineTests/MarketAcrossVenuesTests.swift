@testable import BriefCore
import BriefStore
@testable import BriefVerify
import Foundation
import GRDB
import Testing
@testable import BriefPipeline

/// Open interest summed across venues and funding weighted by it: the brief names the venues
/// and the one missing, keeps each venue's figure in brief.json, and `verify` derives it all
/// again from the store.
@Suite struct MarketAcrossVenuesTests {
    /// The sample's BTC open interest and funding split over three venues: Binance holds half,
    /// OKX 30% (its rate 1.2 times the sample's), Bybit 20% in coins only (its rate per 4-hour
    /// settlement, so half the sample's per 8 hours); Bybit reports nothing on the crash day.
    private func threeVenueStore(in folder: URL) throws -> String {
        _ = try sampleStore(in: folder)
        let path = folder.appendingPathComponent("db.sqlite").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                INSERT INTO metric_value SELECT asset, day, 'oi_coins.binance', value * 0.5, 'test:binance' FROM metric_value WHERE asset = 'BTC' AND metric = 'oi_coins';
                INSERT INTO metric_value SELECT asset, day, 'oi_usd.binance', value * 0.5, 'test:binance' FROM metric_value WHERE asset = 'BTC' AND metric = 'oi_usd';
                INSERT INTO metric_value SELECT asset, day, 'oi_coins.okx', value * 0.3, 'test:okx' FROM metric_value WHERE asset = 'BTC' AND metric = 'oi_coins';
                INSERT INTO metric_value SELECT asset, day, 'oi_usd.okx', value * 0.3, 'test:okx' FROM metric_value WHERE asset = 'BTC' AND metric = 'oi_usd';
                INSERT INTO metric_value SELECT asset, day, 'oi_coins.bybit', value * 0.2, 'test:bybit' FROM metric_value
                    WHERE asset = 'BTC' AND metric = 'oi_coins' AND day <> '2025-08-26';
                INSERT INTO metric_value SELECT asset, day, 'funding_rate.binance', value, 'test:binance' FROM metric_value WHERE asset = 'BTC' AND metric = 'funding_rate';
                INSERT INTO metric_value SELECT asset, day, 'funding_interval_h.binance', value, 'test:binance' FROM metric_value WHERE asset = 'BTC' AND metric = 'funding_interval_h';
                INSERT INTO metric_value SELECT asset, day, 'funding_rate.okx', value * 1.2, 'test:okx' FROM metric_value WHERE asset = 'BTC' AND metric = 'funding_rate';
                INSERT INTO metric_value SELECT asset, day, 'funding_interval_h.okx', value, 'test:okx' FROM metric_value WHERE asset = 'BTC' AND metric = 'funding_interval_h';
                INSERT INTO metric_value SELECT asset, day, 'funding_rate.bybit', value / 4, 'test:bybit' FROM metric_value
                    WHERE asset = 'BTC' AND metric = 'funding_rate' AND day <> '2025-08-26';
                INSERT INTO metric_value SELECT asset, day, 'funding_interval_h.bybit', 4, 'test:bybit' FROM metric_value
                    WHERE asset = 'BTC' AND metric = 'funding_interval_h' AND day <> '2025-08-26';
                DELETE FROM metric_value WHERE asset = 'BTC' AND metric IN ('oi_coins', 'oi_usd', 'funding_rate', 'funding_interval_h');
                """)
        }
        return path
    }

    @Test func theCrashDayIsBriefedAcrossVenuesAndVerified() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try threeVenueStore(in: folder)
        let store = try MetricStore(path: path)
        let brief = try generator().generate(asset: .btc, history: store.history(asOf: crashDay))
        let document = try BriefDocument.decode(brief.json)
        let leverage = try #require(document.text(of: "leverage"))
        #expect(leverage.contains("Open interest in BTC perpetuals across Binance and OKX is"), "\(leverage)")
        #expect(leverage.contains("Bybit reported no open interest for this day: it is not in the figure, nor in the days it is compared with."))
        #expect(leverage.contains("Funding, weighted by open interest across Binance and OKX, is"), "\(leverage)")
        #expect(leverage.contains("Bybit reported no funding for this day: it is not in the rate."))

        // The sum is 80% of the sample's figure; funding (1 × 0.5 + 1.2 × 0.3) / 0.8 of it.
        let sample = try generator().generate(asset: .btc, history: try sampleStore(in: try temporaryFolder()).history(asOf: crashDay))
        let plain = try BriefDocument.decode(sample.json).findings
        let findings = document.findings
        #expect(abs(findings.openInterest.coins! - plain.openInterest.coins! * 0.8) < 1e-6)
        #expect(abs(findings.funding.rate! - plain.funding.rate! * (0.5 + 1.2 * 0.3) / 0.8) < 1e-15)
        let venues = try #require(findings.venues)
        #expect(venues.openInterest?.venues == ["binance", "okx"])
        #expect(venues.openInterest?.missing == ["bybit"])
        #expect(venues.openInterest?.figures.map(\.venue) == ["binance", "okx"])
        #expect(venues.funding?.figures.first { $0.venue == "okx" }?.intervalHours == 8)

        // Every claim holds against the store, worked out across the same venues.
        let verifier = ClaimVerifier(store: try StoreReader(path: path))
        #expect(try verifier.mismatches(in: document).isEmpty)
        let oiClaim = try #require(document.claims.first { $0.metric == "oi_coins" && $0.kind == .value && $0.day == crashDay })
        #expect(oiClaim.venues == ["binance", "okx"])
        #expect(document.claims.contains { $0.metric == "funding_per8h_pct" && $0.kind == .rank && $0.venues == ["binance", "okx"] })

        // A planted number is caught: the sum stated as the sample's whole figure.
        var planted = document
        let index = try #require(planted.claims.firstIndex(of: oiClaim))
        let wrong = "999,999 BTC"
        planted.sections = planted.sections.map { .init(id: $0.id, text: $0.text.replacingOccurrences(of: oiClaim.stated, with: wrong)) }
        planted.claims = planted.claims.map { var claim = $0; claim.sentence = claim.sentence.replacingOccurrences(of: oiClaim.stated, with: wrong); return claim }
        planted.claims[index].stated = wrong
        #expect(try verifier.mismatches(in: planted).contains { $0.claim == "oi_coins on 2025-08-26" && $0.stated == wrong })
    }
}
