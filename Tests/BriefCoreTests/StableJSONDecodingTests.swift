import Foundation
import Testing
@testable import BriefCore

/// `StableJSON.decode` gives the value `JSONDecoder` gives: from its own tree reader for the
/// strict, common JSON `brief.json` is (the whole sample is compared in `VerifyTests`), from
/// `JSONDecoder` itself for anything the reader leaves to it.
@Suite struct StableJSONDecodingTests {
    private struct Mixed: Codable, Equatable {
        var text: String
        var whole: Int
        var number: Double
        var flag: Bool
        var missing: String?
        var null: Int?
        var series: [Double?]
        var nested: [String: [Int]]
        var day: Day
        var asset: Asset
    }

    private let mixed = Data("""
        {"text": "a \\"quoted\\" \\\\ back\\/slash \\n\\t\\b\\f\\r \\u00e9 \\ud83d\\ude00 é €", "whole": -12,
         "number": 1e22, "flag": false, "null": null, "series": [1.5, null, -0.0, 0.1, 123456789012345678901],
         "nested": {"b": [], "a": [1, 2]}, "day": "2025-08-26", "asset": "BTC"}
        """.utf8)

    private func expectSame<T: Decodable & Equatable>(_ type: T.Type, _ json: String,
                                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = Data(json.utf8)
        let theirs = try JSONDecoder().decode(type, from: data)
        let ours = try #require(StableJSON.treeDecoded(type, from: data), "left to JSONDecoder: \(json)",
                                sourceLocation: sourceLocation)
        #expect(ours == theirs, sourceLocation: sourceLocation)
    }

    @Test func stringsNumbersAndContainersAsJSONDecoderReadsThem() throws {
        let theirs = try JSONDecoder().decode(Mixed.self, from: mixed)
        let ours = try #require(StableJSON.treeDecoded(Mixed.self, from: mixed))
        #expect(ours == theirs)
        #expect(ours.text == "a \"quoted\" \\ back/slash \n\t\u{8}\u{C}\r é 😀 é €")
        #expect(ours.series[2]!.sign == .minus, "-0.0 keeps its sign")
        #expect(ours.series[4] == Double("123456789012345678901"))
    }

    @Test func numbersToTheSameBits() throws {
        let texts = ["0", "-0", "-0.0", "1", "-1", "0.1", "1.5e-7", "1E21", "2.5e+3", "9007199254740993",
                     "123456789012345678", "-999999999999999999", "9223372036854775807", "-9223372036854775809", "1.7976931348623157e308", "5e-324", "4.9e-324",
                     "0.30000000000000004", "100000000000000000000000"]
        let json = "[" + texts.joined(separator: ",") + "]"
        let theirs = try JSONDecoder().decode([Double].self, from: Data(json.utf8))
        let ours = try #require(StableJSON.treeDecoded([Double].self, from: Data(json.utf8)))
        #expect(ours.map(\.bitPattern) == theirs.map(\.bitPattern))
        try expectSame([Int].self, "[0, -1, 9223372036854775807, -9223372036854775808, 123456789012345678]")
        try expectSame([Int8].self, "[127, -128]")
        try expectSame([UInt64].self, "[0, 9223372036854775807]")
        #expect(StableJSON.treeDecoded([Int].self, from: Data("[9223372036854775808]".utf8)) == nil, "beyond Int.max")
    }

    @Test func emptyAndNestedContainersAndSpaces() throws {
        try expectSame([[Int]].self, " [ [ ] , [1] ,[ 2,3 ] ] \n")
        try expectSame([String: [String: Bool]].self, #"{"a": {}, "b": {"c": true}, "": {"": false}}"#)
        try expectSame(String.self, #""just a string""#)
        try expectSame(Double?.self, "null")
    }

    /// What the reader leaves to `JSONDecoder`: the same value, or the same error.
    @Test func unusualBytesGoToJSONDecoder() throws {
        let unusual = [
            #"{"a": 1, "a": 2}"#,                 // a key given twice
            "[\"\u{1}\"]",                         // a raw control character in a string
            #"["\ud800"]"#,                        // half a surrogate pair
            "[1.0]", "[1e2]",                      // an Int asked of a fraction or an exponent
            "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[NaN]", "[Infinity]", // no JSON numbers
            "[1] x", "[1,]", "{\"a\" 1}", "[tru]", "",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ]
        for json in unusual {
            let data = Data(json.utf8)
            #expect(StableJSON.treeDecoded([Int].self, from: data) == nil, "\(json)")
            #expect(StableJSON.treeDecoded([String: Int].self, from: data) == nil, "\(json)")
            #expect(StableJSON.treeDecoded([String].self, from: data) == nil, "\(json)")
            let theirs = Result { try JSONDecoder().decode([Int].self, from: data) }
            let ours = Result { try StableJSON.decode([Int].self, from: data) }
            if json == "[1,]" {
                // JSONDecoder reads a trailing comma, which strict JSON has not: refused.
                #expect(String(describing: ours) == "failure(DecodingError.dataCorrupted: Data was corrupted. Debug description: not valid JSON)")
                #expect(String(describing: theirs) == "success([1])")
            } else {
                #expect(String(describing: ours) == String(describing: theirs), "\(json)")
            }
        }
        let invalidUTF8 = Data([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D])
        #expect(StableJSON.treeDecoded([String].self, from: invalidUTF8) == nil)
        #expect(throws: DecodingError.self) { try StableJSON.decode([String].self, from: invalidUTF8) }
    }

    @Test func typesJSONDecoderTreatsApartAreLeftToIt() throws {
        let floats = Data("[0.1, 3.4028235e38]".utf8)
        #expect(StableJSON.treeDecoded([Float].self, from: floats) == nil)
        #expect(try StableJSON.decode([Float].self, from: floats) == JSONDecoder().decode([Float].self, from: floats))
        let url = Data(#"["https://example.org/a b"]"#.utf8)
        #expect(StableJSON.treeDecoded([URL].self, from: url) == nil)
        let dates = Data("[0]".utf8)
        #expect(try StableJSON.decode([Date].self, from: dates) == JSONDecoder().decode([Date].self, from: dates))
    }

    @Test func errorsAreJSONDecoders() throws {
        let wrongType = Data(#"{"text": 1}"#.utf8)
        #expect(StableJSON.treeDecoded(Mixed.self, from: wrongType) == nil)
        do {
            _ = try StableJSON.decode(Mixed.self, from: wrongType)
            Issue.record("decoded a number as a string")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["text"])
        }
    }

    /// Bytes that are no JSON are named by the path of the value at fault, its line and its
    /// character, where `JSONDecoder` says only "not valid JSON"; a key given twice, which
    /// `JSONDecoder` reads, is no such problem.
    @Test(arguments: [
        ("{\"a\": \"x\\ud800\"}", "a: `\\ud800` is half of a surrogate pair, no character (line 1, character 9)"),
        ("{\"a\": [1,\n {\"b\": \"\\udc00y\"}]}", "a[1].b: `\\udc00` is half of a surrogate pair, no character (line 2, character 9)"),
        ("{\"a\": \"\\ud800\\u0041\"}", "a: `\\ud800` is half of a surrogate pair, no character (line 1, character 8)"),
        ("{\"é\": 1,\n  \"b\": [0, 2e308]}", "b[1]: 2e308 is beyond the range of a double (±1.8e308) (line 2, character 12)"),
        ("[-1e400]", "[0]: -1e400 is beyond the range of a double (±1.8e308) (line 1, character 2)"),
        ("{\"a\": 1\n \"b\": 2}", "`,` or `}` expected, found `\"` (line 2, character 2)"),
        ("{\"a\": [1 2]}", "a: `,` or `]` expected, found `2` (line 1, character 10)"),
        ("{\"a\": \"x\ty\"}", "a: a control character (U+0009) in a string, where JSON writes it escaped (line 1, character 9)"),
        ("{\"a\": \"\\x\"}", "a: a backslash before `x`, which JSON does not escape (line 1, character 8)"),
        ("{\"a\": 1.}", "a: a digit expected after `.`, found `}` (line 1, character 9)"),
        ("{\"a\": tru}", "a: not true, false or null (line 1, character 7)"),
        ("{\"a\": \u{201C}x\u{201D}}", "a: a value expected, found U+201C (line 1, character 7)"),
        ("{\"a\": \"x", "a: the file ends inside a string (line 1, character 7)"),
        ("{\"a\": 1} x", "`x` after the end of the JSON value (line 1, character 10)"),
    ])
    func bytesThatAreNoJSONAreNamedByPathLineAndCharacter(json: String, expected: String) {
        #expect(JSONSyntax.problem(in: Data(json.utf8))?.description == expected)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: [Int]].self, from: Data(json.utf8)) }
    }

    @Test func jsonHasNoSyntaxProblem() {
        #expect(JSONSyntax.problem(in: mixed) == nil)
        #expect(JSONSyntax.problem(in: Data(#"{"a": 1, "a": 2}"#.utf8)) == nil, "JSONDecoder reads a key given twice")
    }

    @Test func userInfoReachesTheTypes() throws {
        struct Reads: Decodable {
            var seen: Bool
            init(from decoder: any Decoder) throws { seen = decoder.userInfo[.skipsCharts] as? Bool == true }
        }
        let read = try #require(StableJSON.treeDecoded(Reads.self, from: Data("{}".utf8), userInfo: [.skipsCharts: true]))
        #expect(read.seen)
    }
}
