import Foundation
import Testing
@testable import BriefCore

@Suite struct JSONMembersTests {
    private func members(_ json: String, _ keys: Set<String>) -> [String: String]? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            JSONMembers.of(buffer, in: 0..<buffer.count, keys: keys)?.mapValues { String(decoding: bytes[$0], as: UTF8.self) }
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

    /// A summary read from the members it needs is the one read from the whole brief, and a
    /// brief the pass cannot follow gets the decoder's own error.
    @Test func aSummaryIsTheWholeBriefsAndBadBytesGetTheDecodersError() throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BriefPipelineTests/Golden/crash-day.json")
        let data = try Data(contentsOf: golden)
        let whole = BriefSummary(try BriefDocument.decode(data, charts: false, claims: false))
        #expect(try BriefSummary.decode(data) == whole)
        #expect(whole.findings.price.close != nil && !whole.sections.isEmpty)
        let broken = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"claims\" : [", with: "\"claims\" : [[").utf8)
        #expect(throws: DecodingError.self) { try BriefSummary.decode(broken) }
    }
}
