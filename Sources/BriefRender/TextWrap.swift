/// Wraps text at a column: long lines break at spaces. A list item's continuation lines are
/// indented under its text; a row of columns (runs of spaces inside the line, which are kept)
/// continues under its last column.
enum TextWrap {
    static func wrap(_ text: String, width: Int = 80) -> String {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            wrapLine(String(Substring(line)), width: width)
        }.joined(separator: "\n")
    }

    /// Worked on the line's UTF-8 bytes (words are split at space bytes), counting columns by
    /// characters only in a word that is not plain ASCII.
    private static func wrapLine(_ line: String, width: Int) -> String {
        guard line.utf8.count > width, columns(line) > width else { return line }
        let space = UInt8(ascii: " ")
        // The margin and a list item's hanging indent are told by characters: a space that a
        // combining mark follows is not one.
        let leading = line.prefix { $0 == " " }.count
        let indent = Array((Self.lastColumn(of: line, before: width - 16)
            ?? String(repeating: " ", count: leading) + (line.dropFirst(leading).hasPrefix("- ") ? "  " : "")).utf8)
        let bytes = Array(line.utf8)
        var wrapped = Array(bytes[..<leading])
        wrapped.reserveCapacity(bytes.count + 64)
        var used = leading
        var hasWords = false
        // Empty words are the extra spaces of a run; where the line breaks they are dropped.
        for word in bytes[leading...].split(separator: space, omittingEmptySubsequences: false) {
            let size = columns(word)
            if !hasWords {
                if word.isEmpty { continue }
                wrapped += word
                used += size
                hasWords = true
            } else if used + 1 + size > width, !word.isEmpty {
                while wrapped.last == space { wrapped.removeLast() }
                wrapped.append(UInt8(ascii: "\n"))
                wrapped += indent
                wrapped += word
                used = indent.count + size
            } else {
                wrapped.append(space)
                wrapped += word
                used += 1 + size
            }
        }
        return String(decoding: wrapped, as: UTF8.self)
    }

    /// The columns of a word's bytes.
    private static func columns(_ word: ArraySlice<UInt8>) -> Int {
        isColumnPerByte(word) ? word.count : columns(characters: String(decoding: word, as: UTF8.self))
    }

    /// The columns `text` takes on a terminal: its characters less ANSI escape sequences
    /// (`ESC [ … letter`), which take none.
    static func columns(_ text: some StringProtocol) -> Int {
        isColumnPerByte(text.utf8) ? text.utf8.count : columns(characters: text)
    }

    /// ASCII without escapes or carriage returns: a column a byte.
    private static func isColumnPerByte(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 && $0 != 0x1B && $0 != 0x0D }
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
