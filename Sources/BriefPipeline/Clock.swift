import BriefCore
import Foundation

/// Today's date in UTC, used only to refuse input dates in the future.
public enum Clock {
    public static func today() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
