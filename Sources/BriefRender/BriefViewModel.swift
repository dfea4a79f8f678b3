import BriefCore

/// Turns findings into what the templates read: pre-formatted strings and booleans only,
/// as `ViewNode`s, which the compiled templates read directly.
/// No sentences: the wording lives in `templates/`.
enum BriefViewModel {
    typealias Node = ViewNode

    static func make(_ findings: Findings) -> Node {
        let dates = DayText(briefDay: findings.day)
        let unit = findings.asset.code
        let say = Stating(asset: findings.asset, dates: dates, venues: findings.venues)
        return [
            "asset": unit,
            "day": findings.day.description,
            "dayText": dates.long(findings.day),
            "price": price(findings.price, say),
            "funding": funding(findings.funding, say),
            "openInterest": openInterest(findings.openInterest, unit: unit, say),
            "venues": venues(findings.venues),
            "liquidations": liquidations(findings.liquidations, say),
            "whale": whale(findings.whale, unit: unit, say),
            "divergence": divergence(findings.divergence, calls: findings.calls, unit: unit, say),
            "leverage": leverage(findings.calls),
            "risk": risk(findings, say),
            "stabilization": stabilization(findings.stabilization, funding: findings.funding, price: findings.price,
                                           newLowToday: findings.risk.isNewLow == true, risk: findings.risk, say),
            "regimeFirst": findings.regimes.first.map { [$0.rawValue: true] as Node },
            // The regimes after the first, which a range's sentence may tell beside it.
            "regimesAlso": findings.regimes.dropFirst().reduce(into: Node()) { $0[$1.rawValue] = true },
            "sellingBehindFall": findings.calls.sellingBehindFall,
            "lead": headlineFacts(findings),
            "leadsWithOpenInterestWeek": findings.headlineFacts.contains { $0.id == "openInterestWeek" },
            "sources": findings.sources.enumerated().map { index, name in
                ["name": PrintableText.of(name), "last": index == findings.sources.count - 1] as Node
            },
            "hasSources": !findings.sources.isEmpty,
            "fromSample": isFromSample(findings.sources),
        ]
    }

    /// Whether a brief comes from the bundled sample (its sources are `sample:FILE`): a page
    /// built from it says so.
    static func isFromSample(_ sources: [String]) -> Bool {
        sources.contains { $0.hasPrefix("sample:") }
    }

    /// The part of `make` a row of a listing reads: the day, the close and its move, risk and
    /// the signals met, under the same keys.
    static func listing(_ facts: BriefSummary.Facts) -> Node {
        let dates = DayText(briefDay: facts.day)
        return [
            "asset": facts.asset.code,
            "day": facts.day.description,
            "dayText": dates.long(facts.day),
            "price": price(facts.price, Stating(asset: facts.asset, dates: dates)),
            "risk": ["level": facts.risk.level.rawValue] as Node,
            "stabilization": ["metCount": String(facts.stabilization.metCount), "total": String(facts.stabilization.total)] as Node,
        ]
    }

    private static func dayValue(_ point: DayValue?, _ dates: DayText, format: (Double) -> String) -> Node? {
        point.map { ["value": format($0.value), "day": dates.short($0.day)] }
    }

    /// A change as words and an unsigned size: `fell`/`rose`/`flat` and `change`, stated with
    /// the claim `claim` makes of it, if any.
    private static func move(_ pct: Double, places: Int = 1, claim: ((String) -> StatedText)? = nil) -> Node {
        let size = NumberFormat.percent(abs(pct), places: places)
        let flat = size == NumberFormat.percent(0, places: places)
        let change: any ViewConvertible = claim.map { $0(size) } ?? size
        return ["change": change, "fell": pct < 0 && !flat, "rose": pct > 0 && !flat, "flat": flat]
    }

    /// A rank in the asset's own history: `98th` of `365` days; `isTop` when nothing was higher,
    /// `isBottom` when nothing was as low, `isMiddle` otherwise.
    /// `of` names the metric ranked, for the claim its ordinal makes (none for a rank `verify`
    /// does not derive); `value`, the ranked value as printed, is also given as `top` or
    /// `bottom`, stating that it is the highest or lowest of the window.
    private static func rank(_ rank: Rank?, of metric: String?, _ say: Stating, value: StatedText? = nil) -> Node? {
        rank.map { rank in
            let ordinal = NumberFormat.ordinal(rank.percentile)
            let window = say.window(rank.spanDays)
            let stated: any ViewConvertible = metric.map { say.stated(.rank, $0, from: window, ordinal) } ?? ordinal
            var node: Node = ["ordinal": stated, "days": String(rank.spanDays), "isTop": rank.isHighest,
                              "isBottom": rank.isLowest, "isMiddle": !rank.isHighest && !rank.isLowest,
                              "gaps": rank.days < rank.spanDays, "reported": String(rank.days)]
            if let metric, let value {
                node["top"] = rank.isHighest ? value.stating(say.stated(.highest, metric, from: window, value.text)) : nil
                node["bottom"] = rank.isLowest ? value.stating(say.stated(.lowest, metric, from: window, value.text)) : nil
            }
            return node
        }
    }

    private static func price(_ price: PriceFinding, _ say: Stating) -> Node {
        let dates = say.dates, close = Metric.closeUSD.name
        var node: Node = ["changeDays": String(price.changeDays), "highWindowDays": String(price.highWindowDays)]
        let closeText = price.close.map { say.stated(.value, close, NumberFormat.price($0)) }
        node["close"] = closeText
        if let previous = price.previous, let change = price.dayChangePct {
            var day = move(change, claim: say.change(close, from: previous.day))
            day["from"] = say.stated(.value, close, day: previous.day, NumberFormat.price(previous.value))
            day["fromDay"] = dates.short(previous.day)
            day["notYesterday"] = previous.day.days(to: dates.briefDay) > 1
            node["day"] = day
        }
        // The closes begin today (the high's window is then this one day).
        node["firstOnRecord"] = price.previous == nil && price.highWindowDays == 1
        if let from = price.changeFrom, let change = price.changePct, price.isMultiDayStory {
            var multi = move(change, claim: say.change(close, from: from.day))
            multi["from"] = say.stated(.value, close, day: from.day, NumberFormat.price(from.value))
            multi["fromDay"] = dates.short(from.day)
            node["multi"] = multi
        }
        node["atHigh"] = price.isAtHigh && price.close != nil
        if let high = price.recentHigh, let below = price.belowHighPct, !price.isAtHigh {
            let window = say.window(price.highWindowDays)
            node["belowHigh"] = [
                "pct": say.stated(.change, close, from: high.day, magnitude: true, NumberFormat.percent(below, places: 1)),
                "underTenth": below < 0.05,
                "value": say.stated(.highest, close, from: window, NumberFormat.price(high.value)),
                "day": say.stated(.highest, close, from: window, ofDay: true, dates.short(high.day)),
            ] as Node
        }
        node["dayRank"] = rank(price.dayMoveRank, of: nil, say)
        node["recentFall"] = price.recentFall.map {
            ["change": say.stated(.change, close, day: $0.day, from: $0.day.adding(days: -1), magnitude: true,
                                  NumberFormat.percent($0.value, places: 1)),
             "day": dates.short($0.day)] as Node
        }
        if price.isRecord == true, let begins = price.closesBegin, let closeText {
            // The highest close from the store's first to today's, and the one before it, up to yesterday.
            let yesterday = say.today.adding(days: -1)
            node["record"] = [
                "close": closeText.stating(say.stated(.highest, close, from: begins, closeText.text)),
                "since": dates.long(begins),
                "previous": price.previousRecord.map { previous in
                    ["value": say.stated(.highest, close, day: yesterday, from: begins, NumberFormat.price(previous.value)),
                     "day": say.stated(.highest, close, day: yesterday, from: begins, ofDay: true, dates.short(previous.day))] as Node
                },
            ] as Node
        }
        if let range = price.range {
            // The closes the band is read over: before today's, or before yesterday's on a break.
            let (first, last) = (range.through.adding(days: -(range.days - 1)), range.through)
            // The edge a break left: the top on a break out, the floor on a break down.
            let broken = range.position == .above ? range.high : range.position == .below ? range.low : nil
            node["range"] = [
                "days": String(range.days),
                "low": say.stated(.lowest, close, day: last, from: first, NumberFormat.price(range.low.value)),
                "lowDay": say.stated(.lowest, close, day: last, from: first, ofDay: true, dates.short(range.low.day)),
                "high": say.stated(.highest, close, day: last, from: first, NumberFormat.price(range.high.value)),
                "highDay": say.stated(.highest, close, day: last, from: first, ofDay: true, dates.short(range.high.day)),
                "width": say.stated(.change, close, day: range.high.day, from: range.low.day, magnitude: true,
                                    NumberFormat.percent(range.widthPct, places: 1)),
                "holds": range.holds,
                "failedAbove": range.failedBreak == .above,
                "failedBelow": range.failedBreak == .below,
                "failedBreak": range.failedBreak != nil,
                "beyond": broken.flatMap { level in
                    price.close.map { close in
                        say.stated(.change, Metric.closeUSD.name, from: level.day, magnitude: true,
                                   NumberFormat.percent(abs(close - level.value) / level.value * 100, places: 1))
                    }
                },
                range.position.rawValue: true,
            ] as Node
        }
        return node
    }

    private static func funding(_ funding: FundingFinding, _ say: Stating) -> Node {
        let dates = say.dates
        var node: Node = [
            "band": NumberFormat.fundingRate(funding.neutralLowPct) + "–" + NumberFormat.fundingRate(funding.neutralHighPct),
            "baseline": NumberFormat.fundingRate(funding.baselinePct),
            "trendDays": String(funding.trendDays),
        ]
        if let rate = funding.rate, let interval = funding.intervalHours, let annualized = funding.annualizedPct,
           let per8h = funding.ratePer8hPct, let regime = funding.regime {
            node["hasData"] = true
            node["rate"] = say.stated(.value, "funding_rate_pct", NumberFormat.fundingRate(rate * 100))
            node["interval"] = NumberFormat.decimal(interval, places: 0) + "h"
            let per8hText = say.stated(.value, "funding_per8h_pct", NumberFormat.fundingRate(per8h))
            node["per8h"] = per8hText
            node["isEightHourly"] = interval == 8
            node["annualized"] = say.stated(.value, "funding_annualized_pct", NumberFormat.percent(annualized))
            node[regime.rawValue] = true
            node["aboveNeutral"] = regime == .elevated || regime == .extreme
            node["regime"] = regime.rawValue
            let side = funding.baseline
            node["atBaseline"] = side == .at
            node["belowBaseline"] = side == .below
            node["aboveBaseline"] = side == .above
            node["rank"] = rank(funding.rank, of: "funding_per8h_pct", say, value: per8hText)
            node["isHigh"] = funding.isHigh
            node["heldOverBand"] = funding.heldOverBand == true
        }
        if let start = funding.trendStart, let now = funding.annualizedPct {
            var trend = move(now - start.value, places: 2)
            // What the start averages (the days ending on its day): the whole window, the values
            // reported in it, or one day.
            let window = funding.trendAverageDays ?? 7, values = funding.trendStartValues ?? window
            trend["start"] = say.stated(.average, "funding_annualized_pct", day: start.day, from: start.day.adding(days: -(window - 1)),
                                        NumberFormat.percent(start.value, places: 2))
            trend["startDay"] = dates.short(start.day)
            trend["averageDays"] = String(window)
            trend["startValues"] = String(values)
            trend["wholeAverage"] = values == window && window > 1
            trend["partAverage"] = values < window && values > 1
            trend["oneValue"] = values == 1
            trend["now"] = NumberFormat.percent(now, places: 2)
            if let peak = funding.trendPeak, funding.namesPeak {
                trend["peak"] = ["value": say.stated(.highest, "funding_annualized_pct", from: start.day, NumberFormat.percent(peak.value, places: 2)),
                                 "day": dates.short(peak.day)] as Node
            }
            // A low after the peak that funding came back from: the turn the sentence starts from.
            if let low = funding.trendLow, funding.lowStandsOut == true {
                trend["low"] = ["value": say.stated(.lowest, "funding_annualized_pct", from: start.day, NumberFormat.percent(low.value, places: 2)),
                                "day": dates.short(low.day)] as Node
            }
            node["trend"] = trend
        }
        return node
    }

    /// The range open interest is read in, as range.txt names it: the window, or the days since
    /// the readings begin when they are fewer, in whole weeks from 8 weeks on ("two-year" when
    /// they round to the two years). The prose and the open-interest chart's title share it.
    static func openInterestRange(_ oi: OpenInterestFinding, briefDay: Day) -> Node {
        let rangeDays = min(oi.windowDays, oi.rangeStart.map { $0.days(to: briefDay) + 1 } ?? oi.windowDays)
        let rangeWeeks = (rangeDays + 3) / 7
        return ["windowDays": String(rangeDays), "twoYears": oi.windowDays == 730 && rangeWeeks == 730 / 7,
                "rangeWeeks": rangeWeeks >= 8 ? String(rangeWeeks) : nil]
    }

    private static func openInterest(_ oi: OpenInterestFinding, unit: String, _ say: Stating) -> Node {
        let dates = say.dates, coinsMetric = Metric.openInterestCoins.name
        var node = openInterestRange(oi, briefDay: dates.briefDay)
        node["changeDays"] = String(oi.changeDays)
        node["rangeDays"] = String(oi.rangeDays)
        if let coins = oi.coins {
            node["hasData"] = true
            node["coins"] = say.stated(.value, coinsMetric, NumberFormat.coins(coins, unit))
            node["usd"] = oi.usd.map { say.stated(.value, Metric.openInterestUSD.name, NumberFormat.money($0)) }
            node["fullHistory"] = oi.hasFullHistory
            node["percentile"] = oi.percentile.map { say.stated(.rank, coinsMetric, from: say.window(oi.windowDays), NumberFormat.ordinal($0)) }
            node["isRangeHigh"] = oi.isRangeHigh
            node["isRangeFlat"] = oi.isRangeFlat == true
            node["firstReading"] = oi.rangeDays == 1
            node["isHigh"] = oi.isHigh
            node["since"] = oi.rangeStart.map(dates.short)
            node["rangeHigh"] = dayValue(oi.rangeHigh, dates) { NumberFormat.coins($0, unit) }
        }
        if let change = oi.change, let from = oi.changeFrom {
            // No change is said as such; a change from zero has no percent.
            var node60 = change == 0 ? ["unchanged": true]
                : from.value == 0 ? ["rose": change > 0, "fell": change < 0]
                : move(change / from.value * 100, claim: say.change(coinsMetric, from: from.day))
            node60["amount"] = say.stated(.delta, coinsMetric, from: from.day, magnitude: true, NumberFormat.coins(abs(change), unit))
            node60["from"] = say.stated(.value, coinsMetric, day: from.day, NumberFormat.coins(from.value, unit))
            node60["pct"] = node60.value("change")
            node["change"] = node60
        }
        if let week = oi.weekChangePct { node["week"] = move(week, claim: say.change(coinsMetric, from: say.today.adding(days: -7))) }
        if let day = oi.dayChangePct, oi.isDayMoveLarge == true {
            node["dayMove"] = move(day, claim: say.change(coinsMetric, from: say.today.adding(days: -1)))
        }
        node["weekRank"] = rank(oi.weekChangeRank, of: nil, say)
        return node
    }

    /// The venues open interest and funding are taken across, and those left out, each as a
    /// list the templates join (`venue.txt` names a venue).
    private static func venues(_ venues: MarketVenues?) -> Node? {
        func list(_ names: [String]) -> [Node]? {
            names.isEmpty ? nil : names.enumerated().map { index, name in
                ["name": PrintableText.of(name), "known": ["binance", "bybit", "okx", "deribit"].contains(name),
                 "isBinance": name == "binance", "isBybit": name == "bybit", "isOKX": name == "okx", "isDeribit": name == "deribit",
                 "comma": index < names.count - 2, "and": index == names.count - 2] as Node
            }
        }
        guard let venues else { return nil }
        return [
            "openInterest": venues.openInterest.map { set in
                ["venues": list(set.venues), "several": set.venues.count > 1,
                 "missing": list(set.missing), "anyMissing": !set.missing.isEmpty] as Node
            },
            "funding": venues.funding.map { set in
                ["venues": list(set.venues), "several": set.venues.count > 1, "weighted": !set.equalWeights,
                 "missing": list(set.missing), "anyMissing": !set.missing.isEmpty,
                 "unweighted": list(set.unweighted), "anyUnweighted": !set.unweighted.isEmpty] as Node
            },
        ]
    }

    private static func liquidations(_ liquidations: LiquidationFinding, _ say: Stating) -> Node {
        let dates = say.dates, longMetric = Metric.longLiquidationsUSD.name, shortMetric = Metric.shortLiquidationsUSD.name
        var node: Node = ["windowDays": String(liquidations.windowDays)]
        if let long = liquidations.longUSD, let short = liquidations.shortUSD {
            node["hasData"] = true
            let (longText, shortText) = (say.stated(.value, longMetric, NumberFormat.money(long)),
                                         say.stated(.value, shortMetric, NumberFormat.money(short)))
            node["long"] = longText
            // The day's long liquidations as the largest of the window, where the prose says so.
            node["longLargest"] = liquidations.isLargestInWindow
                ? longText.stating(say.stated(.highest, longMetric, from: say.window(liquidations.windowDays), longText.text)) : nil
            node["short"] = shortText
            node["isLargest"] = liquidations.isLargestInWindow
            // The day's short liquidations as the largest of the window, where the prose says so.
            node["shortLargest"] = liquidations.isLargestShortInWindow
                ? shortText.stating(say.stated(.highest, shortMetric, from: say.window(liquidations.windowDays), shortText.text)) : nil
            node["heavy"] = liquidations.isHeavy
            node["shortsHeavy"] = liquidations.isShortsHeavy
            node["light"] = liquidations.isLight
            node["shortsLarger"] = liquidations.dominantSide == .shorts
            node["ranked"] = liquidations.longRank != nil && liquidations.shortRank != nil
            node["longRank"] = rank(liquidations.longRank, of: longMetric, say, value: longText)
            node["shortRank"] = rank(liquidations.shortRank, of: shortMetric, say, value: shortText)
            node["largest"] = liquidations.largestLong.map {
                ["value": say.stated(.highest, longMetric, from: say.window(liquidations.windowDays), NumberFormat.money($0.value)),
                 "day": dates.short($0.day)] as Node
            }
            // A record: the most since the store's liquidations begin.
            func record(_ metric: String, _ amount: StatedText) -> Node? {
                liquidations.dataBegins.map {
                    ["amount": amount.stating(say.stated(.highest, metric, from: $0, amount.text)), "since": dates.long($0)]
                }
            }
            node["longRecord"] = liquidations.isLongRecord == true ? record(longMetric, longText) : nil
            node["shortRecord"] = liquidations.isShortRecord == true ? record(shortMetric, shortText) : nil
        }
        return node
    }

    private static func sale(_ sale: WhaleSale, _ say: Stating) -> Node {
        func stated(_ kind: Claim.Kind, _ text: String) -> StatedText {
            StatedText(claim: Claim(kind, asset: sale.asset, metric: "transfer", day: sale.day, transfer: sale.id, stated: text))
        }
        return [
            "asset": sale.asset.code,
            "amount": stated(.transferAmount, NumberFormat.coins(sale.amount, sale.asset.code)),
            "usd": stated(.transferUSD, NumberFormat.money(sale.usdValue)),
            "dormant": sale.dormantYears.map { stated(.transferDormantYears, NumberFormat.decimal($0, places: 1)) },
            "day": say.dates.short(sale.day),
            "label": PrintableText.of(sale.label),
            "hasLabel": !sale.label.isEmpty,
            "rotatedInto": sale.rotatedInto?.code,
        ]
    }

    private static func whale(_ whale: WhaleFinding, unit: String, _ say: Stating) -> Node {
        let dates = say.dates
        var node: Node = [
            "lookbackDays": String(whale.lookbackDays),
            "minDormant": NumberFormat.decimal(whale.minDormantYears, places: 0),
            "minUSD": NumberFormat.money(whale.minUSD),
            "quiet": whale.isQuiet,
            "noTransfers": whale.transfersReported == false,
        ]
        if let first = whale.sales.first {
            var saleNode = sale(first, say)
            saleNode["trigger"] = whale.isTrigger
            if let before = whale.closeBeforeSale, let change = whale.changeSinceSalePct {
                let close = Metric.closeUSD.name
                var since = move(change, claim: say.change(close, from: before.day))
                since["from"] = say.stated(.value, close, day: before.day, NumberFormat.price(before.value))
                since["fromDay"] = dates.short(before.day)
                saleNode["since"] = since
            }
            node["sale"] = saleNode
            if whale.sales.count > 1 {
                node["others"] = [
                    "count": String(whale.sales.count - 1),
                    "plural": whale.sales.count > 2,
                    "totalAmount": NumberFormat.coins(whale.totalAmount, unit),
                    "totalUSD": NumberFormat.money(whale.totalUSD),
                ] as Node
            }
        }
        node["move"] = whale.moves.first.map { sale($0, say) }
        node["lastEarlier"] = whale.lastEarlier.map { earlier in
            var node = sale(earlier, say)
            node["sold"] = earlier.action == .sold
            node["daysAgo"] = String(earlier.day.days(to: dates.briefDay))
            // The day just before the window: "the last 7 days" and "7 days earlier" side by side read as a contradiction.
            node["justBefore"] = earlier.day.days(to: dates.briefDay) == whale.lookbackDays
            return node
        }
        node["inbound"] = whale.inbound.first.map { sale($0, say) }
        if whale.sales.isEmpty, let undated = whale.undatedSales, let largest = undated.first {
            var undatedNode = sale(largest, say)
            undatedNode["others"] = undated.count > 1 ? String(undated.count - 1) : nil
            undatedNode["plural"] = undated.count > 2
            node["undated"] = undatedNode
        }
        if let rotation = whale.rotation {
            var rotationNode: Node = ["asset": rotation.asset.code, "brokeOut": rotation.brokeOut]
            rotationNode["weekHigh"] = dayValue(rotation.weekHigh, dates, format: NumberFormat.price)
            rotationNode["priorHigh"] = dayValue(rotation.priorHigh, dates, format: NumberFormat.price)
            if let change = rotation.ratioChangePct {
                rotationNode["ratioChange"] = NumberFormat.percent(abs(change), places: 1)
                rotationNode["ratioRose"] = change > 0
            }
            node["rotation"] = rotationNode
        }
        return node
    }

    /// A run of flows: `run` names it (`current` or `ended`) and `from` is where its count begins,
    /// for the claims its numbers and days make.
    private static func streak(_ streak: Streak?, _ run: String, of metric: String, from: Day?, _ say: Stating,
                               format: (Double) -> String) -> Node? {
        streak.map {
            func stated(_ kind: Claim.Kind, _ text: String) -> StatedText {
                StatedText(claim: Claim(kind, asset: say.asset, metric: metric, day: say.today, from: from, run: run, stated: text,
                                        magnitude: kind == .runTotal))
            }
            return ["first": stated(.runFirst, say.dates.short($0.first)), "last": stated(.runLast, say.dates.short($0.last)),
             "days": stated(.runDays, String($0.days)),
             "total": stated(.runTotal, format(abs($0.total))), "single": $0.days == 1, "everyDay": $0.days >= 3,
             "inflow": $0.total > 0, "outflow": $0.total < 0, "atLeast": $0.beginsWithData == true]
        }
    }

    /// A flow's runs.
    /// A flow's runs, counted from `runsFrom` (the first day of the window they were searched in).
    private static func flow(_ flow: FlowFinding, of metric: Metric, runsFrom: Day?, _ say: Stating,
                             format: @escaping (Double) -> String) -> Node {
        let dates = say.dates
        var node: Node = [flow.status.rawValue: true, "marketClosedToday": flow.marketClosedToday]
        node["dueDay"] = flow.dueDay.map(dates.short)
        if let latest = flow.latest {
            node["latest"] = ["day": dates.short(latest.day), "value": format(abs(latest.value)),
                              "inflow": latest.value > 0, "outflow": latest.value < 0] as Node
        }
        node["current"] = streak(flow.current, "current", of: metric.name, from: runsFrom, say, format: format)
        node["ended"] = streak(flow.ended, "ended", of: metric.name, from: runsFrom, say, format: format)
        if let endedBy = flow.endedBy, flow.ended != nil {
            node["endedBy"] = ["day": dates.short(endedBy.day),
                               "value": say.stated(.value, metric.name, day: endedBy.day, magnitude: true, format(abs(endedBy.value))),
                               "afterGap": flow.endedAcrossGap] as Node
        }
        node["flat"] = flow.isFlat
        node["stale"] = flow.isStale
        node["none"] = flow.latest == nil
        return node
    }

    private static func divergence(_ divergence: DivergenceFinding, calls: Readings, unit: String, _ say: Stating) -> Node {
        let runsFrom = divergence.runWindowDays.map(say.window)
        return [
            divergence.level.rawValue: true,
            "level": divergence.level.rawValue,
            "crowdedLong": divergence.crowdedLong,
            "spotSelling": calls.spot == .selling,
            "spotBuying": calls.spot == .buying,
            "spotMixed": calls.spot == .mixed,
            "leanSelling": calls.spot == .mixed && divergence.spotLean == .selling,
            "leanBuying": calls.spot == .mixed && divergence.spotLean == .buying,
            "leanByLength": divergence.spotLeanByLength == true,
            "spotJudged": divergence.spotJudged,
            "fundingAboveNeutral": divergence.fundingAboveNeutral == true,
            "openInterestHigh": divergence.openInterestHigh == true,
            "exchange": flow(divergence.exchangeFlows, of: .exchangeNetflowCoins, runsFrom: runsFrom, say) { NumberFormat.coins($0, unit) },
            "etf": flow(divergence.etfFlows, of: .etfNetflowUSD, runsFrom: runsFrom, say, format: NumberFormat.money),
        ]
    }

    /// The crowding call (`Readings.crowding`), flagged by name, and the sides it could not read.
    private static func leverage(_ calls: Readings) -> Node {
        let unread = calls.leverageUnread
        func has(_ factor: Factor, _ reason: UnreadReason) -> Bool { unread.contains(UnreadFactor(factor: factor, reason: reason)) }
        let fundingYoung = has(.funding, .tooYoung), openInterestYoung = has(.openInterest, .tooYoung)
        return [
            calls.crowding.rawValue: true,
            "judged": calls.crowding != .unknown,
            "oneSideHigh": [.fundingHighOnly, .openInterestHighOnly, .crowdedShort].contains(calls.crowding),
            "fundingYoung": fundingYoung,
            "fundingMissing": has(.funding, .notReported),
            "openInterestYoung": openInterestYoung,
            "openInterestMissing": has(.openInterest, .notReported),
            "bothUnread": Set(unread.map(\.factor)).count == 2,
            "bothYoung": fundingYoung && openInterestYoung,
            "highOnlyForMarket": calls.fundingHighOnlyForMarket,
            "highOnlyByBaseline": calls.fundingHighOnlyByBaseline == true,
            // Either reference alone calls funding high: the stretch is in the size of positions.
            "stretchInSize": calls.fundingHighOnlyForMarket || calls.fundingHighOnlyByBaseline == true,
            "deeplyNegative": calls.fundingDeeplyNegative == true,
            "nearlyCrowded": calls.nearlyCrowded == true,
        ]
    }

    private static let unreadIDs: [Factor: String] = [
        .funding: "isFunding", .openInterest: "isOpenInterest", .liquidations: "isLiquidations", .whaleSale: "isWhaleSale",
    ]

    private static func risk(_ findings: Findings, _ say: Stating) -> Node {
        let risk = findings.risk, dates = say.dates, close = Metric.closeUSD.name
        // Factors that could not be read, so the score may understate the risk.
        let unread = findings.riskUnread
        let calls = findings.calls
        var node: Node = [
            "hasUnread": !unread.isEmpty,
            "unreadCount": String(unread.count),
            "unreadOne": unread.count == 1,
            "unread": unread.enumerated().map { index, factor in
                [unreadIDs[factor.factor]!: true, "missing": factor.reason == .notReported, "ageUnknown": factor.reason == .ageUnknown, "last": index == unread.count - 1] as Node
            },
            "supportCall": [calls.support.rawValue: true] as Node,
            "furtherLow": calls.slideGoesOn == true,
            "ceiling": calls.riskCeiling?.rawValue,
            risk.level.rawValue: true,
            "level": risk.level.rawValue,
            "score": String(risk.score),
            "maxScore": String(risk.maxScore),
            "supportWindowDays": String(risk.supportWindowDays),
            "tooFewCloses": risk.support == nil && risk.supportWindowDays > 0,
            "swingDays": risk.swingLookbackDays.map(String.init),
            "fundingAboveNeutral": risk.fundingAboveNeutral == true,
            "heavyLiquidationsOnRise": risk.heavyLiquidationsOnRise == true,
            "hasPoints": !risk.points.isEmpty,
            "points": risk.points.enumerated().map { index, point in
                [point.id: true, "points": String(point.points), "plural": point.points != 1,
                 "last": index == risk.points.count - 1] as Node
            },
        ]
        if let support = risk.support, let distance = risk.distancePct {
            // The lowest close of the window's days before today, and how far the close is from it.
            let (yesterday, first) = (say.today.adding(days: -1), say.today.adding(days: -risk.supportWindowDays))
            let gap = say.stated(.change, close, from: support.day, magnitude: true, NumberFormat.percent(abs(distance), places: 1))
            node["support"] = [
                "value": say.stated(.lowest, close, day: yesterday, from: first, NumberFormat.price(support.value)),
                "day": say.stated(.lowest, close, day: yesterday, from: first, ofDay: true, dates.short(support.day)),
                "distance": gap, "pct": gap, "underTenth": abs(distance) < 0.05,
            ] as Node
            if let next = risk.nextSupport, let gap = findings.nextSupportGapPct {
                node["next"] = [
                    "value": NumberFormat.price(next.value), "day": dates.short(next.day),
                    "pct": NumberFormat.percent(gap, places: 1), "underTenth": gap < 0.05,
                ] as Node
            }
        }
        return node
    }

    /// A signal's state; one that holds while the slide goes on is not met: `heldInSlide` on a
    /// new low today, `heldAfterLow` in the days just after one.
    private static func signal(_ signal: SignalFinding, slide: Bool, newLowToday: Bool) -> Node {
        switch signal.met {
        case true?: slide ? [newLowToday ? "heldInSlide" : "heldAfterLow": true] : ["met": true]
        case false?: ["notMet": true]
        case nil: ["noData": true]
        }
    }

    private static func stabilization(_ stabilization: StabilizationFinding, funding: FundingFinding, price: PriceFinding,
                                      newLowToday: Bool, risk: RiskFinding, _ say: Stating) -> Node {
        let dates = say.dates
        // The close back near the low the wait counts from: how near, and on which day.
        var retest: Node?
        if let back = risk.lowRetest, let low = risk.support {
            let within = NumberFormat.percent((back.value - low.value) / low.value * 100, places: 1)
            retest = ["within": say.stated(.change, Metric.closeUSD.name, day: back.day, from: low.day, magnitude: true, within),
                      "day": dates.short(back.day), "today": back.day == say.today]
        }
        let slide = stabilization.slideGoesOn == true
        var etf = signal(stabilization.etfInflowsReturn, slide: slide, newLowToday: newLowToday)
        etf["days"] = String(stabilization.etfInflowDays)
        etf["hasFlows"] = !stabilization.recentETFFlows.isEmpty
        etf["flows"] = stabilization.recentETFFlows.enumerated().map { index, flow in
            ["day": dates.short(flow.day),
             "value": say.stated(.value, Metric.etfNetflowUSD.name, day: flow.day, NumberFormat.signedMoney(flow.value)),
             "last": index == stabilization.recentETFFlows.count - 1] as Node
        }
        var rotation = signal(stabilization.rotationStops, slide: slide, newLowToday: newLowToday)
        rotation["days"] = String(stabilization.rotationVolatilityDays)
        rotation["max"] = NumberFormat.percent(stabilization.rotationVolatilityMaxPct, places: 1)
        rotation["volatility"] = stabilization.rotationVolatilityPct.map {
            NumberFormat.percent($0, places: 1, beside: stabilization.rotationVolatilityMaxPct)
        }
        rotation["pair"] = StabilizationAnalysis.rotationPair.code + "/BTC"
        var fundingSignal = signal(stabilization.fundingNeutral, slide: slide, newLowToday: newLowToday)
        fundingSignal["per8h"] = funding.ratePer8hPct.map { say.stated(.value, "funding_per8h_pct", NumberFormat.fundingRate($0)) }
        fundingSignal["young"] = funding.isHighUnknown
        fundingSignal["band"] = NumberFormat.fundingRate(funding.neutralLowPct) + "–" + NumberFormat.fundingRate(funding.neutralHighPct)
        let unread = stabilization.unreadCount
        return [
            "inSelloff": stabilization.inSelloff,
            "slide": slide ? ["today": newLowToday, "retest": retest,
                              "held": (stabilization.heldCount ?? 0) > 0 ? String(stabilization.heldCount ?? 0) : nil,
                              "one": stabilization.heldCount == 1] as Node : nil,
            "unread": unread > 0 ? String(unread) : nil,
            "allUnread": unread == stabilization.applying.count,
            // A rise over the days that a fall today ends is no bounce (2021-02-22: "the 2.9% rise
            // of the last 3 days is a bounce" of a close 6.3% down on the day).
            "rebound": price.changePct.flatMap { $0 > 0 && (price.dayChangePct ?? 0) >= 0 ? ["change": NumberFormat.percent($0, places: 1),
                                                           "days": String(price.changeDays)] as Node : nil },
            "metCount": String(stabilization.metCount),
            "total": String(stabilization.total),
            "singular": stabilization.metCount == 1,
            "noneMet": stabilization.metCount == 0,
            "allMet": stabilization.metCount == stabilization.total,
            "etfInflows": stabilization.appliesETF ? etf : nil as Node?,
            "rotation": stabilization.appliesRotation ? rotation : nil as Node?,
            "funding": fundingSignal,
        ]
    }

    /// The facts that lead the headline, rarest first, each flagged by its id.
    private static func headlineFacts(_ findings: Findings) -> [Node] {
        findings.headlineFacts.enumerated().map { index, fact in
            [fact.id: true, "first": index == 0, "last": index == findings.headlineFacts.count - 1]
        }
    }
}

/// Makes the numbers and days a brief's prose may state about `asset` as of `dates.briefDay`,
/// each carrying its claim: printed into prose, it records the claim there.
struct Stating {
    let asset: Asset
    let dates: DayText
    /// The venues open interest and funding are taken across: their claims name them.
    var venues: MarketVenues?
    var today: Day { dates.briefDay }

    /// `text`, stating a `kind` reading of `metric` on `day` (today unless given).
    func stated(_ kind: Claim.Kind, _ metric: String, day: Day? = nil, from: Day? = nil, ofDay: Bool = false,
                magnitude: Bool = false, _ text: String) -> StatedText {
        var claim = Claim(kind, asset: asset, metric: metric, day: day ?? today, from: from, ofDay: ofDay, stated: text,
                          magnitude: magnitude)
        if [Metric.openInterestCoins.name, Metric.openInterestUSD.name].contains(metric), let set = venues?.openInterest {
            claim.venues = set.venues
        } else if metric.hasPrefix("funding_"), let set = venues?.funding {
            claim.venues = set.venues
            claim.equalWeights = set.equalWeights ? true : nil
        }
        return StatedText(claim: claim)
    }

    /// States the size of `metric`'s percent change from `from` to today.
    func change(_ metric: String, from: Day) -> (String) -> StatedText {
        { stated(.change, metric, from: from, magnitude: true, $0) }
    }

    /// The first day of the `days` days ending today.
    func window(_ days: Int) -> Day { today.adding(days: -(days - 1)) }
}

/// Days in prose: `Aug 26` within the brief's year, `Aug 26, 2024` otherwise; `26 August 2025` in full.
struct DayText {
    let briefDay: Day
    private static let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]

    func short(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        let text = DayText.shortMonths[month - 1] + " " + String(dayOfMonth)
        return year == briefDay.components.year ? text : text + ", " + String(year)
    }

    /// `August 2025`.
    func month(_ day: Day) -> String {
        let (year, month, _) = day.components
        return DayText.months[month - 1] + " " + String(year)
    }

    func long(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        return String(dayOfMonth) + " " + DayText.months[month - 1] + " " + String(year)
    }
}
