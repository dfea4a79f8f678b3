/// The whale trigger: large sales of long-dormant coins and where the proceeds went.
public enum WhaleAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> WhaleFinding {
        let today = history.asOf
        let firstDay = today.adding(days: -(thresholds.whaleLookbackDays - 1))
        let sales = history.transfers
            .filter {
                $0.asset == asset && $0.action == .sold && $0.day >= firstDay
                    && $0.dormantYears >= thresholds.whaleMinDormantYears && $0.usdValue >= thresholds.whaleMinUSD
            }
            .sorted { ($0.usdValue, $1.id) > ($1.usdValue, $0.id) }
            .map {
                WhaleSale(id: $0.id, day: $0.day, amount: $0.amount, usdValue: $0.usdValue,
                          dormantYears: $0.dormantYears, rotatedInto: $0.rotatedInto, label: $0.label)
            }
        let target = sales.lazy.compactMap(\.rotatedInto).first
        return WhaleFinding(
            sales: sales,
            totalAmount: sales.reduce(0) { $0 + $1.amount },
            totalUSD: sales.reduce(0) { $0 + $1.usdValue },
            rotation: target.map { rotation(into: $0, history: history, firstDay: firstDay, thresholds: thresholds) },
            lookbackDays: thresholds.whaleLookbackDays,
            minDormantYears: thresholds.whaleMinDormantYears,
            minUSD: thresholds.whaleMinUSD
        )
    }

    /// The target's best close in the lookback against its high before it, and its move against BTC.
    static func rotation(into target: Asset, history: History, firstDay: Day, thresholds: Thresholds) -> RotationFinding {
        let closes = history.series(target, .closeUSD)
        let weekHigh = SeriesMath.highest(closes.points(from: firstDay, through: history.asOf))
        let priorHigh = SeriesMath.highest(closes.points(endingOn: firstDay.adding(days: -1), days: thresholds.rotationHighWindowDays))
        let ratio = history.series(target, .closeBTC)
        let ratioChange = zip2(ratio.value(on: firstDay.adding(days: -1)), ratio.value(on: history.asOf))
            .flatMap { SeriesMath.changePct(from: $0, to: $1) }
        return RotationFinding(
            asset: target,
            weekHigh: weekHigh,
            priorHigh: priorHigh,
            brokeOut: zip2(weekHigh, priorHigh).map { $0.value > $1.value } ?? false,
            ratioChangePct: ratioChange
        )
    }
}
