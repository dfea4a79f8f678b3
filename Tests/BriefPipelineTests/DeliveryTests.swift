import BriefCore
import BriefValidate
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Delivery and alerts (issue 30, items 5 and 6): a morning sends its briefs to a loopback SMTP
/// server (PyPI's aiosmtpd, STARTTLS required, with a certificate made for the test and trusted
/// through `ca_file`) and to a webhook recorder (Slack and Telegram), each once; a send that
/// failed is made by the next run; a morning that falls short is reported to the alert hook.
@Suite(.serialized) struct DeliveryTests {
    /// A Python that has aiosmtpd: `MARKETBRIEF_TEST_PYTHON`, else the CI's `.venv-lint`
    /// (`.ci/run` installs it there), else `python3` on the PATH.
    static func pythonWithAiosmtpd() -> URL? {
        let ownVenv = root.appendingPathComponent(".build/test-python/bin/python").path
        let candidates: [String?] = [ProcessInfo.processInfo.environment["MARKETBRIEF_TEST_PYTHON"],
                          root.appendingPathComponent(".venv-lint/bin/python").path, ownVenv, "/usr/bin/python3", "/usr/local/bin/python3"]
        for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) {
            let python = URL(fileURLWithPath: path)
            if let check = try? runToEnd(python, ["-c", "import aiosmtpd"], in: root), check.status == 0 { return python }
        }
        // None has it: a venv of the tests' own under .build, with aiosmtpd from PyPI, so that
        // `swift test` works on a fresh machine.
        let made = try? runToEnd(URL(fileURLWithPath: "/bin/sh"), ["-c", """
            python3 -m venv .build/test-python && .build/test-python/bin/pip install -q aiosmtpd
            """], in: root)
        return made?.status == 0 ? URL(fileURLWithPath: ownVenv) : nil
    }

    /// An SMTP server that requires STARTTLS and a login (`desk`, `s3cret pass`) and saves each
    /// message in `folder` as `N.eml`, beside `N.json`: its envelope and whether it came over TLS.
    static let serverScript = #"""
        import json, os, ssl, sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        folder, cert, key, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

        class Saver:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(folder, "%d" % time.time_ns())
                with open(name + ".json", "w") as out:
                    json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": session.ssl is not None,
                               "authenticated": bool(session.authenticated)}, out)
                with open(name + ".tmp", "wb") as out:
                    out.write(envelope.original_content)
                os.rename(name + ".tmp", name + ".eml")
                return "250 OK"

        def authenticate(server, session, envelope, mechanism, data):
            return AuthResult(success=data.login == b"desk" and data.password == b"s3cret pass")

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        controller = Controller(Saver(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                                authenticator=authenticate, auth_required=True)
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """#

    /// A port nothing listens on (yet).
    static func freePort() -> Int {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts the SMTP server on `port`; it stops when its input is closed.
    static func startServer(_ python: URL, port: Int, in folder: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = python
        process.arguments = [folder.appendingPathComponent("smtpd.py").path, folder.appendingPathComponent("mail").path,
                             folder.appendingPathComponent("cert.pem").path, folder.appendingPathComponent("key.pem").path, String(port)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var line = Data()
        var byte: UInt8 = 0
        while read(output.fileHandleForReading.fileDescriptor, &byte, 1) == 1, byte != 0x0A { line.append(byte) }
        #expect(String(decoding: line, as: UTF8.self) == "ready", "the SMTP server started")
        return (process, input)
    }

    static func stop(_ server: (Process, Pipe)) {
        try? server.1.fileHandleForWriting.close()
        server.0.waitUntilExit()
    }

    /// The mails received, each its envelope and its message.
    static func mails(in folder: URL) throws -> [(envelope: [String: Any], message: String)] {
        let mail = folder.appendingPathComponent("mail")
        return try FileManager.default.contentsOfDirectory(atPath: mail.path).filter { $0.hasSuffix(".eml") }.sorted().map { name in
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: mail.appendingPathComponent(
                name.replacingOccurrences(of: ".eml", with: ".json")))) as? [String: Any] ?? [:]
            return (envelope, try String(contentsOf: mail.appendingPathComponent(name), encoding: .utf8))
        }
    }

    /// The decoded body of the part of `type` in a multipart message.
    static func part(_ type: String, of message: String) -> String? {
        guard let start = message.range(of: "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n") else { return nil }
        let rest = message[start.upperBound...]
        let encoded = rest.prefix { $0 != "-" }.filter { !$0.isWhitespace }
        return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A desk with BTC's closes in its inbox, delivering by mail (to two addresses), Slack and
    /// Telegram, alerting by a second Slack hook.
    static func desk(smtpPort: Int, hooks: ReplayServer) throws -> URL {
        let folder = try temporaryFolder()
        for name in ["inbox", "mail"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try serverScript.write(to: folder.appendingPathComponent("smtpd.py"), atomically: true, encoding: .utf8)
        let openssl = try runToEnd(URL(fileURLWithPath: "/usr/bin/openssl"), ["req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], in: folder)
        #expect(openssl.status == 0, "\(openssl.output)")
        try "desk\ns3cret pass\n".write(to: folder.appendingPathComponent("smtp-credentials"), atomically: true, encoding: .utf8)
        let project = """
            {"drop_folders": [{"path": "inbox", "format": "csv"}],
             "base_url": "https://briefs.example.org/desk/",
             "deliver": [
               {"email": {"host": "127.0.0.1", "port": \(smtpPort), "from": "brief@example.org",
                          "to": ["desk@example.org", "risk@example.org"], "credentials": "smtp-credentials", "ca_file": "cert.pem"}},
               {"slack": {}},
               {"telegram": {"chat_id": -1001234, "api_url": "\(hooks.baseURL)/telegram/"}}
             ],
             "alert": {"slack": {"webhook_env": "DESK_ALERT_HOOK"}}}
            """
        try project.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        var rows = ["date,asset,close_usd,funding_rate,funding_interval_h"]
        for ordinal in Day("2025-06-01")!.ordinal...Day("2025-08-27")!.ordinal {
            rows.append("\(Day(ordinal: ordinal)),BTC,\(100_000 + Double(ordinal % 17) * 250),0.0001,8")
        }
        try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("inbox/closes.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test(.timeLimit(.minutes(3))) func aMorningDeliversEachBriefOnceRetriesAFailedSendAndAlertsWhenItFallsShort() throws {
        guard let python = Self.pythonWithAiosmtpd() else {
            Issue.record("aiosmtpd is needed and could not be installed from PyPI into .build/test-python: install it, or set MARKETBRIEF_TEST_PYTHON")
            return
        }
        let hooks = try ReplayServer { _, _ in .json(#"{"ok": true}"#) }
        defer { hooks.stop() }
        let port = Self.freePort()
        let folder = try Self.desk(smtpPort: port, hooks: hooks)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["MARKETBRIEF_SLACK_WEBHOOK": hooks.baseURL + "/slack/desk", "MARKETBRIEF_TELEGRAM_TOKEN": "123456:test-TOKEN_x",
                           "DESK_ALERT_HOOK": hooks.baseURL + "/slack/alerts"]
        let daily = ["daily", "--date", "2025-08-26"]

        // The mail server is down: the chats get the brief, the mail fails, the alert says so.
        let first = try runToEnd(builtBinary, daily, in: folder, environment: environment)
        #expect(first.status == 3, "a failed delivery makes the morning partial: \(first.output)")
        #expect(first.output.contains("deliver slack $MARKETBRIEF_SLACK_WEBHOOK: sent BTC 2025-08-26"), "\(first.output)")
        #expect(first.output.contains("deliver telegram chat -1001234: sent BTC 2025-08-26"), "\(first.output)")
        #expect(first.output.contains("marketbrief: deliver email to desk@example.org, risk@example.org: could not send 1 brief(s); "
            + "tried again on the next run"), "\(first.output)")
        #expect(first.output.contains("marketbrief: daily 2025-08-26: partial: deliver email to desk@example.org, risk@example.org fell short"),
                "\(first.output)")
        #expect(first.output.contains("alert: sent to slack $DESK_ALERT_HOOK"), "\(first.output)")
        let chats = hooks.bodies
        func body(_ index: Int) -> Data { chats.indices.contains(index) ? chats[index].body : Data("{}".utf8) }
        #expect(chats.map(\.target) == ["/slack/desk", "/telegram/bot123456:test-TOKEN_x/sendMessage", "/slack/alerts"], "\(chats.map(\.target))")
        let slack = try JSONSerialization.jsonObject(with: body(0)) as? [String: Any]
        let slackText = slack?["text"] as? String ?? ""
        #expect(slackText.hasPrefix("BTC 2025-08-26: ") && slackText.contains("Close: $")
                && slackText.hasSuffix("\nhttps://briefs.example.org/desk/briefs/BTC/2025-08-26/"), "\(slackText)")
        let telegram = try JSONSerialization.jsonObject(with: body(1)) as? [String: Any]
        #expect(telegram?["chat_id"] as? String == "-1001234" && telegram?["parse_mode"] == nil, "plain text: \(String(describing: telegram))")
        let alert = (try JSONSerialization.jsonObject(with: body(2)) as? [String: Any])?["text"] as? String ?? ""
        #expect(alert.contains("marketbrief daily 2025-08-26: partial: deliver email to desk@example.org, risk@example.org")
                && alert.contains("deliver email to desk@example.org, risk@example.org: could not send 1 brief(s)")
                && alert.contains("BTC 2025-08-26: "), "the alert names the step and its message: \(alert)")

        // The server is up: the next run sends the mail it could not, and nothing else.
        let server = try Self.startServer(python, port: port, in: folder)
        defer { Self.stop(server) }
        let second = try runToEnd(builtBinary, daily, in: folder, environment: environment)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("deliver email to desk@example.org, risk@example.org: sent BTC 2025-08-26"), "\(second.output)")
        #expect(second.output.contains("deliver slack $MARKETBRIEF_SLACK_WEBHOOK: nothing new: 1 brief(s) sent before"), "\(second.output)")
        #expect(!second.output.contains("alert:"), "a complete morning sends no alert: \(second.output)")
        #expect(hooks.bodies.count == 3, "no chat sent again")
        let mails = try Self.mails(in: folder)
        #expect(mails.count == 1)
        guard let mail = mails.first else { return }
        #expect(mail.envelope["tls"] as? Bool == true && mail.envelope["authenticated"] as? Bool == true, "STARTTLS, then the login: \(mail.envelope)")
        #expect(mail.envelope["to"] as? [String] == ["desk@example.org", "risk@example.org"], "\(mail.envelope)")
        #expect(mail.message.contains("\r\nContent-Type: multipart/alternative; boundary="), "\(mail.message.prefix(600))")
        #expect(mail.message.contains("\r\nSubject: BTC 2025-08-26: BTC at $"), "\(mail.message.prefix(600))")
        let text = Self.part("text/plain", of: mail.message) ?? ""
        let brief = try String(contentsOf: folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.txt"), encoding: .utf8)
        #expect(text == brief, "the text part is brief.txt")
        let html = Self.part("text/html", of: mail.message) ?? ""
        #expect(HTMLValidator().problems(in: html).isEmpty, "\(HTMLValidator().problems(in: html))")
        for absent in ["<script", "<style", "<link", "<svg", "<img", "class="] {
            #expect(!html.contains(absent), "made for mail clients: no \(absent)")
        }
        #expect(html.contains("<a href=\"https://briefs.example.org/desk/briefs/BTC/2025-08-26/\""), "the charts are left out, with a link")

        // A third run sends nothing new anywhere.
        let third = try runToEnd(builtBinary, daily, in: folder, environment: environment)
        #expect(third.status == 0 && third.output.contains("deliver email to desk@example.org, risk@example.org: nothing new"), "\(third.output)")
        #expect(try Self.mails(in: folder).count == 1 && hooks.bodies.count == 3)
        let again = try runToEnd(builtBinary, ["deliver"], in: folder, environment: environment)
        #expect(again.status == 0 && again.output.contains("telegram chat -1001234: nothing new"), "\(again.output)")
    }

    @Test func anAlertThatCannotBeSentIsPrintedAndAChatThatAnswersAnErrorIsRetried() throws {
        let hooks = try ReplayServer { _, _ in .json(#"{"ok": false}"#, status: 500) }
        defer { hooks.stop() }
        let folder = try Self.desk(smtpPort: Self.freePort(), hooks: hooks)
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = """
            {"drop_folders": [{"path": "inbox", "format": "csv"}], "deliver": [{"slack": {}}],
             "alert": {"telegram": {"chat_id": "@desk_alerts", "api_url": "\(hooks.baseURL)/"}}}
            """
        try project.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let environment = ["MARKETBRIEF_SLACK_WEBHOOK": hooks.baseURL + "/slack"]
        let first = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder, environment: environment)
        #expect(first.status == 3, "\(first.output)")
        #expect(first.output.contains("BTC 2025-08-26: answered HTTP 500: {\"ok\": false}"), "\(first.output)")
        #expect(first.output.contains("marketbrief: alert: could not send to telegram chat @desk_alerts: $MARKETBRIEF_TELEGRAM_TOKEN is not set"),
                "\(first.output)")
        #expect(!first.output.contains(hooks.baseURL + "/slack"), "the webhook's URL is a secret, never printed: \(first.output)")

        hooks.replace { _, _ in .json("ok") }
        let second = try runToEnd(builtBinary, ["daily", "--date", "2025-08-27"], in: folder, environment: environment)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("deliver slack $MARKETBRIEF_SLACK_WEBHOOK: sent BTC 2025-08-26, BTC 2025-08-27"),
                "the next morning sends the brief it could not: \(second.output)")
    }
}
