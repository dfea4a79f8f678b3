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

    /// The shape this version writes. Version 2 (regimes, ranks in the asset's own history, flow
    /// runs with their state, risk points, claims) replaced version 1, which is still read
    /// (`BriefUpgrade`); `backfill` rewrites older briefs in full.
    public static let currentFormatVersion = 2

    /// Bumped when the shape changes in a way readers must know about.
    public var formatVersion: Int
    public var findings: Findings
    /// The day's story in one line (the page's title).
    public var story: String
    /// The opening paragraphs, before the sections.
    public var headline: String
    public var sections: [Section]
    /// Every number and day the headline and sections state, each tied to its sentence.
    public var claims: [Claim]
    /// The program that wrote it (`marketbrief 0.6.0`); absent in briefs of earlier builds.
    public var generator: String?

    public init(findings: Findings, story: String, headline: String, sections: [Section], claims: [Claim] = []) {
        formatVersion = Self.currentFormatVersion
        self.findings = findings
        self.story = story
        self.headline = headline
        self.sections = sections
        self.claims = claims
        generator = "marketbrief " + MarketBriefVersion.current
    }

    /// The text of the section `id`, `nil` when the brief has no such section.
    public func text(of id: String) -> String? {
        sections.first { $0.id == id }?.text
    }

    /// Stable bytes: sorted keys, pretty-printed, a final newline.
    public func encoded() throws -> Data {
        try StableJSON.file(self)
    }

    /// Reads `brief.json` bytes of this format or an earlier one (`BriefUpgrade`), refusing a
    /// format version this build does not know. Without `charts`, the chart series are left
    /// empty (faster, for pages that only list briefs); without `claims`, the claims (half the
    /// bytes, read only by `verify`). What is left out is not decoded at all: the decoder reads
    /// the document without it (`JSONMembers`), or the whole document when that pass cannot
    /// follow the bytes, so an error is the decoder's.
    public static func decode(_ data: Data, charts: Bool = true, claims: Bool = true) throws -> BriefDocument {
        let userInfo: [CodingUserInfoKey: any Sendable] = [.skipsCharts: !charts, .skipsClaims: !claims]
        let lighter = charts && claims ? nil : JSONMembers.rewrite(data) { path in
            switch path {
            case ["claims"] where !claims: .replace("[]")
            case ["findings"] where !charts: .descend
            case ["findings", "charts"]: .replace("{}")
            default: .keep
            }
        }
        do {
            return try StableJSON.decode(BriefDocument.self, from: lighter ?? data, userInfo: userInfo)
        } catch let old as UnsupportedFormat where old.version == 1 {
            return try StableJSON.decode(BriefDocument.self, from: BriefUpgrade.fromVersion1(data), userInfo: userInfo)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, findings, story, headline, sections, claims, generator
    }

    /// The version is checked first, so a newer shape is named as such rather than failing on a field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        guard formatVersion == Self.currentFormatVersion else {
            throw UnsupportedFormat(version: formatVersion, description:
                "formatVersion \(formatVersion) is not supported (this build reads 1 to \(Self.currentFormatVersion))")
        }
        findings = try container.decode(Findings.self, forKey: .findings)
        story = try container.decode(String.self, forKey: .story)
        headline = try container.decode(String.self, forKey: .headline)
        sections = try container.decode([Section].self, forKey: .sections)
        claims = decoder.userInfo[.skipsClaims] as? Bool == true ? [] : try container.decode([Claim].self, forKey: .claims)
        generator = try container.decodeIfPresent(String.self, forKey: .generator)
    }
}
