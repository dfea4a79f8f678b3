/// Text from data as it may be shown: control and bidi-formatting characters and noncharacters
/// (which would break a page or reorder what readers see) become U+FFFD. Markup needs nothing
/// here: the templates escape it.
public enum PrintableText {
    public static func of(_ text: String) -> String {
        // Nearly every text is fit as it stands (the site's publish asks this of every section
        // of every brief twice): it is returned, not rebuilt.
        guard text.unicodeScalars.contains(where: isUnfit) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isUnfit(scalar) ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// Each line of `text` as `of` gives it, the line breaks kept.
    public static func ofLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && isUnfit($0) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { of(String($0)) }.joined(separator: "\n")
    }

    /// What makes `text` unfit to show as it stands: the first character `of` would replace,
    /// other than a line break, named with its place (`a control character (U+001B) at character
    /// 12`); `nil` when there is none.
    public static func unfitness(of text: String) -> String? {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && isUnfit($0) }) else { return nil }
        for (index, character) in text.enumerated() {
            guard let scalar = character.unicodeScalars.first(where: { $0 != "\n" && isUnfit($0) }) else { continue }
            let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count))
                + String(scalar.value, radix: 16, uppercase: true)
            let kind = switch scalar.properties.generalCategory {
            case .control: "a control character"
            case .format: "a formatting character (a bidirectional override, an invisible mark)"
            case .surrogate: "a lone surrogate"
            case .lineSeparator, .paragraphSeparator: "a line or paragraph separator"
            default: "a noncharacter"
            }
            return "\(kind) (\(code)) at character \(index + 1)"
        }
        return nil
    }

    private static func isUnfit(_ scalar: Unicode.Scalar) -> Bool {
        // Printable ASCII, without looking up its Unicode properties.
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        let category = scalar.properties.generalCategory
        // U+2028 and U+2029 break a line where no line break is expected.
        return category == .control || category == .format || category == .surrogate || category == .lineSeparator
            || category == .paragraphSeparator || scalar.properties.isNoncharacterCodePoint
    }

    /// `text` cut to at most `characters` characters and 4 × `characters` UTF-8 bytes (a
    /// character of many combining marks counts as one character, but not as one byte).
    public static func limited(_ text: String, characters: Int) -> String {
        var kept = String.UnicodeScalarView()
        var bytes = 0
        for character in text.prefix(characters) {
            for scalar in character.unicodeScalars {
                bytes += UTF8.width(scalar)
                guard bytes <= 4 * characters else { return String(kept) }
                kept.append(scalar)
            }
        }
        return String(kept)
    }
}
