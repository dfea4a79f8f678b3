import BriefCore
import Foundation

/// Today's date in UTC: input dates after it are refused, and `daily` briefs the day before it.
public enum Clock {
    public static func today() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
