@testable import BriefCore
import Foundation
import Testing
@testable import BriefRender

private let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

@Suite struct TemplateTests {
    /// Every name a template reads must be a key the view model can provide, so a typo
    /// cannot silently render as nothing (a missing key renders as "").
    @Test func everyTemplateKeyExistsInTheViewModel() throws {
        var keys = Set<String>(["text", "prose", "headline", "paragraph", "list", "items", "."])
        keys.formUnion(BriefSection.allCases.map(\.viewKey))
        // Levels are keys of their own (`{{#funding.elevated}}`), present only at that level.
        keys.formUnion(FundingRegime.allCases.map(\.rawValue) + RiskLevel.allCases.map(\.rawValue)
            + DivergenceLevel.allCases.map(\.rawValue))
        func collect(_ node: ViewNode) { collect(ViewValue.node(node)) }
        func collect(_ value: ViewValue) {
            switch value {
            case .node(let node):
                for (name, value) in node.members {
                    keys.insert(name)
                    collect(value)
                }
            case .list(let items): items.forEach(collect)
            case .nodes(let items): items.forEach(collect)
            case .text, .stated, .flag, .nothing: break
            }
        }
        for findings in [Findings.example(calm: false), Findings.example(calm: true)] + Findings.everyShape() {
            collect(BriefViewModel.make(findings))
        }
        // Open interest and funding across venues: each venue named, one missing, one unweighted;
        // and large sales whose coins' age is not given.
        var acrossVenues = Findings.example(calm: false)
        acrossVenues.whale.undatedSales = acrossVenues.whale.sales.map { var sale = $0; sale.dormantYears = nil; return sale }
        acrossVenues.whale.sales = []
        acrossVenues.venues = MarketVenues(
            openInterest: VenueSet(venues: ["binance", "bybit", "deribit", "okx", "other"], missing: ["kraken"], figures: []),
            funding: VenueSet(venues: ["binance", "okx"], missing: ["bybit"], unweighted: ["deribit"], figures: []))
        collect(BriefViewModel.make(acrossVenues))
        // The diff and the site, from a calm July brief and the crash-day one: two months,
        // a first brief and a later one, every kind of changed word.
        var july = Findings.example(calm: true)
        july.day = Day("2025-07-31")!
        let briefs = [
            BriefDocument(findings: july, story: "BTC at $108,000", headline: "Quiet.", sections: [.init(id: "leverage", text: "Funding is 0.0025%.")]),
            BriefDocument(findings: .example(calm: false), story: "BTC at $108,000, down 2.0%", headline: "A sell-off.", sections: [.init(id: "leverage", text: "Funding is 0.008%.")]),
        ]
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        collect(DiffViewModel.make(BriefDiff(from: briefs[0], to: briefs[1]), words: renderer.diffWords))
        // What the diff's words template reads: each kind with its ids.
        for kind in DiffWords.Kind.allCases { collect(DiffWords.node(kind, "")) }
        // Net flows changing every way, told in words.
        for (old, new) in [(-4e8, -3e8), (-3e8, -4e8), (2e8, 3e8), (3e8, 2e8), (-1e8, 1e8), (1e8, -1e8), (1e8, 0)] {
            var before = Findings.example(calm: false), after = before
            before.stabilization.recentETFFlows = [DayValue(day: before.day, value: old)]
            after.stabilization.recentETFFlows = [DayValue(day: after.day, value: new)]
            collect(DiffViewModel.make(BriefDiff(from: BriefDocument(findings: before, story: "", headline: "", sections: []),
                                                 to: BriefDocument(findings: after, story: "", headline: "", sections: [])),
                                       words: renderer.diffWords))
        }
        // Every page of the site, each with every link it can have.
        let summaries = briefs.map(BriefSummary.init)
        let (july31, august26) = (briefs[0].findings.day, briefs[1].findings.day)
        let julyArchive = MonthLink(href: "../archive/2025-07.html", month: july31), augustArchive = MonthLink(href: "../archive/2025-08.html", month: august26)
        let links = BriefPageLinks(root: "../../../", canonical: "https://example.org/briefs/BTC/2025-07-31/index.html",
                                   next: DayLink(href: "../2025-08-26/index.html", day: august26), month: julyArchive.href,
                                   assetPage: "../index.html", sameDay: [AssetLink(href: "../../ETH/2025-07-31/index.html", asset: .eth)])
        collect(renderer.briefPageView(briefs[0], since: nil, links: links))
        collect(renderer.briefPageView(briefs[1], since: PreviousBrief(document: briefs[0], href: "../2025-07-31/index.html", diffHref: "diff.html"),
                                       links: links))
        collect(renderer.diffPageView(from: briefs[0], to: briefs[1], links: DiffPageLinks(
            root: "../../../", previousDiff: DayLink(href: "../2025-07-31/diff.html", day: july31),
            nextDiff: DayLink(href: "../2025-08-27/diff.html", day: august26.adding(days: 1)), from: "../2025-07-31/index.html", to: "index.html")))
        let listed = [ListedBrief(summary: summaries[0], href: "b0"), ListedBrief(summary: summaries[1], href: "b1", diff: DayLink(href: "d1", day: july31))]
        collect(renderer.homePageView(root: "", latest: [HomeNote(document: briefs[1], href: "b1", assetHref: "a", diff: DayLink(href: "d1", day: july31))],
                                      earlier: [[listed[0]]], months: [ListedMonth(link: augustArchive, briefs: 1), ListedMonth(link: julyArchive, briefs: 1)],
                                      assets: [AssetLink(href: "a", asset: .btc)]))
        collect(renderer.archiveMonthView(root: "../", month: augustArchive, briefs: [listed[1]], previous: julyArchive, next: augustArchive))
        collect(renderer.assetPageView(.btc, root: "../../", feedHref: "feed.xml", briefs: listed, listed: 2, total: 2,
                                       months: [ListedMonth(link: augustArchive, briefs: 1), ListedMonth(link: julyArchive, briefs: 1)]))
        collect(renderer.archiveIndexView(root: "../", assets: [ArchivedAsset(link: AssetLink(href: "a", asset: .btc), briefs: 2, first: july31, last: august26)],
                                          months: [ListedMonth(link: augustArchive, briefs: 1, briefsPerAsset: [(.btc, 1)])], latest: [summaries[1]]))
        collect(try renderer.feedView(id: "https://example.org/feed.xml", asset: .btc, indexHref: "https://example.org/", selfHref: "https://example.org/feed.xml",
                                      entries: [FeedEntry(id: "i", href: "h", summary: summaries[1], diff: DayLink(href: "d", day: july31))]))
        collect(BriefRenderer.sitemapView([SitemapEntry(loc: "https://example.org/", lastmod: "2025-08-26")]))
        collect(BriefRenderer.sitemapIndexView([SitemapEntry(loc: "https://example.org/sitemaps/home.xml", lastmod: "2025-08-26")]))
        collect(renderer.mailView(briefs[1], keyFigures: [("Close", "$108,000")], pageURL: "https://example.org/b"))
        // A feed's entries hold their HTML rendered: what it was rendered from.
        collect(renderer.feedEntryContent(summaries[1], pageHref: "page", diff: DayLink(href: "diff", day: july31)))
        let files = FileManager.default.enumerator(atPath: templatesFolder.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 27)
        for file in files {
            let text = try String(contentsOf: templatesFolder.appendingPathComponent(file), encoding: .utf8)
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                guard let close = rest.range(of: "}}") else { break }
                let tag = rest[..<close.lowerBound]
                rest = rest[close.upperBound...]
                guard let sigil = tag.first, !">%!".contains(sigil) else { continue }
                let name = "#^/".contains(sigil) ? tag.dropFirst() : tag
                for part in name.trimmingCharacters(in: .whitespaces).split(separator: ".") {
                    if !keys.contains(String(part)) {
                        Issue.record("\(file): {{\(tag)}} reads \(part), which the view model never provides")
                    }
                }
            }
        }
    }

    /// A writer edits prose without reading Swift: a sentence or clause per line, none longer
    /// than 200 characters, and comments naming the branches.
    @Test func proseTemplatesKeepAClausePerLine() throws {
        let prose = ["headline.txt", "story.txt"] + BriefSection.allCases.map { "sections/\($0.rawValue).txt" }
        for name in prose {
            let text = try String(contentsOf: templatesFolder.appendingPathComponent(name + ".mustache"), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.count > 200 {
                Issue.record("\(name).mustache:\(number + 1): \(line.count) characters")
            }
            #expect(text.contains("{{!"), "\(name) names its branches in comments")
        }
    }

    /// A paragraph a line, `- ` lines as one list; `\r\n` (one character) does not end a line.
    @Test func proseBecomesParagraphsAndLists() {
        func shown(_ text: String) -> [String] {
            ProseBlocks.blocks(text).map { block in
                guard block.flag("list"), case .list(let items)? = block.value("items") else {
                    return block.text("paragraph") ?? "?"
                }
                return items.map { if case .text(let item) = $0 { "- " + item } else { "?" } }.joined(separator: " ")
            }
        }
        #expect(shown("First.\n  - one\n- two \n\nLast é.") == ["First.", "- one - two", "Last é."])
        #expect(shown("a\r\nb\nc") == ["a\r\nb", "c"])
    }

    @Test func aTemplateThatIncludesItselfIsRefusedAtLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{> signal-state.txt}}\n".write(to: folder.appendingPathComponent("signal-state.txt.mustache"), atomically: true, encoding: .utf8)
        #expect { try BriefRenderer(templatesDirectory: folder.path) } throws: {
            "\($0)".contains("includes itself: signal-state.txt → signal-state.txt")
        }
    }

    @Test func aMissingRequiredTemplateIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sections/divergence.txt.mustache"))
        #expect(throws: TemplateError.self) { try BriefRenderer(templatesDirectory: folder.path) }
    }

    @Test func aSyntaxErrorNamesFileAndLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "line one\n{{#open}} never closed\n".write(to: folder.appendingPathComponent("headline.txt.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try BriefRenderer(templatesDirectory: folder.path)
            Issue.record("a broken template was accepted")
        } catch let error as TemplateError {
            #expect(error.file.hasSuffix("headline.txt.mustache"))
            #expect((error.line, error.column) == (2, 1), "\(error)")
        }
        // A partial that does not exist, after a paragraph break and a multi-byte character.
        try "line one\n\n€ {{> nowhere}}\n".write(to: folder.appendingPathComponent("headline.txt.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try BriefRenderer(templatesDirectory: folder.path)
            Issue.record("a template naming a missing partial was accepted")
        } catch let error as TemplateError {
            #expect(error.file.hasSuffix("headline.txt.mustache") && error.line == 3 && error.reason.contains("nowhere"), "\(error)")
        }
        try "€ {{#open}}\n".write(to: folder.appendingPathComponent("headline.txt.mustache"), atomically: true, encoding: .utf8)
        #expect { _ = try BriefRenderer(templatesDirectory: folder.path) } throws: { ($0 as? TemplateError)?.column == 3 }
    }

    /// Not crowded long with one side high: the sentence names the high side against the other.
    @Test func oneHighSideOfLeverageIsNamedAgainstTheOther() throws {
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        var positions = Findings.example(calm: true)
        positions.openInterest.percentile = 98
        positions.openInterest.isHigh = true
        var paying = Findings.example(calm: true)
        paying.funding.isHigh = true
        func text(_ findings: Findings) -> String { renderer.render(findings).text.replacingOccurrences(of: "\n", with: " ") }
        #expect(text(positions).contains("Derivatives are not crowded long: open interest is at the 98th percentile of its range, but funding, 0.0025% per 8h, is not high for this market."))
        #expect(text(paying).contains("Derivatives are not crowded long: funding is 0.0025% per 8h, high for this market, but open interest is at the 50th percentile of its range."))
        #expect(text(Findings.example(calm: true)).contains("Derivatives are not crowded long: funding is 0.0025% per 8h and open interest is at the 50th percentile of its range."))
        // Large positions are still a risk a fall could force out, and neither is "not stretched".
        #expect(text(positions).contains("The price is close to support with open interest high: a close below $117,000 could force leveraged positions out"))
        for findings in [positions, paying] {
            #expect(!text(findings).contains("Neither side is stretched") && !text(findings).contains("nothing points to forced selling"))
        }
    }

    /// A number's claim is recorded where the number is printed: a sentence moved to another
    /// section takes its claims along; a number no template prints claims nothing.
    @Test func claimsGoWhereTheirValuesArePrinted() throws {
        let findings = Findings.example(calm: false)
        let shipped = try BriefRenderer(templatesDirectory: templatesFolder.path).render(findings)
        let longs = shipped.claims.filter { $0.metric == "liq_long_usd" && $0.kind == .value }
        #expect(Set(longs.map(\.section)) == ["story", "headline", "leverage"], "\(longs.map(\.section))")
        for claim in shipped.claims {
            let text = claim.section == "story" ? shipped.story : claim.section == "headline" ? shipped.headline
                : shipped.sections.first { $0.section.rawValue == claim.section }?.text ?? ""
            #expect(text.contains(claim.sentence) && claim.sentence.contains(claim.stated), "\(claim.subject) in \(claim.section)")
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The leverage section loses its liquidation sentence to the stabilization section.
        let leverageFile = folder.appendingPathComponent("sections/leverage.txt.mustache")
        let leverage = try String(contentsOf: leverageFile, encoding: .utf8)
        let start = try #require(leverage.range(of: "{{#liquidations.hasData}}")), end = try #require(leverage.range(of: "{{/liquidations.hasData}}"))
        let sentence = String(leverage[start.lowerBound..<end.upperBound])
        try leverage.replacingOccurrences(of: sentence, with: "").write(to: leverageFile, atomically: true, encoding: .utf8)
        let stabilizationFile = folder.appendingPathComponent("sections/stabilization.txt.mustache")
        try (try String(contentsOf: stabilizationFile, encoding: .utf8) + "\n" + sentence + "\n")
            .write(to: stabilizationFile, atomically: true, encoding: .utf8)
        // The story no longer prints the close.
        let storyFile = folder.appendingPathComponent("story.txt.mustache")
        try (try String(contentsOf: storyFile, encoding: .utf8)).replacingOccurrences(of: "{{asset}} at {{price.close}}", with: "{{asset}}")
            .write(to: storyFile, atomically: true, encoding: .utf8)

        let moved = try BriefRenderer(templatesDirectory: folder.path).render(findings)
        let movedLongs = moved.claims.filter { $0.metric == "liq_long_usd" && $0.kind == .value }
        #expect(Set(movedLongs.map(\.section)) == ["story", "headline", "stabilization"], "\(movedLongs.map(\.section))")
        #expect(movedLongs.first { $0.section == "stabilization" }?.sentence.hasPrefix("$477M of longs and") == true)
        #expect(!moved.claims.contains { $0.section == "story" && $0.metric == "close_usd" && $0.kind == .value && $0.day == findings.day })
        #expect(shipped.claims.contains { $0.section == "story" && $0.metric == "close_usd" && $0.kind == .value && $0.day == findings.day })
    }

    @Test func dataIsEscapedInHTML() throws {
        var findings = Findings.example(calm: false)
        findings.whale.sales[0].label = "<script>alert(1)</script> & \"q\""
        let rendered = try BriefRenderer(templatesDirectory: templatesFolder.path).render(findings)
        #expect(!rendered.html.contains("<script>"))
        #expect(rendered.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &amp;quot;q&amp;quot;") || rendered.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(rendered.text.contains("<script>alert(1)</script> & \"q\""))
    }
}

extension Findings {
    /// The stressed example in every shape the templates tell apart: each regime first, each
    /// headline fact, each risk point, each state of the flows, whale moves and inbound sales.
    static func everyShape() -> [Findings] {
        let base = Findings.example(calm: false)
        let day = base.day
        var shapes: [Findings] = Regime.allCases.map { regime in
            var findings = base
            findings.regimes = [regime]
            return findings
        }
        var everything = base
        everything.headlineFacts = ["recordClose", "dayMove", "longLiquidations", "shortLiquidations", "openInterestWeek", "fundingLevel",
                                    "etfRunEnded", "exchangeRunEnded", "etfRunLong", "exchangeRunLong"]
            .map { HeadlineFact(id: $0, rarity: 99) }
        (everything.price.isRecord, everything.price.closesBegin) = (true, Day("2017-08-17"))
        everything.price.previousRecord = DayValue(day: day.adding(days: -30), value: 107_000)
        everything.price.recentFall = DayValue(day: day.adding(days: -1), value: 12)
        (everything.liquidations.isLongRecord, everything.liquidations.isShortRecord) = (true, true)
        everything.liquidations.isLargestShortInWindow = true
        everything.liquidations.dataBegins = Day("2019-01-01")
        everything.risk.swingLookbackDays = 180
        everything.risk.points = ["fundingExtreme", "fundingElevated", "fundingHighForMarket", "openInterestHigh", "leverageAtRecords", "nearSupport", "newLow",
                                  "heavyLiquidations", "strongDivergence", "whaleSale", "dayFall", "recentFall", "drawdown"]
            .map { RiskPoint(id: $0, points: 1) }
        everything.funding.trendPeak = DayValue(day: day.adding(days: -5), value: 50)
        everything.funding.trendStart = DayValue(day: day.adding(days: -60), value: 3)
        (everything.funding.trendLow, everything.funding.lowStandsOut) = (DayValue(day: day.adding(days: -2), value: -16), true)
        everything.risk.heavyLiquidationsOnRise = true
        let sale = everything.whale.sales[0]
        everything.whale.moves = [sale]
        everything.whale.inbound = [sale]
        everything.whale.lastEarlier = sale
        everything.divergence.exchangeFlows.ended = Streak(first: day.adding(days: -5), last: day.adding(days: -1), days: 5, total: -10)
        everything.divergence.exchangeFlows.endedBy = DayValue(day: day, value: 5)
        everything.divergence.etfFlows.ended = everything.divergence.exchangeFlows.ended
        everything.divergence.etfFlows.endedBy = DayValue(day: day, value: 5e6)
        everything.divergence.etfFlows.launch = Day("2024-01-11")
        shapes.append(everything)
        // Young data: nothing ranked, so crowding and some risk factors can't be read.
        var young = everything
        (young.openInterest.percentile, young.liquidations.longRank, young.funding.rank) = (nil, nil, nil)
        shapes.append(young)
        var missing = young
        (missing.funding.regime, missing.openInterest.coins, missing.liquidations.longUSD) = (nil, nil, nil)
        missing.whale.transfersReported = false
        shapes.append(missing)
        // Every call the readings make, each shape with one of them changed.
        let calls = ReadingAnalysis.read(everything)
        func with(_ change: (inout Readings) -> Void) -> Findings {
            var findings = everything
            findings.readings = calls
            change(&findings.readings!)
            return findings
        }
        shapes += CrowdingCall.allCases.map { crowding in with { $0.crowding = crowding; $0.fundingHighOnlyForMarket = true } }
        shapes += CrowdingCall.allCases.map { crowding in with { $0.crowding = crowding; $0.fundingHighOnlyByBaseline = true } }
        shapes += SupportCall.allCases.map { support in with { $0.support = support } }
        shapes += SpotCall.allCases.map { spot in with { $0.spot = spot } }
        for lean in SpotLean.allCases {
            var uneven = with { $0.spot = .mixed }
            uneven.divergence.spotLean = lean
            shapes.append(uneven)
            uneven.divergence.spotLeanByLength = true
            shapes.append(uneven)
        }
        shapes.append(with { $0.sellingBehindFall = true })
        shapes.append(with { $0.riskCeiling = .high })
        // A slide of new lows: a signal holds, but none is met.
        var slide = everything
        (slide.stabilization.slideGoesOn, slide.stabilization.heldCount, slide.risk.isNewLow) = (true, 1, true)
        slide.stabilization.fundingNeutral = SignalFinding(met: true)
        shapes.append(slide)
        // The same, the day after the new low.
        slide.risk.isNewLow = false
        shapes.append(slide)
        // The close back at the low, today and days ago: the wait starts again.
        for back in [0, 2] {
            let low = slide.risk.support!.value
            slide.risk.lowRetest = DayValue(day: slide.day.adding(days: -back), value: low * 1.004)
            shapes.append(slide)
        }
        slide.risk.lowRetest = nil
        // A range: the close in it (a quiet day and not), and leaving it either way, another regime leading.
        for position in RangePosition.allCases {
            var ranged = everything
            ranged.price.range = PriceRange(days: 30, through: Day("2025-08-25")!, low: DayValue(day: Day("2025-08-01")!, value: 100),
                                            high: DayValue(day: Day("2025-08-10")!, value: 105), widthPct: 5, position: position)
            ranged.regimes = ranged.price.range!.holds ? [.rangeBound, .accumulation, .distribution, .quiet] : [.newLow]
            shapes.append(ranged)
            ranged.regimes = [.longSqueeze, .rangeBound]
            shapes.append(ranged)
        }
        // The day after a break, back inside the range it broke: the break failed.
        for side in [RangePosition.above, .below] {
            var failed = everything
            failed.price.range = PriceRange(days: 30, through: Day("2025-08-23")!, low: DayValue(day: Day("2025-08-01")!, value: 100),
                                            high: DayValue(day: Day("2025-08-10")!, value: 105), widthPct: 5, position: .middle, failedBreak: side)
            failed.regimes = [.rangeBound]
            shapes.append(failed)
            failed.regimes = [.rally, .rangeBound]
            shapes.append(failed)
        }
        // Funding at the bottom of its year, the liquidations at the top.
        var extremes = everything
        extremes.funding.rank = Rank(percentile: 1, days: 365, isHighest: false, isLowest: true)
        extremes.liquidations.longRank = Rank(percentile: 99, days: 365, isHighest: true)
        shapes.append(extremes)
        for status in DataStatus.allCases {
            var findings = everything
            findings.divergence.exchangeFlows.status = status
            findings.divergence.etfFlows.status = status
            shapes.append(findings)
        }
        return shapes
    }

    /// Hand-made findings: a stressed market, or a calm one.
    static func example(calm: Bool) -> Findings {
        let day = Day("2025-08-26")!
        let point = DayValue(day: day.adding(days: -3), value: 117_000)
        let flows = { (current: Streak?, status: DataStatus) in
            FlowFinding(status: status, dueDay: day, marketClosedToday: false,
                        latest: current.map { DayValue(day: $0.last, value: $0.total) }, current: current, ended: nil,
                        endedBy: nil, launch: nil)
        }
        return Findings(
            asset: .btc, day: day,
            price: PriceFinding(close: 108_000, previous: DayValue(day: day.adding(days: -1), value: 110_200),
                                dayChangePct: calm ? 0.5 : -2.0, dayMoveRank: Rank(percentile: calm ? 40 : 97.8, days: 365, isHighest: false),
                                changeFrom: point, changePct: calm ? 0.5 : -7.7, changeDays: 3, isMultiDayStory: !calm,
                                recentHigh: point, highWindowDays: 30, belowHighPct: calm ? 0 : 7.7, isAtHigh: calm),
            funding: FundingFinding(rate: calm ? 0.000025 : 0.00008, intervalHours: 8, ratePer8hPct: calm ? 0.0025 : 0.008,
                                    annualizedPct: calm ? 2.74 : 8.76, regime: calm ? .neutral : .elevated,
                                    neutralLowPct: 0, neutralHighPct: 0.01, baselinePct: 0.01,
                                    rank: Rank(percentile: calm ? 40 : 87, days: 365, isHighest: false), isHigh: !calm,
                                    trendStart: point, trendPeak: point, trendDays: 60),
            openInterest: OpenInterestFinding(coins: 310_600, usd: 3.3e10, percentile: calm ? 50 : 100, rangeDays: 731, windowDays: 730,
                                              rangeStart: day.adding(days: -730), hasFullHistory: true,
                                              rangeHigh: point, isRangeHigh: !calm, isHigh: !calm, dayChangePct: 0.3,
                                              weekChangePct: 4, weekChangeRank: Rank(percentile: 80, days: 365, isHighest: false),
                                              changeFrom: point, change: 41_000, changeDays: 60),
            liquidations: LiquidationFinding(longUSD: calm ? 20e6 : 477e6, shortUSD: 38e6, longSharePct: 90, largestLong: point,
                                             isLargestInWindow: !calm, isLargestShortInWindow: false,
                                             longRank: Rank(percentile: calm ? 20 : 99.9, days: 365, isHighest: !calm), shortRank: Rank(percentile: 40, days: 365, isHighest: false),
                                             isHeavy: !calm, isShortsHeavy: false, isLight: calm, windowDays: 30),
            whale: WhaleFinding(
                sales: calm ? [] : [WhaleSale(id: "a", asset: .btc, action: .sold, day: day, amount: 22_400, usdValue: 2.6e9, dormantYears: 7.1,
                                              rotatedInto: .eth, label: "w"),
                                    WhaleSale(id: "b", asset: .btc, action: .sold, day: day, amount: 100, usdValue: 2e8, dormantYears: 9,
                                              rotatedInto: nil, label: "")],
                moves: [], inbound: [], lastEarlier: nil, closeBeforeSale: calm ? nil : point, changeSinceSalePct: calm ? nil : -7.7,
                isTrigger: !calm,
                totalAmount: 22_500, totalUSD: 2.8e9,
                rotation: calm ? nil : RotationFinding(asset: .eth, weekHigh: point, priorHigh: point, brokeOut: true, ratioChangePct: 5),
                lookbackDays: 7, minDormantYears: 5, minUSD: 1e8),
            divergence: DivergenceFinding(fundingAboveNeutral: !calm, openInterestHigh: !calm, crowdedLong: !calm,
                                          exchangeFlows: flows(calm ? nil : Streak(first: day, last: day, days: 1, total: 5), .reported),
                                          etfFlows: flows(calm ? nil : Streak(first: day.adding(days: -2), last: day, days: 3, total: -1e9),
                                                          .reported),
                                          spotSelling: !calm, spotBuying: false, spotJudged: !calm, level: calm ? .none : .strong),
            risk: RiskFinding(support: point, supportWindowDays: 30, distancePct: 0, nearSupport: true, nextSupport: point,
                              fundingAboveNeutral: !calm,
                              points: calm ? [RiskPoint(id: "nearSupport", points: 1)]
                                  : [RiskPoint(id: "fundingElevated", points: 1), RiskPoint(id: "openInterestHigh", points: 1),
                                     RiskPoint(id: "nearSupport", points: 1), RiskPoint(id: "heavyLiquidations", points: 1),
                                     RiskPoint(id: "strongDivergence", points: 1), RiskPoint(id: "whaleSale", points: 1)],
                              score: calm ? 1 : 6, maxScore: 10, level: calm ? .low : .high),
            stabilization: StabilizationFinding(inSelloff: !calm, appliesETF: true, appliesRotation: true,
                                                etfInflowsReturn: SignalFinding(met: calm), recentETFFlows: [point], etfInflowDays: 2,
                                                rotationStops: SignalFinding(met: calm ? true : nil), rotationVolatilityPct: calm ? 0.8 : nil,
                                                rotationVolatilityDays: 7, rotationVolatilityMaxPct: 1.5,
                                                fundingNeutral: SignalFinding(met: calm), metCount: calm ? 2 : 0, total: 3),
            regimes: calm ? [.quiet] : [.longSqueeze, .selloff],
            headlineFacts: calm ? [] : [HeadlineFact(id: "longLiquidations", rarity: 100), HeadlineFact(id: "dayMove", rarity: 97.8)],
            charts: ChartData(
                price: DailySeries(start: day.adding(days: -4), values: [117_000, 116_000, nil, 110_000, 108_000]),
                fundingPer8hPct: DailySeries(start: day.adding(days: -3), values: [0.003, 0.006, nil, calm ? 0.0025 : 0.008]),
                // Weekly closes, more of them than the table shows (a row every 4 points).
                openInterest: DailySeries(start: day.adding(days: -35), values: [255_000, 269_600, 280_000, 290_000, 300_000, 310_600],
                                          stepDays: 7),
                etfFlows: DailySeries(start: day.adding(days: -3), values: [-350e6, nil, -413e6, calm ? 88e6 : -296e6]),
                exchangeNetflows: DailySeries(start: day.adding(days: -2), values: [1_000, -200, 3_000]),
                rotationRatio: DailySeries(start: day.adding(days: -2), values: [0.040, 0.042, 0.046]),
                longLiquidations: DailySeries(start: day.adding(days: -2), values: [156e6, 212e6, calm ? 20e6 : 477e6]),
                shortLiquidations: DailySeries(start: day.adding(days: -2), values: [22e6, nil, 38.6e6])),
            sources: ["test"]
        )
    }
}
