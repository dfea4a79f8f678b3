import BriefCore

extension BriefRenderer {
    /// The newest briefs the Atom feed carries.
    public static let feedEntryCount = 50

    /// Every file of the static site for `briefs`: the index, an archive page per month, a
    /// page per brief, a diff page per pair of consecutive briefs of an asset, the Atom feed,
    /// the stylesheet, and the sitemap when `baseURL` (ending in `/`) is given, since a sitemap
    /// needs absolute addresses. Nothing is recomputed: the pages show the briefs' findings
    /// and text. The same briefs always give the same bytes.
    public func site(of briefs: [BriefDocument], baseURL: String?) throws -> [SiteFile] {
        try sitePlan(of: briefs, baseURL: baseURL).map { planned in
            SiteFile(path: planned.path, kind: planned.kind, contents: try renderPage(planned.template, planned.view))
        }
    }

    /// One file of the site before rendering: its template and view.
    struct PlannedFile {
        var path: String
        var kind: SiteFile.Kind
        var template: String
        var view: [String: Any]
    }

    /// Every file of the site, as the template and view that render it.
    func sitePlan(of briefs: [BriefDocument], baseURL: String?) -> [PlannedFile] {
        let site = SiteContent(briefs)
        var files: [PlannedFile] = []
        for asset in site.assets {
            let series = site.briefs[asset] ?? []
            for (index, brief) in series.enumerated() {
                files += briefPages(brief, previous: index > 0 ? series[index - 1] : nil)
            }
        }
        files.append(PlannedFile(path: SiteLayout.index, kind: .page, template: "site/index.html", view: indexView(site)))
        for month in site.months {
            let path = SiteLayout.archive(of: month.first.findings.day)
            files.append(PlannedFile(path: path, kind: .page, template: "site/archive.html",
                                     view: archiveView(month, site: site, page: path)))
        }
        files.append(PlannedFile(path: SiteLayout.feed, kind: .feed, template: "site/feed.xml", view: feedView(site, baseURL: baseURL)))
        if let baseURL {
            files.append(PlannedFile(path: SiteLayout.sitemap, kind: .sitemap, template: "site/sitemap.xml",
                                     view: sitemapView(files, site: site, baseURL: baseURL)))
        }
        files.append(PlannedFile(path: SiteLayout.stylesheet, kind: .stylesheet, template: "style.css", view: [:]))
        return files
    }

    /// A brief's page and, when there is a previous brief, the page comparing the two.
    private func briefPages(_ brief: SiteContent.Brief, previous: SiteContent.Brief?) -> [PlannedFile] {
        let findings = brief.findings
        let page = SiteLayout.brief(findings.asset, findings.day)
        var view = pageView(findings)
        view["site"] = ["root": SiteLayout.root(of: page)]
        var prose: [String: Any] = ["headline": ProseBlocks.blocks(brief.document.headline)]
        for section in BriefSection.allCases {
            prose[section.viewKey] = ProseBlocks.blocks(brief.document.text(of: section.rawValue) ?? "")
        }
        view["prose"] = prose
        guard let previous else {
            view["since"] = ["first": true]
            return [PlannedFile(path: page, kind: .briefPage, template: "site/brief.html", view: view)]
        }
        let diffPath = SiteLayout.diff(findings.asset, findings.day)
        var diffView = DiffViewModel.make(BriefDiff(from: previous.document, to: brief.document))
        diffView["site"] = ["root": SiteLayout.root(of: diffPath)]
        diffView["links"] = [
            "fromHref": SiteLayout.link(to: previous.path, from: diffPath),
            "toHref": SiteLayout.link(to: page, from: diffPath),
        ]
        let shownMetrics: Set<String> = ["close", "funding-annualized", "open-interest", "long-liquidations", "etf-flow", "risk-score"]
        view["since"] = ["previous": [
            "dayText": DayText(briefDay: findings.day).long(previous.findings.day),
            "briefHref": SiteLayout.link(to: previous.path, from: page),
            "diffHref": SiteLayout.link(to: diffPath, from: page),
            "hasChanges": diffView["hasChanges"] ?? false,
            "regimes": diffView["regimes"] ?? [],
            "signals": diffView["signals"] ?? [],
            "metrics": (diffView["metrics"] as? [[String: Any]] ?? []).filter { shownMetrics.contains($0["id"] as? String ?? "") },
        ] as [String: Any]]
        return [
            PlannedFile(path: diffPath, kind: .page, template: "site/diff.html", view: diffView),
            PlannedFile(path: page, kind: .briefPage, template: "site/brief.html", view: view),
        ]
    }

    private func indexView(_ site: SiteContent) -> [String: Any] {
        [
            "site": ["root": ""],
            "latest": site.assets.compactMap { site.briefs[$0]?.last }.map { brief in
                ["href": brief.path, "brief": brief.view, "headline": ProseBlocks.blocks(brief.document.headline)] as [String: Any]
            },
            "months": site.months.reversed().map { month in
                ["href": SiteLayout.archive(of: month.first.findings.day), "label": month.label, "count": String(month.briefs.count)]
            },
        ]
    }

    private func archiveView(_ month: SiteContent.Month, site: SiteContent, page: String) -> [String: Any] {
        var view: [String: Any] = [
            "site": ["root": SiteLayout.root(of: page)],
            "label": month.label,
            "rows": month.briefs.reversed().map { brief in
                var row: [String: Any] = ["href": SiteLayout.link(to: brief.path, from: page), "brief": brief.view]
                if brief.hasPrevious {
                    let findings = brief.findings
                    row["diffHref"] = SiteLayout.link(to: SiteLayout.diff(findings.asset, findings.day), from: page)
                }
                return row
            },
        ]
        if let index = site.months.firstIndex(where: { $0.key == month.key }), index > 0 {
            let previous = site.months[index - 1]
            view["previousMonth"] = ["href": SiteLayout.link(to: SiteLayout.archive(of: previous.first.findings.day), from: page),
                                     "label": previous.label]
        }
        return view
    }

    private func feedView(_ site: SiteContent, baseURL: String?) -> [String: Any] {
        let newest = site.all.sorted { ($1.findings.day, $0.findings.asset) < ($0.findings.day, $1.findings.asset) }
            .prefix(Self.feedEntryCount)
        func address(_ path: String) -> String { (baseURL ?? "") + path }
        // Atom ids must be permanent IRIs: the address when there is one, else a tag URI (RFC 4151).
        func id(_ path: String) -> String { baseURL.map { $0 + path } ?? "tag:marketbrief,2025:" + path }
        var view: [String: Any] = [
            "id": id(SiteLayout.feed),
            "updated": newest.first.map { "\($0.findings.day)T00:00:00Z" } ?? "",
            "indexHref": address(SiteLayout.index),
            "entries": newest.map { brief in
                [
                    "id": id(brief.path),
                    "title": "\(brief.findings.asset) market brief, \(DayText(briefDay: brief.findings.day).long(brief.findings.day))",
                    "updated": "\(brief.findings.day)T00:00:00Z",
                    "href": address(brief.path),
                    "summary": brief.document.headline,
                ]
            },
        ]
        view["selfHref"] = baseURL.map { $0 + SiteLayout.feed }
        return view
    }

    private func sitemapView(_ files: [PlannedFile], site: SiteContent, baseURL: String) -> [String: Any] {
        let lastDay = site.all.map(\.document.findings.day).max()?.description ?? ""
        var lastDays: [String: String] = [:]
        for brief in site.all {
            let findings = brief.findings
            lastDays[SiteLayout.archive(of: findings.day)] = max(lastDays[SiteLayout.archive(of: findings.day)] ?? "", findings.day.description)
            lastDays[brief.path] = findings.day.description
            lastDays[SiteLayout.diff(findings.asset, findings.day)] = findings.day.description
        }
        return ["urls": files.filter { $0.kind == .page || $0.kind == .briefPage }.map { file in
            ["loc": baseURL + file.path, "lastmod": lastDays[file.path] ?? lastDay]
        }]
    }
}

/// The briefs of a site, grouped the ways its pages need them, each brief's view made once.
private struct SiteContent {
    struct Brief {
        var document: BriefDocument
        var path: String
        var view: [String: Any]
        var hasPrevious: Bool
        var findings: Findings { document.findings }
    }

    struct Month {
        var key: String
        var label: String
        /// Oldest first.
        var briefs: [Brief]
        var first: Brief { briefs[0] }
    }

    /// Oldest first, per asset.
    var briefs: [Asset: [Brief]]
    var assets: [Asset]
    var all: [Brief]
    /// Oldest first.
    var months: [Month]

    init(_ documents: [BriefDocument]) {
        var briefs: [Asset: [Brief]] = [:]
        for document in documents.sorted(by: { $0.findings.day < $1.findings.day }) {
            let findings = document.findings
            briefs[findings.asset, default: []].append(Brief(
                document: document, path: SiteLayout.brief(findings.asset, findings.day),
                view: BriefViewModel.make(findings), hasPrevious: briefs[findings.asset] != nil))
        }
        self.briefs = briefs
        let assets = briefs.keys.sorted()
        let all = assets.flatMap { briefs[$0] ?? [] }
        self.assets = assets
        self.all = all
        let byMonth = Dictionary(grouping: all) { SiteLayout.monthKey($0.findings.day) }
        months = byMonth.keys.sorted().map { key in
            let briefs = byMonth[key]!.sorted { ($0.findings.day, $0.findings.asset) < ($1.findings.day, $1.findings.asset) }
            return Month(key: key, label: DayText(briefDay: briefs[0].findings.day).month(briefs[0].findings.day), briefs: briefs)
        }
    }
}
