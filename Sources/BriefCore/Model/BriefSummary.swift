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
        let summary = try JSONDecoder().decode(BriefSummary.self, from: summaryMembers(of: data) ?? data)
        guard summary.formatVersion == BriefDocument.currentFormatVersion else {
            return BriefSummary(try BriefDocument.decode(data, charts: false, claims: false))
        }
        return summary
    }

    /// The members of `brief.json` a summary decodes, as a JSON object of their bytes.
    private static func summaryMembers(of data: Data) -> Data? {
        data.withUnsafeBytes { raw -> Data? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let top = JSONMembers.of(bytes, in: 0..<bytes.count, keys: ["formatVersion", "story", "headline", "sections", "findings"]),
                  let findingsRange = top["findings"],
                  let findings = JSONMembers.of(bytes, in: findingsRange,
                                                keys: ["asset", "day", "price", "risk", "stabilization", "headlineFacts", "sources"])
            else { return nil }
            func object(_ members: [String: Range<Int>]) -> [UInt8] {
                var json: [UInt8] = [UInt8(ascii: "{")]
                for (key, range) in members.sorted(by: { $0.key < $1.key }) where key != "findings" {
                    if json.count > 1 { json.append(UInt8(ascii: ",")) }
                    json += "\"\(key)\":".utf8
                    json += bytes[range]
                }
                return json
            }
            var json = object(top)
            json += (json.count > 1 ? ",\"findings\":" : "\"findings\":").utf8
            json += object(findings) + [UInt8(ascii: "}"), UInt8(ascii: "}")]
            return Data(json)
        }
    }
}

/// The members of a JSON object, as the byte ranges of their values, found in one pass that
/// follows only strings and nesting: to decode a few members of a large document without
/// turning the rest into values. The values found are checked when they are decoded.
enum JSONMembers {
    /// The ranges of the values of `keys` in the object that `range` of `bytes` holds (spaces
    /// around it allowed); `nil` when the bytes are not such an object.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, keys: Set<String>) -> [String: Range<Int>]? {
        var reader = Reader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        var found: [String: Range<Int>] = [:]
        reader.skipSpace()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        reader.skipSpace()
        if reader.take(UInt8(ascii: "}")) { return found }
        while true {
            reader.skipSpace()
            guard let keyRange = reader.string() else { return nil }
            reader.skipSpace()
            guard reader.take(UInt8(ascii: ":")) else { return nil }
            reader.skipSpace()
            let start = reader.position
            guard reader.value() else { return nil }
            let key = String(decoding: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)], as: UTF8.self)
            if keys.contains(key) { found[key] = start..<reader.position }
            reader.skipSpace()
            if reader.take(UInt8(ascii: "}")) { break }
            guard reader.take(UInt8(ascii: ",")) else { return nil }
        }
        reader.skipSpace()
        return reader.position == reader.end ? found : nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        mutating func skipSpace() {
            while position < end {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < end, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// A string, quotes included; `nil` when there is none here or it does not end.
        mutating func string() -> Range<Int>? {
            let start = position
            guard take(UInt8(ascii: "\"")) else { return nil }
            while position < end {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 2
                case UInt8(ascii: "\""):
                    position += 1
                    return start..<position
                default: position += 1
                }
            }
            return nil
        }

        /// Passes one value: a string, an object or array (brackets balanced, strings inside
        /// passed whole), or a number or word.
        mutating func value() -> Bool {
            guard position < end else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var closers: [UInt8] = []
                repeat {
                    switch bytes[position] {
                    case UInt8(ascii: "\""):
                        guard string() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                    case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        guard closers.popLast() == bytes[position] else { return false }
                    default: break
                    }
                    position += 1
                } while !closers.isEmpty && position < end
                return closers.isEmpty
            default:
                let start = position
                scalar: while position < end {
                    switch bytes[position] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break scalar
                    default: position += 1
                    }
                }
                return position > start
            }
        }
    }
}
