import Foundation

/// What pages that list many briefs (an asset's page, a month, the feed) show of each: the
/// story, the headline and the sections' text, the close and its move, risk, the signals met,
/// the day's rarest facts and the sources. Read from `brief.json` without the parts they do not
/// show, which is most of its decoding.
public struct BriefSummary: Decodable, Equatable, Sendable {
    /// The findings a listing shows.
    public struct Facts: Decodable, Equatable, Sendable {
        public var asset: Asset
        public var day: Day
        public var price: PriceFinding
        public var risk: RiskFinding
        public var stabilization: StabilizationFinding
        public var headlineFacts: [HeadlineFact]
        public var sources: [String]
    }

    public var formatVersion: Int
    public var story: String
    public var headline: String
    public var sections: [BriefDocument.Section]
    public var findings: Facts

    /// The summary of a brief already read whole.
    public init(_ document: BriefDocument) {
        formatVersion = document.formatVersion
        story = document.story
        headline = document.headline
        sections = document.sections
        let findings = document.findings
        self.findings = Facts(asset: findings.asset, day: findings.day, price: findings.price, risk: findings.risk,
                              stabilization: findings.stabilization, headlineFacts: findings.headlineFacts, sources: findings.sources)
    }

    /// The text of the section `id`, `nil` when the brief has no such section.
    public func text(of id: String) -> String? {
        sections.first { $0.id == id }?.text
    }

    /// Reads `brief.json` bytes; a brief of an earlier format is read whole and upgraded
    /// (`BriefDocument.decode`), one of a format this build does not know is refused there.
    ///
    /// Only the members a summary holds are decoded (a fifth of the file): one pass over the
    /// bytes finds them (`JSONMembers`), and a document it cannot follow is decoded whole, so
    /// its error is the decoder's.
    public static func decode(_ data: Data) throws -> BriefSummary {
        let summary = try StableJSON.decode(BriefSummary.self, from: summaryMembers(of: data) ?? data)
        guard summary.formatVersion == BriefDocument.currentFormatVersion else {
            return BriefSummary(try BriefDocument.decode(data, charts: false, claims: false))
        }
        return summary
    }

    /// The members of `brief.json` a summary decodes, as a JSON object of their bytes.
    private static func summaryMembers(of data: Data) -> Data? {
        let top: Set = ["formatVersion", "story", "headline", "sections"]
        let facts: Set = ["asset", "day", "price", "risk", "stabilization", "headlineFacts", "sources"]
        return JSONMembers.rewrite(data) { path in
            switch path.count {
            case 1 where path[0] == "findings": .descend
            case 1: top.contains(path[0]) ? .keep : .drop
            default: facts.contains(path[1]) ? .keep : .drop
            }
        }
    }
}
