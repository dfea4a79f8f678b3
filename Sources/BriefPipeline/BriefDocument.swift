import BriefCore
import BriefRender
import Foundation

/// `brief.json`: the findings and each section's text. The one contract that
/// publishing and diffing read; nothing downstream recomputes the analysis.
public struct BriefDocument: Codable, Equatable, Sendable {
    /// One section's text.
    public struct Section: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
    }

    /// Bumped when the shape changes in a way readers must know about.
    public var formatVersion: Int
    public var findings: Findings
    public var sections: [Section]

    public init(findings: Findings, rendered: RenderedBrief) {
        formatVersion = 1
        self.findings = findings
        sections = rendered.sections.map { Section(id: $0.section.rawValue, text: $0.text) }
    }

    /// Stable bytes: sorted keys, pretty-printed, a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
