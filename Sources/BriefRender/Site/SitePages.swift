import BriefCore

// The pages of the static site, one at a time. Which pages exist, where they live and what each
// links to are the publisher's (`SitePlan` in BriefPublish): a page is rendered here from its
// briefs and its links, given as addresses ready to print (relative to the page, or absolute).

/// A link to a brief, or a page about it, labelled with its day (`Aug 26`).
public struct DayLink: Sendable {
    public var href: String
    public var day: Day

    public init(href: String, day: Day) {
        self.href = href
        self.day = day
    }
}

/// A link labelled with an asset's code.
public struct AssetLink: Sendable {
    public var href: String
    public var asset: Asset

    public init(href: String, asset: Asset) {
        self.href = href
        self.asset = asset
    }
}

/// A link to a month's archive page, labelled with the month (`August 2025`) of `month`, any
/// day of it.
public struct MonthLink: Sendable {
    public var href: String
    public var month: Day

    public init(href: String, month: Day) {
        self.href = href
        self.month = month
    }
}

/// A month as a listing shows it: its link, its count of briefs and, where the listing says
/// so, the count of each asset (in that order).
public struct ListedMonth: Sendable {
    public var link: MonthLink
    public var briefs: Int
    public var briefsPerAsset: [(asset: Asset, briefs: Int)]

    public init(link: MonthLink, briefs: Int, briefsPerAsset: [(asset: Asset, briefs: Int)] = []) {
        self.link = link
        self.briefs = briefs
        self.briefsPerAsset = briefsPerAsset
    }
}

/// A brief as a line of a listing: what a listing shows of it, the link to its page and, where
/// the listing shows one, the link to what changed since the asset's brief of `diff.day`.
public struct ListedBrief: Sendable {
    public var summary: BriefSummary
    public var href: String
    public var diff: DayLink?

    public init(summary: BriefSummary, href: String, diff: DayLink? = nil) {
        self.summary = summary
        self.href = href
        self.diff = diff
    }
}

/// The links of a brief's page other than those to the asset's previous brief.
public struct BriefPageLinks: Sendable {
    /// The way back to the site root (`../../../`).
    public var root: String
    /// The page's absolute address, when the site has a base address.
    public var canonical: String?
    /// The asset's next brief.
    public var next: DayLink?
    /// The archive page of the brief's month.
    public var month: String
    /// The asset's page.
    public var assetPage: String
    /// The other assets' briefs of the same day.
    public var sameDay: [AssetLink]

    public init(root: String, canonical: String?, next: DayLink?, month: String, assetPage: String, sameDay: [AssetLink]) {
        self.root = root
        self.canonical = canonical
        self.next = next
        self.month = month
        self.assetPage = assetPage
        self.sameDay = sameDay
    }
}

/// The asset's brief before the one on a page: its document (read without its charts is
/// enough), the link to its page and the link to the page comparing the two.
public struct PreviousBrief: Sendable {
    public var document: BriefDocument
    public var href: String
    public var diffHref: String

    public init(document: BriefDocument, href: String, diffHref: String) {
        self.document = document
        self.href = href
        self.diffHref = diffHref
    }
}

/// The links of a page comparing two briefs of an asset.
public struct DiffPageLinks: Sendable {
    /// The way back to the site root.
    public var root: String
    /// The diff page of the day before, labelled with the older brief's day.
    public var previousDiff: DayLink?
    /// The diff page of the day after, labelled with its day.
    public var nextDiff: DayLink?
    /// The older brief's page.
    public var from: String
    /// The newer brief's page.
    public var to: String

    public init(root: String, previousDiff: DayLink?, nextDiff: DayLink?, from: String, to: String) {
        self.root = root
        self.previousDiff = previousDiff
        self.nextDiff = nextDiff
        self.from = from
        self.to = to
    }
}

/// An asset's latest brief on the home page: its document (with its charts) and its links.
public struct HomeNote: Sendable {
    public var document: BriefDocument
    public var href: String
    public var assetHref: String
    /// What changed since the asset's brief before, labelled with that brief's day.
    public var diff: DayLink?

    public init(document: BriefDocument, href: String, assetHref: String, diff: DayLink?) {
        self.document = document
        self.href = href
        self.assetHref = assetHref
        self.diff = diff
    }
}

/// An asset as the archive's front page lists it: its page, its count of briefs, its first and
/// last day.
public struct ArchivedAsset: Sendable {
    public var link: AssetLink
    public var briefs: Int
    public var first: Day
    public var last: Day

    public init(link: AssetLink, briefs: Int, first: Day, last: Day) {
        self.link = link
        self.briefs = briefs
        self.first = first
        self.last = last
    }
}

/// An entry of an Atom feed: its permanent id, the brief's address, what the feed shows of the
/// brief and, when it has a previous brief, the address of what changed since.
public struct FeedEntry: Sendable {
    public var id: String
    public var href: String
    public var summary: BriefSummary
    public var diff: DayLink?

    public init(id: String, href: String, summary: BriefSummary, diff: DayLink?) {
        self.id = id
        self.href = href
        self.summary = summary
        self.diff = diff
    }
}

/// An address a sitemap lists (a page, or another sitemap), with the day it last changed.
public struct SitemapEntry: Sendable {
    public var loc: String
    public var lastmod: String

    public init(loc: String, lastmod: String) {
        self.loc = loc
        self.lastmod = lastmod
    }
}

extension BriefRenderer {
    /// The briefs whose closes each row of an asset's page draws, the row's own last: a page
    /// listing `n` briefs reads `n + assetRowSparklineBriefs - 1`.
    public static let assetRowSparklineBriefs = 7
    static let rowSparklineSize = (width: 64.0, height: 18.0)

    /// A brief's page: the brief with its charts and prose, a pager to the asset's briefs before
    /// and after, its month, the asset's page and the other assets of the day, and, when there
    /// is a `previous` brief, what changed since (else it says it is the first).
    public func renderBriefPage(_ document: BriefDocument, since previous: PreviousBrief?, links: BriefPageLinks) throws -> String {
        try renderPage("site/brief.html", briefPageView(document, since: previous, links: links))
    }

    /// The view of `site/brief.html`.
    func briefPageView(_ document: BriefDocument, since previous: PreviousBrief?, links: BriefPageLinks) -> ViewNode {
        let day = document.findings.day
        let dates = DayText(briefDay: day)
        var view = pageView(document.findings)
        view["site"] = site(root: links.root)
        func link(_ other: DayLink?) -> ViewNode? { other.map { ["href": $0.href, "label": dates.short($0.day)] } }
        view["pager"] = [
            "previous": link(previous.map { DayLink(href: $0.href, day: $0.document.findings.day) }), "next": link(links.next),
            "month": ["href": links.month, "label": dates.month(day)] as ViewNode,
            "asset": ["href": links.assetPage, "label": document.findings.asset.code] as ViewNode,
            "sameDay": links.sameDay.map { ["href": $0.href, "asset": $0.asset.code] as ViewNode },
            "hasSameDay": !links.sameDay.isEmpty,
        ] as ViewNode
        view["canonical"] = links.canonical
        var prose: ViewNode = ["headline": ProseBlocks.blocks(document.headline)]
        for section in BriefSection.allCases {
            prose[section.viewKey] = ProseBlocks.blocks(document.text(of: section.rawValue) ?? "")
        }
        view["prose"] = prose
        view["story"] = document.story
        if let previous {
            let diff = DiffViewModel.make(BriefDiff(from: previous.document, to: document, wordByWord: false), words: diffWords)
            let shownMetrics: Set<String> = ["close", "funding-annualized", "open-interest", "long-liquidations", "etf-flow", "risk-score"]
            view["since"] = ["previous": [
                "dayText": dates.long(previous.document.findings.day),
                "briefHref": previous.href,
                "diffHref": previous.diffHref,
                "hasChanges": diff.flag("hasChanges"),
                "regimes": diff.value("regimes"),
                "signals": diff.value("signals"),
                "metrics": diff.nodes("metrics").filter { shownMetrics.contains($0.text("id") ?? "") },
            ] as ViewNode] as ViewNode
        } else {
            view["since"] = ["first": true] as ViewNode
        }
        return view
    }

    /// The page comparing an asset's brief `to` with its brief before, `from`, with links to
    /// both and to the diff pages of the days before and after.
    public func renderDiffPage(from: BriefDocument, to: BriefDocument, links: DiffPageLinks) throws -> String {
        try renderPage("site/diff.html", diffPageView(from: from, to: to, links: links))
    }

    /// The view of `site/diff.html`.
    func diffPageView(from: BriefDocument, to: BriefDocument, links: DiffPageLinks) -> ViewNode {
        var view = DiffViewModel.make(BriefDiff(from: from, to: to), words: diffWords)
        view["site"] = site(root: links.root)
        view["fromSample"] = BriefViewModel.isFromSample(from.findings.sources) || BriefViewModel.isFromSample(to.findings.sources)
        let dates = DayText(briefDay: to.findings.day)
        func link(_ other: DayLink?) -> ViewNode? { other.map { ["href": $0.href, "label": dates.short($0.day)] } }
        view["diffPager"] = ["previous": link(links.previousDiff), "next": link(links.nextDiff)] as ViewNode
        view["links"] = ["fromHref": links.from, "toHref": links.to] as ViewNode
        return view
    }

    /// The home page, today's market note: each asset's latest brief (its story, the move, the
    /// chart that tells it, risk, signals and the headline), then the days before as stories
    /// (`earlier`: newest day first, each day's briefs in order), the months (newest first) and
    /// the assets' pages.
    public func renderHomePage(root: String, latest: [HomeNote], earlier: [[ListedBrief]], months: [ListedMonth],
                               assets: [AssetLink]) throws -> String {
        try renderPage("site/index.html", homePageView(root: root, latest: latest, earlier: earlier, months: months, assets: assets))
    }

    /// The view of `site/index.html`.
    func homePageView(root: String, latest: [HomeNote], earlier: [[ListedBrief]], months: [ListedMonth],
                      assets: [AssetLink]) -> ViewNode {
        let newest = latest.map(\.document.findings.day).max() ?? Day("2000-01-01")!
        let dates = DayText(briefDay: newest)
        let view: ViewNode = [
            "site": site(root: root),
            "day": newest.description,
            "dayText": dates.long(newest),
            "fromSample": latest.contains { BriefViewModel.isFromSample($0.document.findings.sources) }
                || earlier.joined().contains { BriefViewModel.isFromSample($0.summary.findings.sources) },
            "latest": latest.map { latest in
                let document = latest.document
                var note = pageView(document.findings)
                note["href"] = latest.href
                note["assetHref"] = latest.assetHref
                note["noteID"] = "note-" + document.findings.asset.code.lowercased()
                note["story"] = document.story
                note["headline"] = ProseBlocks.blocks(document.headline)
                note["big"] = RegimeAnalysis.isBigDay(document.findings.headlineFacts)
                note["notToday"] = document.findings.day != newest
                // The chart that tells the story, without its table of numbers (the brief has it);
                // a quiet day shows the price. Ids carry the asset: the page shows a chart per asset.
                let chartID = ChartViewModel.heroID(document.findings.regimes) ?? "price"
                if var chart = note.node("charts")?.node(chartID), chart.flag("hasData") {
                    chart["id"] = document.findings.asset.code.lowercased() + "-" + (chart.text("id") ?? chartID)
                    chart["compact"] = true
                    note["noteChart"] = chart
                }
                if let diff = latest.diff {
                    note["diff"] = ["href": diff.href, "label": dates.short(diff.day)] as ViewNode
                }
                return note
            },
            "hasEarlier": !earlier.isEmpty,
            "earlier": earlier.map { briefs -> ViewNode in
                let day = briefs[0].summary.findings.day
                return ["day": day.description, "dayText": dates.long(day), "stories": briefs.map(storyRow)]
            },
            "months": months.map { month -> ViewNode in
                ["href": month.link.href, "label": Self.label(month.link), "count": String(month.briefs)]
            },
            "assets": assets.enumerated().map { index, link in
                ["href": link.href, "asset": link.asset.code, "last": index == assets.count - 1] as ViewNode
            },
        ]
        return view
    }

    /// A month's archive page: each day of the month, newest first, with each asset's story,
    /// its close and move, the big-day mark and, where given, a link to what changed since the
    /// asset's previous brief, named by the day it compares with. `briefs` are the month's,
    /// oldest first, each day's in order; `previous` and `next` the months around it.
    public func renderArchiveMonth(root: String, month: MonthLink, briefs: [ListedBrief], previous: MonthLink?,
                                   next: MonthLink?) throws -> String {
        try renderPage("site/archive.html", archiveMonthView(root: root, month: month, briefs: briefs, previous: previous, next: next))
    }

    /// The view of `site/archive.html`.
    func archiveMonthView(root: String, month: MonthLink, briefs: [ListedBrief], previous: MonthLink?,
                          next: MonthLink?) -> ViewNode {
        let dates = DayText(briefDay: briefs[briefs.count - 1].summary.findings.day)
        var days: [ViewNode] = []
        var end = briefs.count
        while end > 0 {
            let day = briefs[end - 1].summary.findings.day
            var start = end - 1
            while start > 0, briefs[start - 1].summary.findings.day == day { start -= 1 }
            let stories = briefs[start..<end].map { brief -> ViewNode in
                var row = storyRow(brief)
                if let diff = brief.diff {
                    row["diff"] = ["href": diff.href, "asset": brief.summary.findings.asset.code, "label": dates.short(diff.day)] as ViewNode
                }
                return row
            }
            days.append(["day": day.description, "dayText": dates.long(day), "stories": stories])
            end = start
        }
        var view: ViewNode = [
            "site": site(root: root),
            "label": Self.label(month),
            "count": String(briefs.count),
            "fromSample": briefs.contains { BriefViewModel.isFromSample($0.summary.findings.sources) },
            "days": days,
        ]
        if let previous { view["previousMonth"] = ["href": previous.href, "label": Self.label(previous)] as ViewNode }
        if let next { view["nextMonth"] = ["href": next.href, "label": Self.label(next)] as ViewNode }
        return view
    }

    /// An asset's page: a row for each of its latest `listed` briefs, newest first, each with a
    /// sparkline of the closes of up to `assetRowSparklineBriefs` briefs ending with it, and a
    /// link to each month it has briefs in (`months`, newest first). `briefs` are the asset's
    /// latest (at least one), oldest first: the listed ones and those their sparklines draw;
    /// `total` counts all of the asset's briefs.
    public func renderAssetPage(_ asset: Asset, root: String, feedHref: String, briefs: [ListedBrief], listed: Int, total: Int,
                                months: [ListedMonth]) throws -> String {
        try renderPage("site/asset.html", assetPageView(asset, root: root, feedHref: feedHref, briefs: briefs, listed: listed, total: total, months: months))
    }

    /// The view of `site/asset.html`.
    func assetPageView(_ asset: Asset, root: String, feedHref: String, briefs: [ListedBrief], listed: Int, total: Int,
                       months: [ListedMonth]) -> ViewNode {
        let findings = briefs.map(\.summary.findings)
        let closes = findings.map { $0.price.close }
        let dates = DayText(briefDay: findings[findings.count - 1].day)
        let rows: [ViewNode] = (briefs.count - listed..<briefs.count).reversed().map { index in
            let window = closes[max(0, index - Self.assetRowSparklineBriefs + 1)...index].compactMap { $0 }
            var row: ViewNode = [
                "href": briefs[index].href,
                "dayText": dates.short(findings[index].day),
                "brief": BriefViewModel.listing(findings[index]),
                "story": briefs[index].summary.story,
                "big": RegimeAnalysis.isBigDay(findings[index].headlineFacts),
            ]
            if window.count > 1 {
                row["spark"] = ["points": Sparkline.polyline(window, width: Self.rowSparklineSize.width, height: Self.rowSparklineSize.height),
                                "count": String(window.count),
                                "from": NumberFormat.price(window.first!), "to": NumberFormat.price(window.last!)] as ViewNode
            }
            return row
        }
        let view: ViewNode = [
            "site": site(root: root),
            "asset": asset.code,
            "assetFeed": feedHref,
            "count": String(rows.count),
            "total": String(total),
            "isAll": rows.count == total,
            "sparkBriefs": String(Self.assetRowSparklineBriefs),
            "sparkWidth": String(Int(Self.rowSparklineSize.width)), "sparkHeight": String(Int(Self.rowSparklineSize.height)),
            "rows": rows,
            "fromSample": findings.contains { BriefViewModel.isFromSample($0.sources) },
            "months": months.map { month -> ViewNode in
                ["href": month.link.href, "label": Self.label(month.link), "count": String(month.briefs)]
            },
        ]
        return view
    }

    /// The archive's front page: each asset's page, and every month (newest first) with its
    /// briefs per asset. It shows the sample's notice when one of the `latest` briefs (each
    /// asset's) is from the sample.
    public func renderArchiveIndex(root: String, assets: [ArchivedAsset], months: [ListedMonth], latest: [BriefSummary]) throws -> String {
        try renderPage("site/archive-index.html", archiveIndexView(root: root, assets: assets, months: months, latest: latest))
    }

    /// The view of `site/archive-index.html`.
    func archiveIndexView(root: String, assets: [ArchivedAsset], months: [ListedMonth], latest: [BriefSummary]) -> ViewNode {
        let view: ViewNode = [
            "site": site(root: root),
            "fromSample": latest.contains { BriefViewModel.isFromSample($0.findings.sources) },
            "assets": assets.map { asset -> ViewNode in
                let dates = DayText(briefDay: asset.last)
                return ["href": asset.link.href, "asset": asset.link.asset.code,
                        "count": String(asset.briefs), "first": dates.long(asset.first), "last": dates.long(asset.last)]
            },
            "months": months.map { month in
                ["href": month.link.href, "label": Self.label(month.link),
                 "count": String(month.briefs),
                 "perAsset": month.briefsPerAsset.enumerated().map { index, count in
                     ["asset": count.asset.code, "count": String(count.briefs), "last": index == month.briefsPerAsset.count - 1] as ViewNode
                 }] as ViewNode
            },
        ]
        return view
    }

    /// An Atom feed of `entries` (newest first): the combined one, or `asset`'s. Each entry is
    /// titled with its asset, day and story and carries the brief as HTML (`site/feed-entry.html`):
    /// the headline, key figures, the sections and links to its page and to what changed. The
    /// feed is as recent as its newest entry. `id` is the feed's permanent IRI, `indexHref` the
    /// page it belongs to and `selfHref` its own absolute address, when it has one.
    public func renderFeed(id: String, asset: Asset?, indexHref: String, selfHref: String?, entries: [FeedEntry]) throws -> String {
        try renderPage("site/feed.xml", try feedView(id: id, asset: asset, indexHref: indexHref, selfHref: selfHref, entries: entries))
    }

    /// The view of `site/feed.xml`.
    func feedView(id: String, asset: Asset?, indexHref: String, selfHref: String?, entries: [FeedEntry]) throws -> ViewNode {
        var view: ViewNode = [
            "site": site(root: ""),
            "asset": asset?.code,
            "id": id,
            "updated": entries.first.map { Self.complete($0.summary.findings.day) } ?? "",
            "indexHref": indexHref,
            "entries": try entries.map { entry -> ViewNode in
                let summary = entry.summary
                let day = summary.findings.day
                return [
                    "id": entry.id,
                    "asset": summary.findings.asset.code,
                    "dayText": DayText(briefDay: day).long(day),
                    "story": summary.story,
                    "updated": Self.complete(day),
                    "href": entry.href,
                    "summary": summary.headline,
                    "content": try renderPage("site/feed-entry.html", feedEntryContent(summary, pageHref: entry.href, diff: entry.diff)),
                ]
            },
        ]
        view["selfHref"] = selfHref
        return view
    }

    /// A sitemap (`urlset`) of pages.
    public func renderSitemap(_ pages: [SitemapEntry]) throws -> String {
        try renderPage("site/sitemap.xml", Self.sitemapView(pages))
    }

    /// A sitemap index: the sitemaps of the site.
    public func renderSitemapIndex(_ sitemaps: [SitemapEntry]) throws -> String {
        try renderPage("site/sitemap-index.xml", Self.sitemapIndexView(sitemaps))
    }

    /// The view of `site/sitemap.xml`.
    static func sitemapView(_ pages: [SitemapEntry]) -> ViewNode {
        ["urls": pages.map { ["loc": $0.loc, "lastmod": $0.lastmod] as ViewNode }]
    }

    /// The view of `site/sitemap-index.xml`.
    static func sitemapIndexView(_ sitemaps: [SitemapEntry]) -> ViewNode {
        ["sitemaps": sitemaps.map { ["loc": $0.loc, "lastmod": $0.lastmod] as ViewNode }]
    }

    /// The site's stylesheet.
    public func renderStylesheet() throws -> String {
        try renderPage("style.css", [:])
    }

    /// What `site/feed-entry.html` reads of a brief: its headline, key figures and sections, the
    /// address of its page and, when it has a previous brief, of the page of what changed since.
    func feedEntryContent(_ summary: BriefSummary, pageHref: String, diff: DayLink?) -> ViewNode {
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
            content["diff"] = ["href": diff.href, "label": DayText(briefDay: summary.findings.day).short(diff.day)] as ViewNode
        }
        return content
    }

    /// A brief as a line of a list of stories: its story linked to its page, its close and move,
    /// and the big-day mark.
    private func storyRow(_ brief: ListedBrief) -> ViewNode {
        ["href": brief.href,
         "story": brief.summary.story,
         "brief": BriefViewModel.listing(brief.summary.findings),
         "big": RegimeAnalysis.isBigDay(brief.summary.findings.headlineFacts)]
    }

    /// `August 2025`.
    private static func label(_ month: MonthLink) -> String { DayText(briefDay: month.month).month(month.month) }

    /// When a brief's data was complete: the end of its UTC day (its close, its last funding
    /// settlement). A brief cannot be written earlier, so its feed entry is dated then.
    private static func complete(_ day: Day) -> String { "\(day.adding(days: 1))T00:00:00Z" }

    /// What every page knows of the site: the way back to its root, and its name.
    private func site(root: String) -> ViewNode { ["root": root, "title": siteTitle] }
}
