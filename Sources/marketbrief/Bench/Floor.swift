import BriefPipeline
import Foundation

/// The machine's floor for a page and for a brief: what libxml2 takes to parse the pages the
/// benchmark wrote and what the file system takes to place their files, measured by the small
/// C programs of `scripts/floor/` (built here with `cc`), which do only that work.
struct Floor {
    /// CPU milliseconds to parse one page with libxml2's XML parser, as the validator reads a
    /// well-formed page (every page marketbrief writes).
    var xmlParseMS: Double
    /// Pages of the sample the XML parser read without an error, and pages in the sample.
    var wellFormed: (pages: Int, of: Int)
    /// CPU milliseconds to parse one page with libxml2's HTML parser, as the validator reads any other page.
    var htmlParseMS: Double
    /// CPU milliseconds to make a staging folder, write a brief's three files and rename it.
    var briefWriteMS: Double
    /// CPU milliseconds to write one file of a site page's size.
    var pageWriteMS: Double

    /// The parse of a page as the validator reads it: by the XML parser when every page was
    /// well-formed XML, else by the HTML parser.
    var parseMS: Double { wellFormed.pages == wellFormed.of ? xmlParseMS : htmlParseMS }
    /// The floor of one brief: its page parsed, its folder written.
    var perBrief: Double { parseMS + briefWriteMS }
    /// The floor of one site page: parsed, written.
    var perPage: Double { parseMS + pageWriteMS }

    /// Builds the floor programs from `scripts/floor` of the checkout into `work` and runs them
    /// on up to `sample` of the `briefPages` and on files of the given sizes.
    static func measure(work: URL, briefPages: [String], briefFileSizes: [Int], pageSize: Int, sample: Int = 1_000) throws -> Floor {
        let sources = try Resources.locate().root.appendingPathComponent("scripts/floor")
        guard FileManager.default.fileExists(atPath: sources.appendingPathComponent("parse.c").path) else {
            throw FloorError("no scripts/floor beside the templates (the floor is measured from a checkout)")
        }
        let bin = work.appendingPathComponent("floor-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let libxml = try shell("pkg-config --cflags --libs libxml-2.0").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try shell("cc -O2 -o '\(bin.path)/parse' '\(sources.path)/parse.c' \(libxml)")
        _ = try shell("cc -O2 -o '\(bin.path)/write' '\(sources.path)/write.c'")

        let step = max(1, briefPages.count / sample)
        let list = work.appendingPathComponent("floor-pages.txt")
        try stride(from: 0, to: briefPages.count, by: step).map { briefPages[$0] }.joined(separator: "\n")
            .write(to: list, atomically: true, encoding: .utf8)
        let parsed = fields(try shell("'\(bin.path)/parse' - < '\(list.path)'"))
        let scratch = work.appendingPathComponent("floor-writes")
        defer { try? FileManager.default.removeItem(at: scratch) }
        /// The median of three runs: one run's file operations varied from 72 to 278 µs a brief
        /// on this VM within an hour, the parse hardly at all.
        func writeMS(_ sizes: [Int]) throws -> Double {
            let runs = try (0..<3).map { _ in
                try? FileManager.default.removeItem(at: scratch)
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                let written = fields(try shell("'\(bin.path)/write' '\(scratch.path)' 2000 " + sizes.map(String.init).joined(separator: " ")))
                return (written["cpu_us_per_brief"] ?? 0) / 1000
            }
            return median(runs)
        }
        guard let html = parsed["html_ms_per_page"], let xml = parsed["xml_ms_per_page"], let pages = parsed["pages"],
              let wellFormed = parsed["xml_wellformed"] else {
            throw FloorError("scripts/floor/parse printed nothing to read")
        }
        return Floor(xmlParseMS: xml, wellFormed: (Int(wellFormed), Int(pages)), htmlParseMS: html,
                     briefWriteMS: try writeMS(briefFileSizes), pageWriteMS: try writeMS([pageSize]))
    }

    /// `key value key value …` as a dictionary of numbers.
    private static func fields(_ line: String) -> [String: Double] {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        return Dictionary(stride(from: 0, to: words.count - 1, by: 2).compactMap { index in
            Double(words[index + 1]).map { (words[index], $0) }
        }, uniquingKeysWith: { $1 })
    }

    private static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FloorError("`\(command)` failed: " + String(decoding: message, as: UTF8.self).prefix(300))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

struct FloorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
