import BriefCore
import Foundation

/// Small datasets written inline, so each test shows its data.
enum Datasets {
    static let header = "date,asset,close_usd,close_btc,funding_rate,funding_interval_h,oi_coins,oi_usd,liq_long_usd,liq_short_usd,exchange_netflow,etf_flow_usd\n"
    static let first = Day("2025-01-01")!

    /// One BTC row and one ETH row per day; `btc(i)` gives day i's BTC close and funding.
    static func metrics(days: Int, btc: (Int) -> (close: Double, funding: Double, longLiquidations: Double),
                        etfFlow: (Int) -> Double, netflow: (Int) -> Double, ethRatio: (Int) -> Double) -> String {
        var csv = header
        for i in 0..<days {
            let day = first.adding(days: i)
            let (close, funding, liquidations) = btc(i)
            let tradingDay = MarketCalendar.isTradingDay(day)
            let oi = 200_000 + Double(i % 7) * 150
            csv += "\(day),BTC,\(close),,\(funding),8,\(oi),\(oi * close),\(liquidations),15000000,\(netflow(i)),\(tradingDay ? String(etfFlow(i)) : "")\n"
            let ratio = ethRatio(i)
            csv += "\(day),ETH,\(close * ratio),\(ratio),0.00002,8,3000000,\(3_000_000 * close * ratio),9000000,8000000,-100,\n"
        }
        return csv
    }

    /// 120 quiet days: neutral funding, ETF inflows, alternating exchange flows, steady ETH/BTC.
    static let calm = metrics(
        days: 120,
        btc: { i in (60_000 + Double(i) * 20 + Double(i % 3) * 150, 0.000025, 20_000_000) },
        etfFlow: { i in 40_000_000 + Double(i % 5) * 5_000_000 },
        netflow: { i in i % 2 == 0 ? -500 : 300 },
        ethRatio: { i in 0.05 + Double(i % 2) * 0.0002 }
    )

    /// A sell-off 30 days before the end, then recovery: funding back to neutral, ETF inflows
    /// again, ETH/BTC steady.
    static let recovery = metrics(
        days: 120,
        btc: { i in
            switch i {
            case 86...89: (60_000 - Double(i - 85) * 2_500, 0.0001, i == 89 ? 400_000_000 : 90_000_000)
            case 90...: (50_000 + Double(i - 90) * 200, i < 112 ? 0.00006 : 0.000025, 25_000_000)
            default: (60_000 + Double(i % 3) * 150, 0.00008, 30_000_000)
            }
        },
        etfFlow: { i in i >= 86 && i < 105 ? -150_000_000 : 60_000_000 },
        netflow: { i in i >= 80 && i < 92 ? 2_000 : (i % 2 == 0 ? -400 : 200) },
        ethRatio: { i in i >= 84 && i < 100 ? 0.05 + Double(i % 3) * 0.003 : 0.05 + Double(i % 2) * 0.0002 }
    )

    static let recoveryTransfers = """
        id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label
        old-sale,2025-03-28T10:00:00Z,BTC,9000,500000000,8.5,sold,ETH,Old wallet

        """
}
