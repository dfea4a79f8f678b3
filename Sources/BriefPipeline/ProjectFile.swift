import BriefCollect
import BriefCore
import Foundation

/// The project file (`marketbrief.json`, docs/config.md): what a desk runs every morning, so no
/// command needs its flags repeated. Every key is optional; a flag given on the command line
/// overrides the file. Whole lines starting with `//` are comments.
public struct Project: Sendable, Equatable {
    /// Assets a project (or its `collect` entry) may list.
    public static let maxAssets = 100

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
    /// Years an asset's first collection reaches back: the history its first brief ranks against.
    public var historyYears = 2
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
    /// Where `daily` (and `deliver`) sends each day's briefs.
    public var deliver: [Destination] = []
    /// Where `daily` reports a morning that failed or fell short.
    public var alert: Destination?
    /// The file this was read from, `nil` for the defaults.
    public var file: URL?

    /// A place a brief or an alert is sent. Secrets (a password, a webhook URL, a bot token) are
    /// never held here: only where to find them (an environment variable, a credentials file).
    public enum Destination: Sendable, Equatable {
        case email(Email)
        case slack(Slack)
        case telegram(Telegram)

        /// What the desk reads in a step line and the delivery records: which list, hook or
        /// chat, never a secret (`email to desk@example.org`, `slack $MARKETBRIEF_SLACK_WEBHOOK`).
        public var name: String {
            switch self {
            case .email(let email): "email to " + email.to.joined(separator: ", ")
            case .slack(let slack): "slack $" + slack.webhookEnv
            case .telegram(let telegram): "telegram chat " + telegram.chatID
            }
        }

        /// The kind, as the project file names it.
        public var kind: String {
            switch self {
            case .email: "email"
            case .slack: "slack"
            case .telegram: "telegram"
            }
        }
    }

    /// SMTP with STARTTLS (required).
    public struct Email: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var from: String
        public var to: [String]
        /// A file of two lines, the user name and the password (relative to the project file's
        /// folder); without it, `MARKETBRIEF_SMTP_USERNAME` and `MARKETBRIEF_SMTP_PASSWORD`, and
        /// without those, no login.
        public var credentials: String?
        /// Certificates the server's is checked against instead of the system's (a relay with a
        /// certificate of its own).
        public var caFile: String?
    }

    /// A Slack-compatible incoming webhook, its URL in an environment variable.
    public struct Slack: Sendable, Equatable {
        public var webhookEnv: String
    }

    /// A Telegram bot's `sendMessage` to one chat, the bot's token in an environment variable.
    public struct Telegram: Sendable, Equatable {
        public var chatID: String
        public var tokenEnv: String
        /// The Bot API's address (normalized, with a final `/`).
        public var apiURL: String
    }

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

    /// Destinations `deliver` may list: each is a send a morning waits for.
    public static let maxDestinations = 20

    /// The name looked for in the current folder when no `--project` is given.
    public static let defaultName = "marketbrief.json"

    /// Reads `path`, or `marketbrief.json` in the current folder when there is one, or gives the
    /// defaults. A project file is read as a `SettingsFile`: a link to nowhere, a FIFO or a file
    /// over its limit in its place is refused, never taken as no project file.
    public static func load(_ path: String?) throws -> Project {
        let url = URL(fileURLWithPath: path ?? defaultName)
        var link = stat()
        guard path != nil || lstat(url.path, &link) == 0 else { return Project() }
        return try parse(SettingsFile.read(url.path, what: "project file"), file: url)
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
        if let problem = JSONSyntax.problem(in: json) {
            throw failure("\(problem); not valid JSON (comments must be whole lines starting with //)")
        }
        if let key = DuplicateKeys.first(in: json) { throw failure("\(key) is given twice; keep one") }
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw failure("not a JSON object: a project file is one object of settings, {…}")
        }
        var project = Project()
        project.file = file
        let reader = Reader(object: object, at: "", makeError: failure)
        try reader.refuseUnknown(["output", "assets", "thresholds", "collect", "collect_overlap_days", "history_years", "drop_folders", "base_url", "site_title", "deploy",
                                  "deploy_time_limit", "skip_collect", "deliver", "alert"])
        project.output = try reader.string("output") ?? project.output
        // A NUL or a control character in a path became another folder (`%00x`) or a name no terminal shows.
        if project.output.isEmpty || PrintableText.unfitness(of: project.output) != nil || project.output.contains("\n") {
            throw failure("output: a folder's path of printable characters is expected")
        }
        project.assets = try reader.assets("assets") ?? project.assets
        project.thresholds = try reader.string("thresholds")
        project.collectOverlapDays = try reader.integer("collect_overlap_days", in: 0...60) ?? project.collectOverlapDays
        project.historyYears = try reader.integer("history_years", in: 1...10) ?? project.historyYears
        project.baseURL = try reader.string("base_url")
        if let url = project.baseURL, BaseURL.normalized(url) == nil {
            throw failure("base_url \(PrintableText.of(url)): not \(BaseURL.requirement)")
        }
        project.deploy = try reader.string("deploy")
        project.deployTimeLimit = try reader.integer("deploy_time_limit", in: 1...86_400).map(Double.init) ?? project.deployTimeLimit
        project.skipCollect = try reader.boolean("skip_collect") ?? project.skipCollect
        if let title = try reader.string("site_title") {
            // Bytes as well as characters: one character may carry any number of combining marks.
            guard !title.allSatisfy(\.isWhitespace), title.count <= 80, title.utf8.count <= 320, PrintableText.of(title) == title else {
                throw failure("site_title: 1 to 80 characters and at most 320 bytes of UTF-8, not all blank, no control characters")
            }
            project.siteTitle = title
        }
        project.collect = try reader.objects("collect").map { entry in
            try entry.refuseUnknown(["venue", "assets", "base_url"])
            guard let venue = try entry.string("venue"), ["binance", "okx", "bybit", "binance-archive"].contains(venue) else {
                throw entry.failure("venue: binance, okx, bybit or binance-archive")
            }
            let base = try entry.string("base_url")
            if let base, BaseURL.normalized(base) == nil { throw entry.failure("base_url: not \(BaseURL.requirement)") }
            return Collection(venue: venue, assets: try entry.assets("assets") ?? project.assets, baseURL: base)
        }
        // Each venue once: `daily` would collect it twice a morning, as two steps of one name
        // (`collect binance`), the second with the first's values already stored.
        var firstEntry: [String: Int] = [:]
        for (index, collection) in project.collect.enumerated() {
            if let first = firstEntry.updateValue(index, forKey: collection.venue) {
                throw failure("collect[\(index)].venue: \(collection.venue) is listed twice (first at collect[\(first)]); "
                    + "keep one entry per venue, with all its assets")
            }
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
        project.deliver = try reader.objects("deliver").map(Self.destination)
        guard project.deliver.count <= Self.maxDestinations else {
            throw failure("deliver: at most \(Self.maxDestinations) destinations (a list or a channel reaches the rest)")
        }
        if let alert = try reader.nested("alert") { project.alert = try Self.destination(alert) }
        return project
    }

    /// One destination: an object with one key, its kind.
    private static func destination(_ entry: Reader) throws -> Destination {
        guard entry.object.count == 1, let kind = entry.object.keys.first else {
            throw entry.failure("one of email, slack or telegram is expected, as the only key")
        }
        try entry.refuseUnknown(["email", "slack", "telegram"])
        guard let settings = try entry.nested(kind) else { throw entry.failure("\(kind): an object is expected") }
        func variable(_ key: String, default name: String) throws -> String {
            let value = try settings.string(key) ?? name
            guard let first = value.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first),
                  value.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
                throw settings.failure("\(key): the name of an environment variable (A–Z, 0–9, _) is expected")
            }
            return value
        }
        switch kind {
        case "email":
            try settings.refuseUnknown(["host", "port", "from", "to", "credentials", "ca_file"])
            // A host alone: `host:port` would pass to libcurl as another URL.
            guard let host = try settings.string("host").flatMap(BaseURL.host) else {
                throw settings.failure("host: a host name or address is expected (the port goes in \"port\")")
            }
            guard let from = try settings.string("from"), MailAddress.isPlain(from) else {
                throw settings.failure("from: one address (name@example.org) is expected")
            }
            guard let to = settings.object["to"] as? [String], !to.isEmpty else {
                throw settings.failure("to: a list of addresses is expected")
            }
            if let bad = to.first(where: { !MailAddress.isPlain($0) }) {
                throw settings.failure("to: \(PrintableText.of(bad)) is not one address (name@example.org)")
            }
            return .email(Email(host: host, port: try settings.integer("port", in: 1...65_535) ?? 587, from: from, to: to,
                                credentials: try settings.string("credentials"), caFile: try settings.string("ca_file")))
        case "slack":
            try settings.refuseUnknown(["webhook_env"])
            return .slack(Slack(webhookEnv: try variable("webhook_env", default: "MARKETBRIEF_SLACK_WEBHOOK")))
        default:
            try settings.refuseUnknown(["chat_id", "token_env", "api_url"])
            let chat: String
            if let number = settings.object["chat_id"] as? NSNumber, String(cString: number.objCType) != "c" {
                // The digits as written: through a double, -9223372036854775809 became Int64.min and
                // 9007199254740993 its neighbour, each another chat.
                guard let whole = Int64(number.stringValue) else {
                    throw settings.failure("chat_id \(EchoedText.cut(number.stringValue)): a chat's number is a whole number "
                        + "from \(Int64.min) to \(Int64.max), written without a fraction or exponent")
                }
                chat = String(whole)
            } else if let text = try? settings.string("chat_id"), Self.isChannelName(text) || Int64(text) != nil {
                chat = Int64(text).map(String.init) ?? text
            } else {
                throw settings.failure("chat_id: a chat's number or @channel name (5 to 32 letters, digits or _) is expected")
            }
            let api = try settings.string("api_url") ?? "https://api.telegram.org/"
            guard let apiURL = BaseURL.normalized(api) else { throw settings.failure("api_url: not \(BaseURL.requirement)") }
            return .telegram(Telegram(chatID: chat, tokenEnv: try variable("token_env", default: "MARKETBRIEF_TELEGRAM_TOKEN"), apiURL: apiURL))
        }
    }

    /// Whether `text` is a public channel's name as Telegram takes it: `@` and 5 to 32 letters,
    /// digits or underscores.
    static func isChannelName(_ text: String) -> Bool {
        text.first == "@" && (5...32).contains(text.utf8.count - 1)
            && text.unicodeScalars.dropFirst().allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
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
            // Each brief page lists the day's other assets: a site grows with their square (1,600
            // assets made an index.html past the 4 MiB a page may have, and every publish failed).
            guard codes.count <= Project.maxAssets else {
                throw failure("\(key): \(codes.count) assets, more than the \(Project.maxAssets) a project may brief")
            }
            let assets = try codes.map { code in
                guard let asset = Asset(code) else { throw failure("\(key): \(PrintableText.of(code)) is not an asset code (2–10 of A–Z, 0–9)") }
                return asset
            }
            // Each asset once: `daily` writes each one's briefs in a staging folder of its own.
            var seen = Set<Asset>()
            if let twice = assets.first(where: { !seen.insert($0).inserted }) {
                throw failure("\(key): \(twice) is listed twice; keep one")
            }
            return assets
        }

        func nested(_ key: String) throws -> Reader? {
            guard let value = object[key] else { return nil }
            guard let inner = value as? [String: Any] else { throw failure("\(key): an object is expected") }
            return Reader(object: inner, at: at + "\(key).", makeError: makeError)
        }

        func objects(_ key: String) throws -> [Reader] {
            guard let value = object[key] else { return [] }
            guard let list = value as? [[String: Any]] else { throw failure("\(key): a list of objects is expected") }
            return list.enumerated().map { Reader(object: $1, at: at + "\(key)[\($0)].", makeError: makeError) }
        }
    }
}

/// E-mail addresses as the project file may give them.
public enum MailAddress {
    /// Whether `text` is one plain address (`local@domain`): printable ASCII without spaces,
    /// quotes, angle brackets, commas or semicolons, so it can stand in a header and an SMTP
    /// command as it is (nothing from it can end a line or add a recipient).
    public static func isPlain(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"\"<>(),;:[]\\".unicodeScalars.contains($0) }
    }
}
