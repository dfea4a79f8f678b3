@testable import BriefCore

/// Builds small histories by hand: `day(0)` is 2025-01-01.
struct HistoryBuilder {
    var samples: [MetricSample] = []
    var transfers: [Transfer] = []

    static func day(_ offset: Int) -> Day { Day("2025-01-01")!.adding(days: offset) }

    /// Sets `metric` for `asset` on consecutive days starting at `start`; `nil` leaves a day empty.
    mutating func series(_ metric: Metric, _ values: [Double?], asset: Asset = .btc, start: Int = 0) {
        for (index, value) in values.enumerated() {
            if let value {
                samples.append(MetricSample(asset: asset, day: Self.day(start + index), metric: metric, value: value, source: "test"))
            }
        }
    }

    mutating func sale(day: Int, amount: Double, usd: Double, dormant: Double, into target: Asset? = nil,
                       action: Transfer.Action = .sold, asset: Asset = .btc, id: String? = nil) {
        let dayValue = Self.day(day)
        transfers.append(Transfer(id: id ?? "t\(transfers.count)", time: "\(dayValue)T12:00:00Z", day: dayValue, asset: asset,
                                  amount: amount, usdValue: usd, dormantYears: dormant, action: action,
                                  rotatedInto: target, label: "", source: "test"))
    }

    func history(asOf offset: Int) -> History {
        History(asOf: Self.day(offset), samples: samples, transfers: transfers)
    }
}
