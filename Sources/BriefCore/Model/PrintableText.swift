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
}
