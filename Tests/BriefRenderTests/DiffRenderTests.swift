@testable import BriefCore
import BriefValidate
import Foundation
import Testing
@testable import BriefRender

private let templatesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

@Suite struct DiffRenderTests {
    private func document(calm: Bool, day: String) -> BriefDocument {
        var findings = Findings.example(calm: calm)
        findings.day = Day(day)!
        return BriefDocument(findings: findings, story: "BTC at $108,000", headline: calm ? "A quiet day." : "A sell-off.",
                             sections: [.init(id: "leverage", text: calm ? "Funding is 0.0025% per 8h." : "Funding is 0.008% per 8h.")])
    }

    /// `diff` compiles the template it renders and that template's partials, not the folder.
    @Test func aRendererOfOneTemplateRendersAsTheWholeFolderDoes() throws {
        let diff = BriefDiff(from: document(calm: true, day: "2025-08-25"), to: document(calm: false, day: "2025-08-26"))
        let whole = try BriefRenderer(templatesDirectory: templatesFolder.path)
        let text = try BriefRenderer(templatesDirectory: templatesFolder.path, only: BriefRenderer.diffTextTemplates)
        #expect(try text.diffText(diff, marks: .colored) == whole.diffText(diff, marks: .colored))
        let page = try BriefRenderer(templatesDirectory: templatesFolder.path, only: BriefRenderer.diffPageTemplates)
        #expect(try page.diffPage(diff) == whole.diffPage(diff))
        #expect(throws: (any Error).self, "brief.txt was not loaded") { try text.diffPage(diff) }
    }

    @Test func aRendererOfOneTemplateChecksWhatItLoads() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        let folder = base.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("site"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name + ".mustache"), atomically: true, encoding: .utf8)
        }
        func refusal(_ names: [String]) -> String {
            do {
                _ = try BriefRenderer(templatesDirectory: folder.path, only: names)
                return "loaded"
            } catch {
                return "\(error)"
            }
        }
        try write("diff.txt", "{{> part.txt}}\n")
        try write("part.txt", "{{#open}} never closed\n")
        try write("unrelated.txt", "{{#broken}}\n")
        #expect(refusal(["diff.txt"]).hasSuffix("part.txt.mustache:1:1: template syntax: {{#open}} is never closed"), "a partial is compiled")
        try write("part.txt", "{{> ../outside.txt}}\n")
        try "secret".write(to: base.appendingPathComponent("outside.txt.mustache"), atomically: true, encoding: .utf8)
        #expect(refusal(["diff.txt"]).contains("names the partial ../outside.txt, which does not exist"), "no partial is read outside the folder")
        try write("part.txt", "fine\n")
        #expect(refusal(["diff.txt"]) == "loaded", "a template it does not need may be broken")
        #expect(refusal(["site/diff.html"]).hasSuffix("site/diff.html.mustache:0:0: required template is missing"))
    }

    /// Funding in the band before it can be ranked is not "no data": the diff says why.
    @Test func aSignalThatCannotBeJudgedYetSaysWhy() throws {
        var young = document(calm: true, day: "2025-08-25")
        (young.findings.funding.rank, young.findings.stabilization.fundingNeutral) = (nil, SignalFinding(met: nil))
        var missing = young
        (missing.findings.funding.regime, missing.findings.funding.ratePer8hPct) = (nil, nil)
        let ranked = document(calm: true, day: "2025-08-26")
        func funding(_ from: BriefDocument) -> String? {
            BriefDiff(from: from, to: ranked).signals.first { $0.id == "funding-neutral" }.map { "\($0.from ?? "-") → \($0.to ?? "-")" }
        }
        #expect(funding(young) == "notRankedYet → met")
        #expect(funding(missing) == "- → met")
        // Likewise open interest reported but too young to rank.
        var unranked = young
        unranked.findings.openInterest.percentile = nil
        let words = try BriefRenderer(templatesDirectory: templatesFolder.path).diffWords
        let percentile = DiffViewModel.make(BriefDiff(from: unranked, to: ranked), words: words).nodes("metrics")
            .first { $0.text("id") == "open-interest-percentile" }
        #expect(percentile?.text("values") == "not ranked yet → 50th")
    }

    /// Every id a diff may hold has its one word in the templates, and a writer's words are used.
    @Test func everyIdHasItsWordInTheTemplates() throws {
        let words = try BriefRenderer(templatesDirectory: templatesFolder.path).diffWords
        for kind in DiffWords.Kind.allCases {
            for id in DiffWords.ids[kind]! {
                let word = words.word(kind, id)
                #expect(!word.isEmpty && !word.contains("\n"), "\(kind) \(id): \"\(word)\"")
            }
        }
        #expect(words.word(.value, "nearlyCrowded") == "just short of crowded" && words.word(.state, "support") == "Against support")
        #expect(words.word(.metric, "support") == "Support")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("diff-words.txt.mustache")
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: "{{#crowdedLong}}crowded long{{/crowdedLong}}",
                                                                                 with: "{{#crowdedLong}}longs crowded in{{/crowdedLong}}")
            .write(to: file, atomically: true, encoding: .utf8)
        let diff = BriefDiff(from: document(calm: true, day: "2025-08-25"), to: document(calm: false, day: "2025-08-26"))
        let text = try BriefRenderer(templatesDirectory: folder.path, only: BriefRenderer.diffTextTemplates).diffText(diff, marks: .plain)
        #expect(text.contains("not stretched → longs crowded in"), "\(text)")
    }

    @Test func regimeTransitionsAndFlippedSignalsAreNamed() throws {
        let diff = BriefDiff(from: document(calm: true, day: "2025-08-25"), to: document(calm: false, day: "2025-08-26"))
        #expect(diff.hasChanges)
        let regimes = Dictionary(uniqueKeysWithValues: diff.regimes.filter(\.changed).map { ($0.id, "\($0.from ?? "-") → \($0.to ?? "-")") })
        #expect(regimes == ["funding-regime": "neutral → elevated", "open-interest-band": "normal → rangeHigh",
                            "crowding": "notStretched → crowdedLong", "spot": "- → selling",
                            "divergence": "none → strong", "risk-level": "low → high"])
        let signals = diff.signals.filter(\.changed).map { "\($0.id): \($0.from ?? "-") → \($0.to ?? "-")" }
        #expect(signals == ["etf-inflows-return: met → notMet", "rotation-stops: met → -", "funding-neutral: met → notMet"])
        let annualized = try #require(diff.metrics.first { $0.id == "funding-annualized" })
        #expect(abs(annualized.change! - 6.02) < 1e-9)
        #expect(annualized.changePct == nil, "a change of a percentage is in points, not percent")
        let longs = try #require(diff.metrics.first { $0.id == "long-liquidations" })
        #expect(abs(longs.changePct! - 2285) < 1e-9)

        let text = try BriefRenderer(templatesDirectory: templatesFolder.path).diffText(diff, marks: .plain)
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("Funding neutral → elevated"))
        #expect(lines.contains("Short-term risk low → high"))
        #expect(lines.contains("Leverage not stretched → crowded long"))
        #expect(lines.contains("Spot no data → selling"))
        #expect(lines.contains("Rotation calms down met → no data"))
        #expect(lines.contains("Long liquidations $20M → $477M +$457M (+2,285.0%)"))
        #expect(lines.contains("Exchange net-flow run (net) no data → 5 BTC"))
        #expect(lines.contains("Funding is [was: 0.0025%] [now: 0.008%] per 8h."))
        // Rewritten more than kept: the old line, then the new one.
        #expect(lines.contains("[was: A quiet day.]") && lines.contains("[now: A sell-off.]"))
        #expect(!text.contains(" \n"), "no trailing spaces")
        #expect(!text.contains("\u{1B}["))
        let colored = try BriefRenderer(templatesDirectory: templatesFolder.path).diffText(diff, marks: .colored)
        #expect(colored.contains("\u{1B}[31m[was: 0.0025%]\u{1B}[0m \u{1B}[32m[now: 0.008%]\u{1B}[0m"), "colour and words")
        // Escape codes take no room: a coloured diff wraps where the plain one does.
        let visible = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(visible == text)
    }

    /// A net flow's change reads as what the flow did: a percent of a negative amount, or a
    /// signed difference of two outflows, would not.
    @Test(arguments: [(-4e8, -3e8, "outflow shrank by $100M"), (-3e8, -4e8, "outflow grew by $100M"),
                      (2e8, 3e8, "inflow grew by $100M"), (3e8, 2e8, "inflow shrank by $100M"),
                      (-1e8, 1e8, "turned to an inflow"), (1e8, -1e8, "turned to an outflow"), (1e8, 0, "none now")])
    func netFlowChangesAreToldInWords(old: Double, new: Double, words: String) throws {
        var before = Findings.example(calm: false), after = before
        before.stabilization.recentETFFlows = [DayValue(day: before.day, value: old)]
        after.stabilization.recentETFFlows = [DayValue(day: after.day, value: new)]
        let diff = BriefDiff(from: BriefDocument(findings: before, story: "", headline: "", sections: []),
                             to: BriefDocument(findings: after, story: "", headline: "", sections: []))
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        let line = try renderer.diffText(diff, marks: .plain).split(separator: "\n").first { $0.contains("Spot-ETF net flow") }
        #expect(line.map { $0.hasSuffix("  " + words) } == true, "\(line ?? "no line")")
        #expect(line?.contains("%") == false)
    }

    /// The wording of a section in two briefs, as the text diff shows its changed lines (spaces squeezed).
    private func changedLines(_ old: String, _ new: String) throws -> [String] {
        var (before, after) = (document(calm: false, day: "2025-08-25"), document(calm: false, day: "2025-08-26"))
        (before.sections[0].text, after.sections[0].text) = (old, new)
        let text = try BriefRenderer(templatesDirectory: templatesFolder.path).diffText(BriefDiff(from: before, to: after), marks: .plain, width: 1000)
        return text.split(separator: "\n").drop { !$0.contains("Leverage") }.dropFirst().map { $0.split(separator: " ").joined(separator: " ") }
    }

    /// A sentence kept for the most part is marked word by word; one rewritten more than kept
    /// reads whole, as it was and as it is, and the sentences around it are left as they are.
    @Test func aRewrittenSentenceReadsWholeBeforeAndAfter() throws {
        let lines = try changedLines("Funding is 0.0025% per 8h. A one-day move of 3.2% ranks at the 97th percentile. Risk is low.",
                                     "Funding is 0.008% per 8h. Open interest rose 4.1% in 7 days, a 7-day move at the 94th percentile by size. Risk is low.")
        #expect(lines == ["Funding is [was: 0.0025%] [now: 0.008%] per 8h. [was: A one-day move of 3.2% ranks at the 97th percentile.] "
                          + "[now: Open interest rose 4.1% in 7 days, a 7-day move at the 94th percentile by size.] Risk is low."])
        // Half of the words kept is kept enough.
        #expect(try changedLines("One two three four.", "One two five six.") == ["One two [was: three four.] [now: five six.]"])
        #expect(try changedLines("One two three four five.", "One two six seven eight.") == ["[was: One two three four five.]", "[now: One two six seven eight.]"], "a line with no sentence kept: the old line, then the new")
    }

    /// A word kept between two longer changes is part of the change: no fragments to put together.
    @Test func aWordKeptBetweenChangesJoinsThem() throws {
        let lines = try changedLines("- ETF inflows return: not met (Aug 22 -$350M, Aug 25 -$413M).",
                                     "- ETF inflows return: not met (Aug 25 -$413M, Aug 26 -$296M).")
        #expect(lines == ["- ETF inflows return: not met (Aug [was: 22 -$350M, Aug 25 -$413M).] [now: 25 -$413M, Aug 26 -$296M).]"])
        // Two words kept between one-word changes stay kept.
        #expect(try changedLines("Funding 0.0025% per 8h, 92nd percentile.", "Funding 0.008% per 8h, 87th percentile.")
            == ["Funding [was: 0.0025%] [now: 0.008%] per 8h, [was: 92nd] [now: 87th] percentile."])
    }

    /// A paragraph only one brief has is a line of its own, not glued to its neighbour.
    @Test func aParagraphOnlyOneBriefHasIsALineOfItsOwn() throws {
        let lines = try changedLines("Leverage is high.\nSpot is selling.", "Leverage is high.\nFlows are not reported yet.\nSpot is selling.")
        #expect(lines == ["[now: Flows are not reported yet.]"], "\(lines)")
    }

    /// The headline comes first; on the page, lines starting `- ` are a list, and a number's two
    /// values have one precision.
    @Test func theHeadlineLeadsListsAreListsAndValuesShareAPrecision() throws {
        var (before, after) = (document(calm: true, day: "2025-08-25"), document(calm: false, day: "2025-08-26"))
        before.sections.append(.init(id: "stabilization", text: "None met.\n- ETF inflows: not met.\n- Funding neutral: met."))
        after.sections.append(.init(id: "stabilization", text: "None met.\n- ETF inflows: not met.\n- Funding neutral: not met."))
        let diff = BriefDiff(from: before, to: after)
        let renderer = try BriefRenderer(templatesDirectory: templatesFolder.path)
        let text = try renderer.diffText(diff, marks: .plain)
        let headline = try #require(text.range(of: "Headline")), regimes = try #require(text.range(of: "Regimes"))
        #expect(headline.lowerBound < regimes.lowerBound)
        #expect(text.contains("0.0025% → 0.0080%"), "\(text)")
        let page = try renderer.diffPage(diff)
        #expect(HTMLValidator().problems(in: page) == [])
        #expect(page.contains("<ul class=\"word-diff\">\n<li>Funding neutral: <ins>not</ins> met. </li>\n</ul>"), "\(page)")
        #expect(!page.contains(">- "))
        #expect(page.contains("<td class=\"number pair\" data-label=\"Was\">0.0025%</td><td class=\"number pair\" data-label=\"Now\">0.0080%</td>"))
        #expect(page.firstRange(of: "id=\"headline\"")!.lowerBound < page.firstRange(of: "id=\"regimes\"")!.lowerBound)
    }

    @Test func aSummaryDiffComparesTextsWholeAndAgreesOnWhatChanged() {
        let old = document(calm: true, day: "2025-08-25"), new = document(calm: false, day: "2025-08-26")
        let full = BriefDiff(from: old, to: new), summary = BriefDiff(from: old, to: new, wordByWord: false)
        #expect(summary.sections.map(\.changed) == full.sections.map(\.changed))
        #expect(summary.sections.allSatisfy { $0.runs.isEmpty })
        #expect(summary.metrics == full.metrics && summary.regimes == full.regimes && summary.signals == full.signals)
        #expect(summary.hasChanges && !BriefDiff(from: old, to: old, wordByWord: false).hasChanges)
    }

    @Test func aBriefComparedWithItselfHasNoChange() throws {
        let brief = document(calm: false, day: "2025-08-26")
        let diff = BriefDiff(from: brief, to: brief)
        #expect(!diff.hasChanges)
        let text = try BriefRenderer(templatesDirectory: templatesFolder.path).diffText(diff, marks: .plain)
        #expect(text == "BTC brief, 26 August 2025 → 26 August 2025\nNo change.\n")
    }

    @Test func theDiffPageIsValidAndEscapesData() throws {
        var old = document(calm: true, day: "2025-08-25")
        old.sections[0].text = "<b>bold</b> & more"
        let diff = BriefDiff(from: old, to: document(calm: false, day: "2025-08-26"))
        let page = try BriefRenderer(templatesDirectory: templatesFolder.path).diffPage(diff)
        #expect(HTMLValidator().problems(in: page) == [])
        #expect(page.contains("<del>&lt;b&gt;bold&lt;/b&gt; &amp; more</del>"))
        #expect(page.contains("<td>neutral</td><td>elevated</td>"))
    }
}
