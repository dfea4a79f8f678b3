/// Text from data as it may be shown: control and bidi-formatting characters and noncharacters
/// (which would break a page or reorder what readers see) become U+FFFD. Markup needs nothing
/// here: the templates escape it.
public enum PrintableText {
    public static func of(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            let unfit = category == .control || category == .format || category == .surrogate
                || scalar.properties.isNoncharacterCodePoint
            scalars.append(unfit ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
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
