/// marketbrief's version: `marketbrief --version` prints it.
public enum MarketBriefVersion {
    public static let current = "0.6.0"
}
