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
        var (digits, pointIndex) = decimalDigits(abs(value))
        // Keep the digits before the point and `places` after it; round on the next one.
        let kept = pointIndex + places
        if kept < 0 {
            digits = []
        } else if kept < digits.count {
            let roundsUp = digits[kept] >= 5
            digits.removeSubrange(kept...)
            if roundsUp {
                var index = digits.count - 1
                while index >= 0 && digits[index] == 9 { digits[index] = 0; index -= 1 }
                if index >= 0 { digits[index] += 1 } else { digits.insert(1, at: 0); pointIndex += 1 }
            }
        }
        // The digit `position` places after the first of `digits` (the point is after
        // `pointIndex` of them); zero beyond them on either side.
        func digit(_ position: Int) -> UInt8 { position >= 0 && position < digits.count ? digits[position] : 0 }
        // The integer part without leading zeros (at least one digit), then `places` decimals.
        var first = 0
        while first < pointIndex - 1 && digit(first) == 0 { first += 1 }
        let integerCount = max(1, pointIndex - first)
        let integerStart = pointIndex - integerCount
        var text: [UInt8] = [UInt8(ascii: "-")]
        text.reserveCapacity(2 + integerCount + integerCount / 3 + places)
        var isZero = true
        for offset in 0..<integerCount {
            if offset > 0 && (integerCount - offset) % 3 == 0 { text.append(UInt8(ascii: ",")) }
            let next = digit(integerStart + offset)
            isZero = isZero && next == 0
            text.append(UInt8(ascii: "0") + next)
        }
        if places > 0 {
            text.append(UInt8(ascii: "."))
            for offset in 0..<places {
                let next = digit(pointIndex + offset)
                isZero = isZero && next == 0
                text.append(UInt8(ascii: "0") + next)
            }
        }
        return String(decoding: value < 0 && !isZero ? text[...] : text.dropFirst(), as: UTF8.self)
    }

    /// The decimal digits of `magnitude`: its shortest round-trip digits cut to 15 significant
    /// ones (as many as a double holds exactly, so arithmetic noise such as 0.009349999999999999
    /// reads as 0.00935), and where the point goes (digits before it): 0.00935 → ([9, 3, 5], -2);
    /// 9e18 → ([9], 19).
    private static func decimalDigits(_ magnitude: Double) -> (digits: [UInt8], pointIndex: Int) {
        guard magnitude != 0 else { return ([0], 1) }
        // The shortest digits that read back as the double (`0.00935`, `1e-05`, `9e+18`).
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var pointIndex = 0, exponent = 0, seenPoint = false, inExponent = false, exponentSign = 1
        for byte in magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"): inExponent = true
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte - UInt8(ascii: "0"))
                    if !seenPoint { pointIndex += 1 }
                }
            default: break
            }
        }
        pointIndex += exponentSign * exponent
        let leadingZeros = min(digits.count - 1, digits.prefix { $0 == 0 }.count)
        digits.removeFirst(leadingZeros)
        pointIndex -= leadingZeros
        // At most 15 significant digits, rounded half up.
        if digits.count > 15 {
            let roundsUp = digits[15] >= 5
            digits.removeSubrange(15...)
            if roundsUp {
                var index = 14
                while index >= 0 && digits[index] == 9 { digits[index] = 0; index -= 1 }
                if index >= 0 { digits[index] += 1 } else { digits.insert(1, at: 0); pointIndex += 1 }
            }
        }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return (digits, pointIndex)
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


    /// An ordinal for percentiles, rounded to the nearest: `1st`, `2nd`, `98th` (97.8); only
    /// the top of a range is `100th` (99.7 is `99th`).
    public static func ordinal(_ value: Double) -> String {
        let whole = value >= 100 ? 100 : min(99, Int(max(0, value).rounded(.toNearestOrAwayFromZero)))
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
