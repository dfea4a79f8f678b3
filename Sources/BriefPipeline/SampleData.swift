import BriefCore
import Foundation

/// The bundled sample: an illustrative reconstruction of the August 2025 sell-off.
public struct SampleData: Sendable {
    /// Provenance of values imported from the sample.
    public static let sourcePrefix = "sample"
    public let files: [URL]
    /// The day the sample is built around (the crash day).
    public let featuredDay: Day

    private struct Manifest: Decodable {
        var featured_day: String
        var files: [String]
    }

    public init(folder: URL) throws {
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
              let day = Day(manifest.featured_day) else {
            throw PipelineError.setup("\(manifestURL.path): missing or unreadable sample manifest")
        }
        files = manifest.files.map { folder.appendingPathComponent($0) }
        featuredDay = day
    }
}
