import Foundation
import Testing
@testable import BriefCore

/// `StableJSON` writes the bytes `JSONEncoder` writes with the options `brief.json` has always
/// been written with (the whole sample is compared in `VerifyTests`); here, what a brief rarely
/// or never holds.
@Suite struct StableJSONTests {
    private func reference<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }

    private func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try StableJSON.file(value)
        let theirs = try reference(value)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: theirs, as: UTF8.self), sourceLocation: sourceLocation)
    }

    @Test func stringsWithEveryCharacterJSONEscapes() throws {
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        try expectSameBytes([controls, "\"quoted\" \\ back/slash", "\u{7F} é € 😀 \u{2028}\u{2029}", "", "<a href=\"x\">&amp;</a>"])
        try expectSameBytes(["key \"with\" \n escapes/": "value", "é": "", "": "empty key"])
    }

    @Test func numbersAsTheEncoderWritesThem() throws {
        let doubles: [Double] = [0, -0.0, 1, -1, 1.5, 0.1, 1e-7, 1e21, 1e22, 1.2345678901234568e20, 1.0 / 3,
                                 .ulpOfOne, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -2.5e-300, 100, 1e15, 1e16]
        try expectSameBytes(doubles)
        try expectSameBytes([Int.min, -1, 0, 1, Int.max])
        try expectSameBytes([1.5, nil, 2, nil] as [Double?])
        // A series inside an object, as a brief's charts hold it.
        try expectSameBytes(["series": [1.5, nil, 2, nil, -0.0, 1e22, 0.1], "empty": []] as [String: [Double?]])
        try expectSameBytes([Float(0.1), 2, -0.5])
        try expectSameBytes([true, false])
    }

    @Test func aNumberJSONCannotHoldIsRefusedWithItsPath() throws {
        struct Point: Encodable { var x: Double; var values: [Double] }
        for point in [Point(x: .nan, values: []), Point(x: 1, values: [2, .infinity])] {
            #expect(throws: EncodingError.self) { try reference(point) }
            do {
                _ = try StableJSON.file(point)
                Issue.record("encoded \(point)")
            } catch EncodingError.invalidValue(_, let context) {
                #expect(context.codingPath.map(\.stringValue) == (point.x.isNaN ? ["x"] : ["values", "Index 1"]))
            }
        }
        struct Chart: Encodable { var series: [Double?] }
        do {
            _ = try StableJSON.file(["charts": [Chart(series: [1, nil, -.infinity])]])
            Issue.record("encoded an infinite value")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["charts", "Index 0", "series", "Index 2"])
        }
    }

    @Test func keysInByteOrderAndEmptyContainersNested() throws {
        let keys = ["b", "B", "a10", "a2", "a1", "_x", "ab", "aB", "a", "é", "z", "Z", "0", "10", "9"]
        try expectSameBytes(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) }))
        try expectSameBytes(["empty": [:], "nested": ["deeper": [:]]] as [String: [String: [String: Int]]])
        try expectSameBytes([[Int](), [], [1]])
        try expectSameBytes([[String: [Int]]]())
    }

    @Test func optionalsLeftOutNestedContainersAndSuperEncoders() throws {
        struct Sample: Encodable {
            var present: Int? = 1
            var absent: Int?
            var day = Day(year: 2025, month: 8, day: 26)!
            var asset = Asset.btc
            enum CodingKeys: String, CodingKey { case present, absent, day, asset, nested, list, parent }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeIfPresent(present, forKey: .present)
                try container.encodeIfPresent(absent, forKey: .absent)
                try container.encode(day, forKey: .day)
                try container.encode(asset, forKey: .asset)
                var nested = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .nested)
                try nested.encodeNil(forKey: .absent)
                var list = nested.nestedUnkeyedContainer(forKey: .list)
                try list.encode("one")
                var inner = list.nestedContainer(keyedBy: CodingKeys.self)
                try inner.encode(2, forKey: .present)
                var deeper = list.nestedUnkeyedContainer()
                try deeper.encodeNil()
                try day.encode(to: list.superEncoder())
                try asset.encode(to: container.superEncoder(forKey: .parent))
                try day.encode(to: container.superEncoder())
            }
        }
        try expectSameBytes(Sample())
        try expectSameBytes([Sample(present: nil)])
    }

    @Test func aKeyGivenTwiceKeepsItsLastValue() throws {
        struct Twice: Encodable {
            enum CodingKeys: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(1, forKey: .b)
                try container.encode("first", forKey: .a)
                try container.encode(2, forKey: .b)
            }
        }
        try expectSameBytes(Twice())
    }

    @Test func thresholdsWithTheirNestedAssetEntries() throws {
        var thresholds = Thresholds()
        thresholds.assets["SOL"] = .init(numbers: ["rally_pct": 9], etfLaunch: .some(nil), rotationPair: false)
        try expectSameBytes(thresholds)
    }

    @Test func topLevelValuesThatAreNotObjects() throws {
        try expectSameBytes("a string")
        try expectSameBytes(42)
        try expectSameBytes(Optional<Int>.none)
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(throws: EncodingError.self) { try reference(Nothing()) }
        #expect(throws: EncodingError.self) { try StableJSON.file(Nothing()) }
        try expectSameBytes(["wrapped": Nothing()])
    }
}
