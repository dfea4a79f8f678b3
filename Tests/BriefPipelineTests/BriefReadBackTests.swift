import BriefCore
import Foundation
import Testing
@testable import BriefPipeline

/// A `brief.json` edited by hand, or synced from elsewhere, is read back only with values an
/// analysis could have written: anything else is refused naming the file and the field.
@Suite(.timeLimit(.minutes(1))) struct BriefReadBackTests {
    /// The crash day's brief as `generate` writes it, parsed.
    private func written() throws -> [String: Any] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try sampleStore(in: folder)
        let json = try generator().generate(asset: .btc, history: store.history(asOf: crashDay)).json
        return try #require(JSONSerialization.jsonObject(with: json) as? [String: Any])
    }

    /// Writes `brief` with the field at `path` set to `literal` (JSON text, which may be one no
    /// encoder writes, such as 1e999) and reads it back.
    private func readBack(_ brief: [String: Any], setting path: [String], to literal: String,
                          in output: URL) throws -> Result<BriefDocument, any Error> {
        func set(_ node: Any, _ path: ArraySlice<String>) -> Any {
            guard let key = path.first else { return "@@" }
            if let index = Int(key), var array = node as? [Any] {
                array[index] = set(array[index], path.dropFirst())
                return array
            }
            var object = node as! [String: Any]
            object[key] = set(object[key] as Any, path.dropFirst())
            return object
        }
        let edited = try JSONSerialization.data(withJSONObject: set(brief, path[...]))
        let text = String(decoding: edited, as: UTF8.self).replacingOccurrences(of: "\"@@\"", with: literal)
        let file = BriefArchive.url(asset: .btc, day: crashDay, output: output)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return Result { try BriefArchive.load(asset: .btc, day: crashDay, output: output) }
    }

    @Test func everyExtremeInAChartOrTheCloseIsReadOrRefusedNamingTheField() throws {
        let brief = try written()
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let literals = ["0", "-0.0", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "-1.7976931348623157e308",
                        "1.7e308", "1e999", "-1e999", "\"NaN\"", "\"1.7e308\"", "108000", "-1"]
        let fields: [([String], String)] = [
            (["findings", "charts", "price", "values", "3"], "charts.price.values[3] = "),
            (["findings", "charts", "fundingPer8hPct", "values", "0"], "charts.fundingPer8hPct.values[0] = "),
            (["findings", "charts", "longLiquidations", "values", "1"], "charts.longLiquidations.values[1] = "),
            (["findings", "charts", "etfFlows", "values", "2"], "charts.etfFlows.values[2] = "),
            (["findings", "price", "close"], "findings.price.close = "),
        ]
        for (path, field) in fields {
            for literal in literals {
                switch try readBack(brief, setting: path, to: literal, in: output) {
                case .success(let document):
                    #expect(document.findings.charts.implausibility(on: crashDay) == nil, "\(field)\(literal) was read")
                    #expect(Metric.closeUSD.implausibility(of: document.findings.price.close ?? 1) == nil, "\(field)\(literal) was read")
                case .failure(let error):
                    let message = "\(error)"
                    #expect(message.contains("briefs/BTC/2025-08-26/brief.json: "), "\(field)\(literal): \(message)")
                    // A value JSON cannot hold as a number is refused by the decoder, the others by the check:
                    // both name the field.
                    #expect(message.contains(field.dropLast(" = ".count)), "\(field)\(literal): \(message)")
                }
            }
        }
        let refused = try readBack(brief, setting: ["findings", "charts", "price", "values", "3"], to: "1.7e308", in: output)
        #expect(throws: PipelineError.self) { try refused.get() }
    }

    /// A value of the wrong type is named by its JSON path, not Swift's coding path
    /// (`findings.charts.price.values.Index 3`).
    @Test func aValueOfTheWrongTypeIsNamedByItsJSONPath() throws {
        let brief = try written()
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try readBack(brief, setting: ["findings", "charts", "price", "values", "3"], to: "\"108000\"", in: output)
        let file = BriefArchive.url(asset: .btc, day: crashDay, output: output).path
        let error = #expect(throws: PipelineError.self) { try result.get() }
        #expect(error?.description == "read: \(file): findings.charts.price.values[3]: a number expected; not a brief.json this version reads")
    }

    /// A hand edit that leaves no JSON (a lone surrogate escape, a number past a double's range)
    /// is named by field, line and character, not by JSONDecoder's bare "not valid JSON".
    @Test(arguments: [
        ("\"headline\" : \"", "\"headline\" : \"\\ud800", "headline: `\\ud800` is half of a surrogate pair, no character"),
        ("\"close\" : 108000,", "\"close\" : 2e308,", "findings.price.close: 2e308 is beyond the range of a double (±1.8e308)"),
    ])
    func aBriefThatIsNoJSONIsRefusedNamingFieldLineAndCharacter(written: String, edited: String, expected: String) throws {
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = try sampleStore(in: output)
        var json = String(decoding: try generator().generate(asset: .btc, history: store.history(asOf: crashDay)).json, as: UTF8.self)
        let range = try #require(json.range(of: written))
        // Where the edit starts: the line and character the error must name.
        let place = json.index(range.lowerBound, offsetBy: zip(written, edited).prefix { $0 == $1 }.count)
        let line = json[..<place].count { $0 == "\n" } + 1
        let character = json.distance(from: json[..<place].lastIndex(of: "\n").map(json.index(after:)) ?? json.startIndex, to: place) + 1
        json.replaceSubrange(range, with: edited)
        let file = BriefArchive.url(asset: .btc, day: crashDay, output: output)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(json.utf8).write(to: file)
        let error = #expect(throws: PipelineError.self) { try BriefArchive.load(asset: .btc, day: crashDay, output: output) }
        #expect(error?.description == "read: \(file.path): \(expected) (line \(line), character \(character)); not valid JSON")
        #expect(line > 1)
    }

    /// JSONDecoder reads a trailing comma, which strict JSON (as marketbrief writes it) has not:
    /// a brief edited so is refused, naming the line and character, as any other no-JSON.
    @Test func aBriefWithATrailingCommaIsNoJSON() throws {
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let store = try sampleStore(in: output)
        let json = String(decoding: try generator().generate(asset: .btc, history: store.history(asOf: crashDay)).json, as: UTF8.self)
        #expect(json.hasSuffix("\"\n}\n"))
        let file = BriefArchive.url(asset: .btc, day: crashDay, output: output)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((json.dropLast(4) + "\",\n}\n").utf8).write(to: file)
        let lines = json.count { $0 == "\n" }
        let error = #expect(throws: PipelineError.self) { try BriefArchive.load(asset: .btc, day: crashDay, output: output) }
        #expect(error?.description == "read: \(file.path): a key in double quotes expected, found `}` (line \(lines), character 1); not valid JSON")
    }

    /// A chart's start edited far back (once shown as "from Dec 31, 0") or past the brief's day.
    @Test(arguments: [("price", "\"0000-12-31\""), ("price", "\"2015-08-26\""), ("fundingPer8hPct", "\"2025-08-27\""),
                      ("openInterest", "\"2025-08-20\"")])
    func aChartStartingBeyondTheBriefsReachIsRefused(chart: String, literal: String) throws {
        let brief = try written()
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try readBack(brief, setting: ["findings", "charts", chart, "start"], to: literal, in: output)
        #expect(throws: PipelineError.self) { try result.get() }
        if case .failure(let error) = result {
            #expect("\(error)".contains("brief.json: charts.\(chart).start = \(literal.dropFirst().dropLast()): a chart of the brief of "
                + "2025-08-26 covers 2015-08-30 to 2025-08-26 at most"), "\(error)")
        }
    }

    @Test func aChartStepOtherThanADayOrAWeekIsRefused() throws {
        let brief = try written()
        let output = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        for literal in ["0", "-7", "9223372036854775807", "2", "1e400", "99999999999999999999"] {
            let result = try readBack(brief, setting: ["findings", "charts", "openInterest", "stepDays"], to: literal, in: output)
            #expect(throws: PipelineError.self, "stepDays \(literal)") { try result.get() }
        }
        for literal in ["0", "9223372036854775807"] {
            let result = try readBack(brief, setting: ["findings", "charts", "price", "stepDays"], to: literal, in: output)
            #expect(throws: PipelineError.self) { try result.get() }
            if case .failure(let error) = result {
                #expect("\(error)".contains("charts.price.stepDays = \(literal): a chart's step is 1 or 7 days"), "\(error)")
            }
        }
    }
}
