import Foundation
import Testing

/// The sixth attack review's cases (issue 28): what `generate` writes is always read back, and
/// a hand-edited `brief.json` is refused at read when publishing it would go wrong.
extension AttackReviewTests {
    /// A folder whose store holds ten BTC days of `closes` and the open-interest `columns`
    /// (`oi_coins.binance`, …), each day at `coins` a venue.
    static func storeWithOpenInterest(_ columns: [String], coins: String) throws -> URL {
        let folder = try temporaryFolder()
        let rows = (17...26).map { "2025-08-\($0),BTC,100000," + Array(repeating: coins, count: columns.count).joined(separator: ",") }
        try (["date,asset,close_usd," + columns.joined(separator: ",")] + rows).joined(separator: "\n")
            .write(to: folder.appendingPathComponent("oi.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "oi.csv"], in: folder).status == 0)
        return folder
    }

    /// Each venue's 1e16 coins is a value import takes; their sum is not, and a brief holding it
    /// would fail every publish: `generate` refuses it, naming the store's values, and writes nothing.
    @Test func openInterestSummedPastItsLimitIsRefusedAtGenerate() throws {
        let folder = try Self.storeWithOpenInterest(["oi_coins.binance", "oi_coins.okx"], coins: "1e16")
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder)
        #expect(generated.status == 1, "\(generated.output)")
        #expect(generated.output.contains("store: BTC oi_coins summed across binance, okx on 2025-08-17 = 2e+16: 2e+16 is implausible: "
            + "coin amounts stay within ±1e+16"), "\(generated.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/briefs/BTC/2025-08-26").path))
    }

    /// The largest values the checks allow, on one venue and summed across two: every brief
    /// `generate` writes from them is read back by publish, verify and diff.
    @Test(arguments: [(["oi_coins"], "1e16"), (["oi_coins.binance"], "1e16"), (["oi_coins.binance", "oi_coins.okx"], "5e15")])
    func aBriefOfTheLargestAllowedOpenInterestReadsBack(columns: [String], coins: String) throws {
        let folder = try Self.storeWithOpenInterest(columns, coins: coins)
        defer { try? FileManager.default.removeItem(at: folder) }
        for day in ["2025-08-25", "2025-08-26"] {
            let generated = try runToEnd(builtBinary, ["generate", "--date", day], in: folder)
            #expect(generated.status == 0, "\(generated.output)")
        }
        // diff exits 1: the two briefs differ.
        for (command, status) in [(["publish"], 0), (["verify"], 0), (["diff", "2025-08-25", "2025-08-26"], 1)] {
            let result = try runToEnd(builtBinary, command, in: folder)
            #expect(result.status == status, "\(command): \(result.output.prefix(600))")
        }
    }
}

extension AttackReviewTests {
    /// Every file under `folder`'s output but the briefs and the publish lock, with its bytes.
    static func published(_ folder: URL) throws -> [String: Data] {
        let output = folder.appendingPathComponent("output")
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: output.path)! where !path.hasPrefix("briefs/") && path != ".publish.lock" {
            let url = output.appendingPathComponent(path)
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files[path] = try Data(contentsOf: url) }
        }
        return files
    }

    /// A control, C1, DEL, noncharacter or bidirectional-formatting character edited into any
    /// text of a `brief.json` (written escaped or as it is) is refused where the brief is read,
    /// naming the file and the field; publish changes nothing.
    @Test(arguments: [
        ("b['headline'] = b['headline'][:11] + '\\x1b[31m' + b['headline'][11:]", true, "headline: a control character (U+001B) at character 12"),
        ("b['story'] = '\\u202e' + b['story']", true, "story: a formatting character (a bidirectional override, an invisible mark) (U+202E) at character 1"),
        ("b['sections'][2]['text'] += '\\x7f'", false, "sections[2].text: a control character (U+007F)"),
        ("b['sections'][0]['text'] += '\\x85'", false, "sections[0].text: a control character (U+0085)"),
        ("b['sections'][4]['text'] = '\\u2066' + b['sections'][4]['text']", false, "sections[4].text: a formatting character"),
        ("b['headline'] += '\\ufffe'", true, "headline: a noncharacter (U+FFFE)"),
        ("b['findings']['sources'][0] = 'x\\x9by'", true, "findings.sources[0]: a control character (U+009B) at character 2"),
        ("b['headline'] = '\\ud800' + b['headline']", true, "headline: `\\ud800` is half of a surrogate pair, no character (line 1, character "),
    ])
    func anUnfitCharacterEditedIntoABriefIsRefusedNamingItsField(edit: String, escaped: Bool, expected: String) throws {
        try Self.expectEditedBriefRefused(edit: edit, escaped: escaped, expected: expected)
    }

    /// Writes the sample's briefs of Aug 25 and 26 and publishes them, edits the second's
    /// `brief.json` with the Python statement `edit` (on `b`, the parsed brief), then expects
    /// publish, verify and diff to refuse it naming `expected`, and the site unchanged.
    static func expectEditedBriefRefused(edit: String, escaped: Bool = true, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for day in ["2025-08-25", "2025-08-26"] {
            #expect(try runToEnd(builtBinary, ["generate", "--date", day], in: folder).status == 0)
        }
        #expect(try runToEnd(builtBinary, ["publish"], in: folder).status == 0)
        let site = try published(folder)
        let brief = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json").path
        let python = "import json; p = '\(brief)'; b = json.load(open(p))\n\(edit)\n"
            + "open(p, 'w').write(json.dumps(b, ensure_ascii=\(escaped ? "True" : "False")))"
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", python], in: folder).status == 0)
        for command in [["publish"], ["verify"], ["diff", "2025-08-25", "2025-08-26"]] {
            let result = try runToEnd(builtBinary, command, in: folder)
            #expect(result.status != 0 && result.output.contains("briefs/BTC/2025-08-26/brief.json: " + expected),
                    "\(command): \(result.status) \(result.output.prefix(600))")
        }
        #expect(try published(folder) == site)
    }
}

extension AttackReviewTests {
    /// Sections of 60,000 short lines (a 700 KB brief.json, under the 1 MiB cap) once made a
    /// 16 MB diff page in 23 s and a publish of four such briefs an 88 MB site: a text past
    /// the lines or characters a brief may have is refused at read, naming the field, at once.
    /// A text at the limits is read and compared.
    @Test(arguments: [("'a.\\nb.\\n\\n' * 20000", "sections[0].text: 60001 lines, more than the 200 a brief's text may have"),
                      ("'a' * 20001", "sections[0].text: more than the 20000 characters a brief's text may have"),
                      ("'a.\\n' * 199 + 'x' * 19000", "")])
    func aBriefsTextIsBoundedInLinesAndCharacters(text: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for day in ["2025-08-25", "2025-08-26"] {
            #expect(try runToEnd(builtBinary, ["generate", "--date", day], in: folder).status == 0)
            let brief = folder.appendingPathComponent("output/briefs/BTC/\(day)/brief.json").path
            let python = "import json; p = '\(brief)'; b = json.load(open(p))\n"
                + "for s in b['sections']: s['text'] = \(text) + '\(day)'\nopen(p, 'w').write(json.dumps(b))"
            #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", python], in: folder).status == 0)
        }
        // verify reads the edited briefs and finds their claims no longer stated (1); the briefs differ (1).
        for (command, status) in [(["publish"], 0), (["verify"], 1), (["diff", "2025-08-25", "2025-08-26", "--format", "html"], 1)] {
            let result = try runMeasured(builtBinary, command, outputIn: folder)
            if expected.isEmpty {
                #expect(result.status == status, "\(command): \(result.output.prefix(600))")
            } else {
                #expect(result.status != 0 && result.output.contains("briefs/BTC/2025-08-25/brief.json: " + expected),
                        "\(command): \(result.output.prefix(600))")
            }
            #expect(result.seconds < 5 && result.peakMemory < 100 << 20, "\(command): \(result.seconds) s, \(result.peakMemory) bytes")
        }
    }
}
