/// Finds `&name;` references that HTML does not define among the ones we allow
/// (libxml2 passes undefined entities silently).
enum HTMLEntityScan {
    /// The named references our pages may use; anything else should be a numeric reference.
    static let allowed: Set<String> = ["amp", "lt", "gt", "quot", "apos", "nbsp", "ndash", "mdash", "middot", "hellip", "rsquo", "lsquo", "rdquo", "ldquo", "times", "minus", "copy"]

    /// The page read in place, from one `&` to the next; lines are counted only up to a problem.
    static func undefinedEntities(in html: String) -> [PageProblem] {
        undefinedEntities(in: html, keeping: .max).problems
    }

    /// The first `limit` undefined entities, and how many more there are.
    static func undefinedEntities(in html: String, keeping limit: Int) -> (problems: [PageProblem], omitted: Int) {
        var html = html
        var omitted = 0
        let problems = html.withUTF8 { bytes in
            var problems: [PageProblem] = []
            var line = 1, countedUpTo = 0
            var index = 0
            while let ampersand = bytes[index...].firstIndex(of: UInt8(ascii: "&")) {
                var end = ampersand + 1
                guard end < bytes.count, isLetter(bytes[end]) else {
                    index = end
                    continue
                }
                while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) { end += 1 }
                if end < bytes.count, bytes[end] == UInt8(ascii: ";") {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(ampersand + 1)..<end]), as: UTF8.self)
                    if !allowed.contains(name) {
                        guard problems.count < limit else {
                            omitted += 1
                            index = end
                            continue
                        }
                        line += bytes[countedUpTo..<ampersand].count { $0 == UInt8(ascii: "\n") }
                        countedUpTo = ampersand
                        problems.append(PageProblem(line: line, message: "undefined or disallowed entity &\(name);"))
                    }
                }
                index = end
            }
            return problems
        }
        return (problems, omitted)
    }


    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
