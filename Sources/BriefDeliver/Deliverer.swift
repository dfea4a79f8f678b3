import BriefCore
import BriefPipeline
import BriefRender
import Foundation

/// Sends each day's brief of each project asset to the project's destinations, each once.
///
/// A send that went through is recorded in `OUT/deliveries/ASSET/DAY/KIND-KEY.sent` (written
/// atomically, holding the destination's name and when), so running again sends nothing new. A
/// send that failed is recorded as `KIND-KEY.failed` with why: the next run tries it again (for
/// its own day, and for the `retryDays` before it), and a success removes it.
public struct Deliverer {
    public var project: Project
    public var output: URL
    /// Renders a mail's HTML part.
    private let renderer: BriefRenderer
    /// Where secrets are read: the process's environment, or a test's.
    public var environment: [String: String]
    /// Days before the one delivered whose failed sends are tried again.
    public static let retryDays = 7
    /// Seconds a run may spend sending to one destination: a destination that never answers
    /// costs a minute a brief, and failed sends of a week are tried again. Sends not tried within
    /// it are recorded as failed, to be tried by the next run.
    public static let timeLimit: TimeInterval = 600

    /// Throws when `templates` lacks the mail's template.
    public init(project: Project, output: URL, templates: URL,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.project = project
        self.output = output
        renderer = try BriefRenderer(templatesDirectory: templates.path, only: ["mail.html"])
        self.environment = environment
    }

    /// How one destination fared with the briefs of a run.
    public struct Result: Sendable {
        public var destination: Project.Destination
        /// `BTC 2026-12-06` for each brief sent now.
        public var sent: [String] = []
        /// Briefs sent on an earlier run.
        public var alreadySent = 0
        /// `BTC 2026-12-06: why` for each brief that could not be sent.
        public var failed: [String] = []
    }

    /// Sends the briefs of `day` (those of the project assets that have one) to `destination`,
    /// and tries again its failed sends of the days before.
    public func deliver(day: Day, to destination: Project.Destination) -> Result {
        var result = Result(destination: destination)
        let key = Self.recordName(of: destination)
        let deadline = Date().addingTimeInterval(Self.timeLimit)
        for asset in project.assets {
            let retried = (1...Self.retryDays).reversed().map { day.adding(days: -$0) }
                .filter { FileManager.default.fileExists(atPath: record(asset, $0, key, "failed").path) }
            for briefDay in retried + [day] {
                guard FileManager.default.fileExists(atPath: BriefArchive.url(asset: asset, day: briefDay, output: output).path) else { continue }
                // The records' folders are folders of their own: a link among them would have the
                // records written, and a failed one removed, wherever it points.
                do {
                    try FileTree.makeFolders("deliveries/\(asset.code)/\(briefDay)", under: output.path)
                } catch {
                    result.failed.append("\(asset.code) \(briefDay): \(error)")
                    continue
                }
                let sent = record(asset, briefDay, key, "sent")
                if FileManager.default.fileExists(atPath: sent.path) {
                    result.alreadySent += 1
                    continue
                }
                let failed = record(asset, briefDay, key, "failed")
                do {
                    guard Date() < deadline else {
                        throw DeliveryTimeLimit(seconds: Int(Self.timeLimit))
                    }
                    try send(asset: asset, day: briefDay, to: destination)
                    try AtomicFile.write(Self.recordText(destination, note: nil), to: sent)
                    try? FileManager.default.removeItem(at: failed)
                    result.sent.append("\(asset.code) \(briefDay)")
                } catch {
                    try? AtomicFile.write(Self.recordText(destination, note: "\(error)"), to: failed)
                    result.failed.append("\(asset.code) \(briefDay): \(error)")
                }
            }
        }
        return result
    }

    /// A send not tried: the run had spent its time on this destination.
    struct DeliveryTimeLimit: Error, CustomStringConvertible {
        var seconds: Int
        var description: String { "not tried: this run spent its \(seconds) s on this destination; the next run tries it" }
    }

    private func record(_ asset: Asset, _ day: Day, _ key: String, _ state: String) -> URL {
        output.appendingPathComponent("deliveries/\(asset.code)/\(day)/\(key).\(state)")
    }

    /// `email-1f0c…`: the kind and a hash of what the destination is (its list, its hook's
    /// variable, its chat), so the same destination keeps its record when the list is reordered.
    static func recordName(of destination: Project.Destination) -> String {
        destination.kind + "-" + Fingerprint.of(destination.name)
    }

    private static func recordText(_ destination: Project.Destination, note: String?) -> Data {
        let when = ISO8601DateFormatter().string(from: Date())
        return Data(([destination.name, when] + (note.map { [$0] } ?? [])).joined(separator: "\n").utf8 + [0x0A])
    }

    /// Sends the brief of `asset` on `day` (its `brief.json` and `brief.txt`, read with the
    /// checks and limits `publish` reads them with).
    func send(asset: Asset, day: Day, to destination: Project.Destination) throws {
        let document = try BriefArchive.load(asset: asset, day: day, output: output, charts: false, claims: false)
        let text = try BriefArchive.loadText(asset: asset, day: day, output: output)
        let page = project.baseURL.flatMap(BaseURL.normalized)
            .map { $0 + "briefs/\(document.findings.asset.code)/\(document.findings.day)/" }
        let message = BriefMessage(document: document, text: text, pageURL: page)
        let identity = "\(document.findings.asset.code).\(document.findings.day).\(Self.recordName(of: destination))"
        try Destinations(project: project, environment: environment)
            .send(subject: message.subject, text: text, html: message.html(renderer), chat: message.chatText, identity: identity, to: destination)
    }
}

/// Sends one message to one destination, reading its secrets from the environment or the
/// credentials file.
public struct Destinations {
    public var project: Project
    public var environment: [String: String]

    public init(project: Project, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.project = project
        self.environment = environment
    }

    /// Sends a mail of `text` and `html` under `subject`, or to a chat the text `chat` makes
    /// with the chat's escaping.
    public func send(subject: String, text: String, html: String, chat: (_ escape: (String) -> String) -> String,
                     identity: String, to destination: Project.Destination) throws {
        switch destination {
        case .email(let email):
            let message = MailMessage(from: email.from, to: email.to, subject: subject, text: text, html: html, date: Date(), identity: identity)
            try Sender.mail(message.encoded(), from: email.from, to: email.to, host: email.host, port: email.port,
                            login: try login(email), caFile: email.caFile.map(project.resolve))
        case .slack(let slack):
            guard let url = environment[slack.webhookEnv], !url.isEmpty else {
                throw SendFailure(reason: "$\(slack.webhookEnv) is not set (the webhook's URL)")
            }
            try Sender.post(json: try JSONSerialization.data(withJSONObject: ["text": chat(BriefMessage.slackEscaped)]), to: url)
        case .telegram(let telegram):
            guard let token = environment[telegram.tokenEnv], !token.isEmpty else {
                throw SendFailure(reason: "$\(telegram.tokenEnv) is not set (the bot's token)")
            }
            guard token.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ":_-".unicodeScalars.contains($0)) }) else {
                throw SendFailure(reason: "$\(telegram.tokenEnv) is not a bot token (digits, a colon, letters, digits, _ and -)")
            }
            // Plain text: no parse_mode, so nothing in the brief is read as markup.
            let body: [String: Any] = ["chat_id": telegram.chatID, "text": chat { $0 }, "disable_web_page_preview": true]
            let answer = try Sender.post(json: try JSONSerialization.data(withJSONObject: body), to: telegram.apiURL + "bot\(token)/sendMessage")
            // The Bot API says `"ok": true` of a message it took; a 200 without it is no send. (Strict
            // JSON first: it stops at 512 levels, where 400,000 `[` would run a parser deep.)
            guard JSONSyntax.problem(in: answer) == nil,
                  ((try? JSONSerialization.jsonObject(with: answer)) as? [String: Any])?["ok"] as? Bool == true else {
                throw SendFailure(reason: "the Bot API answered without \"ok\": true; the message is not known to be sent")
            }
        }
    }

    /// The SMTP login: the credentials file's two lines, else the environment's pair, else none.
    private func login(_ email: Project.Email) throws -> (user: String, password: String)? {
        if let file = email.credentials {
            guard let text = try? String(contentsOfFile: project.resolve(file), encoding: .utf8) else {
                throw SendFailure(reason: "cannot read the credentials file \(project.resolve(file))")
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.trimmingCharacters(in: ["\r"])) }
            guard lines.count >= 2, !lines[0].isEmpty else {
                throw SendFailure(reason: "the credentials file \(project.resolve(file)) must hold the user name, then the password, each on its line")
            }
            return (lines[0], lines[1])
        }
        guard let user = environment["MARKETBRIEF_SMTP_USERNAME"], !user.isEmpty else { return nil }
        return (user, environment["MARKETBRIEF_SMTP_PASSWORD"] ?? "")
    }
}
