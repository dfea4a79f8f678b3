/// Wraps text at a column: long lines break at spaces. A list item's continuation lines are
/// indented under its text; a row of columns (runs of spaces inside the line, which are kept)
/// continues under its last column.
enum TextWrap {
    static func wrap(_ text: String, width: Int = 80) -> String {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            wrapLine(String(Substring(line)), width: width)
        }.joined(separator: "\n")
    }

    private static func wrapLine(_ line: String, width: Int) -> String {
        guard line.utf8.count > width, columns(line) > width else { return line }
        let leading = String(line.prefix { $0 == " " })
        let indent = Self.lastColumn(of: line, before: width - 16)
            ?? leading + (line.dropFirst(leading.count).hasPrefix("- ") ? "  " : "")
        var lines: [String] = []
        var current = leading
        var used = leading.count
        var hasWords = false
        // Empty words are the extra spaces of a run; where the line breaks they are dropped.
        for word in line.utf8.dropFirst(leading.count).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            .lazy.map(Substring.init) {
            let size = columns(word)
            if !hasWords {
                if word.isEmpty { continue }
                current += word
                used += size
                hasWords = true
            } else if used + 1 + size > width, !word.isEmpty {
                while current.hasSuffix(" ") { current.removeLast() }
                lines.append(current)
                current = indent + word
                used = indent.count + size
            } else {
                current += " " + word
                used += 1 + size
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The columns `text` takes on a terminal: its characters less ANSI escape sequences
    /// (`ESC [ … letter`), which take none.
    static func columns(_ text: some StringProtocol) -> Int {
        // ASCII without escapes or carriage returns: a column a byte.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x1B && $0 != 0x0D }) { return text.utf8.count }
        return columns(characters: text)
    }

    private static func columns(characters text: some Sequence<Character>) -> Int {
        var count = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }

    /// The indentation of the last column of a row laid out with runs of spaces (`label  values  change`),
    /// when that column starts before `limit`.
    private static func lastColumn(of line: String, before limit: Int) -> String? {
        guard hasRunOfSpaces(line) else { return nil }
        let characters = Array(line)
        let start = characters.firstIndex { $0 != " " } ?? 0
        var column: Int?
        for index in (start + 2)..<max(start + 2, characters.count)
        where characters[index] != " " && characters[index - 1] == " " && characters[index - 2] == " " {
            column = columns(characters: characters[..<index])
        }
        return column.flatMap { $0 < limit ? String(repeating: " ", count: $0) : nil }
    }

    /// Whether two spaces follow each other after the line's first word (the sign of columns).
    private static func hasRunOfSpaces(_ line: String) -> Bool {
        var seenText = false, previous: UInt8 = 0
        for byte in line.utf8 {
            if byte != UInt8(ascii: " ") {
                seenText = true
            } else if seenText && previous == UInt8(ascii: " ") {
                return true
            }
            previous = byte
        }
        return false
    }
}
