import BriefCore
import Foundation

/// The `brief.json` files under an output folder: `OUT/briefs/ASSET/DAY/brief.json`.
public enum BriefArchive {
    /// Where the `brief.json` of `asset` on `day` lives.
    public static func url(asset: Asset, day: Day, output: URL) -> URL {
        output.appendingPathComponent("briefs/\(asset.code)/\(day)/brief.json")
    }

    /// Reads one brief (without `charts` or `claims`, those are left empty). A missing file is
    /// `noData` naming the day; an unreadable one is `input`.
    public static func load(asset: Asset, day: Day, output: URL, charts: Bool = true, claims: Bool = true) throws -> BriefDocument {
        let url = url(asset: asset, day: day, output: output)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError.noData("no \(asset) brief for \(day): \(url.path) does not exist "
                + "(write it with `marketbrief generate --asset \(asset) --date \(day)`)")
        }
        do {
            let document = try BriefDocument.decode(data, charts: charts, claims: claims)
            guard document.findings.asset == asset, document.findings.day == day else {
                throw PipelineError.input("\(url.path): holds the \(document.findings.asset) brief of \(document.findings.day), not \(asset) \(day)")
            }
            guard document.findings.price.close != nil else {
                throw PipelineError.input("\(url.path): a brief without the day's close, which is no brief to publish or compare "
                    + "(remove the folder; `generate` no longer writes such briefs)")
            }
            try checkText(story: document.story, headline: document.headline, sections: document.sections, url: url)
            return document
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.input("\(url.path): not a brief.json this version reads: \(error)")
        }
    }

    /// Reads what a listing shows of one brief (`BriefSummary`), with the same checks of what
    /// it holds as `load` makes of those parts.
    public static func loadSummary(asset: Asset, day: Day, output: URL) throws -> BriefSummary {
        let url = url(asset: asset, day: day, output: output)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError.noData("no \(asset) brief for \(day): \(url.path) does not exist")
        }
        let summary: BriefSummary
        do {
            summary = try BriefSummary.decode(data)
        } catch {
            throw PipelineError.input("\(url.path): not a brief.json this version reads: \(error)")
        }
        guard summary.findings.asset == asset, summary.findings.day == day else {
            throw PipelineError.input("\(url.path): holds the \(summary.findings.asset) brief of \(summary.findings.day), not \(asset) \(day)")
        }
        guard summary.findings.price.close != nil else {
            throw PipelineError.input("\(url.path): a brief without the day's close, which is no brief to publish or compare "
                + "(remove the folder; `generate` no longer writes such briefs)")
        }
        try checkText(story: summary.story, headline: summary.headline, sections: summary.sections, url: url)
        return summary
    }

    /// A brief's text must be the five sections, and none of it empty.
    private static func checkText(story: String, headline: String, sections: [BriefDocument.Section], url: URL) throws {
        let ids = sections.map(\.id)
        guard ids == BriefSections.ids else {
            throw PipelineError.input("\(url.path): sections \(PrintableText.of(ids.joined(separator: ", "))) are not the five "
                + "a brief has (\(BriefSections.ids.joined(separator: ", "))); regenerate it with `backfill`")
        }
        if let empty = ([("story", story), ("headline", headline)] + sections.map { ($0.id, $0.text) }).first(where: { $0.1.isEmpty }) {
            throw PipelineError.input("\(url.path): \(empty.0) is empty; regenerate it with `backfill`")
        }
    }

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
        let found = Concurrently.map(assets) { asset in
            let folder = briefs + "/" + asset.code
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .compactMap(Day.init)
                .sorted()
                .compactMap { day -> Stored? in
                    let identity = FileIdentity.of(folder + "/\(day)/brief.json")
                    return identity == "missing" ? nil : Stored(day: day, identity: identity)
                }
        }
        return Dictionary(uniqueKeysWithValues: zip(assets, found).filter { !$0.1.isEmpty })
    }
}
