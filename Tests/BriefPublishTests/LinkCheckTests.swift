import BriefValidate
import Testing
@testable import BriefPublish

@Suite struct LinkCheckTests {
    private let paths: Set<String> = ["index.html", "style.css", "briefs/BTC/2025-08-26/index.html", "archive/2025-08.html"]
    private let reports = ["briefs/BTC/2025-08-26/index.html": PageReport(problems: [], ids: ["leverage"])]

    /// What is wrong with `link` on `page`, `nil` when nothing.
    private func problem(_ link: String, from page: String = "briefs/BTC/2025-08-26/index.html") -> String? {
        let check = SiteCheck(briefSectionIDs: [])
        let report = PageReport(problems: [], references: [(line: 1, value: link)], ids: reports[page]?.ids ?? [])
        let links = check.links(of: page, report: report, exists: paths.contains)
        let fragments = check.fragmentProblems(links.fragments) { reports[$0]?.ids }
        return (links.problems + fragments).first.map { String($0.drop { $0 != " " }.dropFirst()) }
    }

    @Test func relativeLinksToFilesOfTheSiteResolve() {
        #expect(problem("../../../index.html") == nil)
        #expect(problem("./../../../archive/2025-08.html") == nil)
        #expect(problem("#leverage") == nil)
        #expect(problem("briefs/BTC/2025-08-26/index.html#leverage", from: "index.html") == nil)
        #expect(problem("style.css?v=1", from: "index.html") == nil)
    }

    @Test func linksOutsideTheSiteAreNotItsBusiness() {
        #expect(problem("https://example.org/x.html") == nil)
        #expect(problem("mailto:desk@example.org") == nil)
        #expect(problem("//cdn.example.org/x.css") == nil)
    }

    @Test func aSchemeIsALetterThenLettersDigitsPlusDotOrDashThenAColon() {
        for link in ["https://x", "a:", "mailto:x", "git+ssh://x", "x-y.z+1:", "HTTP:", "Z9:x"] {
            #expect(SiteCheck.startsWithScheme(link), "\(link)")
        }
        for link in ["", ":x", "1a:", "-a:", "a", "a b:", "a/b:c", "a_b:", "é:", "./a:b", "?a:", "#a:", "ab"] {
            #expect(!SiteCheck.startsWithScheme(link), "\(link)")
        }
        #expect(problem("a/b:c") != nil, "a colon after a slash is a relative path")
    }

    @Test func brokenLinksAreNamed() {
        #expect(problem("../2025-08-25/index.html") == "link \"../2025-08-25/index.html\" leads to briefs/BTC/2025-08-25/index.html, which the site does not have")
        #expect(problem("../../../../../etc/passwd") == "link \"../../../../../etc/passwd\" leads out of the site")
        #expect(problem("/index.html")?.contains("must be relative") == true)
        #expect(problem("#nowhere") == "link \"#nowhere\": briefs/BTC/2025-08-26/index.html has no id \"nowhere\"")
        #expect(problem("briefs/BTC/2025-08-26/index.html#nowhere", from: "index.html")
            == "link to briefs/BTC/2025-08-26/index.html#nowhere: briefs/BTC/2025-08-26/index.html has no id \"nowhere\"")
        #expect(problem("../../../briefs/BTC/2025-08-26/") != nil, "a folder does not open from file://")
    }
}
