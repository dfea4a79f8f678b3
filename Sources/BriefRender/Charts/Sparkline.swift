/// Sparklines: Unicode ones for the text brief (`▁▂▃▄▅▆▇█`, a space where there is no data),
/// and SVG polylines for the site's tables.
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` drawn in at most `width` characters: longer series are averaged in equal
    /// buckets (the last bucket ends on the last day). Lowest value ▁, highest █.
    static func line(_ values: [Double?], width: Int) -> String {
        let buckets = values.count <= width ? values.map { [$0] } : bucketed(values, into: width)
        let means = buckets.map { bucket -> Double? in
            let reported = bucket.compactMap { $0 }
            return reported.isEmpty ? nil : reported.reduce(0, +) / Double(reported.count)
        }
        let reported = means.compactMap { $0 }
        guard let low = reported.min(), let high = reported.max() else { return "" }
        return String(means.map { mean -> Character in
            guard let mean else { return " " }
            guard high > low else { return levels[levels.count / 2] }
            let index = Int(((mean - low) / (high - low) * Double(levels.count - 1)).rounded())
            return levels[index]
        })
    }

    /// `values` as the points of an SVG polyline filling `width` × `height` (one unit of margin
    /// above and below for the stroke), lowest value at the bottom; a flat series runs midway.
    static func polyline(_ values: [Double], width: Double, height: Double) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        return values.enumerated().map { index, value in
            let y = high > low ? 1 + (high - value) / (high - low) * (height - 2) : height / 2
            return ChartViewModel.svg(Double(index) * step) + "," + ChartViewModel.svg(y)
        }.joined(separator: " ")
    }

    private static func bucketed(_ values: [Double?], into width: Int) -> [[Double?]] {
        (0..<width).map { bucket in
            let start = values.count * bucket / width
            let end = values.count * (bucket + 1) / width
            return Array(values[start..<end])
        }
    }
}

/// Wraps text at a column: long lines break at spaces. A list item's continuation lines are
/// indented under its text; a row of columns (runs of spaces inside the line, which are kept)
/// continues under its last column.
enum TextWrap {
    static func wrap(_ text: String, width: Int = 80) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            wrapLine(String(line), width: width)
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
        for word in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
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
    static func columns<Text: Sequence<Character>>(_ text: Text) -> Int {
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
        let characters = Array(line)
        let start = characters.firstIndex { $0 != " " } ?? 0
        var column: Int?
        for index in (start + 2)..<max(start + 2, characters.count)
        where characters[index] != " " && characters[index - 1] == " " && characters[index - 2] == " " {
            column = columns(characters[..<index])
        }
        return column.flatMap { $0 < limit ? String(repeating: " ", count: $0) : nil }
    }
}
