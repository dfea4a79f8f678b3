/// Splits rendered text into the blocks an HTML page shows: a paragraph per line, and
/// consecutive lines starting with `- ` as one list.
enum ProseBlocks {
    static func blocks(_ text: String) -> [ViewNode] {
        var blocks: [ViewNode] = []
        var items: [String] = []
        func flushList() {
            if !items.isEmpty { blocks.append(["list": true, "items": items]) }
            items = []
        }
        // Lines cut at `\n` bytes (splitting by characters was most of the cost); a text with a
        // `\r` is cut by characters, where `\r\n` is one.
        let lines = text.utf8.contains(UInt8(ascii: "\r"))
            ? text.split(separator: "\n") : text.utf8.split(separator: UInt8(ascii: "\n")).map(Substring.init)
        for line in lines {
            let trimmed = ProseText.trimmingSpaces(line)
            if trimmed.hasPrefix("- ") {
                items.append(String(trimmed.dropFirst(2)))
            } else if !trimmed.isEmpty {
                flushList()
                blocks.append(["paragraph": String(trimmed)])
            }
        }
        flushList()
        return blocks
    }
}

/// Prose templates (the headline and the sections) write one sentence or clause per line:
/// their output lines are joined with a space, a blank line *in the template* ends a paragraph
/// (a line left empty by a false section does not), and a line starting `- ` starts a list item
/// (the lines after it continue it). No space is kept before `,` `.` `;` `:` `)` or after `(`, so a clause may start
/// its own line with its punctuation.
enum ProseText {
    /// Marks the template's blank lines as paragraph breaks, before it is compiled.
    static func markingParagraphs(_ template: String) -> String {
        let text = Array(template.utf8), marked = Array(("\n" + String(paragraphBreak) + "\n").utf8)
        var result: [UInt8] = []
        result.reserveCapacity(text.count + 64)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "\n"), index + 1 < text.count, text[index + 1] == UInt8(ascii: "\n") {
                result.append(contentsOf: marked)
                index += 2
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let paragraphBreak: Character = "\u{2029}"

    /// The rendered output as paragraphs, one per line.
    static func paragraphs(_ raw: String) -> String {
        var paragraphs: [String] = []
        var current: [Substring] = []
        func flush() {
            if !current.isEmpty { paragraphs.append(tidy(current.joined(separator: " "))) }
            current = []
        }
        for line in raw.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let trimmed = trimmingSpaces(Substring(line))
            if trimmed.isEmpty {
                continue
            } else if trimmed == String(paragraphBreak) {
                flush()
            } else if trimmed.hasPrefix("- ") {
                flush()
                current = [Substring(trimmed)]
            } else {
                current.append(Substring(trimmed))
            }
        }
        flush()
        return paragraphs.joined(separator: "\n")
    }

    /// `line` without its leading and trailing spaces and tabs.
    static func trimmingSpaces(_ line: Substring) -> Substring {
        var line = line
        while let first = line.first, first == " " || first == "\t" { line.removeFirst() }
        while let last = line.last, last == " " || last == "\t" { line.removeLast() }
        return line
    }

    /// One space between words, none before `,` `.` `;` `:` `)` or after `(` (all ASCII, so
    /// worked on UTF-8 bytes).
    private static func tidy(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " ") where result.last == UInt8(ascii: " ") || result.last == UInt8(ascii: "(") || result.isEmpty:
                continue
            case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: ")"):
                while result.last == UInt8(ascii: " ") { result.removeLast() }
            default:
                break
            }
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }
}
