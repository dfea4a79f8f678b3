import Foundation

/// A base address given on the command line (a site's public address, a venue mirror).
public enum BaseURL {
    /// What a base address must be, for error messages: "not " and this.
    public static let requirement = "an absolute http(s) URL with a host, a port (when given) from 1 to 65535, "
        + "and no credentials, query or fragment"

    /// `text` as `scheme://host[:port]/path/`, scheme and host lower-cased and a final `/`; `nil`
    /// unless it is an absolute http(s) URL with a host, a port (when given) from 1 to 65535, and
    /// without credentials, query, fragment or characters a URL may not hold (quotes, angle
    /// brackets, spaces).
    public static func normalized(_ text: String) -> String? {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.percentEncodedHost.flatMap({ Self.host($0.lowercased()) }),
              hasWholeEscapes(text),
              components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              hasPortInRange(components),
              text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && !"\"<>\\^`{|}".unicodeScalars.contains($0) })
        else { return nil }
        let path = components.percentEncodedPath
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "") + (path.hasSuffix("/") ? path : path + "/")
    }

    /// `text` as a URL's host: a host name (labels of 1 to 63 letters, digits and `-`, not at
    /// either end, joined by `.`), an IPv4 address, or an IPv6 address, bracketed as a URL
    /// writes it; `nil` for anything else (`a..b`, `-`, `host:port`).
    public static func host(_ text: String) -> String? {
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        if bare.contains(":") {
            var address = in6_addr()
            return inet_pton(AF_INET6, bare, &address) == 1 ? "[\(bare)]" : nil
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 253, labels.allSatisfy({ label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }) else { return nil }
        return text
    }

    /// Whether every `%` of `text` starts an escape of two hex digits other than `%00`
    /// (`URLComponents` would escape a broken one's `%` as `%25`, and pass `%00` on).
    private static func hasWholeEscapes(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "%") {
            guard index + 2 < bytes.count,
                  let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16), value != 0 else { return false }
        }
        return true
    }

    /// Whether the port written, if any, is one from 1 to 65535. One past `Int`'s range reads as
    /// no port at all (`port` is nil), and was dropped from links.
    private static func hasPortInRange(_ components: URLComponents) -> Bool {
        guard let written = components.rangeOfPort, !written.isEmpty else { return true }
        return components.port.map { (1...65535).contains($0) } ?? false
    }
}
