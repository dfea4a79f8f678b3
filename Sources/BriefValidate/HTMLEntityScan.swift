/// Finds `&name;` references that HTML does not define among the ones we allow
/// (libxml2 passes undefined entities silently).
enum HTMLEntityScan {
    /// The named references our pages may use; anything else should be a numeric reference.
    static let allowed: Set<String> = ["amp", "lt", "gt", "quot", "apos", "nbsp", "ndash", "mdash", "middot", "hellip", "rsquo", "lsquo", "rdquo", "ldquo", "times", "minus", "copy"]

    static func undefinedEntities(in html: String) -> [PageProblem] {
        var problems: [PageProblem] = []
        var line = 1
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1 }
            if byte == UInt8(ascii: "&"), index + 1 < bytes.count, isLetter(bytes[index + 1]) {
                var end = index + 1
                while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ";") {
                    let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                    if !allowed.contains(name) {
                        problems.append(PageProblem(line: line, message: "undefined or disallowed entity &\(name);"))
                    }
                }
                index = end
                continue
            }
            index += 1
        }
        return problems
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
