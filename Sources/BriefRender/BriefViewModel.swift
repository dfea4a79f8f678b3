import BriefCore

/// Turns findings into what the templates read: pre-formatted strings and booleans only,
/// as `[String: Any]` dictionaries, which the compiled templates read directly.
/// No sentences: the wording lives in `templates/`.
enum BriefViewModel {
    typealias Node = [String: Any]

    static func make(_ findings: Findings) -> Node {
        let dates = DayText(briefDay: findings.day)
        let unit = findings.asset.code
        return [
            "asset": unit,
            "day": findings.day.description,
            "dayText": dates.long(findings.day),
            "price": price(findings.price, dates),
            "funding": funding(findings.funding, dates),
            "openInterest": openInterest(findings.openInterest, unit: unit, dates),
            "liquidations": liquidations(findings.liquidations, dates),
            "whale": whale(findings.whale, unit: unit, dates),
            "divergence": divergence(findings.divergence, price: findings.price, unit: unit, dates),
            "risk": risk(findings.risk, dates),
            "stabilization": stabilization(findings.stabilization, funding: findings.funding, dates),
            "sources": findings.sources.enumerated().map { index, name in
                ["name": PrintableText.of(name), "last": index == findings.sources.count - 1] as Node
            },
            "hasSources": !findings.sources.isEmpty,
        ]
    }

    private static func dayValue(_ point: DayValue?, _ dates: DayText, format: (Double) -> String) -> Node? {
        point.map { ["value": format($0.value), "day": dates.short($0.day)] }
    }

    private static func price(_ price: PriceFinding, _ dates: DayText) -> Node {
        var node: Node = ["changeDays": String(price.changeDays), "highWindowDays": String(price.highWindowDays)]
        node["close"] = price.close.map(NumberFormat.price)
        node["from"] = dayValue(price.changeFrom, dates, format: NumberFormat.price)
        if let change = price.changePct {
            node["change"] = NumberFormat.percent(abs(change), places: 1)
            node["fell"] = change <= -0.05
            node["rose"] = change >= 0.05
            node["flat"] = abs(change) < 0.05
        }
        node["recentHigh"] = dayValue(price.recentHigh, dates, format: NumberFormat.price)
        if let below = price.belowHighPct {
            node["belowHigh"] = NumberFormat.percent(below, places: 1)
        }
        return node
    }

    private static func funding(_ funding: FundingFinding, _ dates: DayText) -> Node {
        var node: Node = [
            "band": NumberFormat.fundingRate(funding.neutralLowPct) + "–" + NumberFormat.fundingRate(funding.neutralHighPct),
            "trendDays": String(funding.trendDays),
        ]
        if let rate = funding.rate, let interval = funding.intervalHours, let annualized = funding.annualizedPct,
           let per8h = funding.ratePer8hPct, let regime = funding.regime {
            node["hasData"] = true
            node["rate"] = NumberFormat.fundingRate(rate * 100)
            node["interval"] = NumberFormat.decimal(interval, places: 0) + "h"
            node["per8h"] = NumberFormat.fundingRate(per8h)
            node["isEightHourly"] = interval == 8
            node["annualized"] = NumberFormat.percent(annualized)
            node[regime.rawValue] = true
            node["aboveNeutral"] = regime == .elevated || regime == .extreme
            node["regime"] = regime.rawValue
        }
        if let start = funding.trendStart, let peak = funding.trendPeak {
            node["trend"] = [
                "start": NumberFormat.percent(start.value, places: 2),
                "startDay": dates.short(start.day),
                "peak": NumberFormat.percent(peak.value, places: 2),
                "peakDay": dates.short(peak.day),
                "rose": peak.value > start.value + 0.5,
            ] as Node
        }
        return node
    }

    private static func openInterest(_ oi: OpenInterestFinding, unit: String, _ dates: DayText) -> Node {
        var node: Node = ["changeDays": String(oi.changeDays), "rangeDays": String(oi.rangeDays)]
        node["rangeIsTwoYears"] = oi.rangeDays >= 700
        if let coins = oi.coins {
            node["hasData"] = true
            node["coins"] = NumberFormat.coins(coins, unit)
            node["usd"] = oi.usd.map(NumberFormat.money)
            node["percentile"] = oi.percentile.map(NumberFormat.ordinal)
            node["isRangeHigh"] = oi.isRangeHigh
            node["isHigh"] = oi.isHigh
            node["rangeHigh"] = dayValue(oi.rangeHigh, dates) { NumberFormat.coins($0, unit) }
        }
        if let change = oi.change, let from = oi.changeFrom {
            node["change"] = [
                "amount": NumberFormat.coins(abs(change), unit),
                "from": NumberFormat.coins(from.value, unit),
                "grew": change > 0,
                "pct": NumberFormat.percent(abs(change / from.value * 100), places: 1),
            ] as Node
        }
        return node
    }

    private static func liquidations(_ liquidations: LiquidationFinding, _ dates: DayText) -> Node {
        var node: Node = ["windowDays": String(liquidations.windowDays)]
        if let long = liquidations.longUSD, let short = liquidations.shortUSD {
            node["hasData"] = true
            node["long"] = NumberFormat.money(long)
            node["short"] = NumberFormat.money(short)
            node["isLargest"] = liquidations.isLargestInWindow
            node["heavy"] = liquidations.isHeavy
            node["notable"] = liquidations.isNotable && !liquidations.isHeavy
            node["light"] = !liquidations.isNotable && !liquidations.isHeavy
            node["largest"] = dayValue(liquidations.largestLong, dates, format: NumberFormat.money)
        }
        return node
    }

    private static func whale(_ whale: WhaleFinding, unit: String, _ dates: DayText) -> Node {
        var node: Node = [
            "lookbackDays": String(whale.lookbackDays),
            "minDormant": NumberFormat.decimal(whale.minDormantYears, places: 0),
            "minUSD": NumberFormat.money(whale.minUSD),
        ]
        if let sale = whale.sales.first {
            node["sale"] = [
                "amount": NumberFormat.coins(sale.amount, unit),
                "usd": NumberFormat.money(sale.usdValue),
                "dormant": NumberFormat.decimal(sale.dormantYears, places: 1),
                "day": dates.short(sale.day),
                "label": PrintableText.of(sale.label),
                "hasLabel": !sale.label.isEmpty,
                "rotatedInto": sale.rotatedInto?.code as Any,
            ] as Node
            if whale.sales.count > 1 {
                node["others"] = [
                    "count": String(whale.sales.count - 1),
                    "totalAmount": NumberFormat.coins(whale.totalAmount, unit),
                    "totalUSD": NumberFormat.money(whale.totalUSD),
                ] as Node
            }
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

    private static func streak(_ streak: Streak?, _ dates: DayText, format: (Double) -> String) -> Node? {
        streak.map {
            ["first": dates.short($0.first), "last": dates.short($0.last), "days": String($0.days),
             "total": format(abs($0.total)), "single": $0.days == 1]
        }
    }

    private static func divergence(_ divergence: DivergenceFinding, price: PriceFinding, unit: String, _ dates: DayText) -> Node {
        var node: Node = [
            divergence.level.rawValue: true,
            "level": divergence.level.rawValue,
            "crowdedLong": divergence.crowdedLong,
            "spotSelling": divergence.spotSelling,
            "fundingAboveNeutral": divergence.fundingAboveNeutral == true,
            "openInterestHigh": divergence.openInterestHigh == true,
        ]
        node["inflows"] = streak(divergence.inflowStreak, dates) { NumberFormat.coins($0, unit) }
        node["etfOutflows"] = streak(divergence.etfOutflowStreak, dates, format: NumberFormat.money)
        if let below = price.belowHighPct, let high = price.recentHigh {
            node["belowHigh"] = NumberFormat.percent(below, places: 1)
            node["recentHigh"] = NumberFormat.price(high.value)
            node["recentHighDay"] = dates.short(high.day)
        }
        return node
    }

    private static func risk(_ risk: RiskFinding, _ dates: DayText) -> Node {
        var node: Node = [
            risk.level.rawValue: true,
            "level": risk.level.rawValue,
            "score": String(risk.score),
            "supportWindowDays": String(risk.supportWindowDays),
            "fundingAboveNeutral": risk.fundingAboveNeutral == true,
            "nearSupport": risk.nearSupport,
        ]
        if let support = risk.support, let distance = risk.distancePct {
            node["support"] = [
                "value": NumberFormat.price(support.value), "day": dates.short(support.day),
                "distance": NumberFormat.percent(distance, places: 1),
                "isToday": distance < 0.05,
            ] as Node
            if let next = risk.nextSupport {
                node["next"] = [
                    "value": NumberFormat.price(next.value), "day": dates.short(next.day),
                    "gap": NumberFormat.percent((support.value - next.value) / support.value * 100, places: 1),
                ] as Node
            }
        }
        return node
    }

    private static func signal(_ signal: SignalFinding) -> Node {
        switch signal.met {
        case true?: ["met": true]
        case false?: ["notMet": true]
        case nil: ["noData": true]
        }
    }

    private static func stabilization(_ stabilization: StabilizationFinding, funding: FundingFinding, _ dates: DayText) -> Node {
        var etf = signal(stabilization.etfInflowsReturn)
        etf["days"] = String(stabilization.etfInflowDays)
        etf["hasFlows"] = !stabilization.recentETFFlows.isEmpty
        etf["flows"] = stabilization.recentETFFlows.enumerated().map { index, flow in
            ["day": dates.short(flow.day), "value": NumberFormat.signedMoney(flow.value),
             "last": index == stabilization.recentETFFlows.count - 1] as Node
        }
        var rotation = signal(stabilization.rotationStops)
        rotation["days"] = String(stabilization.rotationVolatilityDays)
        rotation["max"] = NumberFormat.percent(stabilization.rotationVolatilityMaxPct, places: 1)
        rotation["volatility"] = stabilization.rotationVolatilityPct.map { NumberFormat.percent($0, places: 1) }
        rotation["pair"] = StabilizationAnalysis.rotationPair.code + "/BTC"
        var fundingSignal = signal(stabilization.fundingNeutral)
        fundingSignal["per8h"] = funding.ratePer8hPct.map(NumberFormat.fundingRate)
        fundingSignal["band"] = NumberFormat.fundingRate(funding.neutralLowPct) + "–" + NumberFormat.fundingRate(funding.neutralHighPct)
        return [
            "metCount": String(stabilization.metCount),
            "total": String(stabilization.total),
            "noneMet": stabilization.metCount == 0,
            "allMet": stabilization.metCount == stabilization.total,
            "etfInflows": etf,
            "rotation": rotation,
            "funding": fundingSignal,
        ]
    }
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
