import BriefCore
import Testing
@testable import BriefStore

private func sample(_ day: String, _ metric: Metric, _ value: Double, source: String = "file:a.csv") -> MetricSample {
    MetricSample(asset: .btc, day: Day(day)!, metric: metric, value: value, source: source)
}

@Suite struct MetricStoreTests {
    @Test func savingTheSameValuesTwiceChangesNothing() throws {
        let store = try MetricStore()
        let samples = [sample("2025-08-25", .closeUSD, 110_200), sample("2025-08-26", .closeUSD, 108_000)]
        let transfer = Transfer(id: "tx1", time: "2025-08-24T09:15:27Z", day: Day("2025-08-24")!, asset: .btc, amount: 22_400,
                                usdValue: 2.55e9, dormantYears: 7.1, action: .sold, rotatedInto: .eth, label: "w", source: "file:t.csv")
        #expect(try store.save(samples: samples, transfers: [transfer]) == .init(changed: 3, unchanged: 0))
        #expect(try store.save(samples: samples, transfers: [transfer]) == .init(changed: 0, unchanged: 3))
        let history = try store.history(asOf: Day("2025-08-26")!)
        #expect(history.series(.btc, .closeUSD).points(endingOn: Day("2025-08-26")!, days: 2).map(\.value) == [110_200, 108_000])
        #expect(history.transfers == [transfer])
    }

    @Test func upsertReplacesByAssetDayAndMetric() throws {
        let store = try MetricStore()
        try store.save(samples: [sample("2025-08-26", .closeUSD, 1)], transfers: [])
        #expect(try store.save(samples: [sample("2025-08-26", .closeUSD, 2)], transfers: []).changed == 1)
        #expect(try store.history(asOf: Day("2025-08-26")!).series(.btc, .closeUSD).value(on: Day("2025-08-26")!) == 2)
    }

    @Test func historyStopsAtItsDay() throws {
        let store = try MetricStore()
        try store.save(samples: [sample("2025-08-26", .closeUSD, 1), sample("2025-08-27", .closeUSD, 2, source: "later")], transfers: [])
        let history = try store.history(asOf: Day("2025-08-26")!)
        #expect(history.series(.btc, .closeUSD).end == Day("2025-08-26"))
        #expect(history.sources == ["file:a.csv"])
        #expect(try store.latestDay() == Day("2025-08-27"))
    }
}
