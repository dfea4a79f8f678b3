import BriefCore
import Foundation

/// A deterministic synthetic market for benchmarks: daily metrics for several assets over
/// many years, with a sell-off every half year (funding and open interest building up,
/// exchange inflows and ETF outflows, a dormant whale selling, a liquidation spike).
/// The same arguments always give the same files.
struct SyntheticHistory {
    var assets: [Asset]
    var first: Day
    var days: Int

    /// A small linear congruential generator: reproducible on every machine.
    private struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        /// Roughly normal, mean 0, deviation 1 (sum of uniforms).
        mutating func normal() -> Double { (0..<6).reduce(0) { sum, _ in sum + next() } - 3 }
    }

    private static let startPrices: [String: Double] = ["BTC": 20_000, "ETH": 1_500, "SOL": 30]

    /// Writes `daily.csv` and `transfers.csv` into `folder`; returns how many metric values they hold.
    func write(to folder: URL) throws -> Int {
        var random = Random(state: 42)
        var daily = "date,asset,close_usd,close_btc,funding_rate,funding_interval_h,oi_coins,oi_usd,"
            + "liq_long_usd,liq_short_usd,exchange_netflow,etf_flow_usd\n"
        var transfers = "id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label\n"
        var prices = assets.map { Self.startPrices[$0.code] ?? 100 }
        var openInterest = assets.map { _ in 100_000.0 }
        var values = 0
        for offset in 0..<days {
            let day = first.adding(days: offset)
            // Sell-offs: three days every 182, the build-up in the 20 days before.
            let cycle = offset % 182
            let crash = cycle >= 179
            let buildUp = cycle >= 159 && !crash
            var btcPrice = prices.first ?? 1
            for (index, asset) in assets.enumerated() {
                let drift = crash ? -0.035 : (buildUp ? 0.004 : 0.0005)
                prices[index] *= exp(drift + 0.02 * random.normal())
                if index == 0 { btcPrice = prices[0] }
                openInterest[index] = max(10_000, openInterest[index] * exp((buildUp ? 0.01 : crash ? -0.04 : 0) + 0.01 * random.normal()))
                let funding = (buildUp ? 0.0001 : crash ? 0.00002 : 0.000035) + 0.00001 * random.normal()
                let longs = (crash ? 300e6 : 40e6) * exp(0.5 * random.normal())
                let shorts = 30e6 * exp(0.5 * random.normal())
                let netflow = (buildUp || crash ? 2_500 : 0) + 1_500 * random.normal()
                let etf = MarketCalendar.isTradingDay(day) && asset.code != "SOL" ? String(format: "%.0f", ((crash ? -300e6 : 40e6) + 150e6 * random.normal())) : ""
                let closeBTC = asset == .btc ? "" : String(format: "%.6f", prices[index] / btcPrice)
                daily += "\(day),\(asset),\(String(format: "%.2f", prices[index])),\(closeBTC),\(String(format: "%.7f", funding)),8,"
                    + "\(String(format: "%.0f", openInterest[index])),\(String(format: "%.0f", openInterest[index] * prices[index])),"
                    + "\(String(format: "%.0f", longs)),\(String(format: "%.0f", shorts)),\(String(format: "%.0f", netflow)),\(etf)\n"
                values += 10 - (closeBTC.isEmpty ? 1 : 0) - (etf.isEmpty ? 1 : 0)
            }
            if cycle == 178 {
                let amount = 10_000 + Double(offset % 7) * 1_000
                transfers += "synthetic-\(day),\(day)T09:15:27Z,BTC,\(Int(amount)),\(String(format: "%.0f", amount * btcPrice)),"
                    + "\(5 + offset % 5),sold,ETH,Dormant wallet\n"
            }
        }
        try daily.write(to: folder.appendingPathComponent("daily.csv"), atomically: true, encoding: .utf8)
        try transfers.write(to: folder.appendingPathComponent("transfers.csv"), atomically: true, encoding: .utf8)
        return values
    }
}
