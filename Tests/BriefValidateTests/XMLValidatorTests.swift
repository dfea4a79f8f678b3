import Testing
@testable import BriefValidate

@Suite struct XMLValidatorTests {
    private let feed = """
    <?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom">
    <id>tag:marketbrief,2025:feed.xml</id>
    <title>briefs</title>
    <updated>2025-08-26T00:00:00Z</updated>
    <author><name>marketbrief</name></author>
    <entry>
    <id>tag:marketbrief,2025:briefs/BTC/2025-08-26/index.html</id>
    <title>BTC market brief</title>
    <updated>2025-08-26T00:00:00Z</updated>
    <link rel="alternate" href="briefs/BTC/2025-08-26/index.html"/>
    </entry>
    </feed>
    """

    @Test func aSoundFeedPasses() {
        #expect(XMLValidator.feedProblems(feed) == [])
    }

    @Test(arguments: [
        ("<id>tag:marketbrief,2025:feed.xml</id>\n", "", "0: feed without <id>"),
        ("<author><name>marketbrief</name></author>\n", "", "6: entry without an author, and no feed author"),
        ("<link rel=\"alternate\" href=\"briefs/BTC/2025-08-26/index.html\"/>\n", "", "7: entry without a link"),
        ("<title>BTC market brief</title>\n", "", "7: entry without <title>"),
        ("<updated>2025-08-26T00:00:00Z</updated>\n<link", "<updated>26 Aug 2025</updated>\n<link",
         "10: <updated> \"26 Aug 2025\" is not an RFC 3339 date-time"),
        ("</entry>", "<entry>", "13: Opening and ending tag mismatch"),
        ("<feed xmlns=\"http://www.w3.org/2005/Atom\">", "<feed>", "0: missing <feed> in the Atom namespace"),
    ])
    func eachFeedDefectIsReported(find: String, replace: String, expected: String) {
        let broken = feed.replacingOccurrences(of: find, with: replace)
        #expect(broken != feed)
        let problems = XMLValidator.feedProblems(broken).map { "\($0.line): \($0.message)" }
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
    }

    @Test func sitemapsNeedAbsoluteAddresses() {
        let sitemap = """
        <?xml version="1.0" encoding="utf-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://example.org/index.html</loc></url>
        <url><loc>briefs/BTC/2025-08-26/index.html</loc></url>
        <url><lastmod>2025-08-26</lastmod></url>
        </urlset>
        """
        let problems = XMLValidator.sitemapProblems(sitemap).map { "\($0.line): \($0.message)" }
        #expect(problems == ["4: <loc> \"briefs/BTC/2025-08-26/index.html\" is not an absolute http(s) URL",
                             "5: <url> without <loc>"])
    }

    @Test func externalEntitiesAreNotLoaded() {
        let hostile = """
        <?xml version="1.0"?>
        <!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <feed xmlns="http://www.w3.org/2005/Atom"><id>&x;</id></feed>
        """
        let problems = XMLValidator.feedProblems(hostile)
        #expect(!problems.isEmpty)
        #expect(!problems.contains { $0.message.contains("root:") })
    }

    @Test func sitemapIndexesListSitemapsAtAbsoluteAddresses() {
        let index = """
        <?xml version="1.0" encoding="utf-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>https://example.org/sitemaps/2025-08.xml</loc><lastmod>2025-08-31</lastmod></sitemap>
        <sitemap><loc>sitemaps/home.xml</loc></sitemap>
        <sitemap><lastmod>2025-08-31</lastmod></sitemap>
        </sitemapindex>
        """
        let problems = XMLValidator.sitemapIndexProblems(index).map { "\($0.line): \($0.message)" }
        #expect(problems.contains("4: <loc> \"sitemaps/home.xml\" is not an absolute http(s) URL"))
        #expect(problems.contains { $0.hasSuffix("<sitemap> without <loc>") })
        #expect(XMLValidator.sitemapIndexProblems("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"/>")
            .map(\.message) == ["missing <sitemapindex> in the sitemap namespace"])
    }
}
