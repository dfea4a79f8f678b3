import BriefCore

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
/// made from (equal fingerprints give equal bytes), and how to make its view.
public struct SiteJob {
    public var path: String
    public var kind: SiteFile.Kind
    public var inputs: String
    var template: String
    var view: () throws -> ViewNode
}

/// Files of the site handled as one by a publisher (`BriefRenderer.siteGroups`): `inputs`
/// fingerprints everything the group's files are made from, and its jobs are made on demand.
public struct SiteGroup {
    /// The key of the group of the pages about the whole site; a month's group is keyed `YYYY-MM`.
    public static let wholeSiteKey = "site"

    public var key: String
    public var inputs: String
    public var jobs: () -> [SiteJob]
}

/// Reads a brief's document when a page needs it; with `charts` false, its chart series may be
/// left empty (`BriefDocument.decode(_:charts:)`).
public typealias BriefLoader = (_ asset: Asset, _ day: Day, _ charts: Bool) throws -> BriefDocument

/// Reads what a listing shows of a brief (`BriefSummary`).
public typealias SummaryLoader = (_ asset: Asset, _ day: Day) throws -> BriefSummary

extension BriefRenderer {
    /// The newest briefs the Atom feed carries.
    public static let feedEntryCount = 50
    /// The days before the latest whose stories the home page lists.
    public static let homeEarlierDays = 7
    /// The latest briefs an asset's page lists; its months link to the older ones.
    public static let assetPageBriefs = 90
    /// Briefs whose closes each row of an asset's page draws, the row's own last.
    static let rowSparklineBriefs = 7
    static let rowSparklineSize = (width: 64.0, height: 18.0)

    /// Every file of the static site for the briefs of `entries`: a page per brief, a diff page
    /// per pair of consecutive briefs of an asset, an archive page per month, the index, the
    /// Atom feed, the stylesheet, and the sitemap when `baseURL` (ending in `/`) is given, since
    /// a sitemap needs absolute addresses. Jobs read documents through `load` only when run,
    /// so a publisher can skip those whose `inputs` did not change; pages listing many briefs
    /// read them through `summarize` (by default, from `load`). `base` is mixed into every
    /// fingerprint (the templates and the program that render them). Nothing is recomputed:
    /// the pages show the briefs' findings and text, and the same briefs give the same bytes.
    public func siteJobs(_ entries: [SiteEntry], baseURL: String?, base: String, load: @escaping BriefLoader,
                         summarize: SummaryLoader? = nil) -> [SiteJob] {
        siteGroups(entries, baseURL: baseURL, base: base, load: load, summarize: summarize).flatMap { $0.jobs() }
    }

    /// The jobs of `siteJobs` in the groups a publisher handles as one: a group per month of
    /// briefs, and one for the pages about the whole site. A month's jobs are made only when
    /// asked for: a publisher that recorded the same `inputs` for the group last time leaves it.
    public func siteGroups(_ entries: [SiteEntry], baseURL: String?, base: String, load: @escaping BriefLoader,
                           summarize: SummaryLoader? = nil) -> [SiteGroup] {
        let summarize = summarize ?? { BriefSummary(try load($0, $1, false)) }
        let catalog = SiteCatalog(entries)
        var groups = catalog.months.indices.map { index in
            monthGroup(catalog, index, baseURL: baseURL, base: base, load: load, summarize: summarize)
        }
        let wholeSite = wholeSiteJobs(catalog, baseURL: baseURL, base: base, load: load, summarize: summarize)
        var inputs = Fingerprint()
        for job in wholeSite { inputs.add(job.inputs) }
        groups.append(SiteGroup(key: SiteGroup.wholeSiteKey, inputs: inputs.hex) { wholeSite })
        return groups
    }

    /// A month's group: its briefs' pages and diff pages, its archive page and, with a base
    /// address, its sitemap. Its fingerprint covers each page's: the month's briefs, each asset's
    /// two briefs before the month and one after (the pagers and first diffs of the month link
    /// to them), and the months before and after.
    private func monthGroup(_ catalog: SiteCatalog, _ index: Int, baseURL: String?, base: String, load: @escaping BriefLoader,
                            summarize: @escaping SummaryLoader) -> SiteGroup {
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
                    jobs += briefJobs(series[index], neighbours, baseURL: baseURL, base: base, load: load)
                }
            }
            let path = SiteLayout.archive(of: month.entries[0].day)
            // The month's first "changes" links name each asset's brief before the month.
            let before = catalog.assets.compactMap { asset in
                month.ranges[asset].flatMap { $0.lowerBound > 0 ? catalog.byAsset[asset]?[$0.lowerBound - 1] : nil }
            }
            jobs.append(SiteJob(path: path, kind: .page,
                                inputs: fingerprint(base, path, month.entries + before, (previous?.key ?? "") + "|" + (next?.key ?? "")),
                                template: "site/archive.html") { [self] in
                try archiveView(month, catalog: catalog, previous: previous, next: next, page: path, summarize: summarize)
            })
            if let baseURL { jobs.append(monthSitemapJob(month, baseURL: baseURL, base: base)) }
            return jobs
        }
    }

    /// The pages about the whole site: each asset's page, the archive's front page, the home
    /// page, the feed, the stylesheet and, with a base address, the sitemap index and the home
    /// page's sitemap.
    private func wholeSiteJobs(_ catalog: SiteCatalog, baseURL: String?, base: String, load: @escaping BriefLoader,
                               summarize: @escaping SummaryLoader) -> [SiteJob] {
        var jobs: [SiteJob] = []
        for asset in catalog.assets {
            jobs.append(assetPageJob(asset, series: catalog.byAsset[asset] ?? [], months: catalog.months.filter { $0.counts[asset] != nil },
                                     base: base, summarize: summarize))
        }
        let monthCounts = catalog.months.map { "\($0.key):\($0.entries.count)" }.joined(separator: ",")
        let assetList = catalog.assets.map(\.code).joined(separator: ",")
        let latest = catalog.assets.compactMap { catalog.byAsset[$0]?.last }
        // The archive's front page reads each asset's latest brief to know whether it shows the sample.
        jobs.append(SiteJob(path: SiteLayout.archiveIndex, kind: .page,
                            inputs: fingerprint(base, SiteLayout.archiveIndex, latest, monthCounts + "|" + assetList),
                            template: "site/archive-index.html") { [self] in
            try archiveIndexView(catalog, latest: latest, summarize: summarize)
        })
        let earlier = catalog.daysBefore(latest, days: Self.homeEarlierDays)
        // The latest briefs' previous ones name the day their "what changed" links compare with.
        let previous = latest.compactMap { catalog.previous($0) }
        jobs.append(SiteJob(path: SiteLayout.index, kind: .page,
                            inputs: fingerprint(base, SiteLayout.index, latest + previous + earlier.flatMap { $0 }, monthCounts),
                            template: "site/index.html") { [self] in
            try indexView(latest: latest, earlier: earlier, catalog: catalog, load: load, summarize: summarize)
        })
        // The combined feed and one per asset. An entry links to its diff page, named by the
        // asset's brief before it: that brief is part of the feed's fingerprint.
        let feeds = [(SiteLayout.feed, nil as Asset?, catalog.newest(Self.feedEntryCount))]
            + catalog.assets.map { asset in (SiteLayout.assetFeed(asset), asset, Array((catalog.byAsset[asset] ?? []).suffix(Self.feedEntryCount).reversed())) }
        for (path, asset, entries) in feeds {
            let previous = entries.compactMap { catalog.previous($0) }
            jobs.append(SiteJob(path: path, kind: .feed, inputs: fingerprint(base, path, entries + previous, baseURL ?? ""),
                                template: "site/feed.xml") { [self] in
                try feedView(entries, path: path, asset: asset, catalog: catalog, baseURL: baseURL, summarize: summarize)
            })
        }
        if let baseURL {
            jobs += sitemapIndexJobs(catalog, baseURL: baseURL, base: base)
        }
        jobs.append(SiteJob(path: SiteLayout.stylesheet, kind: .stylesheet, inputs: fingerprint(base, SiteLayout.stylesheet, [], ""),
                            template: "style.css") { [:] })
        return jobs
    }

    /// The sitemap is an index (`sitemap.xml`) of one sitemap per month of briefs and one for
    /// the home page: a new day rewrites its month's sitemap and two small files, not a list of
    /// every page of the site (tens of thousands of addresses after a few years).
    private func sitemapIndexJobs(_ catalog: SiteCatalog, baseURL: String, base: String) -> [SiteJob] {
        let latest = catalog.newest(1).first?.day.description ?? ""
        var sitemaps = [(path: SiteLayout.homeSitemap, lastmod: latest)]
        sitemaps += catalog.months.map { (SiteLayout.monthSitemap(of: $0.entries[0].day), $0.entries.last!.day.description) }
        var inputs = Fingerprint()
        for part in [base, SiteLayout.sitemap, baseURL] + sitemaps.flatMap({ [$0.path, $0.lastmod] }) { inputs.add(part) }
        return [
            urlsetJob(SiteLayout.homeSitemap, [(SiteLayout.index, latest)], baseURL: baseURL, base: base),
            SiteJob(path: SiteLayout.sitemap, kind: .sitemapIndex, inputs: inputs.hex, template: "site/sitemap-index.xml") {
                ["sitemaps": sitemaps.map { ["loc": baseURL + $0.path, "lastmod": $0.lastmod] as ViewNode }]
            },
        ]
    }

    /// A month's sitemap: its archive page, its briefs and their diff pages.
    private func monthSitemapJob(_ month: SiteCatalog.Month, baseURL: String, base: String) -> SiteJob {
        var urls = [(page: SiteLayout.archive(of: month.entries[0].day), lastmod: month.entries.last!.day.description)]
        for entry in month.entries {
            urls.append((SiteLayout.brief(entry.asset, entry.day), entry.day.description))
            if month.hasPrevious(entry) { urls.append((SiteLayout.diff(entry.asset, entry.day), entry.day.description)) }
        }
        return urlsetJob(SiteLayout.monthSitemap(of: month.entries[0].day), urls, baseURL: baseURL, base: base)
    }

    private func urlsetJob(_ path: String, _ urls: [(page: String, lastmod: String)], baseURL: String, base: String) -> SiteJob {
        var inputs = Fingerprint()
        for part in [base, path, baseURL] + urls.flatMap({ [$0.page, $0.lastmod] }) { inputs.add(part) }
        return SiteJob(path: path, kind: .sitemap, inputs: inputs.hex, template: "site/sitemap.xml") {
            ["urls": urls.map { ["loc": baseURL + $0.page, "lastmod": $0.lastmod] as ViewNode }]
        }
    }

    /// Renders a job.
    public func render(_ job: SiteJob) throws -> String {
        try renderPage(job.template, job.view())
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

    /// Links from `page` to the asset's previous and next brief, the brief's month and the other
    /// assets of the same day.
    private func pager(_ entry: SiteEntry, _ neighbours: Neighbours, from page: String) -> ViewNode {
        let dates = DayText(briefDay: entry.day)
        func link(_ other: SiteEntry?) -> ViewNode? {
            other.map { ["href": SiteLayout.link(to: SiteLayout.brief($0.asset, $0.day), from: page), "label": dates.short($0.day)] }
        }
        return [
            "previous": link(neighbours.previous), "next": link(neighbours.next),
            "month": ["href": SiteLayout.link(to: SiteLayout.archive(of: entry.day), from: page), "label": dates.month(entry.day)] as ViewNode,
            "asset": ["href": SiteLayout.link(to: SiteLayout.assetPage(entry.asset), from: page), "label": entry.asset.code] as ViewNode,
            "sameDay": neighbours.sameDay.map { ["href": SiteLayout.link(to: SiteLayout.brief($0.asset, $0.day), from: page),
                                                 "asset": $0.asset.code] as ViewNode },
            "hasSameDay": !neighbours.sameDay.isEmpty,
        ]
    }

    /// A brief's page and, when there is a previous brief, the page comparing the two.
    private func briefJobs(_ entry: SiteEntry, _ neighbours: Neighbours, baseURL: String?, base: String,
                           load: @escaping BriefLoader) -> [SiteJob] {
        let previous = neighbours.previous
        let page = SiteLayout.brief(entry.asset, entry.day)
        let inputs = fingerprint(base, page, [entry] + neighbours.all, baseURL ?? "")
        let briefJob = SiteJob(path: page, kind: .briefPage, inputs: inputs, template: "site/brief.html") { [self] in
            let document = try load(entry.asset, entry.day, true)
            var view = pageView(document.findings)
            view["site"] = site(root: SiteLayout.root(of: page))
            view["pager"] = pager(entry, neighbours, from: page)
            view["canonical"] = baseURL.map { $0 + page }
            var prose: ViewNode = ["headline": ProseBlocks.blocks(document.headline)]
            for section in BriefSection.allCases {
                prose[section.viewKey] = ProseBlocks.blocks(document.text(of: section.rawValue) ?? "")
            }
            view["prose"] = prose
            view["story"] = document.story
            guard let previous else {
                view["since"] = ["first": true] as ViewNode
                return view
            }
            let diffPath = SiteLayout.diff(entry.asset, entry.day)
            let diff = DiffViewModel.make(BriefDiff(from: try load(previous.asset, previous.day, false), to: document, wordByWord: false),
                                          words: diffWords)
            let shownMetrics: Set<String> = ["close", "funding-annualized", "open-interest", "long-liquidations", "etf-flow", "risk-score"]
            view["since"] = ["previous": [
                "dayText": DayText(briefDay: entry.day).long(previous.day),
                "briefHref": SiteLayout.link(to: SiteLayout.brief(previous.asset, previous.day), from: page),
                "diffHref": SiteLayout.link(to: diffPath, from: page),
                "hasChanges": diff.flag("hasChanges"),
                "regimes": diff.value("regimes"),
                "signals": diff.value("signals"),
                "metrics": diff.nodes("metrics").filter { shownMetrics.contains($0.text("id") ?? "") },
            ] as ViewNode] as ViewNode
            return view
        }
        guard let previous else { return [briefJob] }
        let diffPath = SiteLayout.diff(entry.asset, entry.day)
        let diffJob = SiteJob(path: diffPath, kind: .page, inputs: fingerprint(base, diffPath, [entry] + neighbours.sameAsset, ""),
                              template: "site/diff.html") { [self] in
            // The day's own page, rendered with this one, shows its charts: one read serves both.
            let (from, to) = (try load(previous.asset, previous.day, false), try load(entry.asset, entry.day, true))
            var view = DiffViewModel.make(BriefDiff(from: from, to: to), words: diffWords)
            view["site"] = site(root: SiteLayout.root(of: diffPath))
            view["fromSample"] = BriefViewModel.isFromSample(from.findings.sources) || BriefViewModel.isFromSample(to.findings.sources)
            // The diffs of the day before and the day after, when there are such.
            let dates = DayText(briefDay: entry.day)
            let previousDiff = neighbours.beforePrevious.map { _ in
                ["href": SiteLayout.link(to: SiteLayout.diff(previous.asset, previous.day), from: diffPath), "label": dates.short(previous.day)] as ViewNode
            }
            let nextDiff = neighbours.next.map {
                ["href": SiteLayout.link(to: SiteLayout.diff($0.asset, $0.day), from: diffPath), "label": dates.short($0.day)] as ViewNode
            }
            view["diffPager"] = ["previous": previousDiff, "next": nextDiff] as ViewNode
            view["links"] = [
                "fromHref": SiteLayout.link(to: SiteLayout.brief(previous.asset, previous.day), from: diffPath),
                "toHref": SiteLayout.link(to: page, from: diffPath),
            ] as ViewNode
            return view
        }
        return [diffJob, briefJob]
    }

    /// The home page, today's market note: each asset's latest brief (its story, the move, the
    /// chart that tells it, risk, signals and the headline), then the days before as stories,
    /// and the months.
    private func indexView(latest: [SiteEntry], earlier: [[SiteEntry]], catalog: SiteCatalog, load: BriefLoader,
                           summarize: SummaryLoader) throws -> ViewNode {
        let documents = try latest.map { try load($0.asset, $0.day, true) }
        let earlierSummaries = try earlier.map { day in try day.map { try summarize($0.asset, $0.day) } }
        let newest = latest.map(\.day).max() ?? Day("2000-01-01")!
        let dates = DayText(briefDay: newest)
        return [
            "site": site(root: ""),
            "day": newest.description,
            "dayText": dates.long(newest),
            "fromSample": documents.contains { BriefViewModel.isFromSample($0.findings.sources) }
                || earlierSummaries.joined().contains { BriefViewModel.isFromSample($0.findings.sources) },
            "latest": zip(latest, documents).map { entry, document in
                var note = pageView(document.findings)
                note["href"] = SiteLayout.brief(entry.asset, entry.day)
                note["assetHref"] = SiteLayout.assetPage(entry.asset)
                note["noteID"] = "note-" + entry.asset.code.lowercased()
                note["story"] = document.story
                note["headline"] = ProseBlocks.blocks(document.headline)
                note["big"] = RegimeAnalysis.isBigDay(document.findings.headlineFacts)
                note["notToday"] = entry.day != newest
                // The chart that tells the story, without its table of numbers (the brief has it);
                // a quiet day shows the price. Ids carry the asset: the page shows a chart per asset.
                let chartID = ChartViewModel.heroID(document.findings.regimes) ?? "price"
                if var chart = note.node("charts")?.node(chartID), chart.flag("hasData") {
                    chart["id"] = entry.asset.code.lowercased() + "-" + (chart.text("id") ?? chartID)
                    chart["compact"] = true
                    note["noteChart"] = chart
                }
                if let previous = catalog.previous(entry) {
                    note["diff"] = ["href": SiteLayout.diff(entry.asset, entry.day), "label": dates.short(previous.day)] as ViewNode
                }
                return note
            },
            "hasEarlier": !earlier.isEmpty,
            "earlier": zip(earlier, earlierSummaries).map { entries, summaries -> ViewNode in
                ["day": entries[0].day.description, "dayText": dates.long(entries[0].day),
                 "stories": zip(entries, summaries).map { entry, summary in
                     storyRow(entry, summary, from: SiteLayout.index)
                 }]
            },
            "months": catalog.months.reversed().map { month -> ViewNode in
                ["href": SiteLayout.archive(of: month.entries[0].day), "label": month.label, "count": String(month.entries.count)]
            },
            "assets": catalog.assets.enumerated().map { index, asset in
                ["href": SiteLayout.assetPage(asset), "asset": asset.code, "last": index == catalog.assets.count - 1] as ViewNode
            },
        ]
    }

    /// A brief as a line of a list of stories: its story linked to its page, its close and move,
    /// and the big-day mark.
    private func storyRow(_ entry: SiteEntry, _ summary: BriefSummary, from page: String) -> ViewNode {
        ["href": SiteLayout.link(to: SiteLayout.brief(entry.asset, entry.day), from: page),
         "story": summary.story,
         "brief": BriefViewModel.listing(summary.findings),
         "big": RegimeAnalysis.isBigDay(summary.findings.headlineFacts)]
    }

    /// A month's archive page: each day of the month, newest first, with each asset's story,
    /// its close and move, the big-day mark and a link to what changed since the asset's
    /// previous brief, named by the day it compares with.
    private func archiveView(_ month: SiteCatalog.Month, catalog: SiteCatalog, previous: SiteCatalog.Month?,
                             next: SiteCatalog.Month?, page: String, summarize: SummaryLoader) throws -> ViewNode {
        let entries = Array(month.entries.reversed())
        let summaries = try entries.map { try summarize($0.asset, $0.day) }
        let dates = DayText(briefDay: month.entries[month.entries.count - 1].day)
        var days: [ViewNode] = []
        var index = 0
        while index < entries.count {
            let day = entries[index].day
            var stories: [ViewNode] = []
            // `entries` is newest first, each day's assets in reverse: a day's are put back in order.
            while index < entries.count, entries[index].day == day {
                var row = storyRow(entries[index], summaries[index], from: page)
                if month.hasPrevious(entries[index]), let before = catalog.previous(entries[index]) {
                    row["diff"] = ["href": SiteLayout.link(to: SiteLayout.diff(entries[index].asset, day), from: page),
                                   "asset": entries[index].asset.code, "label": dates.short(before.day)] as ViewNode
                }
                stories.insert(row, at: 0)
                index += 1
            }
            days.append(["day": day.description, "dayText": dates.long(day), "stories": stories])
        }
        var view: ViewNode = [
            "site": site(root: SiteLayout.root(of: page)),
            "label": month.label,
            "count": String(entries.count),
            "fromSample": summaries.contains { BriefViewModel.isFromSample($0.findings.sources) },
            "days": days,
        ]
        if let previous {
            view["previousMonth"] = ["href": SiteLayout.link(to: SiteLayout.archive(of: previous.entries[0].day), from: page),
                                     "label": previous.label] as ViewNode
        }
        if let next {
            view["nextMonth"] = ["href": SiteLayout.link(to: SiteLayout.archive(of: next.entries[0].day), from: page), "label": next.label] as ViewNode
        }
        return view
    }

    /// An asset's page: a row for each of its latest `assetPageBriefs` briefs, each with a
    /// sparkline of the closes of the briefs up to it, and a link to each month it has briefs in.
    /// `series` is the asset's briefs, oldest first (at least one); `months` those they fall in.
    private func assetPageJob(_ asset: Asset, series: [SiteEntry], months: [SiteCatalog.Month], base: String,
                              summarize: @escaping SummaryLoader) -> SiteJob {
        let path = SiteLayout.assetPage(asset)
        let read = Array(series.suffix(Self.assetPageBriefs + Self.rowSparklineBriefs - 1))
        let monthCounts = months.map { "\($0.key):\($0.counts[asset]!)" }.joined(separator: ",")
        return SiteJob(path: path, kind: .page, inputs: fingerprint(base, path, read, monthCounts), template: "site/asset.html") { [self] in
            let summaries = try read.map { try summarize($0.asset, $0.day) }
            let findings = summaries.map(\.findings)
            let closes = findings.map { $0.price.close }
            let dates = DayText(briefDay: series[series.count - 1].day)
            let shown = max(0, read.count - Self.assetPageBriefs)
            let rows: [ViewNode] = (shown..<read.count).reversed().map { index in
                let window = closes[max(0, index - Self.rowSparklineBriefs + 1)...index].compactMap { $0 }
                var row: ViewNode = [
                    "href": SiteLayout.link(to: SiteLayout.brief(asset, read[index].day), from: path),
                    "dayText": dates.short(read[index].day),
                    "brief": BriefViewModel.listing(findings[index]),
                    "story": summaries[index].story,
                    "big": RegimeAnalysis.isBigDay(findings[index].headlineFacts),
                ]
                if window.count > 1 {
                    row["spark"] = ["points": Sparkline.polyline(window, width: Self.rowSparklineSize.width, height: Self.rowSparklineSize.height),
                                    "count": String(window.count),
                                    "from": NumberFormat.price(window.first!), "to": NumberFormat.price(window.last!)] as ViewNode
                }
                return row
            }
            return [
                "site": site(root: SiteLayout.root(of: path)),
                "asset": asset.code,
                "assetFeed": SiteLayout.link(to: SiteLayout.assetFeed(asset), from: path),
                "count": String(rows.count),
                "total": String(series.count),
                "isAll": rows.count == series.count,
                "sparkBriefs": String(Self.rowSparklineBriefs),
                "sparkWidth": String(Int(Self.rowSparklineSize.width)), "sparkHeight": String(Int(Self.rowSparklineSize.height)),
                "rows": rows,
                "fromSample": findings.contains { BriefViewModel.isFromSample($0.sources) },
                "months": months.reversed().map { month -> ViewNode in
                    ["href": SiteLayout.link(to: SiteLayout.archive(of: month.entries[0].day), from: path),
                     "label": month.label, "count": String(month.counts[asset]!)]
                },
            ]
        }
    }

    /// The archive's front page: each asset's page, and every month with its briefs per asset.
    private func archiveIndexView(_ catalog: SiteCatalog, latest: [SiteEntry], summarize: SummaryLoader) throws -> ViewNode {
        let page = SiteLayout.archiveIndex
        let fromSample = try latest.contains { BriefViewModel.isFromSample(try summarize($0.asset, $0.day).findings.sources) }
        return [
            "site": site(root: SiteLayout.root(of: page)),
            "fromSample": fromSample,
            "assets": catalog.assets.map { asset -> ViewNode in
                let series = catalog.byAsset[asset] ?? []
                let (first, last) = (series[0].day, series[series.count - 1].day)
                return ["href": SiteLayout.link(to: SiteLayout.assetPage(asset), from: page), "asset": asset.code,
                        "count": String(series.count), "first": DayText(briefDay: last).long(first), "last": DayText(briefDay: last).long(last)]
            },
            "months": catalog.months.reversed().map { month in
                ["href": SiteLayout.link(to: SiteLayout.archive(of: month.entries[0].day), from: page), "label": month.label,
                 "count": String(month.entries.count),
                 "perAsset": month.counts.keys.sorted().enumerated().map { index, asset in
                     ["asset": asset.code, "count": String(month.counts[asset]!), "last": index == month.counts.count - 1] as ViewNode
                 }] as ViewNode
            },
        ]
    }

    /// An Atom feed at `path` of `newest` (newest first): the combined one, or `asset`'s. Each
    /// entry is titled with its asset, day and story and carries the brief as HTML
    /// (`site/feed-entry.html`): the headline, key figures, the sections and links to its page
    /// and to what changed. The feed is as recent as its newest entry.
    private func feedView(_ newest: [SiteEntry], path: String, asset: Asset?, catalog: SiteCatalog, baseURL: String?,
                          summarize: SummaryLoader) throws -> ViewNode {
        // Links are absolute with a base address, else relative to where the feed is served.
        func address(_ target: String) -> String { baseURL.map { $0 + target } ?? SiteLayout.link(to: target, from: path) }
        // Atom ids must be permanent IRIs: the address when there is one, else a tag URI (RFC 4151).
        func id(_ target: String) -> String { baseURL.map { $0 + target } ?? "tag:marketbrief,2025:" + target }
        var view: ViewNode = [
            "site": site(root: ""),
            "asset": asset?.code,
            "id": id(path),
            "updated": newest.first.map(Self.complete) ?? "",
            "indexHref": address(asset.map(SiteLayout.assetPage) ?? SiteLayout.index),
            "entries": try newest.map { entry -> ViewNode in
                let page = SiteLayout.brief(entry.asset, entry.day)
                let summary = try summarize(entry.asset, entry.day)
                let dates = DayText(briefDay: entry.day)
                let content = feedEntryContent(summary, pageHref: address(page), diff: catalog.previous(entry).map {
                    (address(SiteLayout.diff(entry.asset, entry.day)), $0.day)
                })
                return [
                    "id": id(page),
                    "asset": entry.asset.code,
                    "dayText": dates.long(entry.day),
                    "story": summary.story,
                    "updated": Self.complete(entry),
                    "href": address(page),
                    "summary": summary.headline,
                    "content": try renderPage("site/feed-entry.html", content),
                ]
            },
        ]
        view["selfHref"] = baseURL.map { $0 + path }
        return view
    }

    /// What `site/feed-entry.html` reads of a brief: its headline, key figures and sections, the
    /// address of its page and, when it has a previous brief, of the page of what changed since.
    func feedEntryContent(_ summary: BriefSummary, pageHref: String, diff: (href: String, since: Day)?) -> ViewNode {
        var content: ViewNode = [
            "brief": BriefViewModel.listing(summary.findings),
            "big": RegimeAnalysis.isBigDay(summary.findings.headlineFacts),
            "headline": ProseBlocks.blocks(summary.headline),
            "sections": BriefSection.allCases.compactMap { section in
                summary.text(of: section.rawValue).map { ["title": section.title, "blocks": ProseBlocks.blocks($0)] as ViewNode }
            },
            "href": pageHref,
        ]
        if let diff {
            content["diff"] = ["href": diff.href, "label": DayText(briefDay: summary.findings.day).short(diff.since)] as ViewNode
        }
        return content
    }

    /// When a brief's data was complete: the end of its UTC day (its close, its last funding
    /// settlement). A brief cannot be written earlier, so its feed entry is dated then.
    private static func complete(_ entry: SiteEntry) -> String { "\(entry.day.adding(days: 1))T00:00:00Z" }

    /// What every page knows of the site: the way back to its root, and its name.
    private func site(root: String) -> ViewNode { ["root": root, "title": siteTitle] }

    /// A stable fingerprint of a page's inputs: FNV-1a over the parts.
    private func fingerprint(_ base: String, _ path: String, _ entries: [SiteEntry], _ extra: String) -> String {
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

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs and machines. Parts are added one by
/// one (each followed by a newline), so a fingerprint of many parts builds no string.
public struct Fingerprint {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// The fingerprint of one text.
    public static func of(_ text: String) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(text)
        return fingerprint.hex
    }

    public mutating func add(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(UInt8(ascii: "\n"))
    }

    /// Adds a day as its `YYYY-MM-DD`.
    public mutating func add(_ day: Day) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            day.writeISO(into: buffer)
            for byte in buffer { mix(byte) }
        }
        mix(UInt8(ascii: "\n"))
    }

    public var hex: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private mutating func mix(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
}

/// The entries of a site, grouped the ways its pages need them.
struct SiteCatalog {
    struct Month {
        var key: String
        var label: String
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
            months.append(Month(key: SiteLayout.monthKey(monthEntries[0].day), label: DayText(briefDay: monthEntries[0].day).month(monthEntries[0].day),
                                entries: monthEntries, ranges: ranges[key] ?? [:],
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
