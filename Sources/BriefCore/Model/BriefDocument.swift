import Foundation

/// `brief.json`: the findings, the headline and each section's text. The one contract that
/// publishing and diffing read; nothing downstream recomputes the analysis.
public struct BriefDocument: Codable, Equatable, Sendable {
    /// One section's text.
    public struct Section: Codable, Equatable, Sendable {
        public var id: String
        public var text: String
        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    /// The shape this version writes and reads.
    public static let currentFormatVersion = 1

    /// Bumped when the shape changes in a way readers must know about.
    public var formatVersion: Int
    public var findings: Findings
    /// The opening paragraphs, before the sections.
    public var headline: String
    public var sections: [Section]

    public init(findings: Findings, headline: String, sections: [Section]) {
        formatVersion = Self.currentFormatVersion
        self.findings = findings
        self.headline = headline
        self.sections = sections
    }

    /// The text of the section `id`, `nil` when the brief has no such section.
    public func text(of id: String) -> String? {
        sections.first { $0.id == id }?.text
    }

    /// Stable bytes: sorted keys, pretty-printed, a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads `brief.json` bytes, refusing a format version this build does not know.
    public static func decode(_ data: Data) throws -> BriefDocument {
        struct Version: Decodable { var formatVersion: Int }
        let version = try JSONDecoder().decode(Version.self, from: data).formatVersion
        guard version == currentFormatVersion else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "formatVersion \(version) is not supported (this build reads \(currentFormatVersion))"))
        }
        return try JSONDecoder().decode(BriefDocument.self, from: data)
    }
}
