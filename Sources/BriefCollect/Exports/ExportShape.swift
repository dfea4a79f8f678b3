import Foundation

/// How many lines or values an export read whole may hold, counted on its bytes before it is
/// parsed: parsed, each costs far more memory than its bytes (a line of `x` a record of its
/// own, an empty `{}` a decoded transaction), so 64 MB of them took 8 GB. Exports are daily
/// series or lists of large transfers: a century of days, or a million values, is far more
/// than one holds.
enum ExportShape {
    /// Lines a CSV export (Farside, net flows) may have: a day each, for over 250 years.
    static let maxLines = 100_000
    /// Values a JSON export (Whale Alert, CoinGlass) may hold, counted as its commas, `[` and `{`
    /// (those in strings too, so the count only ever errs high): 2,000,000 is some 80,000
    /// Whale Alert transactions or CoinGlass days.
    static let maxJSONValues = 2_000_000

    /// Why `data` holds more than an export of `format` may, or `nil`.
    static func tooMany(in data: Data, format: InputFormat) -> String? {
        let json = format == .whaleAlert || format == .coinglass
        var (values, newlines, returns) = (0, 0, 0)
        data.withUnsafeBytes { raw in
            for byte in raw {
                switch byte {
                case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{"): values += 1
                case 0x0A: newlines += 1
                case 0x0D: returns += 1
                default: break
                }
            }
        }
        // A CSV line ends at \n, \r\n or a lone \r: the larger count is an upper bound of its lines.
        let count = json ? values : max(newlines, returns)
        if json, count > maxJSONValues {
            return "\(count) values (commas and brackets), more than the \(maxJSONValues) a JSON export may hold; split it by year"
        }
        if !json, count > maxLines {
            return "\(count) lines, more than the \(maxLines) a CSV export may have; split it by year"
        }
        return nil
    }
}
