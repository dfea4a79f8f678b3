/// The close, its move over a few days and its distance from the recent high.
public enum PriceAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> PriceFinding {
        let closes = history.series(asset, .closeUSD)
        let today = history.asOf
        let close = closes.value(on: today)
        let earlier = closes.value(on: today.adding(days: -thresholds.priceChangeDays))
            .map { DayValue(day: today.adding(days: -thresholds.priceChangeDays), value: $0) }
        let high = SeriesMath.highest(closes.points(endingOn: today, days: thresholds.priceHighWindowDays))
        return PriceFinding(
            close: close,
            changeFrom: earlier,
            changePct: zip2(earlier, close).flatMap { SeriesMath.changePct(from: $0.value, to: $1) },
            changeDays: thresholds.priceChangeDays,
            recentHigh: close == nil ? nil : high,
            highWindowDays: thresholds.priceHighWindowDays,
            belowHighPct: zip2(high, close).flatMap { high, close in SeriesMath.changePct(from: high.value, to: close).map { -$0 } }
        )
    }
}
