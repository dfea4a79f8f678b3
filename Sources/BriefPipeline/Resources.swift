import Foundation

/// Finds the files that ship with marketbrief: templates, the sample data and the default config.
///
/// Looked up, in order: `$MARKETBRIEF_HOME`; `share/marketbrief` beside the executable's
/// folder (an installed layout), the executable found by its real path (on Linux
/// `/proc/self/exe`), not by how it was invoked (a bare `marketbrief` from `PATH`); the source
/// checkout the binary was built from. So a binary copied out of the checkout still finds them.
public struct Resources: Sendable {
    /// The folder holding `templates/`, `data/sample/` and `config/`.
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The first candidate folder that has `templates/brief.html.mustache`; `executable` is the
    /// running program's file.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL? = Bundle.main.executableURL) throws -> Resources {
        var candidates: [URL] = []
        if let home = environment["MARKETBRIEF_HOME"], !home.isEmpty {
            candidates.append(URL(fileURLWithPath: home, isDirectory: true))
        }
        if let executable {
            candidates.append(executable.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("share/marketbrief", isDirectory: true))
        }
        // Sources/BriefPipeline/Resources.swift → the checkout root.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent())
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("templates/brief.html.mustache").path) {
            return Resources(root: candidate.standardizedFileURL)
        }
        throw PipelineError.setup("cannot find marketbrief's templates; looked in: "
            + candidates.map(\.path).joined(separator: ", ") + " (set MARKETBRIEF_HOME to the folder holding templates/)")
    }

    public var templates: URL { root.appendingPathComponent("templates", isDirectory: true) }
    public var sample: URL { root.appendingPathComponent("data/sample", isDirectory: true) }
    public var defaultConfig: URL { root.appendingPathComponent("config/thresholds.json") }
}
