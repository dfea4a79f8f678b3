/// The whale trigger: large sales and moves of long-dormant coins, where the proceeds went,
/// and whether the price fell after them.
public enum WhaleAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> WhaleFinding {
        let today = history.asOf
        let firstDay = today.adding(days: -(thresholds.whaleLookbackDays - 1))
        func largestFirst(_ transfers: [Transfer]) -> [Transfer] {
            transfers.filter { $0.day >= firstDay }.sorted { ($0.usdValue, $1.id) > ($1.usdValue, $0.id) }
        }
        let large = history.transfers.filter {
            ($0.dormantYears ?? -.infinity) >= thresholds.whaleMinDormantYears && $0.usdValue >= thresholds.whaleMinUSD
        }
        let qualifying = largestFirst(large)
        let undated = largestFirst(history.transfers.filter {
            $0.dormantYears == nil && $0.usdValue >= thresholds.whaleMinUSD && $0.asset == asset && $0.action == .sold
        })
        func sale(_ transfer: Transfer) -> WhaleSale {
            WhaleSale(id: transfer.id, asset: transfer.asset, action: transfer.action, day: transfer.day, amount: transfer.amount, usdValue: transfer.usdValue,
                      dormantYears: transfer.dormantYears, rotatedInto: transfer.rotatedInto, label: transfer.label)
        }
        let sales = qualifying.filter { $0.asset == asset && $0.action == .sold }.map(sale)
        let moves = qualifying.filter { $0.asset == asset && $0.action == .moved }.map(sale)
        let inbound = qualifying.filter { $0.asset != asset && $0.action == .sold && $0.rotatedInto == asset }.map(sale)
        let closes = history.series(asset, .closeUSD)
        let before = sales.first.flatMap { closes.latest(onOrBefore: $0.day.adding(days: -1)) }
            .map { DayValue(day: $0.day, value: $0.value) }
        let change = zip2(before, closes.value(on: today)).flatMap { SeriesMath.changePct(from: $0.value, to: $1) }
        let target = sales.lazy.compactMap(\.rotatedInto).first
        return WhaleFinding(
            sales: sales,
            moves: moves,
            inbound: inbound,
            undatedSales: undated.map(sale),
            // Transfers are held oldest first.
            lastEarlier: large.last { $0.asset == asset && $0.day < firstDay }.map(sale),
            closeBeforeSale: before,
            changeSinceSalePct: change,
            isTrigger: (change ?? 0) < 0,
            totalAmount: sales.reduce(0) { $0 + $1.amount },
            totalUSD: sales.reduce(0) { $0 + $1.usdValue },
            rotation: target.map { rotation(into: $0, history: history, firstDay: firstDay, thresholds: thresholds) },
            lookbackDays: thresholds.whaleLookbackDays,
            minDormantYears: thresholds.whaleMinDormantYears,
            minUSD: thresholds.whaleMinUSD,
            transfersReported: !history.transfers.isEmpty
        )
    }

    /// The target's best close in the lookback against its high before it, and its move against BTC.
    static func rotation(into target: Asset, history: History, firstDay: Day, thresholds: Thresholds) -> RotationFinding {
        let closes = history.series(target, .closeUSD)
        let weekHigh = SeriesMath.highest(closes.points(from: firstDay, through: history.asOf))
        // The high before the week's high, which that high broke or not: the closes up to the day before it.
        let priorHigh = weekHigh.flatMap {
            SeriesMath.highest(closes.points(endingOn: $0.day.adding(days: -1), days: thresholds.rotationHighWindowDays))
        }
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
