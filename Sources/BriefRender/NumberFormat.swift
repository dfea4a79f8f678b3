import BriefCore

/// Formats numbers one way everywhere, whatever the machine's locale:
/// `$117,000`, `$477M`, `$2.6B`, `0.008%`, `8.76%`, `310,600 BTC`.
public enum NumberFormat {
    /// `value` rounded to `places` decimals, with `,` between thousands and `.` before decimals.
    ///
    /// The rounding is of the decimal the double stands for (its shortest round-trip digits),
    /// half away from zero: 0.00935 to 4 places is 0.0094 although its binary value is a hair
    /// under. Any finite double works (`9e18`, `1e300`); a value that rounds to zero has no sign.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        // The digits are worked in a buffer on the stack and the text written once: a number
        // costs no allocation beyond its string (none when it is short).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var digits = Digits(buffer, magnitude: abs(value))
            // Keep the digits before the point and `places` after it; round on the next one.
            digits.round(keeping: digits.pointIndex + places)
            // The integer part without leading zeros (at least one digit), then `places` decimals.
            var first = 0
            while first < digits.pointIndex - 1 && digits[first] == 0 { first += 1 }
            let integerCount = max(1, digits.pointIndex - first)
            let integerStart = digits.pointIndex - integerCount
            var isZero = true
            for position in integerStart..<(digits.pointIndex + places) where digits[position] != 0 { isZero = false }
            let negative = value < 0 && !isZero
            let length = (negative ? 1 : 0) + integerCount + (integerCount - 1) / 3 + (places > 0 ? 1 + places : 0)
            return String(unsafeUninitializedCapacity: length) { text in
                var index = 0
                func put(_ byte: UInt8) {
                    text[index] = byte
                    index += 1
                }
                if negative { put(UInt8(ascii: "-")) }
                for offset in 0..<integerCount {
                    if offset > 0 && (integerCount - offset) % 3 == 0 { put(UInt8(ascii: ",")) }
                    put(UInt8(ascii: "0") + digits[integerStart + offset])
                }
                if places > 0 {
                    put(UInt8(ascii: "."))
                    for offset in 0..<places { put(UInt8(ascii: "0") + digits[digits.pointIndex + offset]) }
                }
                return index
            }
        }
    }

    /// The decimal digits of a magnitude, in a buffer: its shortest round-trip digits cut to 15
    /// significant ones (as many as a double holds exactly, so arithmetic noise such as
    /// 0.009349999999999999 reads as 0.00935), and where the point goes (digits before it):
    /// 0.00935 → 9, 3, 5 and -2; 9e18 → 9 and 19.
    private struct Digits {
        private let buffer: UnsafeMutableBufferPointer<UInt8>
        /// The digits are `buffer[start..<end]`; two places are kept free before them for carries.
        private var start = 2, end = 2
        private(set) var pointIndex = 0

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>, magnitude: Double) {
            self.buffer = buffer
            guard magnitude != 0 else {
                append(0)
                pointIndex = 1
                return
            }
            // The shortest digits that read back as the double (`0.00935`, `1e-05`, `9e+18`).
            var exponent = 0, seenPoint = false, inExponent = false, exponentSign = 1
            for byte in magnitude.description.utf8 {
                switch byte {
                case UInt8(ascii: "."): seenPoint = true
                case UInt8(ascii: "e"): inExponent = true
                case UInt8(ascii: "-") where inExponent: exponentSign = -1
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if inExponent {
                        exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                    } else {
                        append(byte - UInt8(ascii: "0"))
                        if !seenPoint { pointIndex += 1 }
                    }
                default: break
                }
            }
            pointIndex += exponentSign * exponent
            while end - start > 1 && buffer[start] == 0 {
                start += 1
                pointIndex -= 1
            }
            // At most 15 significant digits, rounded half up.
            round(keeping: 15)
            while end - start > 1 && buffer[end - 1] == 0 { end -= 1 }
        }

        /// The digit `position` places after the first (the point is after `pointIndex` of
        /// them); zero beyond them on either side.
        subscript(position: Int) -> UInt8 {
            position >= 0 && position < end - start ? buffer[start + position] : 0
        }

        /// Keeps the first `count` digits (none when `count` is negative), rounding half up on
        /// the next one; a carry past the first digit adds a digit before it.
        mutating func round(keeping count: Int) {
            guard count >= 0 else {
                end = start
                return
            }
            guard count < end - start else { return }
            let roundsUp = buffer[start + count] >= 5
            end = start + count
            guard roundsUp else { return }
            var index = end - 1
            while index >= start && buffer[index] == 9 {
                buffer[index] = 0
                index -= 1
            }
            if index >= start {
                buffer[index] += 1
            } else {
                start -= 1
                buffer[start] = 1
                pointIndex += 1
            }
        }

        /// The description of a double has at most 17 significant digits and 4 leading zeros.
        private mutating func append(_ digit: UInt8) {
            guard end < buffer.count else { return }
            buffer[end] = digit
            end += 1
        }
    }

    /// A price: whole dollars from $100 up (`$117,000`), cents from $1 (`$4.12`), three
    /// significant digits below (`$0.0412`, `$0.0000123`).
    public static func price(_ value: Double) -> String {
        let magnitude = abs(value)
        var places = magnitude >= 100 ? 0 : 2
        if magnitude > 0 && magnitude < 1 {
            var scaled = magnitude
            places = 0
            while scaled < 100 && places < 12 { scaled *= 10; places += 1 }
        }
        return (value < 0 ? "-$" : "$") + decimal(magnitude, places: places)
    }

    /// A large amount of money, short: `$2.6B`, `$477M`, `$8.3M`, `$950K`.
    public static func money(_ value: Double) -> String {
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        let body: String
        if magnitude >= 999_500_000 {
            body = decimal(magnitude / 1e9, places: 1) + "B"
        } else if magnitude >= 9_950_000 {
            body = decimal(magnitude / 1e6, places: 0) + "M"
        } else if magnitude >= 999_500 {
            body = decimal(magnitude / 1e6, places: 1) + "M"
        } else if magnitude >= 1_000 {
            body = decimal(magnitude / 1e3, places: 0) + "K"
        } else {
            body = decimal(magnitude, places: 0)
        }
        return sign + "$" + body
    }

    /// A flow with its sign always shown: `+$88M`, `-$350M`.
    public static func signedMoney(_ value: Double) -> String {
        (value > 0 ? "+" : "") + money(value)
    }

    /// A percentage: `8.76%` (two decimals by default).
    public static func percent(_ value: Double, places: Int = 2) -> String {
        decimal(value, places: places) + "%"
    }

    /// A percent beside the threshold it is read against: the usual places, more (up to 4) while
    /// it would print as the threshold does, so the side it is on shows (`1.52%` against `1.5%`).
    public static func percent(_ value: Double, places: Int, beside threshold: Double) -> String {
        var places = places
        while places < 4 && decimal(value, places: places) == decimal(threshold, places: places) && value != threshold {
            places += 1
        }
        return percent(value, places: places)
    }

    /// A funding rate in percent per settlement: three decimals at least, four when needed
    /// (`0.008%`, `0.0095%`, `0.010%`), more rather than lose a sign (`-0.0003%`, `-0.00001%`).
    public static func fundingRate(_ percentValue: Double) -> String {
        var places = 4
        var text = decimal(percentValue, places: places)
        while percentValue != 0 && !text.contains(where: { $0 >= "1" && $0 <= "9" }) && places < 10 {
            places += 1
            text = decimal(percentValue, places: places)
        }
        return (places == 4 && text.hasSuffix("0") ? String(text.dropLast()) : text) + "%"
    }

    /// Coins, whole: `310,600 BTC`.
    public static func coins(_ value: Double, _ unit: String) -> String {
        decimal(value, places: 0) + " " + unit
    }


    /// An ordinal for percentiles, rounded to the nearest: `1st`, `2nd`, `98th` (97.8); never
    /// `0th` (0.3 is `1st`), and only the top of a range is `100th` (99.7 is `99th`).
    public static func ordinal(_ value: Double) -> String {
        let whole = Percentile.asPrinted(value)
        let suffix: String
        switch (whole % 10, whole % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return String(whole) + suffix
    }
}
