import BriefCore

/// The numbers and days a brief's prose may state, each with what it is a reading of, formatted
/// exactly as the view model formats them. Once the prose is rendered, each is tied to the first
/// sentence of its sections that states it; the ones no sentence states are dropped.
enum BriefClaims {
    /// A claim and where to look for it: the sections that may state it, in reading order, and
    /// a text its sentence must also hold (a run's first day), if any.
    struct Candidate {
        var claim: Claim
        var sections: [String]
        var together: String?
    }

    static func make(_ findings: Findings) -> [Candidate] {
        var claims: [Candidate] = []
        let asset = findings.asset, today = findings.day
        let dates = DayText(briefDay: today)
        var sections = ["headline"]
        func add(_ kind: Claim.Kind, _ metric: Metric, day: Day = today, from: Day? = nil, _ stated: String, magnitude: Bool = false) {
            append(Claim(kind, asset: asset, metric: metric.name, day: day, from: from, stated: stated, magnitude: magnitude))
        }
        func append(_ claim: Claim, together: String? = nil) {
            claims.append(Candidate(claim: claim, sections: sections, together: together))
        }
        func window(_ days: Int) -> Day { today.adding(days: -(days - 1)) }

        // The price.
        let price = findings.price
        if let close = price.close { add(.value, .closeUSD, NumberFormat.price(close)) }
        if let previous = price.previous, let change = price.dayChangePct {
            add(.value, .closeUSD, day: previous.day, NumberFormat.price(previous.value))
            add(.change, .closeUSD, from: previous.day, NumberFormat.percent(abs(change), places: 1), magnitude: true)
        }
        if let from = price.changeFrom, let change = price.changePct, price.isMultiDayStory {
            add(.value, .closeUSD, day: from.day, NumberFormat.price(from.value))
            add(.change, .closeUSD, from: from.day, NumberFormat.percent(abs(change), places: 1), magnitude: true)
        }
        // A record: the highest close since the store's closes begin, above the previous high.
        if price.isRecord == true, let close = price.close, let begins = price.closesBegin {
            add(.highest, .closeUSD, from: begins, NumberFormat.price(close))
            if let previous = price.previousRecord {
                add(.highest, .closeUSD, day: today.adding(days: -1), from: begins, NumberFormat.price(previous.value))
                append(Claim(.highest, asset: asset, metric: Metric.closeUSD.name, day: today.adding(days: -1), from: begins, ofDay: true,
                             stated: dates.short(previous.day)))
            }
        }
        sections = ["headline", "short-term-risk", "stabilization"]
        if let high = price.recentHigh, !price.isAtHigh {
            add(.highest, .closeUSD, from: window(price.highWindowDays), NumberFormat.price(high.value))
            append(Claim(.highest, asset: asset, metric: Metric.closeUSD.name, day: today, from: window(price.highWindowDays),
                                ofDay: true, stated: dates.short(high.day)))
        }

        // Funding.
        sections = ["leverage", "divergence", "stabilization"]
        let funding = findings.funding
        if let rate = funding.rate, let per8h = funding.ratePer8hPct, let annualized = funding.annualizedPct {
            append(Claim(.value, asset: asset, metric: "funding_rate_pct", day: today, stated: NumberFormat.fundingRate(rate * 100)))
            append(Claim(.value, asset: asset, metric: "funding_per8h_pct", day: today, stated: NumberFormat.fundingRate(per8h)))
            append(Claim(.value, asset: asset, metric: "funding_annualized_pct", day: today, stated: NumberFormat.percent(annualized)))
            if let rank = funding.rank {
                append(Claim(.rank, asset: asset, metric: "funding_per8h_pct", day: today, from: today.adding(days: -(rank.spanDays - 1)),
                                    stated: NumberFormat.ordinal(rank.percentile)))
            }
        }
        if let start = funding.trendStart {
            // The average of the days ending on the trend's start day (7 in briefs that do not say).
            append(Claim(.average, asset: asset, metric: "funding_annualized_pct", day: start.day,
                                from: start.day.adding(days: -((funding.trendAverageDays ?? 7) - 1)),
                                stated: NumberFormat.percent(start.value, places: 2)))
            if let peak = funding.trendPeak {
                append(Claim(.highest, asset: asset, metric: "funding_annualized_pct", day: today, from: start.day,
                                    stated: NumberFormat.percent(peak.value, places: 2)))
            }
        }

        // Open interest.
        sections = ["headline", "leverage", "divergence"]
        let openInterest = findings.openInterest
        if let coins = openInterest.coins {
            add(.value, .openInterestCoins, NumberFormat.coins(coins, asset.code))
            if let usd = openInterest.usd { add(.value, .openInterestUSD, NumberFormat.money(usd)) }
            if let percentile = openInterest.percentile {
                add(.rank, .openInterestCoins, from: window(openInterest.windowDays), NumberFormat.ordinal(percentile))
            }
        }
        if let change = openInterest.change, let from = openInterest.changeFrom {
            add(.delta, .openInterestCoins, from: from.day, NumberFormat.coins(abs(change), asset.code), magnitude: true)
            add(.change, .openInterestCoins, from: from.day, NumberFormat.percent(abs(change / from.value * 100), places: 1), magnitude: true)
        }
        if let day = openInterest.dayChangePct, openInterest.isDayMoveLarge == true {
            add(.change, .openInterestCoins, from: today.adding(days: -1), NumberFormat.percent(abs(day), places: 1), magnitude: true)
        }
        if let week = openInterest.weekChangePct {
            add(.change, .openInterestCoins, from: today.adding(days: -7), NumberFormat.percent(abs(week), places: 1), magnitude: true)
        }

        // Liquidations.
        sections = ["headline", "leverage"]
        let liquidations = findings.liquidations
        for (metric, value, rank, isRecord) in [
            (Metric.longLiquidationsUSD, liquidations.longUSD, liquidations.longRank, liquidations.isLongRecord),
            (Metric.shortLiquidationsUSD, liquidations.shortUSD, liquidations.shortRank, liquidations.isShortRecord),
        ] {
            guard let value else { continue }
            add(.value, metric, NumberFormat.money(value))
            if let rank { add(.rank, metric, from: today.adding(days: -(rank.spanDays - 1)), NumberFormat.ordinal(rank.percentile)) }
            // A record: the highest since the store's liquidations begin.
            if isRecord == true, let begins = liquidations.dataBegins { add(.highest, metric, from: begins, NumberFormat.money(value)) }
        }
        if let largest = liquidations.largestLong {
            add(.highest, .longLiquidationsUSD, from: window(liquidations.windowDays), NumberFormat.money(largest.value))
        }

        // Flow runs: the current one and the one it ended, each stated in one sentence with its first day
        // (the end of a long one in the headline too).
        sections = ["headline", "divergence"]
        let runsFrom = findings.divergence.runWindowDays.map { today.adding(days: -($0 - 1)) }
        for (metric, flow, format) in [(Metric.exchangeNetflowCoins, findings.divergence.exchangeFlows, { NumberFormat.coins($0, asset.code) }),
                                       (Metric.etfNetflowUSD, findings.divergence.etfFlows, NumberFormat.money)] {
            for (name, run) in [("current", flow.current), ("ended", flow.ended)] {
                guard let run else { continue }
                for (kind, stated) in [(Claim.Kind.runDays, String(run.days)), (.runTotal, format(abs(run.total))),
                                       (.runFirst, dates.short(run.first)), (.runLast, dates.short(run.last))] {
                    append(Claim(kind, asset: asset, metric: metric.name, day: today, from: runsFrom, run: name,
                                 stated: stated, magnitude: kind == .runTotal), together: dates.short(run.first))
                }
            }
            if let endedBy = flow.endedBy { add(.value, metric, day: endedBy.day, format(abs(endedBy.value)), magnitude: true) }
        }
        sections = ["stabilization"]
        for flow in findings.stabilization.recentETFFlows {
            add(.value, .etfNetflowUSD, day: flow.day, NumberFormat.signedMoney(flow.value))
        }

        // Support: the lowest close of the window's days before today, and how far the close is above (or below) it;
        // a fall of the days before.
        sections = ["short-term-risk"]
        if let fall = price.recentFall {
            add(.change, .closeUSD, day: fall.day, from: fall.day.adding(days: -1), NumberFormat.percent(fall.value, places: 1), magnitude: true)
        }
        if let support = findings.risk.support, let distance = findings.risk.distancePct {
            let (yesterday, first) = (today.adding(days: -1), today.adding(days: -findings.risk.supportWindowDays))
            add(.lowest, .closeUSD, day: yesterday, from: first, NumberFormat.price(support.value))
            append(Claim(.lowest, asset: asset, metric: Metric.closeUSD.name, day: yesterday, from: first, ofDay: true,
                         stated: dates.short(support.day)))
            if abs(distance) >= 0.05 {
                add(.change, .closeUSD, from: support.day, NumberFormat.percent(abs(distance), places: 1), magnitude: true)
            }
        }

        // Whale transfers.
        sections = ["whale-trigger"]
        let whale = findings.whale
        for sale in whale.sales.prefix(1) + whale.moves.prefix(1) + whale.inbound.prefix(1) + (whale.lastEarlier.map { [$0] } ?? []) {
            for (kind, stated) in [(Claim.Kind.transferAmount, NumberFormat.coins(sale.amount, sale.asset.code)),
                                   (.transferUSD, NumberFormat.money(sale.usdValue)),
                                   (.transferDormantYears, NumberFormat.decimal(sale.dormantYears, places: 1))] {
                append(Claim(kind, asset: sale.asset, metric: "transfer", day: sale.day, transfer: sale.id, stated: stated))
            }
        }
        if let before = whale.closeBeforeSale, let change = whale.changeSinceSalePct {
            add(.value, .closeUSD, day: before.day, NumberFormat.price(before.value))
            add(.change, .closeUSD, from: before.day, NumberFormat.percent(abs(change), places: 1), magnitude: true)
        }
        return claims
    }

    /// Ties each claim to the first sentence of its sections that states it (its text not part
    /// of a longer number); drops the claims no sentence states. A claim the headline may state
    /// is also looked for in the one-line story, which then holds a claim of its own.
    static func tie(_ candidates: [Candidate], to texts: [String: String]) -> [Claim] {
        let sentences = texts.mapValues(Self.sentences)
        let story = candidates.filter { $0.sections.contains("headline") }.map { Candidate(claim: $0.claim, sections: ["story"]) }
        return (candidates + story).compactMap { candidate in
            let stated = Array(candidate.claim.stated.utf8)
            let together = candidate.together.map { Array($0.utf8) }
            for section in candidate.sections {
                for sentence in sentences[section] ?? []
                where states(sentence.bytes, stated) && (together.map { contains(sentence.bytes, $0) } ?? true) {
                    var tied = candidate.claim
                    tied.section = section
                    tied.sentence = sentence.text
                    return tied
                }
            }
            return nil
        }
    }

    /// The sentences of `text`: the pieces between `. ` and line ends, trimmed of spaces.
    static func sentences(_ text: String) -> [(text: String, bytes: [UInt8])] {
        var sentences: [(text: String, bytes: [UInt8])] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        func flush() {
            while current.last == UInt8(ascii: " ") { current.removeLast() }
            while current.first == UInt8(ascii: " ") { current.removeFirst() }
            if !current.isEmpty { sentences.append((String(decoding: current, as: UTF8.self), current)) }
            current = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                flush()
            } else if byte == UInt8(ascii: "."), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: " ") {
                flush()
                index += 1
            } else {
                current.append(byte)
            }
            index += 1
        }
        flush()
        return sentences
    }

    /// Whether `sentence` holds `stated` on its own: not preceded by a digit, `.`, `,` or `$`,
    /// nor followed by a digit (nor by `,` or `.` and a digit).
    static func states(_ sentence: [UInt8], _ stated: [UInt8]) -> Bool {
        guard !stated.isEmpty, sentence.count >= stated.count else { return false }
        func isDigit(_ index: Int) -> Bool {
            index >= 0 && index < sentence.count && sentence[index] >= UInt8(ascii: "0") && sentence[index] <= UInt8(ascii: "9")
        }
        for start in 0...(sentence.count - stated.count) where sentence[start] == stated[0] {
            guard sentence[start..<(start + stated.count)].elementsEqual(stated) else { continue }
            let end = start + stated.count
            let before = start > 0 ? sentence[start - 1] : UInt8(ascii: " ")
            let after = end < sentence.count ? sentence[end] : UInt8(ascii: " ")
            let continues = isDigit(end) || ((after == UInt8(ascii: ",") || after == UInt8(ascii: ".")) && isDigit(end + 1))
            if !isDigit(start - 1), ![UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "$")].contains(before), !continues {
                return true
            }
        }
        return false
    }

    private static func contains(_ sentence: [UInt8], _ part: [UInt8]) -> Bool {
        guard sentence.count >= part.count else { return false }
        return (0...(sentence.count - part.count)).contains { sentence[$0..<($0 + part.count)].elementsEqual(part) }
    }
}
