/// Formats numbers one way everywhere, whatever the machine's locale:
/// `$117,000`, `$477M`, `$2.6B`, `0.008%`, `8.76%`, `310,600 BTC`.
public enum NumberFormat {
    /// `value` rounded to `places` decimals, with `,` between thousands and `.` before decimals.
    public static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let negative = value < 0 && scaled != 0
        let whole = scaled / Int64(scale)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if places > 0 {
            let fraction = String(scaled % Int64(scale))
            grouped += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return (negative ? "-" : "") + grouped
    }

    /// A price: whole dollars from $100 up (`$117,000`), cents below (`$0.04`).
    public static func price(_ value: Double) -> String {
        let text = decimal(abs(value), places: abs(value) >= 100 ? 0 : 2)
        return (value < 0 ? "-$" : "$") + text
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
    /// (`0.008%`, `0.0095%`, `0.010%`).
    public static func fundingRate(_ percentValue: Double) -> String {
        let four = decimal(percentValue, places: 4)
        return (four.hasSuffix("0") ? String(four.dropLast()) : four) + "%"
    }

    /// Coins, whole: `310,600 BTC`.
    public static func coins(_ value: Double, _ unit: String) -> String {
        decimal(value, places: 0) + " " + unit
    }


    /// An ordinal for percentiles: `1st`, `2nd`, `93rd`, `100th`.
    public static func ordinal(_ value: Double) -> String {
        let whole = Int(value.rounded(.down))
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
