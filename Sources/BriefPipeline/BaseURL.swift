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
              let host = components.percentEncodedHost?.lowercased(), !host.isEmpty,
              components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              hasPortInRange(components),
              text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && !"\"<>\\^`{|}".unicodeScalars.contains($0) })
        else { return nil }
        let path = components.percentEncodedPath
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "") + (path.hasSuffix("/") ? path : path + "/")
    }

    /// Whether the port written, if any, is one from 1 to 65535. One past `Int`'s range reads as
    /// no port at all (`port` is nil), and was dropped from links.
    private static func hasPortInRange(_ components: URLComponents) -> Bool {
        guard let written = components.rangeOfPort, !written.isEmpty else { return true }
        return components.port.map { (1...65535).contains($0) } ?? false
    }
}
