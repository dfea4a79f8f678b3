import BriefCore
import BriefRender

/// One brief the site is built from, known without reading it: its asset, day and a
/// fingerprint of its `brief.json` (anything that changes when the file is rewritten).
public struct SiteEntry: Hashable, Sendable {
    public var asset: Asset
    public var day: Day
    public var fingerprint: String

    public init(asset: Asset, day: Day, fingerprint: String) {
        self.asset = asset
        self.day = day
        self.fingerprint = fingerprint
    }
}

/// One file of the site, not yet rendered: where it goes, a fingerprint of everything it is
/// made from (equal fingerprints give equal bytes), and how to render it.
public struct SiteJob {
    /// Where the file goes, from the site root (`SiteLayout`).
    public var path: String
    /// What the file is, for its checks.
    public var kind: SiteFile.Kind
    /// The fingerprint of everything the file is made from.
    public var inputs: String
    /// Reads the briefs the file shows and renders it.
    public var render: () throws -> String
}

/// Files of the site handled as one by a publisher (`SitePlan.groups`): `inputs` fingerprints
/// everything the group's files are made from, and its jobs are made on demand.
public struct SiteGroup {
    /// The key of the group of the pages about the whole site; a month's group is keyed `YYYY-MM`.
    public static let wholeSiteKey = "site"

    /// `YYYY-MM` for a month's files, `wholeSiteKey` for the others (`SiteLayout.group(of:)`).
    public var key: String
    /// The fingerprint of everything the group's files are made from.
    public var inputs: String
    /// Makes the group's jobs.
    public var jobs: () -> [SiteJob]
}

/// Reads a brief's document when a page needs it; with `charts` false, its chart series may be
/// left empty (`BriefDocument.decode(_:charts:)`).
public typealias BriefLoader = (_ asset: Asset, _ day: Day, _ charts: Bool) throws -> BriefDocument

/// Reads what a listing shows of a brief (`BriefSummary`).
public typealias SummaryLoader = (_ asset: Asset, _ day: Day) throws -> BriefSummary

/// Which files the static site has, where each goes (`SiteLayout`), what each is made from and
/// links to, and the groups a publisher handles them in, with their fingerprints. Each file is
/// rendered by `BriefRenderer` from the briefs it shows and the links the plan gives it.
public struct SitePlan {
    /// The newest briefs the Atom feed carries.
    public static let feedEntryCount = 50
    /// The days before the latest whose stories the home page lists.
    public static let homeEarlierDays = 7
    /// The latest briefs an asset's page lists; its months link to the older ones.
    public static let assetPageBriefs = 90

    private let renderer: BriefRenderer
    private let baseURL: String?
    private let base: String
    private let load: BriefLoader
    private let summarize: SummaryLoader

    /// A plan rendered by `renderer`. `baseURL` (ending in `/`) makes the feeds' links absolute
    /// and adds the sitemap, since a sitemap needs absolute addresses. `base` is mixed into every
    /// fingerprint (the templates and the program that render them). Jobs read documents through
    /// `load` only when run, so a publisher can skip those whose `inputs` did not change; pages
    /// listing many briefs read them through `summarize` (by default, from `load`).
    public init(renderer: BriefRenderer, baseURL: String?, base: String, load: @escaping BriefLoader,
                summarize: SummaryLoader? = nil) {
        self.renderer = renderer
        self.baseURL = baseURL
        self.base = base
        self.load = load
        self.summarize = summarize ?? { BriefSummary(try load($0, $1, false)) }
    }

    /// Every file of the static site for the briefs of `entries`, in the groups a publisher
    /// handles as one: a group per month of briefs (a page per brief, a diff page per pair of
    /// consecutive briefs of an asset, the month's archive page and sitemap), and one for the
    /// pages about the whole site (the assets' pages, the archive's front page, the home page,
    /// the feeds, the stylesheet and the sitemap index). A month's jobs are made only when asked
    /// for: a publisher that recorded the same `inputs` for the group last time leaves it.
    /// Nothing is recomputed: the pages show the briefs' findings and text, and the same
    /// briefs give the same bytes.
    public func groups(_ entries: [SiteEntry]) -> [SiteGroup] {
        let catalog = SiteCatalog(entries)
        var groups = catalog.months.indices.map { monthGroup(catalog, $0) }
        let wholeSite = wholeSiteJobs(catalog)
        var inputs = Fingerprint()
        for job in wholeSite { inputs.add(job.inputs) }
        groups.append(SiteGroup(key: SiteGroup.wholeSiteKey, inputs: inputs.hex) { wholeSite })
        return groups
    }

    /// A month's group: its briefs' pages and diff pages, its archive page and, with a base
    /// address, its sitemap. Its fingerprint covers each page's: the month's briefs, each asset's
    /// two briefs before the month and one after (the pagers and first diffs of the month link
    /// to them), and the months before and after.
    private func monthGroup(_ catalog: SiteCatalog, _ index: Int) -> SiteGroup {
        let month = catalog.months[index]
        let previous = index > 0 ? catalog.months[index - 1] : nil
        let next = index + 1 < catalog.months.count ? catalog.months[index + 1] : nil
        var inputs = Fingerprint()
        for part in [base, baseURL ?? "", month.key, previous?.key ?? "", next?.key ?? ""] { inputs.add(part) }
        for asset in catalog.assets {
            guard let range = month.ranges[asset], let series = catalog.byAsset[asset] else { continue }
            for entry in series[max(0, range.lowerBound - 2)..<min(series.count, range.upperBound + 1)] {
                inputs.add(entry.asset.code)
                inputs.add(entry.day)
                inputs.add(entry.fingerprint)
            }
        }
        return SiteGroup(key: month.key, inputs: inputs.hex) { [self] in
            let byDay = Dictionary(grouping: month.entries, by: \.day)
            var jobs: [SiteJob] = []
            for asset in catalog.assets {
                guard let range = month.ranges[asset], let series = catalog.byAsset[asset] else { continue }
                for index in range {
                    let neighbours = Neighbours(previous: index > 0 ? series[index - 1] : nil,
                                                beforePrevious: index > 1 ? series[index - 2] : nil,
                                                next: index + 1 < series.count ? series[index + 1] : nil,
                                                sameDay: byDay[series[index].day, default: []].filter { $0 != series[index] })
                    jobs += briefJobs(series[index], neighbours)
                }
            }
            jobs.append(archiveMonthJob(month, catalog: catalog, previous: previous, next: next))
            if let baseURL { jobs.append(monthSitemapJob(month, baseURL: baseURL)) }
            return jobs
        }
    }

    /// A month's archive page: its briefs, each linked to what changed since the asset's brief
    /// before (the month's first ones name briefs of the month before), and the months around it.
    private func archiveMonthJob(_ month: SiteCatalog.Month, catalog: SiteCatalog, previous: SiteCatalog.Month?,
                                 next: SiteCatalog.Month?) -> SiteJob {
        let path = SiteLayout.archive(of: month.entries[0].day)
        let before = catalog.assets.compactMap { asset in
            month.ranges[asset].flatMap { $0.lowerBound > 0 ? catalog.byAsset[asset]?[$0.lowerBound - 1] : nil }
        }
        let inputs = fingerprint(path, month.entries + before, (previous?.key ?? "") + "|" + (next?.key ?? ""))
        return SiteJob(path: path, kind: .page, inputs: inputs) { [self] in
            let briefs = try month.entries.map { entry in
                ListedBrief(summary: try summarize(entry.asset, entry.day), href: SiteLayout.link(to: SiteLayout.brief(entry.asset, entry.day), from: path),
                            diff: month.hasPrevious(entry) ? catalog.previous(entry).map {
                                DayLink(href: SiteLayout.link(to: SiteLayout.diff(entry.asset, entry.day), from: path), day: $0.day)
                            } : nil)
            }
            return try renderer.renderArchiveMonth(root: SiteLayout.root(of: path), month: monthLink(month, from: path), briefs: briefs,
                                                   previous: previous.map { monthLink($0, from: path) },
                                                   next: next.map { monthLink($0, from: path) })
        }
    }

    /// The pages about the whole site: each asset's page, the archive's front page, the home
    /// page, the feeds, the stylesheet and, with a base address, the sitemap index and the home
    /// page's sitemap.
    private func wholeSiteJobs(_ catalog: SiteCatalog) -> [SiteJob] {
        var jobs: [SiteJob] = []
        for asset in catalog.assets {
            jobs.append(assetPageJob(asset, series: catalog.byAsset[asset] ?? [], months: catalog.months.filter { $0.counts[asset] != nil }))
        }
        let monthCounts = catalog.months.map { "\($0.key):\($0.entries.count)" }.joined(separator: ",")
        let latest = catalog.assets.compactMap { catalog.byAsset[$0]?.last }
        jobs.append(archiveIndexJob(catalog, latest: latest, monthCounts: monthCounts))
        jobs.append(homeJob(catalog, latest: latest, monthCounts: monthCounts))
        // The combined feed and one per asset.
        jobs.append(feedJob(SiteLayout.feed, asset: nil, catalog.newest(Self.feedEntryCount), catalog: catalog))
        for asset in catalog.assets {
            jobs.append(feedJob(SiteLayout.assetFeed(asset), asset: asset,
                                Array((catalog.byAsset[asset] ?? []).suffix(Self.feedEntryCount).reversed()), catalog: catalog))
        }
        if let baseURL {
            jobs += sitemapIndexJobs(catalog, baseURL: baseURL)
        }
        jobs.append(SiteJob(path: SiteLayout.stylesheet, kind: .stylesheet, inputs: fingerprint(SiteLayout.stylesheet, [], "")) { [renderer] in
            try renderer.renderStylesheet()
        })
        return jobs
    }

    /// The archive's front page: each asset's page and every month. It reads each asset's
    /// latest brief to know whether it shows the sample.
    private func archiveIndexJob(_ catalog: SiteCatalog, latest: [SiteEntry], monthCounts: String) -> SiteJob {
        let path = SiteLayout.archiveIndex
        let assetList = catalog.assets.map(\.code).joined(separator: ",")
        return SiteJob(path: path, kind: .page, inputs: fingerprint(path, latest, monthCounts + "|" + assetList)) { [self] in
            let assets = catalog.assets.map { asset in
                let series = catalog.byAsset[asset] ?? []
                return ArchivedAsset(link: AssetLink(href: SiteLayout.link(to: SiteLayout.assetPage(asset), from: path), asset: asset),
                                     briefs: series.count, first: series[0].day, last: series[series.count - 1].day)
            }
            let months = catalog.months.reversed().map { month in
                ListedMonth(link: monthLink(month, from: path), briefs: month.entries.count,
                            briefsPerAsset: month.counts.keys.sorted().map { ($0, month.counts[$0]!) })
            }
            return try renderer.renderArchiveIndex(root: SiteLayout.root(of: path), assets: assets, months: months,
                                                   latest: try latest.map { try summarize($0.asset, $0.day) })
        }
    }

    /// The home page: each asset's latest brief, the stories of the days before, the months and
    /// the assets. The latest briefs' previous ones name the day their "what changed" links
    /// compare with.
    private func homeJob(_ catalog: SiteCatalog, latest: [SiteEntry], monthCounts: String) -> SiteJob {
        let path = SiteLayout.index
        let earlier = catalog.daysBefore(latest, days: Self.homeEarlierDays)
        let previous = latest.compactMap { catalog.previous($0) }
        return SiteJob(path: path, kind: .page, inputs: fingerprint(path, latest + previous + earlier.flatMap { $0 }, monthCounts)) { [self] in
            let notes = try latest.map { entry in
                HomeNote(document: try load(entry.asset, entry.day, true),
                         href: SiteLayout.link(to: SiteLayout.brief(entry.asset, entry.day), from: path),
                         assetHref: SiteLayout.link(to: SiteLayout.assetPage(entry.asset), from: path),
                         diff: catalog.previous(entry).map {
                             DayLink(href: SiteLayout.link(to: SiteLayout.diff(entry.asset, entry.day), from: path), day: $0.day)
                         })
            }
            let stories = try earlier.map { day in
                try day.map { entry in
                    ListedBrief(summary: try summarize(entry.asset, entry.day),
                                href: SiteLayout.link(to: SiteLayout.brief(entry.asset, entry.day), from: path))
                }
            }
            return try renderer.renderHomePage(
                root: SiteLayout.root(of: path), latest: notes, earlier: stories,
                months: catalog.months.reversed().map { ListedMonth(link: monthLink($0, from: path), briefs: $0.entries.count) },
                assets: catalog.assets.map { AssetLink(href: SiteLayout.link(to: SiteLayout.assetPage($0), from: path), asset: $0) })
        }
    }

    /// An Atom feed at `path` of `entries` (newest first): the combined one, or `asset`'s. An
    /// entry links to its diff page, named by the asset's brief before it: that brief is part
    /// of the feed's fingerprint.
    private func feedJob(_ path: String, asset: Asset?, _ entries: [SiteEntry], catalog: SiteCatalog) -> SiteJob {
        let previous = entries.compactMap { catalog.previous($0) }
        // Links are absolute with a base address, else relative to where the feed is served.
        let baseURL = baseURL
        func address(_ target: String) -> String { baseURL.map { $0 + target } ?? SiteLayout.link(to: target, from: path) }
        // Atom ids must be permanent IRIs: the address when there is one, else a tag URI (RFC 4151).
        func id(_ target: String) -> String { baseURL.map { $0 + target } ?? "tag:marketbrief,2025:" + target }
        return SiteJob(path: path, kind: .feed, inputs: fingerprint(path, entries + previous, baseURL ?? "")) { [self] in
            let feedEntries = try entries.map { entry in
                let page = SiteLayout.brief(entry.asset, entry.day)
                return FeedEntry(id: id(page), href: address(page), summary: try summarize(entry.asset, entry.day),
                                 diff: catalog.previous(entry).map { DayLink(href: address(SiteLayout.diff(entry.asset, entry.day)), day: $0.day) })
            }
            return try renderer.renderFeed(id: id(path), asset: asset, indexHref: address(asset.map(SiteLayout.assetPage) ?? SiteLayout.index),
                                           selfHref: baseURL.map { $0 + path }, entries: feedEntries)
        }
    }

    /// The sitemap is an index (`sitemap.xml`) of one sitemap per month of briefs and one for
    /// the home page: a new day rewrites its month's sitemap and two small files, not a list of
    /// every page of the site (tens of thousands of addresses after a few years).
    private func sitemapIndexJobs(_ catalog: SiteCatalog, baseURL: String) -> [SiteJob] {
        let latest = catalog.newest(1).first?.day.description ?? ""
        var sitemaps = [(path: SiteLayout.homeSitemap, lastmod: latest)]
        sitemaps += catalog.months.map { (SiteLayout.monthSitemap(of: $0.entries[0].day), $0.entries.last!.day.description) }
        var inputs = Fingerprint()
        for part in [base, SiteLayout.sitemap, baseURL] + sitemaps.flatMap({ [$0.path, $0.lastmod] }) { inputs.add(part) }
        return [
            urlsetJob(SiteLayout.homeSitemap, [(SiteLayout.index, latest)], baseURL: baseURL),
            SiteJob(path: SiteLayout.sitemap, kind: .sitemapIndex, inputs: inputs.hex) { [renderer] in
                try renderer.renderSitemapIndex(sitemaps.map { SitemapEntry(loc: baseURL + $0.path, lastmod: $0.lastmod) })
            },
        ]
    }

    /// A month's sitemap: its archive page, its briefs and their diff pages.
    private func monthSitemapJob(_ month: SiteCatalog.Month, baseURL: String) -> SiteJob {
        var urls = [(page: SiteLayout.archive(of: month.entries[0].day), lastmod: month.entries.last!.day.description)]
        for entry in month.entries {
            urls.append((SiteLayout.brief(entry.asset, entry.day), entry.day.description))
            if month.hasPrevious(entry) { urls.append((SiteLayout.diff(entry.asset, entry.day), entry.day.description)) }
        }
        return urlsetJob(SiteLayout.monthSitemap(of: month.entries[0].day), urls, baseURL: baseURL)
    }

    private func urlsetJob(_ path: String, _ urls: [(page: String, lastmod: String)], baseURL: String) -> SiteJob {
        var inputs = Fingerprint()
        for part in [base, path, baseURL] + urls.flatMap({ [$0.page, $0.lastmod] }) { inputs.add(part) }
        return SiteJob(path: path, kind: .sitemap, inputs: inputs.hex) { [renderer] in
            try renderer.renderSitemap(urls.map { SitemapEntry(loc: baseURL + $0.page, lastmod: $0.lastmod) })
        }
    }

    /// The briefs a brief's pages link to: the asset's day before and after, and the other
    /// assets' briefs of the same day.
    private struct Neighbours {
        var previous: SiteEntry?
        /// The brief before `previous`: the previous diff page compares the two.
        var beforePrevious: SiteEntry?
        var next: SiteEntry?
        var sameDay: [SiteEntry]

        /// What a brief page's links depend on, for its fingerprint.
        var all: [SiteEntry] { sameAsset + sameDay }
        /// What a diff page's links depend on.
        var sameAsset: [SiteEntry] { [previous, beforePrevious, next].compactMap { $0 } }
    }

    /// A brief's page and, when there is a previous brief, the page comparing the two.
    private func briefJobs(_ entry: SiteEntry, _ neighbours: Neighbours) -> [SiteJob] {
        let page = SiteLayout.brief(entry.asset, entry.day)
        let diffPath = SiteLayout.diff(entry.asset, entry.day)
        let briefLinks = BriefPageLinks(
            root: SiteLayout.root(of: page), canonical: baseURL.map { $0 + page },
            next: neighbours.next.map { DayLink(href: SiteLayout.link(to: SiteLayout.brief($0.asset, $0.day), from: page), day: $0.day) },
            month: SiteLayout.link(to: SiteLayout.archive(of: entry.day), from: page),
            assetPage: SiteLayout.link(to: SiteLayout.assetPage(entry.asset), from: page),
            sameDay: neighbours.sameDay.map { AssetLink(href: SiteLayout.link(to: SiteLayout.brief($0.asset, $0.day), from: page), asset: $0.asset) })
        let briefJob = SiteJob(path: page, kind: .briefPage, inputs: fingerprint(page, [entry] + neighbours.all, baseURL ?? "")) { [self] in
            let document = try load(entry.asset, entry.day, true)
            let since = try neighbours.previous.map { previous in
                PreviousBrief(document: try load(previous.asset, previous.day, false),
                              href: SiteLayout.link(to: SiteLayout.brief(previous.asset, previous.day), from: page),
                              diffHref: SiteLayout.link(to: diffPath, from: page))
            }
            return try renderer.renderBriefPage(document, since: since, links: briefLinks)
        }
        guard let previous = neighbours.previous else { return [briefJob] }
        let diffLinks = DiffPageLinks(
            root: SiteLayout.root(of: diffPath),
            previousDiff: neighbours.beforePrevious.map { _ in
                DayLink(href: SiteLayout.link(to: SiteLayout.diff(previous.asset, previous.day), from: diffPath), day: previous.day)
            },
            nextDiff: neighbours.next.map { DayLink(href: SiteLayout.link(to: SiteLayout.diff($0.asset, $0.day), from: diffPath), day: $0.day) },
            from: SiteLayout.link(to: SiteLayout.brief(previous.asset, previous.day), from: diffPath),
            to: SiteLayout.link(to: page, from: diffPath))
        let diffJob = SiteJob(path: diffPath, kind: .page, inputs: fingerprint(diffPath, [entry] + neighbours.sameAsset, "")) { [self] in
            // The day's own page, rendered with this one, shows its charts: one read serves both.
            let (from, to) = (try load(previous.asset, previous.day, false), try load(entry.asset, entry.day, true))
            return try renderer.renderDiffPage(from: from, to: to, links: diffLinks)
        }
        return [diffJob, briefJob]
    }

    /// An asset's page: its latest `assetPageBriefs` briefs, and those before them that their
    /// rows' sparklines draw; a link to each month it has briefs in. `series` is the asset's
    /// briefs, oldest first (at least one); `months` those they fall in.
    private func assetPageJob(_ asset: Asset, series: [SiteEntry], months: [SiteCatalog.Month]) -> SiteJob {
        let path = SiteLayout.assetPage(asset)
        let read = Array(series.suffix(Self.assetPageBriefs + BriefRenderer.assetRowSparklineBriefs - 1))
        let monthCounts = months.map { "\($0.key):\($0.counts[asset]!)" }.joined(separator: ",")
        return SiteJob(path: path, kind: .page, inputs: fingerprint(path, read, monthCounts)) { [self] in
            let briefs = try read.map { entry in
                ListedBrief(summary: try summarize(entry.asset, entry.day), href: SiteLayout.link(to: SiteLayout.brief(asset, entry.day), from: path))
            }
            return try renderer.renderAssetPage(
                asset, root: SiteLayout.root(of: path), feedHref: SiteLayout.link(to: SiteLayout.assetFeed(asset), from: path),
                briefs: briefs, listed: min(read.count, Self.assetPageBriefs), total: series.count,
                months: months.reversed().map { ListedMonth(link: monthLink($0, from: path), briefs: $0.counts[asset]!) })
        }
    }

    /// A link from `page` to `month`'s archive page.
    private func monthLink(_ month: SiteCatalog.Month, from page: String) -> MonthLink {
        MonthLink(href: SiteLayout.link(to: SiteLayout.archive(of: month.entries[0].day), from: page), month: month.entries[0].day)
    }

    /// A stable fingerprint of a page's inputs: FNV-1a over `base`, the path, `extra` and the briefs.
    private func fingerprint(_ path: String, _ entries: [SiteEntry], _ extra: String) -> String {
        var hash = Fingerprint()
        hash.add(base)
        hash.add(path)
        hash.add(extra)
        for entry in entries {
            hash.add(entry.asset.code)
            hash.add(entry.day)
            hash.add(entry.fingerprint)
        }
        return hash.hex
    }
}

/// The entries of a site, grouped the ways its pages need them.
struct SiteCatalog {
    struct Month {
        var key: String
        /// Oldest first, then by asset.
        var entries: [SiteEntry]
        /// Where the month's briefs of each asset are in `SiteCatalog.byAsset`.
        var ranges: [Asset: Range<Int>]
        /// Assets' first briefs of all, when they fall in this month (they get no diff page).
        var firstBriefs: Set<SiteEntry>
        /// Briefs of the month, by asset.
        var counts: [Asset: Int] { ranges.mapValues(\.count) }

        /// Whether `entry` has an earlier brief of its asset, and so a diff page.
        func hasPrevious(_ entry: SiteEntry) -> Bool { !firstBriefs.contains(entry) }
    }

    /// Oldest first, per asset.
    var byAsset: [Asset: [SiteEntry]]
    var assets: [Asset]
    var months: [Month]
    /// Oldest first, then by asset.
    var sorted: [SiteEntry]

    init(_ entries: [SiteEntry]) {
        let sorted = entries.sorted { ($0.day, $0.asset) < ($1.day, $1.asset) }
        self.sorted = sorted
        byAsset = Dictionary(grouping: sorted, by: \.asset)
        assets = byAsset.keys.sorted()
        // A month's briefs are consecutive in `sorted`, and each asset's in its series.
        func month(_ day: Day) -> Int {
            let components = day.components
            return components.year * 12 + components.month
        }
        var ranges: [Int: [Asset: Range<Int>]] = [:]
        for (asset, series) in byAsset {
            var start = 0
            while start < series.count {
                let key = month(series[start].day)
                var end = start + 1
                while end < series.count, month(series[end].day) == key { end += 1 }
                ranges[key, default: [:]][asset] = start..<end
                start = end
            }
        }
        let firstBriefs = Set(byAsset.values.compactMap(\.first))
        months = []
        var start = 0
        while start < sorted.count {
            let key = month(sorted[start].day)
            var end = start + 1
            while end < sorted.count, month(sorted[end].day) == key { end += 1 }
            let monthEntries = Array(sorted[start..<end])
            months.append(Month(key: SiteLayout.monthKey(monthEntries[0].day), entries: monthEntries, ranges: ranges[key] ?? [:],
                                firstBriefs: firstBriefs.filter { month($0.day) == key }))
            start = end
        }
    }

    /// The brief of `entry`'s asset before it, if any.
    func previous(_ entry: SiteEntry) -> SiteEntry? {
        guard let series = byAsset[entry.asset], let index = series.lastIndex(of: entry), index > 0 else { return nil }
        return series[index - 1]
    }

    /// The briefs of the `days` latest days before the ones of `latest`, newest day first, each
    /// day's by asset.
    func daysBefore(_ latest: [SiteEntry], days: Int) -> [[SiteEntry]] {
        let shown = Set(latest)
        var result: [[SiteEntry]] = []
        for entry in sorted.reversed() where !shown.contains(entry) {
            if let last = result.last?.first, last.day == entry.day {
                result[result.count - 1].insert(entry, at: 0)
            } else {
                guard result.count < days else { break }
                result.append([entry])
            }
        }
        return result
    }

    /// The latest `count` briefs: newest day first, each day's by asset.
    func newest(_ count: Int) -> [SiteEntry] {
        var newest: [SiteEntry] = []
        var end = sorted.count
        while end > 0, newest.count < count {
            var start = end - 1
            while start > 0, sorted[start - 1].day == sorted[end - 1].day { start -= 1 }
            newest += sorted[start..<end]
            end = start
        }
        return Array(newest.prefix(count))
    }
}
