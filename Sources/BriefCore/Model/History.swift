/// One metric of one asset as a dense run of days; a day without data is `nil`, never zero.
public struct Series: Sendable, Equatable {
    /// The first day the series covers.
    public let start: Day
    /// One slot per day from `start` (indices from 0; a cut history shares its parent's storage).
    public private(set) var values: ArraySlice<Double?>

    /// An empty series.
    public init() { self.init([]) }

    /// A series from (day, value) pairs in any order.
    public init(_ points: [(Day, Double)]) {
        let first = points.map(\.0).min() ?? Day(ordinal: 0)
        let last = points.map(\.0).max() ?? first.adding(days: -1)
        start = first
        var values = [Double?](repeating: nil, count: first.days(to: last) + 1)
        for (day, value) in points { values[first.days(to: day)] = value }
        self.values = values[...]
    }

    private init(start: Day, values: ArraySlice<Double?>) {
        self.start = start
        self.values = values
    }

    /// The last day covered, `nil` when empty.
    public var end: Day? { values.isEmpty ? nil : start.adding(days: values.count - 1) }

    /// The value on `day`, `nil` when missing or outside the series.
    public func value(on day: Day) -> Double? {
        let index = start.days(to: day)
        return values.indices.contains(index) ? values[index] : nil
    }

    /// The days from `first` to `last` inclusive that have a value, in order.
    public func points(from first: Day, through last: Day) -> [(day: Day, value: Double)] {
        guard !values.isEmpty, first <= last else { return [] }
        let lower = max(0, start.days(to: first))
        let upper = min(values.count - 1, start.days(to: last))
        guard lower <= upper else { return [] }
        var result: [(day: Day, value: Double)] = []
        result.reserveCapacity(upper - lower + 1)
        for index in lower...upper {
            if let value = values[index] { result.append((start.adding(days: index), value)) }
        }
        return result
    }

    /// The `count` days ending on `last` (inclusive) that have a value.
    public func points(endingOn last: Day, days count: Int) -> [(day: Day, value: Double)] {
        points(from: last.adding(days: -(count - 1)), through: last)
    }

    /// The `window` days ending on `day`, or fewer when the series begins inside them: a window
    /// is never taken over days before the data (the whole window when the series is empty).
    public func windowDays(_ window: Int, endingOn day: Day) -> Int {
        values.isEmpty ? window : max(1, min(window, start.days(to: day) + 1))
    }

    /// The series with only the values of the days `isKept` accepts.
    func keeping(_ isKept: (Day) -> Bool) -> Series {
        var kept = values
        for index in kept.indices where kept[index] != nil && !isKept(start.adding(days: index - kept.startIndex)) {
            kept[index] = nil
        }
        return Series(start: start, values: kept)
    }

    /// The series without the days after `day`, trimmed so it ends on its last value.
    func cut(at day: Day) -> Series {
        var kept = values.prefix(max(0, start.days(to: day) + 1))
        while kept.last == .some(nil) { kept.removeLast() }
        return kept.isEmpty ? Series() : Series(start: start, values: kept)
    }

    var nonEmpty: Series? { values.isEmpty ? nil : self }

    /// The latest point on or before `day`.
    public func latest(onOrBefore day: Day) -> (day: Day, value: Double)? {
        guard !values.isEmpty else { return nil }
        var index = min(values.count - 1, start.days(to: day))
        while index >= 0 {
            if let value = values[index] { return (start.adding(days: index), value) }
            index -= 1
        }
        return nil
    }
}

/// Everything known up to and including one day: the input of the analysis.
///
/// Built by cutting stored data at `asOf`, so no finding can peek at a later day.
public struct History: Sendable {
    /// The day the brief is written for; nothing after it is held.
    public let asOf: Day
    private let series: [Asset: [Metric: Series]]
    /// Large transfers up to `asOf`, oldest first.
    public let transfers: [Transfer]
    /// The first day each source contributed a value to each series.
    private let seriesSources: [Asset: [Metric: [String: Day]]]
    /// Each asset's values of `recordMetrics` before the days held, as far back as the store goes.
    private let earlierValues: [Asset: [Metric: EarlierValues]]

    /// The metrics whose records (a value above every earlier one in the store) a brief names.
    public static let recordMetrics: [Metric] = [.closeUSD, .longLiquidationsUSD, .shortLiquidationsUSD]

    /// What a metric's values before a history's first day tell: when they begin and their highest.
    public struct EarlierValues: Sendable, Equatable {
        public var first: Day
        public var highest: DayValue
        public init(first: Day, highest: DayValue) {
            self.first = first
            self.highest = highest
        }
    }

    /// Builds a history from samples and transfers, dropping anything after `asOf`.
    public init(asOf: Day, samples: [MetricSample], transfers: [Transfer]) {
        var grouped: [Asset: [Metric: [(Day, Double)]]] = [:]
        var sources: [Asset: [Metric: [String: Day]]] = [:]
        for sample in samples where sample.day <= asOf && Self.isRead(sample.metric, on: sample.day) {
            grouped[sample.asset, default: [:]][sample.metric, default: []].append((sample.day, sample.value))
            let first = sources[sample.asset]?[sample.metric]?[sample.source]
            sources[sample.asset, default: [:]][sample.metric, default: [:]][sample.source] = min(first ?? sample.day, sample.day)
        }
        let kept = transfers.filter { $0.day <= asOf }
        self.init(asOf: asOf,
                  keeping: grouped.mapValues { $0.mapValues(Series.init) },
                  transfers: kept.sorted { ($0.time, $0.id) < ($1.time, $1.id) },
                  seriesSources: sources, earlierValues: [:])
    }

    /// A history from series already grouped by asset and metric (as a store reads them),
    /// with the first day each source contributed to each series and the values of
    /// `recordMetrics` before the series begin; anything after `asOf` is dropped.
    public init(asOf: Day, series: [Asset: [Metric: Series]], transfers: [Transfer],
                seriesSources: [Asset: [Metric: [String: Day]]] = [:], earlierValues: [Asset: [Metric: EarlierValues]] = [:]) {
        let readSeries = series.mapValues { metrics in
            Dictionary(uniqueKeysWithValues: metrics.compactMap { metric, series in
                let kept = metric.isSpotETFFlow ? series.keeping { Self.isRead(metric, on: $0) } : series
                return kept.cut(at: asOf).nonEmpty.map { (metric, $0) }
            })
        }
        self.init(asOf: asOf, keeping: readSeries,
                  transfers: transfers.filter { $0.day <= asOf }.sorted { ($0.time, $0.id) < ($1.time, $1.id) },
                  seriesSources: Self.sources(seriesSources, through: asOf),
                  earlierValues: earlierValues)
    }

    /// Whether a value of `metric` dated `day` is read: a spot-ETF flow only on a US trading day.
    /// Some sources fill weekends and holidays with zeros, which would break a run of trading
    /// days in two (import refuses any other value on those days).
    static func isRead(_ metric: Metric, on day: Day) -> Bool {
        !metric.isSpotETFFlow || MarketCalendar.isTradingDay(day)
    }

    private init(asOf: Day, keeping series: [Asset: [Metric: Series]], transfers: [Transfer],
                 seriesSources: [Asset: [Metric: [String: Day]]], earlierValues: [Asset: [Metric: EarlierValues]]) {
        self.asOf = asOf
        self.series = series
        self.transfers = transfers
        self.seriesSources = seriesSources
        self.earlierValues = earlierValues
    }

    /// The same history with `asset`'s series of `metrics` replaced by `replacements` (a metric
    /// missing from them is dropped): the market figures made from each venue's.
    func replacing(_ metrics: [Metric], of asset: Asset, with replacements: [Metric: Series]) -> History {
        var series = series
        for metric in metrics { series[asset, default: [:]][metric] = replacements[metric]?.nonEmpty }
        return History(asOf: asOf, keeping: series, transfers: transfers, seriesSources: seriesSources, earlierValues: earlierValues)
    }

    /// The sources that had contributed by `day`.
    private static func sources(_ sources: [Asset: [Metric: [String: Day]]], through day: Day) -> [Asset: [Metric: [String: Day]]] {
        sources.mapValues { $0.mapValues { $0.filter { $0.value <= day } } }
    }

    /// The same history as it stood on an earlier `day`: equal to building it from the
    /// stored data with `asOf: day`, without reading the data again.
    public func cut(at day: Day) -> History {
        guard day < asOf else { return self }
        return History(asOf: day,
                       keeping: series.mapValues { $0.compactMapValues { $0.cut(at: day).nonEmpty } },
                       transfers: transfers.filter { $0.day <= day },
                       seriesSources: Self.sources(seriesSources, through: day),
                       earlierValues: earlierValues)
    }

    /// Where the data came from (distinct sources of every value and transfer), sorted.
    public var sources: [String] {
        Set(seriesSources.values.flatMap { $0.values.flatMap(\.keys) } + transfers.map(\.source)).sorted()
    }

    /// The sources of `asset`'s values (of `metric` only, when given).
    public func sources(of asset: Asset, _ metric: Metric? = nil) -> Set<String> {
        let metrics = seriesSources[asset] ?? [:]
        return Set((metric.map { [metrics[$0] ?? [:]] } ?? Array(metrics.values)).flatMap(\.keys))
    }

    /// The series of `metric` for `asset` (empty when never reported).
    public func series(_ asset: Asset, _ metric: Metric) -> Series {
        series[asset]?[metric] ?? Series()
    }

    /// The day `asset`'s values of `metric` (one of `recordMetrics`) begin in the store and
    /// its highest value before `day`: from the values held and those before them.
    public func record(_ asset: Asset, _ metric: Metric, before day: Day) -> (begins: Day, highest: DayValue?)? {
        let earlier = earlierValues[asset]?[metric]
        let held = series(asset, metric)
        let heldPoints = held.values.isEmpty ? [] : held.points(from: held.start, through: day.adding(days: -1))
        guard let begins = earlier?.first ?? heldPoints.first?.day ?? held.value(on: day).map({ _ in day }) else { return nil }
        let highest = [earlier?.highest, SeriesMath.highest(heldPoints)].compactMap { $0 }
            .max { ($0.value, $0.day) < ($1.value, $1.day) }
        return (begins, highest)
    }

    /// The assets with any value, sorted.
    public var assets: [Asset] { series.keys.sorted() }

    /// The metrics `asset` has values of, sorted.
    public func metrics(of asset: Asset) -> [Metric] { (series[asset]?.keys).map { $0.sorted() } ?? [] }

    /// Fund tickers with a reported flow for `asset`, sorted.
    public func etfFunds(of asset: Asset) -> [String] {
        (series[asset]?.keys.compactMap(\.etfFundTicker) ?? []).sorted()
    }
}
