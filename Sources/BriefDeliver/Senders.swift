import CCurlLoader
import Foundation

/// A send that did not go through, and why, in words that never hold a secret (a webhook's
/// URL, a bot's token, a password).
public struct SendFailure: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Sends over libcurl, loaded on first use (`CCurlLoader`), as `collect` fetches.
enum Sender {
    /// Seconds a send may take.
    static let timeout: TimeInterval = 60

    /// POSTs `json` to `url`; a 2xx answer is success, and its body is returned. The URL is a
    /// secret (a webhook's, or one holding a bot's token), so it is never part of the failure's words.
    @discardableResult
    static func post(json: Data, to url: String, timeout: TimeInterval = timeout) throws -> Data {
        var response = mb_http_response()
        defer { mb_http_free(&response) }
        let code = json.withUnsafeBytes { bytes in
            mb_http_post(url, "marketbrief", "application/json; charset=utf-8",
                         bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                         max(1, Int(timeout * 1000)), 1 << 20, &response)
        }
        guard code == 0 else {
            throw SendFailure(reason: withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
        }
        guard (200..<300).contains(response.status) else {
            let body = response.body.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: response.body_length), as: UTF8.self) } ?? ""
            let said = body.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
            throw SendFailure(reason: "answered HTTP \(response.status)" + (said.isEmpty ? "" : ": " + String(said.prefix(200))))
        }
        return response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
    }

    /// Sends `message` over SMTP with STARTTLS (required) to `host:port`.
    static func mail(_ message: Data, from: String, to: [String], host: String, port: Int,
                     login: (user: String, password: String)?, caFile: String?, timeout: TimeInterval = timeout) throws {
        var error = [CChar](repeating: 0, count: 256)
        let recipients = to.map { strdup($0) }
        defer { recipients.forEach { free($0) } }
        let code = message.withUnsafeBytes { bytes in
            recipients.map { UnsafePointer($0) }.withUnsafeBufferPointer { list in
                mb_smtp_send("smtp://\(host):\(port)", login?.user, login?.password, caFile, from,
                             list.baseAddress, list.count, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                             max(1, Int(timeout * 1000)), &error)
            }
        }
        guard code == 0 else {
            throw SendFailure(reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }
}
