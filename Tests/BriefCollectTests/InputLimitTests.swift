import BriefCore
import Foundation
import Testing
@testable import BriefCollect

/// Cells, lines and fields have limits, checked as bytes arrive: an overlong one is refused with
/// file, line and limit before it is held whole, and the error echoes a few hundred bytes at most.
@Suite(.timeLimit(.minutes(1))) struct InputLimitTests {
    /// Feeds `prefix`, then `repeated` 1 MB at a time up to `megabytes`, and returns the error and
    /// how many megabytes had been fed when it came.
    private func feed(_ prefix: String, repeating byte: UInt8, megabytes: Int) -> (error: InputError?, fedMB: Int) {
        var reader = CSVReader(file: "big.csv")
        let chunk = [UInt8](repeating: byte, count: 1 << 20)
        do {
            try Array(prefix.utf8).withUnsafeBufferPointer { try reader.feed($0) { _ in } }
            for fed in 1...megabytes {
                do {
                    try chunk.withUnsafeBufferPointer { try reader.feed($0) { _ in } }
                } catch let error as InputError {
                    return (error, fed)
                }
            }
            try reader.finish { _ in }
        } catch {
            return (error as? InputError, megabytes)
        }
        return (nil, megabytes)
    }

    @Test func anOverlongCellQuotedOrNotIsRefusedAtOnce() {
        for (prefix, byte) in [("date,asset,close_usd\n2025-08-26,BTC,\"", UInt8(ascii: "x")),
                               ("date,asset,close_usd\n2025-08-26,BTC,", UInt8(ascii: "9"))] {
            let (error, fed) = feed(prefix, repeating: byte, megabytes: 500)
            #expect(error?.description == "big.csv:2: field 3: a cell longer than 16384 bytes (the limit of a cell); refused",
                    "\(error?.description ?? "no error")")
            #expect(fed == 1, "500 MB of one cell must not be read to the end")
        }
    }

    @Test func anOverlongLineOrOneOfTooManyFieldsIsRefused() {
        let (long, fed) = feed("date,asset\n", repeating: UInt8(ascii: ","), megabytes: 300)
        #expect(long?.description == "big.csv:2: record: more than 65536 fields (the limit of a line); refused", "\(long?.description ?? "")")
        #expect(fed == 1)
        // Fields of 1,000 bytes: the line passes 4 MiB before the field count.
        var reader = CSVReader(file: "big.csv")
        let field = [UInt8](repeating: UInt8(ascii: "7"), count: 1000) + [UInt8(ascii: ",")]
        let chunk = Array((0..<1024).map { _ in field }.joined())
        let error = #expect(throws: InputError.self) {
            for _ in 0..<300 { try chunk.withUnsafeBufferPointer { try reader.feed($0) { _ in } } }
        }
        #expect(error?.description == "big.csv:1: record: a record longer than 4194304 bytes (the limit of a line); refused")
    }

    /// A comment line has the limit of any line: one of 300 MB took minutes to skip.
    @Test func anOverlongCommentLineIsRefused() {
        let (error, fed) = feed("date,asset,close_usd\n# ", repeating: UInt8(ascii: "c"), megabytes: 300)
        #expect(error?.description == "big.csv:2: comment: a comment line longer than 4194304 bytes (the limit of a line); refused",
                "\(error?.description ?? "no error")")
        #expect(fed == 4, "refused as it passes 4 MiB, not read to the end")
    }

    @Test func aLongHeaderNameIsEchoedCutNotWhole() throws {
        let name = String(repeating: "z", count: 10_000)
        let problem = try #require(#expect(throws: InputError.self) {
            try MetricsFile.parse(Array("date,asset,\(name)\n2025-08-26,BTC,1\n".utf8), file: "daily.csv", source: "file:daily.csv",
                                  latestDay: Day("2025-12-31")!)
        }).problems[0]
        #expect(problem.description.utf8.count < 1_400, "\(problem.description.utf8.count) bytes")
        #expect(problem.field.hasSuffix("… (10000 bytes in all)"))
        #expect(problem.reason.hasPrefix("unknown column"))
    }

    /// Files under the limits read as before: a cell of exactly 16 KiB, a label of 800 bytes.
    @Test func cellsAtTheLimitAreRead() throws {
        let cell = String(repeating: "a", count: CSVReader.maxCellBytes)
        let records = try CSVReader.records(Array("x,\"\(cell)\"\n\(cell),y\n".utf8), file: "ok.csv")
        #expect(records.map(\.fields) == [["x", cell], [cell, "y"]])
    }
}
