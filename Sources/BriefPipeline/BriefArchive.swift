import BriefCollect
import BriefCore
import Foundation

/// The `brief.json` files under an output folder: `OUT/briefs/ASSET/DAY/brief.json`.
public enum BriefArchive {
    /// Where the `brief.json` of `asset` on `day` lives.
    public static func url(asset: Asset, day: Day, output: URL) -> URL {
        output.appendingPathComponent("briefs/\(asset.code)/\(day)/brief.json")
    }

    /// Reads one brief (without `charts` or `claims`, those are left empty). A missing file is
    /// `noData` naming the day; an unreadable one, or one holding a finding or a chart value no
    /// analysis could have made (`FindingsPlausibility`), is `input` naming the field.
    public static func load(asset: Asset, day: Day, output: URL, charts: Bool = true, claims: Bool = true) throws -> BriefDocument {
        let url = url(asset: asset, day: day, output: output)
        let document = try read(url, asset: asset, day: day) { try BriefDocument.decode($0, charts: charts, claims: claims) }
        try check(Held(asset: document.findings.asset, day: document.findings.day, close: document.findings.price.close,
                       story: document.story, headline: document.headline, sections: document.sections),
                  asset: asset, day: day, url: url)
        if let problem = document.findings.charts.implausibility(on: document.findings.day)
            ?? FindingsPlausibility.problem(in: document.findings, at: "findings", briefDay: day) {
            throw PipelineError.brief("\(url.path): \(problem)")
        }
        return document
    }

    /// Reads what a listing shows of one brief (`BriefSummary`), with the same checks as `load`.
    public static func loadSummary(asset: Asset, day: Day, output: URL) throws -> BriefSummary {
        let url = url(asset: asset, day: day, output: output)
        let summary = try read(url, asset: asset, day: day, decode: BriefSummary.decode)
        try check(Held(asset: summary.findings.asset, day: summary.findings.day, close: summary.findings.price.close,
                       story: summary.story, headline: summary.headline, sections: summary.sections),
                  asset: asset, day: day, url: url)
        if let problem = FindingsPlausibility.problem(in: summary.findings, at: "findings", briefDay: day) {
            throw PipelineError.brief("\(url.path): \(problem)")
        }
        return summary
    }

    /// Bytes a `brief.json` may have: marketbrief writes about 40 KB; an edited one past this
    /// would cost every publish seconds per megabyte.
    public static let maxBriefBytes = 1 << 20

    /// Bytes a `brief.txt` may have: marketbrief writes a few kilobytes; `deliver` mails it whole.
    public static let maxTextBytes = 1 << 20

    /// Reads the `brief.txt` of `asset` on `day` (the text a mail sends), as `load` reads the
    /// `brief.json`: never through a link, a regular file of at most `maxTextBytes` bytes, UTF-8,
    /// with no character a reader's screen would act on or reorder (a control, a bidirectional
    /// override: marketbrief never writes one, so such a brief.txt was edited).
    public static func loadText(asset: Asset, day: Day, output: URL) throws -> String {
        let url = url(asset: asset, day: day, output: output).deletingLastPathComponent().appendingPathComponent("brief.txt")
        let data = try bytes(of: url, limit: maxTextBytes, asset: asset, day: day)
        if let (line, field, reason) = UTF8Text.refusal(of: data) {
            throw PipelineError.brief("\(url.path):\(line): \(field): \(reason)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if PrintableText.unfitness(of: text) != nil {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if let problem = PrintableText.unfitness(of: String(line)) {
                    throw PipelineError.brief("\(url.path):\(index + 1): \(problem); not sent")
                }
            }
        }
        return text
    }

    private static func read<Brief>(_ url: URL, asset: Asset, day: Day, decode: (Data) throws -> Brief) throws -> Brief {
        let data = try bytes(of: url, limit: maxBriefBytes, asset: asset, day: day)
        let brief: Brief
        do {
            brief = try decode(data)
        } catch {
            // JSONDecoder says no more of bytes that are not JSON (a lone `\ud800`, `2e308`) than that.
            let problem = JSONPath.problem(of: error).map { "\($0); not a brief.json this version reads" }
                ?? JSONSyntax.problem(in: data).map { "\($0); not valid JSON" }
            // What the decoder quotes of the file (an enum's value of 20 KB) is cut, as any echoed input.
            throw PipelineError.brief("\(url.path): " + EchoedText.cut(problem ?? "not a brief.json this version reads: \(error)"))
        }
        if let problem = unfitText(data) { throw PipelineError.brief("\(url.path): \(problem)") }
        return brief
    }

    /// The bytes of one of a brief's files (`brief.json`, `brief.txt`), at most `limit`. marketbrief
    /// writes its briefs as files in folders of its own: a link among them (to nowhere, or out of
    /// the output folder) is an error naming it, never followed or skipped.
    private static func bytes(of url: URL, limit: Int, asset: Asset, day: Day) throws -> Data {
        var path = url.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for component in ["", asset.code, day.description, url.lastPathComponent] {
            if !component.isEmpty { path = path.appendingPathComponent(component) }
            var link = stat()
            if lstat(path.path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                throw PipelineError.brief("\(path.path): a symbolic link, where marketbrief keeps a "
                    + (component == url.lastPathComponent ? component : "folder") + " of its own; it is not followed (remove it)")
            }
        }
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw PipelineError.noData("no \(asset) brief for \(day): \(url.path) does not exist "
                + "(write it with `marketbrief generate --asset \(asset) --date \(day)`)")
        }
        let name = url.lastPathComponent
        guard info.st_mode & S_IFMT == S_IFREG, let handle = FileHandle(forReadingAtPath: url.path) else {
            throw PipelineError.brief("\(url.path): not a regular file that can be read, as a \(name) is")
        }
        func tooLarge(_ size: Int) -> PipelineError {
            PipelineError.brief("\(url.path): \(size) bytes, more than the \(limit) a \(name) may have; it was not read")
        }
        // The size is checked before the read, and the read stops one byte past the limit.
        guard info.st_size <= limit else { throw tooLarge(Int(info.st_size)) }
        guard let data = try? handle.read(upToCount: limit + 1) ?? Data() else {
            throw PipelineError.brief("\(url.path): cannot be read")
        }
        guard data.count <= limit else { throw tooLarge(data.count) }
        return data
    }

    /// The first text of a `brief.json` (any field: the site shows its prose, venues, labels)
    /// holding a character no page or feed may show as it stands (a control, a bidirectional
    /// override, a noncharacter; a line break is fine), named by its field
    /// (`headline: a control character (U+001B) at character 12`); `nil` when there is none.
    /// marketbrief never writes one: such a brief was edited.
    private static func unfitText(_ data: Data) -> String? {
        // JSON writes a control character as `\u…`; anything else unfit is in the text as it is.
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains("\\u") || PrintableText.unfitness(of: text) != nil else { return nil }
        // Bytes a brief's reader passed over (claims, charts) may still be no JSON: a lone `\ud800`.
        guard let tree = try? JSONSerialization.jsonObject(with: data) else {
            return JSONSyntax.problem(in: data).map { "\($0); not valid JSON" }
        }
        func first(_ value: Any, _ path: String) -> String? {
            switch value {
            case let text as String:
                PrintableText.unfitness(of: text).map { "\(path): \($0)" }
            case let array as [Any]:
                array.indices.lazy.compactMap { first(array[$0], "\(path)[\($0)]") }.first
            case let object as [String: Any]:
                object.keys.sorted().lazy.compactMap { first(object[$0]!, path.isEmpty ? $0 : "\(path).\($0)") }.first
            default:
                nil
            }
        }
        return first(tree, "")
    }

    /// What a brief must hold to be published or compared, whichever way it was read.
    private struct Held {
        var asset: Asset
        var day: Day
        var close: Double?
        var story: String
        var headline: String
        var sections: [BriefDocument.Section]
    }

    /// The brief of `asset` on `day`, with a close, the five sections, and none of its text empty.
    private static func check(_ brief: Held, asset: Asset, day: Day, url: URL) throws {
        guard brief.asset == asset, brief.day == day else {
            throw PipelineError.brief("\(url.path): holds the \(brief.asset) brief of \(brief.day), not \(asset) \(day)")
        }
        guard let close = brief.close else {
            throw PipelineError.brief("\(url.path): a brief without the day's close, which is no brief to publish or compare "
                + "(remove the folder; `generate` no longer writes such briefs)")
        }
        if let problem = Metric.closeUSD.implausibility(of: close) {
            throw PipelineError.brief("\(url.path): findings.price.close = \(close): \(problem)")
        }
        let ids = brief.sections.map(\.id)
        guard ids == BriefSections.ids else {
            throw PipelineError.brief("\(url.path): sections \(PrintableText.of(ids.joined(separator: ", "))) are not the five "
                + "a brief has (\(BriefSections.ids.joined(separator: ", "))); regenerate it with `backfill`")
        }
        if let empty = ([("story", brief.story), ("headline", brief.headline)] + brief.sections.map { ($0.id, $0.text) })
            .first(where: { $0.1.isEmpty }) {
            throw PipelineError.brief("\(url.path): \(empty.0) is empty; regenerate it with `backfill`")
        }
        if let problem = oversizedText(story: brief.story, headline: brief.headline, sections: brief.sections) {
            throw PipelineError.brief("\(url.path): \(problem); an edited brief?")
        }
    }

    /// The first text of a brief (story, headline, a section) past the lines or characters a
    /// brief's text may have, named by its field; `nil` when there is none.
    static func oversizedText(story: String, headline: String, sections: [BriefDocument.Section]) -> String? {
        let texts = [("story", story), ("headline", headline)] + sections.enumerated().map { ("sections[\($0.offset)].text", $0.element.text) }
        for (field, text) in texts {
            let lines = text.utf8.count(where: { $0 == 10 }) + 1
            if lines > maxTextLines {
                return "\(field): \(lines) lines, more than the \(maxTextLines) a brief's text may have (marketbrief writes a few)"
            }
            if text.utf8.count > maxTextCharacters && text.count > maxTextCharacters {
                return "\(field): more than the \(maxTextCharacters) characters a brief's text may have (marketbrief writes about 1,000)"
            }
        }
        return nil
    }

    /// Lines the story, the headline or a section of a brief may have. The largest marketbrief
    /// wrote over a year of the sample are 5 (a section); the diff and the site show every line,
    /// so a text of thousands would make their pages grow far beyond the brief.
    public static let maxTextLines = 200

    /// Characters the story, the headline or a section of a brief may have; the largest
    /// marketbrief wrote over a year of the sample is 969 (a section).
    public static let maxTextCharacters = 20_000

    /// A stored brief: its day and the identity of its `brief.json` (which changes whenever the
    /// file is rewritten).
    public struct Stored: Sendable {
        public var day: Day
        public var identity: String
    }

    /// The days with a `brief.json`, by asset, oldest first. Folders whose names are not
    /// an asset code or a date are ignored.
    public static func list(output: URL) -> [Asset: [Stored]] {
        let briefs = output.appendingPathComponent("briefs").path
        let assets = ((try? FileManager.default.contentsOfDirectory(atPath: briefs)) ?? []).compactMap(Asset.init)
        // One folder per asset, read on every core: each holds a brief per day for years.
        let found = Concurrently.map(assets) { asset -> [Stored] in
            guard let folder = opendir(briefs + "/" + asset.code) else { return [] }
            defer { closedir(folder) }
            // Names read and files looked up from the folder itself: no path walked from the root.
            var stored: [Stored] = []
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard let day = Day(name) else { continue }
                let identity = FileIdentity.of(name + "/brief.json", inFolder: dirfd(folder))
                if identity != "missing" { stored.append(Stored(day: day, identity: identity)) }
            }
            return stored.sorted { $0.day < $1.day }
        }
        return Dictionary(uniqueKeysWithValues: zip(assets, found).filter { !$0.1.isEmpty })
    }
}
