import BriefCore
import BriefRender
import BriefStore
import BriefValidate
import Foundation

/// One brief, rendered and validated, ready to write.
public struct GeneratedBrief: Sendable {
    public var findings: Findings
    public var text: String
    public var html: String
    public var json: Data
}

/// analyze → render → validate → write, for one asset and day.
public struct BriefGenerator: Sendable {
    private let renderer: BriefRenderer
    private let validator = HTMLValidator(requiredSectionIDs: BriefSections.ids)
    /// The thresholds the analysis applies.
    public let thresholds: Thresholds

    public init(templates: URL, thresholds: Thresholds) throws {
        do {
            renderer = try BriefRenderer(templatesDirectory: templates.path)
        } catch let error as TemplateError {
            throw PipelineError.setup("template: \(error)")
        }
        self.thresholds = thresholds
    }

    /// Analyzes `history` for `asset`, renders both pages and validates the HTML.
    /// Throws, writing nothing, when the asset has no close that day (a day after the last
    /// stored one, or in the future), when the market's open interest summed across venues is
    /// implausible (its brief could not be read back), or when the page has a defect.
    public func generate(asset: Asset, history: History) throws -> GeneratedBrief {
        let closes = history.series(asset, .closeUSD)
        guard closes.value(on: history.asOf) != nil else {
            let latest = closes.latest(onOrBefore: history.asOf).map { "; the latest is \($0.day)" } ?? ""
            throw PipelineError.noData("no \(asset) close stored for \(history.asOf)\(latest): a brief needs the day's close")
        }
        if let problem = MarketAnalysis.implausibleSum(in: history, asset: asset) {
            throw StoreError(reason: "store: \(problem)")
        }
        let findings = BriefAnalyzer.analyze(history, asset: asset, thresholds: thresholds)
        let rendered = renderer.render(findings)
        let problems = validator.problems(in: rendered.html)
        guard problems.isEmpty else {
            throw PipelineError.validation(page: "briefs/\(asset)/\(history.asOf)/brief.html",
                                           problems: problems.map { "\($0.line): \($0.message)" })
        }
        let sections = rendered.sections.map { BriefDocument.Section(id: $0.section.rawValue, text: $0.text) }
        let json = try BriefDocument(findings: findings, story: rendered.story, headline: rendered.headline, sections: sections,
                                     claims: rendered.claims).encoded()
        // A brief publish, verify and diff would refuse is not written (thousands of venues in a
        // sentence, a window of years listed day by day).
        if let problem = BriefArchive.oversizedText(story: rendered.story, headline: rendered.headline, sections: sections)
            ?? (json.count > BriefArchive.maxBriefBytes
                ? "brief.json: \(json.count) bytes, more than the \(BriefArchive.maxBriefBytes) a brief.json may have" : nil) {
            throw PipelineError.brief("\(asset) \(history.asOf): the brief would not be read back: \(problem); "
                + "fewer venues or shorter windows (docs/config.md) make it whole")
        }
        return GeneratedBrief(findings: findings, text: rendered.text, html: rendered.html, json: json)
    }
}
