@testable import BriefCore
import BriefValidate
import Foundation
import Testing
@testable import BriefRender

private let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

/// Hostile text from a seeded generator: the same seed gives the same strings on every run.
struct HostileText {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    static let pieces = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "{{asset}}", "{{{raw}}}",
        "{{> blocks.html}}", "{{#x}}", "]]>", "<![CDATA[", "<!--", "-->", "&", "&amp;", "&#0;", "&bogus;", "'", "\"", "</section>",
        "</html>", "javascript:alert(1)", "\u{202E}", "\u{200F}", "\u{2066}", "\u{07}", "\u{00}", "\u{1B}[31m", "\u{7F}", "\u{85}",
        "\u{FEFF}", "\u{FFFF}", "é", "😀", "👩‍👩‍👧", "𝔘", "\n", "\r\n", "\t", " ", "a", "BTC", "%s%n", "\\", "$", "—",
    ]

    mutating func next() -> String {
        let count = 1 + Int(random() % 6)
        return (0..<count).map { _ in Self.pieces[Int(random() % UInt64(Self.pieces.count))] }.joined()
    }

    private mutating func random() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
}

@Suite struct PropertyTests {
    /// Any text in the data's free-text fields (a whale sale's label, the sources) comes out
    /// escaped on every page — the brief, the site's pages, the feed — and every page still validates.
    @Test func anyDataTextIsEscapedAndEveryPageStillValidates() throws {
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        let briefValidator = HTMLValidator(requiredSectionIDs: BriefSection.allCases.map(\.rawValue))
        var generator = HostileText(seed: 2025)
        for round in 0..<60 {
            var documents: [BriefDocument] = []
            for offset in 0..<2 {
                var findings = Findings.example(calm: offset == 0)
                findings.day = Day("2025-08-25")!.adding(days: offset)
                if findings.whale.sales.isEmpty { findings.whale = Findings.example(calm: false).whale }
                findings.whale.sales[0].label = generator.next()
                findings.sources = [generator.next(), generator.next()]
                let rendered = renderer.render(findings)
                let problems = briefValidator.problems(in: rendered.html)
                #expect(problems.isEmpty, "round \(round): \(findings.whale.sales[0].label.debugDescription): \(problems)")
                for raw in ["<script", "<img", "<svg onload", "<![CDATA["] {
                    #expect(!rendered.html.contains(raw), "round \(round): raw \(raw) in the page")
                }
                #expect(!rendered.text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" },
                        "round \(round): a control character in brief.txt")
                documents.append(BriefDocument(findings: findings, story: rendered.story, headline: rendered.headline,
                                               sections: rendered.sections.map { .init(id: $0.section.rawValue, text: $0.text) }))
            }
            // Every page of the site that shows the briefs' text, labels and sources.
            let (first, second) = (documents[0], documents[1])
            let summaries = documents.map(BriefSummary.init)
            let month = MonthLink(href: "../archive/2025-08.html", month: first.findings.day)
            let listed = [ListedBrief(summary: summaries[0], href: "a.html"),
                          ListedBrief(summary: summaries[1], href: "b.html", diff: DayLink(href: "b-diff.html", day: first.findings.day))]
            let links = BriefPageLinks(root: "../../../", canonical: "https://example.org/b.html", next: nil, month: month.href,
                                       assetPage: "../index.html", sameDay: [])
            let pages = [
                ("first brief", try renderer.renderBriefPage(first, since: nil, links: links)),
                ("brief", try renderer.renderBriefPage(second, since: PreviousBrief(document: first, href: "a.html", diffHref: "diff.html"), links: links)),
            ]
            for (name, contents) in pages {
                #expect(briefValidator.problems(in: contents).isEmpty, "round \(round): \(name)")
            }
            let otherPages = [
                ("diff", try renderer.renderDiffPage(from: first, to: second, links: DiffPageLinks(root: "../../../", previousDiff: nil, nextDiff: nil,
                                                                                                  from: "a.html", to: "b.html"))),
                ("home", try renderer.renderHomePage(root: "", latest: [HomeNote(document: second, href: "b.html", assetHref: "asset.html",
                                                                                 diff: listed[1].diff)],
                                                     earlier: [[listed[0]]], months: [ListedMonth(link: month, briefs: 2)],
                                                     assets: [AssetLink(href: "asset.html", asset: second.findings.asset)])),
                ("month", try renderer.renderArchiveMonth(root: "../", month: month, briefs: listed, previous: nil, next: nil)),
                ("asset", try renderer.renderAssetPage(second.findings.asset, root: "../../", feedHref: "feed.xml", briefs: listed, listed: 2, total: 2,
                                                       months: [ListedMonth(link: month, briefs: 2)])),
                ("archive", try renderer.renderArchiveIndex(root: "../", assets: [ArchivedAsset(link: AssetLink(href: "asset.html", asset: second.findings.asset),
                                                                                                briefs: 2, first: first.findings.day, last: second.findings.day)],
                                                            months: [ListedMonth(link: month, briefs: 2, briefsPerAsset: [(second.findings.asset, 2)])],
                                                            latest: [summaries[1]])),
            ]
            for (name, contents) in otherPages {
                #expect(HTMLValidator().problems(in: contents).isEmpty, "round \(round): \(name)")
            }
            let feed = try renderer.renderFeed(id: "https://example.org/feed.xml", asset: nil, indexHref: "https://example.org/",
                                               selfHref: "https://example.org/feed.xml",
                                               entries: listed.reversed().map { FeedEntry(id: "https://example.org/" + $0.href, href: "https://example.org/" + $0.href,
                                                                                         summary: $0.summary, diff: $0.diff) })
            #expect(XMLValidator.feedProblems(feed).isEmpty, "round \(round): feed")
            let sitemaps = [SitemapEntry(loc: "https://example.org/b.html", lastmod: second.findings.day.description)]
            #expect(XMLValidator.sitemapProblems(try renderer.renderSitemap(sitemaps)).isEmpty, "round \(round): sitemap")
            #expect(XMLValidator.sitemapIndexProblems(try renderer.renderSitemapIndex(sitemaps)).isEmpty, "round \(round): sitemap index")
        }
    }

    @Test func printableReplacesControlBidiAndLineSeparatorCharactersOnly() {
        #expect(PrintableText.of("a\u{07}b\u{202E}c<d>&é😀") == "a\u{FFFD}b\u{FFFD}c<d>&é😀")
        #expect(PrintableText.of("ASCII ~ only\tthen\u{7F} DEL\u{1B}[31m") == "ASCII ~ only\u{FFFD}then\u{FFFD} DEL\u{FFFD}[31m")
        #expect(PrintableText.of("fit: –, €, 😀") == "fit: –, €, 😀")
        // A line or paragraph separator breaks a line where none is expected (a file name once
        // reached the terminal and brief.txt with one).
        #expect(PrintableText.of("a\u{2028}b\u{2029}") == "a\u{FFFD}b\u{FFFD}")
        #expect(PrintableText.of("\u{FFFE}\u{200F}\u{85}") == "\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(PrintableText.ofLines("one\n\ntwo é\n") == "one\n\ntwo é\n")
        #expect(PrintableText.ofLines("one\u{1B}\ntwo\r\nthree\u{202E}\n") == "one\u{FFFD}\ntwo\u{FFFD}\u{FFFD}three\u{FFFD}\n",
                "a carriage return is unfit, and with its line feed one character: both replaced, as before")
    }
}
