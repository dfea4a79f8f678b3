import Foundation
import Testing
@testable import BriefCore

@Suite struct JSONMembersTests {
    private let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BriefPipelineTests/Golden/crash-day.json")

    private func members(_ json: String, _ keys: Set<String>) -> [String: String]? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            JSONMembers.members(buffer, 0..<buffer.count).map { members in
                Dictionary(uniqueKeysWithValues: members.map { (String(decoding: bytes[$0.key.dropFirst().dropLast()], as: UTF8.self),
                                                                  String(decoding: bytes[$0.value], as: UTF8.self)) })
                    .filter { keys.contains($0.key) }
            }
        }
    }

    @Test func valuesAreFoundWholeWhateverTheyHold() {
        let json = #"""
         { "a" : "x \"}] y\\" , "skip": {"b": [1, {"c": "]"}], "d": "\"{"}, "n": -1.5e3,
           "t": true, "list": [ [], {}, "\\" ], "o": {"k": null} }
        """#
        #expect(members(json, ["a", "n", "t", "list", "o"]) == [
            "a": #""x \"}] y\\""#, "n": "-1.5e3", "t": "true", "list": #"[ [], {}, "\\" ]"#, "o": #"{"k": null}"#,
        ])
        #expect(members("{}", ["a"]) == [:])
    }

    @Test func whatIsNotAnObjectIsRefused() {
        for json in [#"{"a": [1, 2}"#, #"{"a": "open}"#, #"{"a" 1}"#, #"{"a": 1,}"#, #"{"a": 1} trailing"#, "[1]", "",
                     #"{"a": {"b": 1]}"#, #"{"a": }"#] {
            #expect(members(json, ["a"]) == nil, "\(json)")
        }
    }

    @Test func membersAreKeptDroppedReplacedOrRewritten() {
        let json = #"{"a": 1, "b": {"c": [2], "d": "x"}, "e": "drop me"}"#
        let rewritten = JSONMembers.rewrite(Data(json.utf8)) { path in
            switch path {
            case ["b"]: .descend
            case ["b", "c"]: .replace("[]")
            case ["e"]: .drop
            default: .keep
            }
        }
        #expect(rewritten.map { String(decoding: $0, as: UTF8.self) } == #"{"a":1,"b":{"c":[],"d":"x"}}"#)
        #expect(JSONMembers.rewrite(Data("[1]".utf8)) { _ in .keep } == nil)
    }

    /// A brief read without its claims and chart series is the whole brief less those.
    @Test func aBriefReadWithoutChartsOrClaimsIsTheWholeOneLessThose() throws {
        let data = try Data(contentsOf: golden)
        var whole = try BriefDocument.decode(data)
        #expect(!whole.claims.isEmpty && whole.findings.charts.price.values.count > 1)
        let light = try BriefDocument.decode(data, charts: false, claims: false)
        whole.claims = []
        whole.findings.charts = try BriefDocument.decode(data, charts: false).findings.charts
        #expect(light == whole)
        #expect(try BriefDocument.decode(data, claims: false).findings.charts == BriefDocument.decode(data).findings.charts)
    }

    /// A summary read from the members it needs is the one read from the whole brief, and a
    /// brief the pass cannot follow gets the decoder's own error.
    @Test func aSummaryIsTheWholeBriefsAndBadBytesGetTheDecodersError() throws {
        let data = try Data(contentsOf: golden)
        let whole = BriefSummary(try BriefDocument.decode(data, charts: false, claims: false))
        #expect(try BriefSummary.decode(data) == whole)
        #expect(whole.findings.price.close != nil && !whole.sections.isEmpty)
        let broken = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"claims\" : [", with: "\"claims\" : [[").utf8)
        #expect(throws: DecodingError.self) { try BriefSummary.decode(broken) }
    }
}
