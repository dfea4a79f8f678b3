import BriefCore
import BriefValidate
import Foundation
import Testing
@testable import BriefPipeline

/// A folder holding the brief of BTC on 2025-08-26 and a project delivering it by mail to
/// 127.0.0.1:`port`, with the login and certificate `DeliveryTests.startServer` expects.
private func mailDesk(port: Int) throws -> URL {
    let folder = try temporaryFolder()
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("mail"), withIntermediateDirectories: true)
    try DeliveryTests.serverScript.write(to: folder.appendingPathComponent("smtpd.py"), atomically: true, encoding: .utf8)
    let openssl = try runToEnd(URL(fileURLWithPath: "/usr/bin/openssl"), ["req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], in: folder)
    #expect(openssl.status == 0, "\(openssl.output)")
    try "desk\ns3cret pass\n".write(to: folder.appendingPathComponent("smtp-credentials"), atomically: true, encoding: .utf8)
    try """
        {"deliver": [{"email": {"host": "127.0.0.1", "port": \(port), "from": "brief@example.org", "to": ["desk@example.org"],
                                "credentials": "smtp-credentials", "ca_file": "cert.pem"}}]}
        """.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
    try "date,asset,close_usd\n2025-08-25,BTC,107000\n2025-08-26,BTC,108000\n"
        .write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
    #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
    #expect(try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder).status == 0)
    return folder
}

/// `count` bytes of brief-like text: lines of 80 columns, a few characters past ASCII.
private func briefText(bytes count: Int) -> Data {
    let line = Data("BTC closed at $108,000 — funding 0.010% a day, open interest at a 30-day high; ".prefix(79).utf8 + [0x0A])
    var text = Data()
    while text.count + line.count <= count { text += line }
    return text + Data(repeating: UInt8(ascii: "x"), count: count - text.count)
}

/// The ninth attack review's cases.
extension AttackReviewTests {
    /// `deliver` by mail cut the base64 of `brief.txt` into lines by offsetting a `String`'s
    /// index from its start for each line: a brief.txt of 1,000,000 bytes took 37 s to become
    /// a message, 4 MB past two minutes. It is mailed, whole, in well under a second now.
    @Test(.timeLimit(.minutes(1))) func aMegabyteBriefTxtIsMailedWithoutQuadraticWork() throws {
        guard let python = DeliveryTests.pythonWithAiosmtpd() else {
            Issue.record("aiosmtpd is needed and could not be installed from PyPI into .build/test-python: install it, or set MARKETBRIEF_TEST_PYTHON")
            return
        }
        let port = DeliveryTests.freePort()
        let folder = try mailDesk(port: port)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = briefText(bytes: 1_000_000)
        try text.write(to: folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.txt"))
        let server = try DeliveryTests.startServer(python, port: port, in: folder)
        defer { DeliveryTests.stop(server) }
        let started = Date()
        let sent = try runWithin(10, builtBinary, ["deliver", "--date", "2025-08-26"], in: folder)
        let seconds = Date().timeIntervalSince(started)
        #expect(!sent.timedOut && sent.status == 0, "\(sent.output)")
        #expect(seconds < 5, "\(seconds) s")
        let mails = try DeliveryTests.mails(in: folder)
        #expect(mails.count == 1)
        #expect(mails.first.flatMap { DeliveryTests.part("text/plain", of: $0.message) } == String(decoding: text, as: UTF8.self),
                "the text part is brief.txt, every byte")
        #expect(mails.first?.message.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 } == true, "no line too long for SMTP")
    }

    /// brief.txt had no limit where `deliver` reads it (brief.json had one): one past 1 MiB is
    /// refused, naming the file and the limit, and nothing is sent.
    @Test func aBriefTxtPastItsLimitIsRefusedAndNotSent() throws {
        let folder = try mailDesk(port: DeliveryTests.freePort())
        defer { try? FileManager.default.removeItem(at: folder) }
        let brief = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.txt")
        try briefText(bytes: BriefArchive.maxTextBytes + 1).write(to: brief)
        let refused = try runWithin(10, builtBinary, ["deliver", "--date", "2025-08-26"], in: folder)
        #expect(!refused.timedOut && refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("BTC 2025-08-26: read: \(brief.path): 1048577 bytes, more than the 1048576 a brief.txt may have; it was not read"),
                "\(refused.output)")
        #expect(!refused.output.contains("connect"), "refused before connecting: \(refused.output)")
    }

    /// A brief.txt holding ESC, BEL or a right-to-left override (sent unchanged before, to act on
    /// or reorder what the reader's mail client shows) is refused as brief.json's text is,
    /// naming the line and the character, and nothing is sent.
    @Test(arguments: ["\u{1B}[2J", "\u{07}", "\u{202E}"])
    func aBriefTxtWithAControlOrBidiCharacterIsNotSent(character: String) throws {
        let folder = try mailDesk(port: DeliveryTests.freePort())
        defer { try? FileManager.default.removeItem(at: folder) }
        let brief = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.txt")
        var lines = try String(contentsOf: brief, encoding: .utf8).components(separatedBy: "\n")
        lines[2] = "Look" + character + lines[2]
        try lines.joined(separator: "\n").write(to: brief, atomically: true, encoding: .utf8)
        let refused = try runWithin(10, builtBinary, ["deliver", "--date", "2025-08-26"], in: folder)
        let code = "U+" + String(format: "%04X", character.unicodeScalars.first!.value)
        #expect(!refused.timedOut && refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("\(brief.path):3: ") && refused.output.contains("(\(code)) at character 5; not sent"), "\(refused.output)")
        #expect(!refused.output.contains("connect") && !refused.output.unicodeScalars.contains(character.unicodeScalars.first!), "\(refused.output)")
    }

    /// One `<p>` of 300,000 attributes (2.4 MB) kept `validate` busy past two minutes in libxml2,
    /// which checks each attribute against every earlier one; it is refused unparsed, naming the
    /// file, the line and the limit, in a fraction of a second.
    @Test(.timeLimit(.minutes(1))) func anElementOfThreeHundredThousandAttributesIsRefusedBeforeLibxml2() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let attributes = (0..<300_000).map { " a\($0)" }.joined()
        try page("<p" + attributes + ">x</p>").write(to: folder.appendingPathComponent("p.html"), atomically: true, encoding: .utf8)
        let started = Date()
        let result = try runWithin(30, builtBinary, ["validate", "p.html"], in: folder)
        let seconds = Date().timeIntervalSince(started)
        #expect(!result.timedOut && result.status == 1, "\(result.output)")
        #expect(result.output.contains("p.html:3: <p> has more than 256 attributes, the most an element may have; the page was not parsed"),
                "\(result.output)")
        #expect(seconds < 2, "\(seconds) s")
    }

    /// The count follows how each of libxml2's parsers reads a tag, so no way of writing 30,000
    /// attributes (5 s each before) slips past it: after a quote that opens no value, past a `>`
    /// in a value, names past ASCII (the XML parser's), no blanks between (the HTML parser's), or
    /// a tag hidden from a scan that skipped comments or read a value across a `<`, a long name
    /// the HTML parser reads in pieces.
    @Test(.timeLimit(.minutes(1)), arguments: [
        ("<p x \"=\"" + attributes(" a%d") + ">x</p>", "<p> has more than 256 attributes"),
        ("<p x=\">\"" + attributes(" a%d=\"\"") + ">x</p>", "<p> has more than 256 attributes"),
        ("<p" + attributes(" é%d=''") + ">x</p>", "<p> has more than 256 attributes"),
        ("<p a=\"x\"" + attributes("b%d=\"y\"") + ">x</p>", "<p> has more than 256 attributes"),
        ("<p x" + attributes(" a%d=\"\"") + ">x</p>", "<p> has more than 256 attributes"),
        ("<!-- <p a=\" --> <p" + attributes(" b%d") + "> \" -->", "a '<' inside the tag <p> (write &lt; in a value, or close the tag)"),
        ("<p" + attributes(" a%d=\"<\"") + ">x</p>", "a '<' inside the tag <p> (write &lt; in a value, or close the tag)"),
        ("<p " + String(repeating: "a", count: 100) + "1=\" " + attributes(" b%d") + "\">x</p>", "a name longer than 100 bytes in the tag <p>"),
    ])
    func attributesAreCountedAsTheParsersReadThem(body: String, expected: String) {
        let started = Date()
        let problems = HTMLValidator().problems(in: page(body)).map(\.description)
        #expect(problems.count == 1 && problems[0].hasPrefix("line 3: " + expected) && problems[0].hasSuffix("; the page was not parsed"),
                "\(problems.map { $0.prefix(300) })")
        #expect(Date().timeIntervalSince(started) < 1)
    }

    /// A DTD's `<!ATTLIST` giving `<p>` 300,000 default attributes kept libxml2 four minutes.
    @Test(.timeLimit(.minutes(1))) func aDTDDeclarationIsRefusedBeforeLibxml2() {
        // 200,000 (3.4 MB): a page over 4 MiB is refused for its size first.
        let declarations = (0..<200_000).map { " a\($0) CDATA \"x\"" }.joined()
        let html = "<!DOCTYPE html [<!ATTLIST p" + declarations + ">]>\n" + page("<p>x</p>").drop { $0 != "\n" }.dropFirst()
        #expect(HTMLValidator().problems(in: html).map(\.description)
                == ["line 1: a DTD declaration (<!ATTLIST), which an HTML page does not have: libxml2 would apply it to every element; "
                    + "the page was not parsed"])
    }

    /// 256 attributes pass, as XML and as HTML; the 257th is refused.
    @Test(arguments: ["=\"\"", ""])
    func theAttributeLimitIsTwoHundredFiftySix(value: String) {
        let at = { (count: Int) in page("<p" + (0..<count).map { " a\($0)\(value)" }.joined() + ">x</p>") }
        #expect(HTMLValidator().problems(in: at(256)).isEmpty, "\(HTMLValidator().problems(in: at(256)))")
        #expect(HTMLValidator().problems(in: at(257)).map(\.description).first?.hasPrefix("line 3: <p> has more than 256 attributes") == true)
    }

    /// A port past `Int`'s range was read as no port, and dropped from every link: refused, as
    /// 0 and 65536 are.
    @Test func aBaseURLPortPastIntsRangeIsRefused() throws {
        #expect(BaseURL.normalized("https://example.org:99999999999999999999/desk/") == nil)
        #expect(BaseURL.normalized("https://example.org:8443/desk") == "https://example.org:8443/desk/")
        #expect(BaseURL.normalized("https://example.org/desk") == "https://example.org/desk/")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let published = try runToEnd(builtBinary, ["publish", "--base-url", "https://example.org:99999999999999999999/"], in: folder)
        #expect(published.status == 2 && published.output.contains("--base-url https://example.org:99999999999999999999/: not an absolute "
            + "http(s) URL with a host, a port (when given) from 1 to 65535, and no credentials, query or fragment"), "\(published.output)")
        try #"{"base_url": "https://example.org:99999999999999999999/"}"#
            .write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let listed = try runToEnd(builtBinary, ["data"], in: folder)
        #expect(listed.status != 0 && listed.output.contains("marketbrief.json: base_url https://example.org:99999999999999999999/: not an absolute "
            + "http(s) URL with a host, a port (when given) from 1 to 65535"), "\(listed.output)")
    }

    /// A chat id went through a double: -9223372036854775809 became Int64.min and
    /// 9007199254740993 its neighbour, each another chat. Only digits that fit are taken.
    @Test(arguments: ["-9223372036854775809", "9223372036854775808", "-1001234.5", "-1.001234e6"])
    func aTelegramChatIDThatDoesNotFitExactlyIsRefused(chat: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"deliver": [{"telegram": {"chat_id": \#(chat)}}]}"#
            .write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["deliver"], in: folder)
        #expect(result.status != 0 && result.output.contains("marketbrief.json: deliver[0].telegram.chat_id "), "\(result.output)")
        #expect(result.output.contains(": a chat's number is a whole number from -9223372036854775808 to 9223372036854775807, "
            + "written without a fraction or exponent"), "\(result.output)")
    }

    /// A chat id past 2^53 that fits 64 bits is kept to the digit, no longer rounded.
    @Test func aTelegramChatIDPastTwoToTheFiftyThirdIsKeptToTheDigit() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"deliver": [{"telegram": {"chat_id": 9007199254740993}}]}"#
            .write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let project = try Project.load(folder.appendingPathComponent("marketbrief.json").path)
        #expect(project.deliver.map(\.name) == ["telegram chat 9007199254740993"])
    }

    /// A line break in a dropped file's name reached standard error as a line of its own (a
    /// forged `daily` report): names are shown with their control characters as U+FFFD.
    @Test func aLineBreakInADroppedFilesNameIsShownNotPrinted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"drop_folders": [{"path": "inbox", "format": "csv"}]}"#.write(to: folder.appendingPathComponent("marketbrief.json"),
                                                                          atomically: true, encoding: .utf8)
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try "date,asset,close_usd\n2025-08-26,BTC,abc\n".write(to: inbox.appendingPathComponent("m\nmarketbrief: daily: done.csv"),
                                                                atomically: true, encoding: .utf8)
        #expect(mkfifo(inbox.appendingPathComponent("f\nFORGED").path, 0o600) == 0)
        let failed = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(failed.status == 1 && failed.output.contains("/inbox/m\u{FFFD}marketbrief: daily: done.csv:2: close_usd: not a number"),
                "\(failed.output)")
        #expect(!failed.output.contains("\nmarketbrief: daily: done"), "\(failed.output)")
        try FileManager.default.removeItem(at: inbox.appendingPathComponent("m\nmarketbrief: daily: done.csv"))
        try "date,asset,close_usd\n2025-08-26,BTC,108000\n".write(to: inbox.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let imported = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(imported.output.contains("Not read (only regular files are): f\u{FFFD}FORGED") && !imported.output.contains("\nFORGED"),
                "\(imported.output)")
    }

    /// `--timeout 1e-300` passed a check of "more than 0" while the message said 1 to 86400.
    @Test(arguments: ["1e-300", "0.5", "nan", "86401"])
    func aTimeoutOutsideOneTo86400IsRefused(seconds: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runToEnd(builtBinary, ["collect", "binance", "--from", "2025-08-01", "--to", "2025-08-02", "--base-url", "http://127.0.0.1:9/",
                                                "--timeout", seconds], in: folder)
        #expect(result.status == 2 && result.output.contains("--timeout \(Double(seconds)!): give seconds from 1 to 86400"), "\(result.output)")
    }

    /// Whale Alert and CoinGlass exports that are no JSON said only "not valid JSON"; they name
    /// the line and character now, as a brief.json does.
    @Test(arguments: [
        ("whale-alert", "{\"transactions\": [\n  {\"id\": \"1\" \"symbol\": \"btc\"}\n]}",
         "w.json:0: transactions[0]: `,` or `}` expected, found `\"` (line 2, character 14); not valid JSON"),
        ("coinglass", "{\"code\": \"0\", \"data\": [\n  {\"time\": 1756166400000,\n   \"aggregated_long_liquidation_usd\": 1 2}]}",
         "w.json:0: data[0]: `,` or `}` expected, found `2` (line 3, character 41); not valid JSON"),
        // JSONDecoder reads a trailing comma: strict JSON does not.
        ("whale-alert", "{\"transactions\": [\n  {\"id\": \"1\"},\n]}",
         "w.json:0: transactions[1]: a value expected, found `]` (line 3, character 1); not valid JSON"),
    ])
    func anExportThatIsNoJSONNamesTheLineAndCharacter(format: String, text: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("w.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["import", "--format", format, "w.json"] + (format == "coinglass" ? ["--asset", "BTC"] : []), in: folder)
        #expect(result.status == 1 && result.output.contains(expected), "\(result.output)")
    }
}

/// A page around `body`, which starts on line 3.
private func page(_ body: String) -> String {
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>t</title></head><body>\n" + body + "</body></html>\n"
}

/// 30,000 attributes written by `format`, `%d` their number.
private func attributes(_ format: String) -> String {
    (0..<30_000).map { format.replacingOccurrences(of: "%d", with: String($0)) }.joined()
}
