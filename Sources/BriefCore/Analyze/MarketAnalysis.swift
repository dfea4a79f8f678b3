/// The market, not one venue: open interest summed across the venues that report it, funding
/// weighted by their open interest. Every day the analysis compares with the brief's day is
/// taken across the same venues, so a rank or a change never mixes a sum of three venues with
/// a sum of two; a day one of them did not report is left out, and a venue missing on the
/// brief's day is named.
public enum MarketAnalysis {
    /// Days before the brief's day a venue that stopped reporting is named as missing.
    public static let missingWithinDays = 7

    /// `history` with `asset`'s open interest and funding replaced by the market's, and the
    /// venues they were taken across; unchanged, with `nil`, when no stored value names a venue.
    public static func acrossVenues(_ history: History, asset: Asset) -> (History, MarketVenues?) {
        let metrics = history.metrics(of: asset)
        func venues(of base: Metric) -> [String] {
            metrics.filter { $0.withoutVenue == base }.compactMap(\.venue).sorted()
        }
        let (oiVenues, fundingVenues) = (venues(of: .openInterestCoins), venues(of: .fundingRate))
        guard !oiVenues.isEmpty || !fundingVenues.isEmpty else { return (history, nil) }
        let today = history.asOf
        func series(_ base: Metric, _ venue: String) -> Series { history.series(asset, Metric.atVenue(base, venue)!) }

        var replaced: [Metric: Series] = [:]
        var openInterest: VenueSet?
        if !oiVenues.isEmpty {
            let set = reading(oiVenues, today) { series(.openInterestCoins, $0) }
            openInterest = VenueSet(venues: set.venues, missing: set.missing, figures: set.venues.compactMap { venue in
                series(.openInterestCoins, venue).value(on: today).map {
                    VenueFigure(venue: venue, value: $0, usd: series(.openInterestUSD, venue).value(on: today))
                }
            })
            replaced[.openInterestCoins] = sum(set.venues.map { series(.openInterestCoins, $0) })
            replaced[.openInterestUSD] = sum(set.venues.map { series(.openInterestUSD, $0) })
        }
        var funding: VenueSet?
        if !fundingVenues.isEmpty {
            let set = reading(fundingVenues, today) { series(.fundingRate, $0) }
            let weighed = set.venues.filter { series(.openInterestCoins, $0).value(on: today) != nil }
            let equal = weighed.count < 2
            let venues = equal ? set.venues : weighed
            funding = VenueSet(venues: venues, missing: set.missing, unweighted: equal ? [] : set.venues.filter { !weighed.contains($0) },
                               equalWeights: equal, figures: venues.compactMap { venue in
                                   zip2(series(.fundingRate, venue).value(on: today), series(.fundingIntervalHours, venue).value(on: today)).map {
                                       VenueFigure(venue: venue, value: $0, intervalHours: $1)
                                   }
                               })
            let (rate, interval) = weighted(venues.map { (series(.fundingRate, $0), series(.fundingIntervalHours, $0),
                                                           equal ? nil : series(.openInterestCoins, $0)) })
            replaced[.fundingRate] = rate
            replaced[.fundingIntervalHours] = interval
        }
        return (history.replacing(Array(replaced.keys), of: asset, with: replaced),
                MarketVenues(openInterest: openInterest, funding: funding))
    }

    /// Why the market's open interest on some day of `history` (the sum across the venues read,
    /// in coins or in USD) is not a value an import would take as one venue's, naming the metric,
    /// the venues and the day; `nil` when every sum is plausible. Each venue's value passes the
    /// import's limit, but a sum of several may not, and a brief holding it could not be read back.
    public static func implausibleSum(in history: History, asset: Asset) -> String? {
        let (market, venues) = acrossVenues(history, asset: asset)
        guard let summed = venues?.openInterest?.venues, summed.count > 1 else { return nil }
        for metric in [Metric.openInterestCoins, .openInterestUSD] {
            let series = market.series(asset, metric)
            guard let end = series.end else { continue }
            for point in series.points(from: series.start, through: end) {
                if let problem = metric.implausibility(of: point.value) {
                    return "\(asset) \(metric) summed across \(summed.joined(separator: ", ")) on \(point.day) = \(point.value): \(problem)"
                }
            }
        }
        return nil
    }

    /// The venues read: those with a value on `today` (on the latest day any has one, when
    /// none has today), and those that reported in the week before but not then.
    static func reading(_ venues: [String], _ today: Day, _ series: (String) -> Series) -> (venues: [String], missing: [String]) {
        let latest = venues.compactMap { series($0).latest(onOrBefore: today)?.day }.max() ?? today
        let read = venues.filter { series($0).value(on: latest) != nil }
        let missing = venues.filter { venue in
            !read.contains(venue) && !series(venue).points(from: latest.adding(days: -missingWithinDays), through: latest).isEmpty
        }
        return (read, missing)
    }

    /// The sum on each day every one of `series` has a value.
    static func sum(_ series: [Series]) -> Series {
        guard let first = series.first, !series.contains(where: { $0.values.isEmpty }), let end = first.end else { return Series() }
        let points = first.points(from: first.start, through: end).compactMap { point -> (Day, Double)? in
            var total = 0.0
            for other in series {
                guard let value = other.value(on: point.day) else { return nil }
                total += value
            }
            return (point.day, total)
        }
        return Series(points)
    }

    /// Rates per settlement weighted by open interest (equally where `weight` is `nil`), on each
    /// day every venue has a rate, an interval and a weight: each rate is taken to the venues'
    /// common interval, or to 8 hours where their intervals differ.
    static func weighted(_ venues: [(rate: Series, interval: Series, weight: Series?)]) -> (Series, Series) {
        guard let first = venues.first, let end = first.rate.end else { return (Series(), Series()) }
        var rates: [(Day, Double)] = [], intervals: [(Day, Double)] = []
        for point in first.rate.points(from: first.rate.start, through: end) {
            var parts: [(rate: Double, hours: Double, weight: Double)] = []
            for venue in venues {
                guard let rate = venue.rate.value(on: point.day), let hours = venue.interval.value(on: point.day) else { break }
                guard let weight = venue.weight.map({ $0.value(on: point.day) }) ?? 1 else { break }
                parts.append((rate, hours, weight))
            }
            let total = parts.map(\.weight).reduce(0, +)
            guard parts.count == venues.count, total > 0 else { continue }
            let common = Set(parts.map(\.hours)).count == 1 ? parts[0].hours : 8
            rates.append((point.day, parts.map { $0.rate * (common / $0.hours) * $0.weight }.reduce(0, +) / total))
            intervals.append((point.day, common))
        }
        return (Series(rates), Series(intervals))
    }
}
