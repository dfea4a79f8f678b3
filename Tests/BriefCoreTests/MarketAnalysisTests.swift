@testable import BriefCore
import Testing

/// The market across venues, worked on a few days by hand.
@Suite struct MarketAnalysisTests {
    private func sample(_ day: String, _ metric: String, _ value: Double) -> MetricSample {
        MetricSample(asset: .btc, day: Day(day)!, metric: Metric(name: metric)!, value: value, source: "test")
    }

    @Test func openInterestIsSummedOnlyOverDaysEveryVenueReports() {
        let history = History(asOf: Day("2025-08-03")!, samples: [
            sample("2025-08-01", "oi_coins.binance", 100), sample("2025-08-01", "oi_coins.okx", 50),
            sample("2025-08-02", "oi_coins.binance", 110),
            sample("2025-08-03", "oi_coins.binance", 120), sample("2025-08-03", "oi_coins.okx", 60),
            sample("2025-08-02", "oi_coins.bybit", 30),
        ], transfers: [])
        let (market, venues) = MarketAnalysis.acrossVenues(history, asset: .btc)
        let coins = market.series(.btc, .openInterestCoins)
        #expect(coins.value(on: Day("2025-08-01")!) == 150)
        #expect(coins.value(on: Day("2025-08-02")!) == nil, "OKX did not report: not compared")
        #expect(coins.value(on: Day("2025-08-03")!) == 180)
        #expect(venues?.openInterest?.venues == ["binance", "okx"])
        #expect(venues?.openInterest?.missing == ["bybit"])
    }

    @Test func fundingIsWeightedByOpenInterestAtACommonInterval() {
        let history = History(asOf: Day("2025-08-01")!, samples: [
            sample("2025-08-01", "oi_coins.binance", 300), sample("2025-08-01", "oi_coins.okx", 100),
            sample("2025-08-01", "funding_rate.binance", 0.0001), sample("2025-08-01", "funding_interval_h.binance", 8),
            sample("2025-08-01", "funding_rate.okx", 0.0001), sample("2025-08-01", "funding_interval_h.okx", 4),
            sample("2025-08-01", "funding_rate.bybit", 0.0003), sample("2025-08-01", "funding_interval_h.bybit", 8),
        ], transfers: [])
        let (market, venues) = MarketAnalysis.acrossVenues(history, asset: .btc)
        // OKX's 4-hour rate is twice that per 8 hours: (0.0001 × 300 + 0.0002 × 100) / 400.
        #expect(abs(market.series(.btc, .fundingRate).value(on: Day("2025-08-01")!)! - 0.000125) < 1e-18)
        #expect(market.series(.btc, .fundingIntervalHours).value(on: Day("2025-08-01")!) == 8)
        #expect(venues?.funding?.unweighted == ["bybit"], "no open interest to weight it")
        #expect(venues?.funding?.equalWeights == false)
    }

    @Test func aHistoryNamingNoVenueIsLeftAsItIs() {
        let history = History(asOf: Day("2025-08-01")!, samples: [sample("2025-08-01", "oi_coins", 5)], transfers: [])
        let (market, venues) = MarketAnalysis.acrossVenues(history, asset: .btc)
        #expect(venues == nil)
        #expect(market.series(.btc, .openInterestCoins) == history.series(.btc, .openInterestCoins))
    }

    @Test func aVenueNameIsLowercaseLettersAndDigits() {
        #expect(Metric(name: "oi_coins.okx")?.venue == "okx")
        #expect(Metric(name: "oi_coins.okx")?.withoutVenue == .openInterestCoins)
        #expect(Metric(name: "oi_coins.OKX") == nil)
        #expect(Metric(name: "close_usd.okx") == nil, "closes are one figure")
        #expect(Metric(name: "etf_flow_usd.IBIT")?.venue == nil)
        #expect(Metric(name: "funding_rate.okx")?.implausibility(of: 0.2) != nil, "a venue's rate has the rate's range")
    }
}
