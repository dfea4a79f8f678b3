import Foundation

/// An RFC 5322 message of two alternatives, plain text and HTML, ready for SMTP: CRLF line
/// ends, every body base64 (no line is too long, none starts with a dot), every header value
/// free of line breaks and the subject encoded (RFC 2047) when it is not plain ASCII.
struct MailMessage {
    var from: String
    var to: [String]
    var subject: String
    var text: String
    var html: String
    var date: Date
    /// Part of the Message-ID and of the boundary: the same for the same brief and destination.
    var identity: String

    func encoded() -> Data {
        let boundary = "=_marketbrief_" + identity.filter { $0.isLetter || $0.isNumber }.prefix(40)
        let domain = from.split(separator: "@").last.map(String.init) ?? "marketbrief"
        var lines = [
            "From: " + Self.headerSafe(from),
            "To: " + to.map(Self.headerSafe).joined(separator: ", "),
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(identity.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })@\(Self.headerSafe(domain))>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a message in two forms: plain text and HTML.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--" + boundary, "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(Data(body.utf8))
        }
        lines.append("--" + boundary + "--")
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A header value as one line: every control character (CR and LF among them) a space.
    static func headerSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control
            || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator ? " " : $0 }))
    }

    /// `text` as it may stand in a header: as it is when printable ASCII, else RFC 2047 encoded
    /// words (`=?utf-8?B?…?=`) of whole characters, at most 75 characters each, folded.
    static func encodedWords(_ text: String) -> String {
        let line = headerSafe(text)
        if line.unicodeScalars.allSatisfy({ $0.isASCII }) && line.count <= 900 { return line }
        var words: [String] = []
        var chunk = Data()
        for character in line {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?" + chunk.base64EncodedString() + "?=")
                chunk = Data()
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?" + chunk.base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `data` in base64, 76 characters a line (RFC 2045). Cut from the encoded bytes: offsetting
    /// a `String`'s index walks it from the start, which made a 1 MB brief.txt take 37 s.
    static func base64Lines(_ data: Data) -> [String] {
        let encoded = [UInt8](data.base64EncodedData())
        return stride(from: 0, to: encoded.count, by: 76).map { String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self) }
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
