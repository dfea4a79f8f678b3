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
            let entries = documents.map { SiteEntry(asset: $0.findings.asset, day: $0.findings.day, fingerprint: "\(round)") }
            let jobs = renderer.siteJobs(entries, baseURL: "https://example.org/", base: "test") { _, day, _ in
                documents.first { $0.findings.day == day }!
            }
            for job in jobs {
                let contents = try renderer.render(job)
                switch job.kind {
                case .briefPage: #expect(briefValidator.problems(in: contents).isEmpty, "round \(round): \(job.path)")
                case .page: #expect(HTMLValidator().problems(in: contents).isEmpty, "round \(round): \(job.path)")
                case .feed: #expect(XMLValidator.feedProblems(contents).isEmpty, "round \(round): feed")
                case .sitemap: #expect(XMLValidator.sitemapProblems(contents).isEmpty, "round \(round): \(job.path)")
                case .sitemapIndex: #expect(XMLValidator.sitemapIndexProblems(contents).isEmpty, "round \(round): sitemap index")
                case .stylesheet: break
                }
            }
        }
    }

    @Test func printableReplacesControlAndBidiCharactersOnly() {
        #expect(PrintableText.of("a\u{07}b\u{202E}c<d>&é😀") == "a\u{FFFD}b\u{FFFD}c<d>&é😀")
        #expect(PrintableText.of("ASCII ~ only\tthen\u{7F} DEL\u{1B}[31m") == "ASCII ~ only\u{FFFD}then\u{FFFD} DEL\u{FFFD}[31m")
        #expect(PrintableText.of("fit: –, €, 😀, \u{2028}") == "fit: –, €, 😀, \u{2028}", "a line separator is Zl, not a control")
        #expect(PrintableText.of("\u{FFFE}\u{200F}\u{85}") == "\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(PrintableText.ofLines("one\n\ntwo é\n") == "one\n\ntwo é\n")
        #expect(PrintableText.ofLines("one\u{1B}\ntwo\r\nthree\u{202E}\n") == "one\u{FFFD}\ntwo\u{FFFD}\u{FFFD}three\u{FFFD}\n",
                "a carriage return is unfit, and with its line feed one character: both replaced, as before")
    }
}
