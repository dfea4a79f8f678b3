import BriefCore
import BriefRender
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
    /// Throws, writing nothing, when the asset has no data that day or the page has a defect.
    public func generate(asset: Asset, history: History) throws -> GeneratedBrief {
        guard history.series(asset, .closeUSD).latest(onOrBefore: history.asOf) != nil else {
            throw PipelineError.noData("no \(asset) prices stored on or before \(history.asOf)")
        }
        let findings = BriefAnalyzer.analyze(history, asset: asset, thresholds: thresholds)
        let rendered = renderer.render(findings)
        let problems = validator.problems(in: rendered.html)
        guard problems.isEmpty else {
            throw PipelineError.validation(page: "briefs/\(asset)/\(history.asOf)/brief.html",
                                           problems: problems.map { "\($0.line): \($0.message)" })
        }
        let sections = rendered.sections.map { BriefDocument.Section(id: $0.section.rawValue, text: $0.text) }
        let json = try BriefDocument(findings: findings, headline: rendered.headline, sections: sections).encoded()
        return GeneratedBrief(findings: findings, text: rendered.text, html: rendered.html, json: json)
    }

    /// Writes `brief.txt`, `brief.html` and `brief.json` under `output/briefs/ASSET/DAY/` as one
    /// folder swapped in whole: a process killed at any moment leaves the day's previous three
    /// files or the new three, never a mix.
    @discardableResult
    public static func write(_ brief: GeneratedBrief, to output: URL) throws -> [URL] {
        let folder = try BriefPaths.folder(asset: brief.findings.asset, day: brief.findings.day, output: output)
        let parent = folder.deletingLastPathComponent()
        let manager = FileManager.default
        let stagingPrefix = "." + folder.lastPathComponent + ".staging-"
        let staging = parent.appendingPathComponent(stagingPrefix + "\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        let files: [(String, Data)] = [
            ("brief.txt", Data(brief.text.utf8)),
            ("brief.html", Data(brief.html.utf8)),
            ("brief.json", brief.json),
        ]
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            // Left by a killed run: never live.
            for name in try manager.contentsOfDirectory(atPath: parent.path) where name.hasPrefix(stagingPrefix) {
                try? manager.removeItem(at: parent.appendingPathComponent(name))
            }
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (index, (name, data)) in files.enumerated() {
                if index == 1 { FaultPoint.reach("brief-half-written") }
                try FaultPoint.failIfDiskFull()
                try data.write(to: staging.appendingPathComponent(name))
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw PipelineError.output("cannot write the brief in \(staging.path): \(error.localizedDescription); "
                + "\(folder.path) is as it was")
        }
        try AtomicFolder.replace(folder, with: staging) { FaultPoint.reach("brief-swapped") }
        return files.map { folder.appendingPathComponent($0.0) }
    }
}
