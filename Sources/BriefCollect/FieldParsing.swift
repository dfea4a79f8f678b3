import BriefCore

/// Strict parsing of single fields: decimal numbers only (no `NaN`, `inf`, hex or
/// out-of-range values), ISO dates, and times in UTC.
enum FieldParsing {
    enum Failure: Error { case reason(String) }

    /// A finite decimal number such as `-12.5` or `1.2e-5`.
    static func number(_ text: String) throws(Failure) -> Double {
        var sawDigit = false, sawDot = false, sawExponent = false, previous: UInt8 = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard index == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else {
                    throw .reason("not a number: \(quoted(text))")
                }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { throw .reason("not a number: \(quoted(text))") }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { throw .reason("not a number: \(quoted(text))") }
                sawExponent = true
            default:
                throw .reason("not a number: \(quoted(text))")
            }
            previous = byte
        }
        guard sawDigit, let value = Double(text) else { throw .reason("not a number: \(quoted(text))") }
        guard value.isFinite else { throw .reason("number out of range: \(quoted(text))") }
        return value
    }

    /// A whole number written with `digits` ASCII digits and nothing else (no sign, no spaces,
    /// no decimal point): `Int64("+5")` would take a sign, and a date or a time takes none.
    static func whole(_ text: some StringProtocol, digits: ClosedRange<Int>) -> Int64? {
        guard digits.contains(text.utf8.count), digits.upperBound <= 19,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(text)
    }

    /// A day `YYYY-MM-DD` that exists.
    static func day(_ text: String) throws(Failure) -> Day {
        guard let day = Day(text) else { throw .reason("not a date YYYY-MM-DD (or no such day): \(quoted(text))") }
        try checkNotTooEarly(day)
        return day
    }

    /// Refuses a day before `Day.earliest`, which no brief could read.
    static func checkNotTooEarly(_ day: Day) throws(Failure) {
        guard day >= .earliest else { throw .reason("\(day) is before \(Day.earliest), the earliest day marketbrief reads") }
    }

    /// A UTC time `YYYY-MM-DDTHH:MM:SSZ`, and its day.
    static func time(_ text: String) throws(Failure) -> Day {
        let bytes = Array(text.utf8)
        let failure = Failure.reason("not a UTC time YYYY-MM-DDTHH:MM:SSZ: \(quoted(text))")
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
              let day = Day(text.prefix(10)) else { throw failure }
        let clock = [11, 12, 14, 15, 17, 18].map { bytes[$0] }
        guard clock.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { throw failure }
        let digits = clock.map { Int($0 - UInt8(ascii: "0")) }
        guard digits[0] * 10 + digits[1] < 24, digits[2] * 10 + digits[3] < 60, digits[4] * 10 + digits[5] < 60 else { throw failure }
        try checkNotTooEarly(day)
        return day
    }

    /// An asset ticker.
    static func asset(_ text: String) throws(Failure) -> Asset {
        guard let asset = Asset(text) else { throw .reason("not an asset code (2–10 of A–Z, 0–9): \(quoted(text))") }
        return asset
    }

    /// Text a page or a terminal shows as it is: no control, format (bidirectional overrides,
    /// zero-width characters) or line-separator characters, and no noncharacters — what
    /// `PrintableText` would show as U+FFFD is refused here instead.
    static func plainText(_ text: String, maxLength: Int) throws(Failure) -> String {
        guard text.utf8.count <= 4 * maxLength else { throw .reason("longer than \(4 * maxLength) bytes") }
        guard text.count <= maxLength else { throw .reason("longer than \(maxLength) characters") }
        for scalar in text.unicodeScalars {
            let category = scalar.properties.generalCategory
            if [.control, .format, .lineSeparator, .paragraphSeparator, .surrogate].contains(category)
                || scalar.properties.isNoncharacterCodePoint {
                throw .reason("contains the control character U+\(String(scalar.value, radix: 16, uppercase: true))")
            }
        }
        return text
    }

    /// `text` shortened for an error message, in quotes.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"" + shown.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined() + "\""
    }
}
