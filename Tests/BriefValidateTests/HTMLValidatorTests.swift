import Foundation
import Testing
@testable import BriefValidate

/// A sound HTML5 page with inline SVG; each test breaks one thing.
private let soundPage = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>BTC brief</title>
</head>
<body>
<header><nav><a href="#leverage">Leverage</a></nav></header>
<main>
<section id="leverage"><h2>Leverage</h2><p>Funding 0.008% &amp; rising&nbsp;now.</p>
<figure><svg viewBox="0 0 10 10" role="img"><title>Funding</title><polyline points="0,0 10,10"/></svg>
<figcaption>Funding</figcaption></figure>
<details><summary>Numbers</summary><p><time datetime="2025-08-26">Aug 26</time></p></details>
<img src="x.png" alt="chart">
</section>
</main>
<footer><p>Sources</p></footer>
</body>
</html>
"""

/// The same page written as well-formed XML, as marketbrief writes its pages: read by the XML
/// parser, with the element checks the HTML parser would have made done by the rule walk.
private let soundXMLPage = soundPage.replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
    .replacingOccurrences(of: "alt=\"chart\">", with: "alt=\"chart\"/>").replacingOccurrences(of: "&nbsp;", with: "&#160;")

private func problems(_ page: String, sections: [String] = ["leverage"]) -> [String] {
    HTMLValidator(requiredSectionIDs: sections).problems(in: page).map(\.description)
}

@Suite struct HTMLValidatorTests {
    @Test func aSoundHTML5PageWithSVGPasses() {
        #expect(problems(soundPage) == [])
    }

    /// Each defect, on the page as HTML (read by the HTML parser) and as well-formed XML (read by
    /// the XML parser, or by the HTML parser once the defect makes it ill-formed): the same report.
    @Test(arguments: [soundPage, soundXMLPage], [
        ("<p>Funding", "<p id=\"leverage\">Funding", "line 10: duplicate id \"leverage\""),
        ("href=\"#leverage\"", "href=\"#missing\"", "line 8: link to a missing #anchor \"#missing\""),
        ("alt=\"chart\"", "", "line 14: image without alt text"),
        ("<title>Funding</title>", "", "line 11: chart (svg) without a title or aria-label"),
        ("<html lang=\"en\">", "<html>", "line 2: missing lang attribute on <html>"),
        ("<title>BTC brief</title>", "", "line 0: missing or empty <title>"),
        ("<meta charset=\"utf-8\"", "<meta", "line 0: missing <meta charset=\"utf-8\">"),
        ("<!DOCTYPE html>\n", "\n", "line 1: missing <!DOCTYPE html>"),
        ("&amp; rising", "&bogus; rising", "line 10: undefined or disallowed entity &bogus;"),
        ("<h2>Leverage</h2>", "<h2>Leverage</h3>", "line 10: Unexpected end tag : h3 (libxml2 code 76)"),
    ])
    func eachDefectIsReportedWithItsLine(sound: String, defect: (find: String, replace: String, expected: String)) {
        let page = sound.replacingOccurrences(of: defect.find, with: defect.replace)
        #expect(page != sound)
        #expect(problems(page).contains(defect.expected), "got \(problems(page))")
    }

    /// What only the HTML parser knows, the rule walk checks on a page the XML parser read.
    @Test func aPageOfWellFormedXMLIsReadByTheXMLParser() throws {
        #expect(problems(soundXMLPage) == [])
        let blink = "<blink>x</blink><footer>"
        #expect(problems(soundPage.replacingOccurrences(of: "<footer>", with: blink)).contains("line 17: Tag blink invalid (libxml2 code 801)"))
        // The proof of which parser read it: the rule walk's own words.
        #expect(problems(soundXMLPage.replacingOccurrences(of: "<footer>", with: blink)) == ["line 17: unknown element <blink>"])
        let misspelled = problems(soundXMLPage.replacingOccurrences(of: "<svg viewBox", with: "<svg><title>t</title><lineargradent/></svg><svg viewBox"))
        #expect(misspelled == ["line 11: unknown element <lineargradent>"])
        let nested = problems(soundXMLPage.replacingOccurrences(of: "<p>Sources</p>", with: "<p><div>Sources</div></p>"))
        #expect(nested == ["line 17: <div> inside <p> (a paragraph holds phrasing content only)"])
    }

    @Test func undefinedEntitiesAreFoundWithTheirLines() {
        let text = "&bad1; & &amp; &#38; &a\n\n&ndash;&zz;\nx&&y;&copy"
        #expect(HTMLEntityScan.undefinedEntities(in: text).map(\.description)
            == ["line 1: undefined or disallowed entity &bad1;", "line 3: undefined or disallowed entity &zz;",
                "line 4: undefined or disallowed entity &y;"])
        #expect(HTMLEntityScan.undefinedEntities(in: "").isEmpty)
        #expect(HTMLEntityScan.undefinedEntities(in: "é &é; &").isEmpty)
    }

    @Test func aMissingSectionIsReported() {
        #expect(problems(soundPage, sections: ["leverage", "divergence"]) == ["line 0: missing section #divergence"])
    }

    @Test func controlCharactersAndMisnestingAreParseErrors() {
        #expect(!problems(soundPage.replacingOccurrences(of: "Sources", with: "Sou\u{01}rces")).isEmpty)
        #expect(!problems(soundPage.replacingOccurrences(of: "<p>Sources</p>", with: "<p><div>Sources</div></p>")).isEmpty)
    }
}

/// What the attack review found: a page libxml2 would take minutes or gigabytes over.
@Suite(.timeLimit(.minutes(1))) struct PageLimitTests {
    private let head = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>t</title></head><body><main>\n"
    private let tail = "</main></body></html>\n"

    /// libxml2 raised and copied one error per `--`, rescanning: 256 KiB of dashes took 14 s.
    @Test func aCommentHoldingTwoDashesOrNeverEndedIsRefusedBeforeLibxml2() {
        let dashes = head + "<!--" + String(repeating: "-", count: 256 << 10) + ">x" + tail
        #expect(problems(dashes, sections: []) == ["line 3: '--' inside a comment, before its end '-->' (XML forbids it; libxml2 would report each one); the page was not parsed"])
        let spaced = head + "<p>x</p>\n<!--" + String(repeating: "-- ", count: 70_000) + "-->" + tail
        #expect(problems(spaced, sections: []).first?.hasPrefix("line 4: '--' inside a comment") == true)
        #expect(problems(head + "<p>x</p>\n\n<!-- a" + tail, sections: [])
            == ["line 5: a comment that is never closed (no '-->' after its '<!--'); the page was not parsed"])
        // Sound comments pass, an empty one too.
        #expect(problems(head + "<!-- a - b --><!----><p>x</p><!--\n-->" + tail, sections: []) == [])
    }

    @Test func aPageOverTheSizeLimitIsNotParsed() throws {
        let page = head + String(repeating: "<p>a</p>", count: HTMLValidator.maxPageBytes / 8) + tail
        #expect(problems(page, sections: []) == ["line 0: \(page.utf8.count) bytes, more than the 4194304 a page may have; the page was not parsed"])
        // A file is not read past the limit.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString).html")
        try Data(page.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard case .failure(let problem) = HTMLValidator.readPage(atPath: file.path) else { Issue.record("read"); return }
        #expect(problem.description == "line 0: \(page.utf8.count) bytes, more than the 4194304 a page may have; the page was not read")
        let small = head + "<p>a</p>" + tail
        try Data(small.utf8).write(to: file)
        #expect((try? HTMLValidator.readPage(atPath: file.path).get()) == small)
    }

    /// One problem per element used to give a line each: a million lines from one page.
    @Test(arguments: [
        (String(repeating: "<p id=\"x\">a</p>\n", count: 5000), 4999),
        (String(repeating: "</b>\n", count: 5000), 5000),
        (String(repeating: "&bad;\n", count: 5000), 5000),
    ])
    func aPageReportListsItsFirstHundredProblems(body: String, expected: Int) {
        let found = problems(head + body + tail, sections: [])
        #expect(found.count == 101)
        #expect(found.last?.hasSuffix("more problems (a page's report lists the first 100)") == true, "\(found.last ?? "")")
        if expected > 0 { #expect(found.last == "line 0: and \(expected - 100) more problems (a page's report lists the first 100)") }
        #expect(found.first?.hasPrefix("line 3: ") == true || found.first?.hasPrefix("line 4: ") == true, "\(found.first ?? "")")
    }
}
