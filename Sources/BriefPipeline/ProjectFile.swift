import BriefCollect
import BriefCore
import Foundation

/// The project file (`marketbrief.json`, docs/config.md): what a desk runs every morning, so no
/// command needs its flags repeated. Every key is optional; a flag given on the command line
/// overrides the file. Whole lines starting with `//` are comments.
public struct Project: Sendable, Equatable {
    /// Output folder: briefs, site and stores.
    public var output = "output"
    /// Assets briefed every day.
    public var assets: [Asset] = [.btc]
    /// Thresholds file (docs/config.md), relative to the project file's folder.
    public var thresholds: String?
    /// What `daily` collects: each venue with its assets.
    public var collect: [Collection] = []
    /// Days before the first missing day that `daily` collects again, to take in revisions.
    public var collectOverlapDays = 3
    /// Folders `daily` imports new files from, each in one format.
    public var dropFolders: [DropFolder] = []
    /// The site's public address (`publish --base-url`).
    public var baseURL: String?
    /// The site's name in its banner, home page title and feed.
    public var siteTitle = "marketbrief"
    /// A shell command `daily` runs after publishing (`rsync …`, `aws s3 sync …`), in the
    /// project file's folder, with `MARKETBRIEF_SITE` set to the site folder.
    public var deploy: String?
    /// Seconds the deploy command may take before it (and what it started) is ended.
    public var deployTimeLimit: Double = 600
    /// Whether `daily` leaves the venues alone and briefs what the store and drop folders hold
    /// (a desk without network access to them).
    public var skipCollect = false
    /// The file this was read from, `nil` for the defaults.
    public var file: URL?

    public struct Collection: Sendable, Equatable {
        public var venue: String
        public var assets: [Asset]
        public var baseURL: String?
    }

    public struct DropFolder: Sendable, Equatable {
        public var path: String
        public var format: InputFormat
        /// The asset of formats whose rows carry none.
        public var asset: Asset?
    }

    public init() {}

    /// The name looked for in the current folder when no `--project` is given.
    public static let defaultName = "marketbrief.json"

    /// Reads `path`, or `marketbrief.json` in the current folder when there is one, or gives the
    /// defaults.
    public static func load(_ path: String?) throws -> Project {
        let url = URL(fileURLWithPath: path ?? defaultName)
        guard path != nil || FileManager.default.fileExists(atPath: url.path) else { return Project() }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError.setup("\(url.path): cannot read the project file")
        }
        return try parse(data, file: url)
    }

    /// Where a path named in the project file points: relative paths start at its folder.
    public func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), let file else { return path }
        return file.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
    }

    static func parse(_ data: Data, file: URL) throws -> Project {
        func failure(_ reason: String) -> PipelineError { .setup("\(file.path): \(reason)") }
        // Whole-line comments become blank lines, so JSON's error positions stay true.
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("//") ? "" : String($0) }.joined(separator: "\n")
        let json = Data(text.utf8)
        if let key = DuplicateKeys.first(in: json) { throw failure("\(key) is given twice; keep one") }
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw failure("not a JSON object (comments must be whole lines starting with //)")
        }
        var project = Project()
        project.file = file
        let reader = Reader(object: object, at: "", makeError: failure)
        try reader.refuseUnknown(["output", "assets", "thresholds", "collect", "collect_overlap_days", "drop_folders", "base_url", "site_title", "deploy",
                                  "deploy_time_limit", "skip_collect"])
        project.output = try reader.string("output") ?? project.output
        project.assets = try reader.assets("assets") ?? project.assets
        project.thresholds = try reader.string("thresholds")
        project.collectOverlapDays = try reader.integer("collect_overlap_days", in: 0...60) ?? project.collectOverlapDays
        project.baseURL = try reader.string("base_url")
        if let url = project.baseURL, BaseURL.normalized(url) == nil {
            throw failure("base_url \(PrintableText.of(url)): not an absolute http(s) URL without credentials, query or fragment")
        }
        project.deploy = try reader.string("deploy")
        project.deployTimeLimit = try reader.integer("deploy_time_limit", in: 1...86_400).map(Double.init) ?? project.deployTimeLimit
        project.skipCollect = try reader.boolean("skip_collect") ?? project.skipCollect
        if let title = try reader.string("site_title") {
            guard !title.allSatisfy(\.isWhitespace), title.count <= 80, PrintableText.of(title) == title else {
                throw failure("site_title: 1 to 80 characters, not all blank, no control characters")
            }
            project.siteTitle = title
        }
        project.collect = try reader.objects("collect").map { entry in
            try entry.refuseUnknown(["venue", "assets", "base_url"])
            guard let venue = try entry.string("venue"), ["binance", "okx", "binance-archive"].contains(venue) else {
                throw entry.failure("venue: binance, okx or binance-archive")
            }
            let base = try entry.string("base_url")
            if let base, BaseURL.normalized(base) == nil { throw entry.failure("base_url: not an absolute http(s) URL") }
            return Collection(venue: venue, assets: try entry.assets("assets") ?? project.assets, baseURL: base)
        }
        project.dropFolders = try reader.objects("drop_folders").map { entry in
            try entry.refuseUnknown(["path", "format", "asset"])
            guard let path = try entry.string("path"), !path.isEmpty else { throw entry.failure("path: a folder is required") }
            guard let format = try entry.string("format").map({ InputFormat(rawValue: $0) }) ?? .csv else {
                throw entry.failure("format: one of \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let asset = try entry.string("asset").map { code in
                guard let asset = Asset(code) else { throw entry.failure("asset \(PrintableText.of(code)): not an asset code") }
                return asset
            }
            if format.needsAsset != (asset != nil) {
                throw entry.failure(format.needsAsset ? "format \(format.rawValue) needs an asset" : "format \(format.rawValue) names its asset on every row; drop asset")
            }
            return DropFolder(path: path, format: format, asset: asset)
        }
        return project
    }

    /// Typed reads of one JSON object, naming the key at fault.
    private struct Reader {
        var object: [String: Any]
        var at: String
        var makeError: (String) -> PipelineError

        func failure(_ reason: String) -> PipelineError { makeError(at + reason) }

        func refuseUnknown(_ known: [String]) throws {
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw failure("unknown key \(PrintableText.of(unknown)) (known: \(known.joined(separator: ", ")))")
            }
        }

        func string(_ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw failure("\(key): a string is expected") }
            return text
        }

        func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let value = object[key] else { return nil }
            // JSON's true and false come as NSNumbers too (of C type char): refused, not read as 1 and 0.
            guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
                  let whole = Int(exactly: number.doubleValue), range.contains(whole) else {
                throw failure("\(key): a whole number from \(range.lowerBound) to \(range.upperBound) is expected")
            }
            return whole
        }

        func boolean(_ key: String) throws -> Bool? {
            guard let value = object[key] else { return nil }
            // JSON's true and false are numbers of type char here; 1 and 0 are not.
            guard let flag = value as? NSNumber, String(cString: flag.objCType) == "c" else {
                throw failure("\(key): true or false is expected")
            }
            return flag.boolValue
        }

        func assets(_ key: String) throws -> [Asset]? {
            guard let value = object[key] else { return nil }
            guard let codes = value as? [String], !codes.isEmpty else { throw failure("\(key): a list of asset codes is expected") }
            let assets = try codes.map { code in
                guard let asset = Asset(code) else { throw failure("\(key): \(PrintableText.of(code)) is not an asset code (2–10 of A–Z, 0–9)") }
                return asset
            }
            // Each asset once: `daily` writes each one's briefs in a staging folder of its own.
            if let twice = assets.enumerated().first(where: { assets[..<$0.offset].contains($0.element) })?.element {
                throw failure("\(key): \(twice) is listed twice; keep one")
            }
            return assets
        }

        func objects(_ key: String) throws -> [Reader] {
            guard let value = object[key] else { return [] }
            guard let list = value as? [[String: Any]] else { throw failure("\(key): a list of objects is expected") }
            return list.enumerated().map { Reader(object: $1, at: at + "\(key)[\($0)].", makeError: makeError) }
        }
    }
}
