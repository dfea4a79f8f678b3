import BriefCore

/// Where each file of the static site lives, relative to the site root. Links between
/// pages are made relative from these paths, so the site works from `file://` and
/// under any sub-path of a host.
public enum SiteLayout {
    public static let index = "index.html"
    public static let stylesheet = "style.css"
    public static let feed = "feed.xml"
    /// The sitemap index: it lists the sitemaps below.
    public static let sitemap = "sitemap.xml"
    /// The sitemap of the home page.
    public static let homeSitemap = "sitemaps/home.xml"

    /// The sitemap of the pages of the month `day` falls in.
    public static func monthSitemap(of day: Day) -> String { "sitemaps/\(monthKey(day)).xml" }

    /// The page of one brief.
    public static func brief(_ asset: Asset, _ day: Day) -> String { "briefs/\(asset.code)/\(day)/index.html" }

    /// The page comparing a brief with the asset's previous one.
    public static func diff(_ asset: Asset, _ day: Day) -> String { "briefs/\(asset.code)/\(day)/diff.html" }

    /// An asset's own page: its latest briefs, a row a day, and its months.
    public static func assetPage(_ asset: Asset) -> String { "briefs/\(asset.code)/index.html" }

    /// The Atom feed of an asset's briefs (`feed` has every asset's).
    public static func assetFeed(_ asset: Asset) -> String { "briefs/\(asset.code)/feed.xml" }

    /// The archive's front page: every month, and every asset's page.
    public static let archiveIndex = "archive/index.html"

    /// The archive page of the month `day` falls in.
    public static func archive(of day: Day) -> String { "archive/\(monthKey(day)).html" }

    /// `2025-08`.
    static func monthKey(_ day: Day) -> String { String(day.description.prefix(7)) }

    /// The key of the group (`SiteGroup`) the file at `path` belongs to: the month of a brief's
    /// pages, of a month's archive page and sitemap; the whole site's for any other file.
    public static func group(of path: String) -> String {
        let parts = path.split(separator: "/")
        switch (parts.first, parts.count) {
        case ("briefs", 4) where Day(String(parts[2])) != nil:
            return String(parts[2].prefix(7))
        case ("archive", 2), ("sitemaps", 2):
            let name = parts[1].prefix { $0 != "." }
            return Day(name + "-01") != nil ? String(name) : SiteGroup.wholeSiteKey
        default:
            return SiteGroup.wholeSiteKey
        }
    }

    /// The way from `page` back to the site root: `../` once per folder.
    static func root(of page: String) -> String {
        String(repeating: "../", count: page.count { $0 == "/" })
    }

    /// `target` as a link from `page`.
    static func link(to target: String, from page: String) -> String { root(of: page) + target }
}

/// One file of the site: where it goes and its bytes.
public struct SiteFile: Equatable, Sendable {
    public enum Kind: Sendable {
        /// A brief's page: it must carry the five sections.
        case briefPage
        case page
        case feed
        /// A sitemap of pages (`urlset`).
        case sitemap
        /// The sitemap listing the others (`sitemapindex`).
        case sitemapIndex
        case stylesheet
    }

    /// Relative to the site root.
    public var path: String
    public var kind: Kind
    public var contents: String

    public init(path: String, kind: Kind, contents: String) {
        self.path = path
        self.kind = kind
        self.contents = contents
    }
}
