@testable import BriefCore
@testable import BriefVerify
import Foundation
import GRDB
import Testing
@testable import BriefPipeline

private enum PlantError: Error { case noSuchClaim }

/// `verify` derives every claim of the written briefs again from the store.
@Suite struct VerifyTests {
    @Test func everyClaimOfTheWholeSampleBackfillHolds() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let backfill = try runToEnd(builtBinary, ["backfill", "--from", "2023-09-01", "--to", "2025-08-31",
                                                  "--asset", "BTC", "--asset", "ETH"], in: folder)
        #expect(backfill.status == 0, "\(backfill.output)")
        let verified = try runToEnd(builtBinary, ["verify"], in: folder)
        #expect(verified.status == 0, "\(verified.output)")
        // Tens of thousands of claims, not a handful: every brief states dozens (46,941 when written).
        let summary = try #require(verified.output.split(separator: "\n").last)
        let claims = Int(summary.prefix { $0 != " " }) ?? 0
        #expect(claims > 25 * 1462 && summary.hasSuffix("in 1462 brief(s): 0 mismatch(es)."), "\(summary)")

        try expectEncoderBytes(briefsIn: folder.appendingPathComponent("output/briefs"))

        // A number edited in a written brief.json: verify names it and exits 1.
        let file = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json")
        let edited = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "$477M", with: "$481M")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let caught = try runToEnd(builtBinary, ["verify", "--from", "2025-08-26", "--to", "2025-08-26", "--asset", "BTC"], in: folder)
        #expect(caught.status == 1)
        #expect(caught.output.contains("BTC 2025-08-26 headline: liq_long_usd on 2025-08-26: stated $481M, store says 477000000"),
                "\(caught.output)")
    }

    /// Every `brief.json` (written by `StableJSON`) and the diff of each BTC day from the day before
    /// are the bytes `JSONEncoder` writes with the options `brief.json` was always written with;
    /// `StableJSON`'s reader reads every brief by itself, to the value `JSONDecoder` reads.
    private func expectEncoderBytes(briefsIn briefs: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var compared = 0
        for asset in ["BTC", "ETH"] {
            let days = try FileManager.default.contentsOfDirectory(atPath: briefs.appendingPathComponent(asset).path)
                .filter { Day($0) != nil }.sorted()
            var previous: BriefDocument?
            for day in days {
                let written = try Data(contentsOf: briefs.appendingPathComponent("\(asset)/\(day)/brief.json"))
                let document = try #require(StableJSON.treeDecoded(BriefDocument.self, from: written), "\(asset) \(day)")
                #expect(try JSONDecoder().decode(BriefDocument.self, from: written) == document, "\(asset) \(day)")
                guard try encoder.encode(document) + Data("\n".utf8) == written else {
                    Issue.record("\(asset) \(day): brief.json is not JSONEncoder's bytes")
                    return
                }
                if asset == "BTC", let previous {
                    let diff = BriefDiff(from: previous, to: document)
                    #expect(try diff.encoded() == encoder.encode(diff) + Data("\n".utf8), "diff to BTC \(day)")
                }
                previous = document
                compared += 1
            }
        }
        #expect(compared == 1462)
    }

    /// The crash-day brief, written from the sample into `folder`, and a verifier of its store.
    private func crashDayBrief(in folder: URL) throws -> (BriefDocument, ClaimVerifier) {
        let store = try sampleStore(in: folder)
        let brief = try generator().generate(asset: .btc, history: store.history(asOf: crashDay))
        let document = try BriefDocument.decode(brief.json)
        return (document, ClaimVerifier(store: try StoreReader(path: folder.appendingPathComponent("db.sqlite").path)))
    }

    /// `document` with the claim that `matches` stating `planted` instead, in the claim and its sentence.
    private func planting(_ planted: String, in document: BriefDocument, where matches: (Claim) -> Bool) throws -> BriefDocument {
        var document = document
        guard let index = document.claims.firstIndex(where: matches) else { throw PlantError.noSuchClaim }
        let claim = document.claims[index]
        let sentence = claim.sentence.replacingOccurrences(of: claim.stated, with: planted)
        document.claims = document.claims.map { other in
            var other = other
            if other.sentence == claim.sentence { other.sentence = sentence }
            return other
        }
        document.claims[index].stated = planted
        if claim.section == "story" {
            document.story = document.story.replacingOccurrences(of: claim.sentence, with: sentence)
        } else if claim.section == "headline" {
            document.headline = document.headline.replacingOccurrences(of: claim.sentence, with: sentence)
        } else {
            document.sections = document.sections.map {
                .init(id: $0.id, text: $0.id == claim.section ? $0.text.replacingOccurrences(of: claim.sentence, with: sentence) : $0.text)
            }
        }
        return document
    }

    @Test func theCrashDayHoldsAndPlantedErrorsAreCaught() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (document, verifier) = try crashDayBrief(in: folder)
        #expect(try verifier.mismatches(in: document).isEmpty)
        #expect(document.claims.contains { $0.stated == "$477M" && $0.kind == .value && $0.metric == "liq_long_usd" })

        // A number: the day's long liquidations.
        let number = try planting("$481M", in: document) { $0.stated == "$477M" && $0.kind == .value && $0.section == "headline" }
        #expect(try verifier.mismatches(in: number).map(\.description).contains("BTC 2025-08-26 headline: liq_long_usd on 2025-08-26: stated $481M, store says 477000000"))

        // The one-line story (the page's title) is checked too.
        let title = try planting("$481M", in: document) { $0.stated == "$477M" && $0.kind == .value && $0.section == "story" }
        #expect(try verifier.mismatches(in: title).map(\.description)
            .contains("BTC 2025-08-26 story: liq_long_usd on 2025-08-26: stated $481M, store says 477000000"))

        // A date: the first day of the exchange inflow run.
        let date = try planting("Aug 16", in: document) { $0.kind == .runFirst && $0.metric == "exchange_netflow" }
        #expect(try verifier.mismatches(in: date).map(\.description).contains("BTC 2025-08-26 divergence: current exchange_netflow run as of 2025-08-26: first: stated Aug 16, store says 2025-08-17"))

        // A run length: the ETF outflow run.
        let length = try planting("4", in: document) { $0.kind == .runDays && $0.metric == "etf_flow_usd" }
        #expect(try verifier.mismatches(in: length).map(\.description).contains("BTC 2025-08-26 divergence: current etf_flow_usd run as of 2025-08-26: days: stated 4, store says 3"))

        // A rank, and the funding rate annualized (the reference text's "nearly 30%").
        let rank = try planting("97th", in: document) { $0.kind == .rank && $0.metric == "funding_per8h_pct" }
        #expect(try verifier.mismatches(in: rank).count == 1)
        let annualized = try planting("29.20%", in: document) { $0.metric == "funding_annualized_pct" && $0.kind == .value }
        #expect(try verifier.mismatches(in: annualized).map(\.description).contains("BTC 2025-08-26 leverage: funding_annualized_pct on 2025-08-26: stated 29.20%, store says 8.76"))

        // Prose edited without its claim: the sentence no longer states it.
        var prose = document
        prose.headline = prose.headline.replacingOccurrences(of: "$477M", with: "$481M")
        #expect(try verifier.mismatches(in: prose).contains { $0.found == "the headline text does not state it" })
    }

    /// A value written into the store as text ('NaN'), or one no import accepts, stops `verify`
    /// with the row named instead of crashing in the row decoding.
    @Test func aStoredTextOrImplausibleValueIsReportedNotACrash() throws {
        let cases: [(sql: String, expected: String)] = [
            ("UPDATE metric_value SET value = 'NaN' WHERE asset = 'BTC' AND metric = 'liq_long_usd' AND day = '2025-08-26'",
             "store: BTC liq_long_usd 2025-08-26 = \"NaN\": not a number"),
            ("UPDATE metric_value SET value = 1.7e308 WHERE asset = 'BTC' AND metric = 'close_usd' AND day = '2025-08-26'",
             "store: BTC close_usd 2025-08-26 = 1.7e+308: 1.7e+308 is implausible"),
            ("UPDATE metric_value SET value = X'00' WHERE asset = 'BTC' AND metric = 'funding_interval_h' AND day = '2025-08-26'",
             "store: BTC funding_interval_h 2025-08-26 = "),
        ]
        for (sql, expected) in cases {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let (document, verifier) = try crashDayBrief(in: folder)
            try DatabaseQueue(path: folder.appendingPathComponent("db.sqlite").path).write { try $0.execute(sql: sql) }
            #expect {
                try verifier.mismatches(in: document)
            } throws: { error in
                "\(error)".hasPrefix(expected)
            }
        }
    }

    /// Some sources fill spot-ETF flows' weekends with zeros. The sample's BTC weekends so filled
    /// since the funds' launch give the same briefs, word for word (the ETF outflow run of the crash
    /// day still spans a weekend: 3 trading days, Aug 22 to Aug 26), and every claim still holds.
    @Test func weekendZeroETFFlowsChangeNoBrief() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOf: resources.sample.appendingPathComponent("daily.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.first { !$0.hasPrefix("#") }).split(separator: ",", omittingEmptySubsequences: false)
        let flow = try #require(header.firstIndex(of: "etf_flow_usd"))
        var filled = 0
        let zeroFilled = lines.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count, fields[1] == "BTC", let day = Day(String(fields[0])),
                  day >= Day("2024-01-11")!, day.isoWeekday >= 6, fields[flow].isEmpty else { return String(line) }
            fields[flow] = "0"
            filled += 1
            return fields.joined(separator: ",")
        }
        #expect(filled > 150)

        func briefs(_ daily: String, in name: String) throws -> [String: String] {
            let project = folder.appendingPathComponent(name, isDirectory: true)
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            try daily.write(to: project.appendingPathComponent("daily.csv"), atomically: true, encoding: .utf8)
            for arguments in [["import", "daily.csv", resources.sample.appendingPathComponent("transfers.csv").path],
                              ["backfill", "--from", "2025-06-01", "--to", "2025-08-31", "--asset", "BTC"], ["verify"]] {
                let run = try runToEnd(builtBinary, arguments, in: project)
                #expect(run.status == 0, "\(arguments[0]): \(run.output)")
            }
            let days = project.appendingPathComponent("output/briefs/BTC")
            return try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: days.path).filter { !$0.hasPrefix(".") }.map { day in
                (day, try String(contentsOf: days.appendingPathComponent("\(day)/brief.txt"), encoding: .utf8))
            })
        }
        let original = try briefs(lines.joined(separator: "\n"), in: "original")
        let withZeros = try briefs(zeroFilled.joined(separator: "\n"), in: "zeros")
        #expect(original.count == 92)
        for (day, text) in original.sorted(by: { $0.key < $1.key }) {
            #expect(withZeros[day] == text, "\(day)")
        }
        #expect(original["2025-08-26"]?.contains("3 trading days in a row, Aug 22 to Aug 26") == true)
    }

    @Test func statedTextReadsBackWithItsRounding() {
        func number(_ text: String) -> [Double]? { StatedText.number(text).map { [$0.value, $0.unit] } }
        #expect(number("$477M") == [477e6, 1e6])
        #expect(number("-$1.1B") == [-1.1e9, 1e8])
        #expect(number("+$88M") == [88e6, 1e6])
        #expect(number("0.0094%") == [0.0094, 0.0001])
        #expect(number("310,600 BTC") == [310_600, 1])
        #expect(number("87th") == [87, 1])
        #expect(number("Aug 17") == nil)
        #expect(StatedText.day("Aug 17", briefYear: 2025) == Day("2025-08-17"))
        #expect(StatedText.day("Dec 31, 2024", briefYear: 2025) == Day("2024-12-31"))
    }
}
