import BriefCore
import BriefPipeline
import BriefRender
import BriefValidate
import Foundation
import Testing
@testable import BriefPublish

@Suite struct PublishTests {
    @Test func aMonthOfBriefsBecomesACheckedSite() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        let summary = try publisher(output).publish(baseURL: "https://example.org/briefs/")
        // 62 brief pages, 60 diff pages (one per asset fewer), index, one archive month, the archive's
        // front page, a page per asset, the feed and one per asset, stylesheet, the sitemap index and its two sitemaps
        // (the home page, August).
        #expect(summary.briefs == 62)
        #expect(summary.written.count == 62 + 60 + 12)
        let site = output.appendingPathComponent("site")
        let snapshot = try SiteSnapshot(site)
        #expect(snapshot.files.count == 134)

        // Checked again from the disk, independently of what publish checked in memory.
        let files = snapshot.contents.map { path, data in
            let kind: SiteFile.Kind = path.hasPrefix("briefs/") && path.hasSuffix("/index.html") && path.split(separator: "/").count == 4 ? .briefPage
                : path.hasSuffix("feed.xml") ? .feed : path == "sitemap.xml" ? .sitemapIndex : path.hasPrefix("sitemaps/") ? .sitemap
                : path.hasSuffix(".css") ? .stylesheet : .page
            return SiteFile(path: path, kind: kind, contents: String(decoding: data, as: UTF8.self))
        }
        #expect(SiteCheck(briefSectionIDs: BriefSections.ids).problems(in: files) == [])
        // Every page is also well-formed XML, so the validator reads it with libxml2's faster,
        // stricter XML parser.
        for file in files where file.path.hasSuffix(".html") {
            #expect(HTMLValidator().inspect(file.contents).readAsXML, "\(file.path) is not well-formed XML")
        }

        let index = String(decoding: snapshot.contents["index.html"]!, as: UTF8.self)
        #expect(index.contains("href=\"briefs/BTC/2025-08-31/index.html\""))
        #expect(index.contains("href=\"briefs/ETH/2025-08-31/index.html\""))
        #expect(index.contains("href=\"archive/2025-08.html\""))
        #expect(!index.contains("href=\"/"), "links must be relative")
        let crash = String(decoding: snapshot.contents["briefs/BTC/2025-08-26/index.html"]!, as: UTF8.self)
        #expect(crash.contains("Since the previous brief"))
        #expect(crash.contains("Long liquidations: $212M → $477M"))
        #expect(crash.contains("href=\"../../../briefs/BTC/2025-08-26/diff.html\""))
        let first = String(decoding: snapshot.contents["briefs/ETH/2025-08-01/index.html"]!, as: UTF8.self)
        #expect(first.contains("This is the first ETH brief on this site."))
        #expect(snapshot.contents["briefs/ETH/2025-08-01/diff.html"] == nil)

        // An asset's page: a row a day, newest first, each with its sparkline; big days marked.
        let btc = String(decoding: snapshot.contents["briefs/BTC/index.html"]!, as: UTF8.self)
        #expect(btc.components(separatedBy: "<tr").count - 2 == 31, "a row per BTC brief of August, below the header")
        #expect(btc.contains("All 31 briefs of BTC, newest first."))
        #expect(btc.range(of: "2025-08-31/index.html")!.lowerBound < btc.range(of: "2025-08-01/index.html")!.lowerBound)
        #expect(btc.components(separatedBy: "<svg class=\"spark\"").count - 1 == 30, "every row but the first brief's")
        #expect(btc.contains("<tr class=\"big\"><td><a href=\"../../briefs/BTC/2025-08-26/index.html\"><time datetime=\"2025-08-26\">Aug 26</time></a> <span class=\"big-day\">★ big day</span>"))
        #expect(btc.contains("aria-label=\"Closes of the last 7 briefs: $114,300 to $108,000\""))
        #expect(btc.contains("href=\"../../archive/2025-08.html\">August 2025</a> (31 briefs)"))
        #expect(crash.contains("<a href=\"../../../briefs/BTC/index.html\">all BTC briefs</a>"))
        let archive = String(decoding: snapshot.contents["archive/index.html"]!, as: UTF8.self)
        #expect(archive.contains("<a href=\"../briefs/ETH/index.html\">ETH</a>: 31 briefs, 1 August 2025 to 31 August 2025"))
        #expect(archive.contains("<a href=\"../archive/2025-08.html\">August 2025</a> (31 BTC, 31 ETH)"))
        #expect(crash.contains("<a href=\"../../../archive/index.html\">Archive</a>"))

        let feed = String(decoding: snapshot.contents["feed.xml"]!, as: UTF8.self)
        #expect(feed.components(separatedBy: "<entry>").count - 1 == SitePlan.feedEntryCount)
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/briefs/briefs/BTC/2025-08-31/index.html\"/>"))
        // An entry is dated when its day's data was complete, and carries the whole brief.
        #expect(feed.contains("<updated>2025-09-01T00:00:00Z</updated>"), "the Aug 31 briefs, complete at the end of Aug 31")
        #expect(feed.contains("<content type=\"html\">&lt;p&gt;BTC closed at") && feed.contains("&lt;h3&gt;Stabilization signals&lt;/h3&gt;"))
        #expect(crash.contains("<link rel=\"canonical\" href=\"https://example.org/briefs/briefs/BTC/2025-08-26/index.html\"/>"))
        let sitemap = String(decoding: snapshot.contents["sitemap.xml"]!, as: UTF8.self)
        #expect(sitemap.contains("<sitemap><loc>https://example.org/briefs/sitemaps/2025-08.xml</loc><lastmod>2025-08-31</lastmod></sitemap>"))
        #expect(sitemap.components(separatedBy: "<sitemap>").count - 1 == 2)
        let august = String(decoding: snapshot.contents["sitemaps/2025-08.xml"]!, as: UTF8.self)
        #expect(august.components(separatedBy: "<url>").count - 1 == 62 + 60 + 1)
        #expect(august.contains("<url><loc>https://example.org/briefs/briefs/BTC/2025-08-26/diff.html</loc><lastmod>2025-08-26</lastmod></url>"))
        let home = String(decoding: snapshot.contents["sitemaps/home.xml"]!, as: UTF8.self)
        #expect(home.contains("<url><loc>https://example.org/briefs/index.html</loc><lastmod>2025-08-31</lastmod></url>"))
    }

    /// The home page is the day's market note: each asset's latest story, its move, risk and
    /// signals and its chart come first, then the days before as stories, big days marked.
    @Test func theHomePageShowsEachAssetsLatestStory() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        let index = try String(contentsOf: output.appendingPathComponent("site/index.html"), encoding: .utf8)
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        #expect(index.contains("<h1 class=\"note-title\">Market note, <time datetime=\"2025-08-31\">31 August 2025</time></h1>"))
        #expect(index.contains("Illustrative sample data"))
        var previous = index.startIndex
        for asset in [Asset.btc, .eth] {
            let latest = try BriefArchive.loadSummary(asset: asset, day: Day("2025-08-31")!, output: output)
            let code = asset.code, lower = asset.code.lowercased()
            let heading = "<h2 id=\"note-\(lower)\"><a href=\"briefs/\(code)/2025-08-31/index.html\">\(escaped(latest.story))</a></h2>"
            let story = try #require(index.range(of: heading), "\(code)'s latest story heads its note")
            #expect(story.lowerBound > previous, "BTC's note, then ETH's")
            // A quiet day shows the price, its chart, compact: no table of numbers.
            let chart = try #require(index.range(of: "<figure class=\"chart\" id=\"chart-\(lower)-price\">"))
            #expect(chart.lowerBound > story.upperBound)
            #expect(index.contains("<summary>\(code) close, last 60 days</summary>"))
            #expect(index.contains("<a href=\"briefs/\(code)/2025-08-31/diff.html\">\(code): what changed since Aug 30</a>"))
            previous = chart.upperBound
        }
        #expect(!index.contains(": the numbers"), "the home page's charts leave their tables to the briefs")
        #expect(index.contains("short-term risk <strong class=\"level-moderate\">moderate</strong> · 0 of 3 stabilization signals met"))
        // The days before: the seven days from Aug 30 back, each asset's story with its move.
        let before = try #require(index.range(of: "<h2 id=\"before-title\">The days before</h2>"))
        #expect(before.lowerBound > previous)
        #expect(index.components(separatedBy: "<h3><time datetime=").count - 1 == SitePlan.homeEarlierDays)
        #expect(index.contains("<h3><time datetime=\"2025-08-24\">24 August 2025</time></h3>"))
        #expect(!index.contains("<h3><time datetime=\"2025-08-23\">"))
        let crash = try BriefArchive.loadSummary(asset: .btc, day: Day("2025-08-26")!, output: output)
        #expect(index.contains("<li><span class=\"asset\">BTC</span> <span class=\"down\">▼ −2.0%</span> <span class=\"big-day\">★ big day</span> "
            + "<a href=\"briefs/BTC/2025-08-26/index.html\">\(escaped(crash.story))</a></li>"))
    }

    /// A month's archive page lists each day's story per asset with its move and the big-day
    /// mark; every link's text names its target, and each page of the sample says so.
    @Test func anArchiveMonthListsTheStoriesWithLinksThatNameTheirTargets() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        let site = output.appendingPathComponent("site")
        let august = try String(contentsOf: site.appendingPathComponent("archive/2025-08.html"), encoding: .utf8)
        #expect(august.components(separatedBy: "<h2 class=\"day\">").count - 1 == 31)
        #expect(august.range(of: "datetime=\"2025-08-31\"")!.lowerBound < august.range(of: "datetime=\"2025-08-01\"")!.lowerBound)
        let crash = try BriefArchive.loadSummary(asset: .btc, day: Day("2025-08-26")!, output: output)
        #expect(august.contains("<li><span class=\"asset\">BTC</span> <span class=\"down\">▼ −2.0%</span> <span class=\"big-day\">★ big day</span> "
            + "<a href=\"../briefs/BTC/2025-08-26/index.html\">\(crash.story)</a> · "
            + "<a class=\"changes\" href=\"../briefs/BTC/2025-08-26/diff.html\">BTC changes since Aug 25</a></li>"))
        // The first briefs have nothing to compare with.
        let first = try #require(august.range(of: "href=\"../briefs/ETH/2025-08-01/index.html\""))
        #expect(!august[first.upperBound...].prefix { $0 != "\n" }.contains("changes since"))
        #expect(!august.contains("since the previous brief"))
        // No two links of the listing share their text.
        let main = august[august.range(of: "<main id=\"content\">")!.upperBound..<august.range(of: "</main>")!.lowerBound]
        let texts = main.components(separatedBy: "</a>").dropLast().map { $0.components(separatedBy: ">").last! }
        #expect(texts.count == 62 + 60)
        #expect(Set(texts).count == texts.count, "link texts repeat")
        for page in ["archive/2025-08.html", "archive/index.html", "index.html", "briefs/BTC/index.html"] {
            let text = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            #expect(text.contains("Illustrative sample data"), "\(page) shows the sample without saying so")
        }
    }

    /// The feeds carry each brief as HTML (the headline, key figures, the sections, links to its
    /// page and to what changed), titled with asset, day and story; each asset has its own feed.
    @Test func feedEntriesCarryTheBriefAsHTMLAndEachAssetHasAFeed() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: "https://example.org/")
        let site = output.appendingPathComponent("site")
        let crash = try BriefArchive.loadSummary(asset: .btc, day: Day("2025-08-26")!, output: output)
        for (path, assets) in [("feed.xml", ["BTC", "ETH"]), ("briefs/BTC/feed.xml", ["BTC"]), ("briefs/ETH/feed.xml", ["ETH"])] {
            let feed = try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
            #expect(XMLValidator.feedProblems(feed) == [], "\(path)")
            let entries = feed.components(separatedBy: "<entry>").dropFirst()
            #expect(entries.count == (assets.count == 1 ? 31 : SitePlan.feedEntryCount), "\(path)")
            for entry in entries {
                #expect(entry.contains("<content type=\"html\">&lt;p&gt;"), "\(path): an entry without HTML content")
                #expect(assets.contains { entry.contains("<category term=\"\($0)\"/>") }, "\(path): an entry of another asset")
            }
            // The newest first; the feed is as recent as its newest entry.
            #expect(feed.contains("<updated>2025-09-01T00:00:00Z</updated>\n<author>"), "\(path)")
            #expect(entries.first!.contains("<title>\(assets[0]), 31 August 2025: \(assets[0]) at "), "\(path)")
        }
        let btc = try String(contentsOf: site.appendingPathComponent("briefs/BTC/feed.xml"), encoding: .utf8)
        #expect(btc.contains("<title>marketbrief: BTC daily market briefs</title>"))
        #expect(btc.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/briefs/BTC/feed.xml\"/>"))
        #expect(btc.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/briefs/BTC/index.html\"/>"))
        let entry = try #require(btc.components(separatedBy: "<entry>").first { $0.contains("2025-08-26/index.html</id>") })
        #expect(entry.contains("<title>BTC, 26 August 2025: \(crash.story)</title>"))
        // The content is HTML escaped once: the page's links, the key figures, each section.
        #expect(entry.contains("&lt;li&gt;Close: $108,000 (&lt;span class=&quot;down&quot;&gt;▼ −2.0%&lt;/span&gt;), &lt;strong&gt;★ big day&lt;/strong&gt;&lt;/li&gt;"))
        #expect(entry.contains("&lt;h3&gt;Whale trigger&lt;/h3&gt;"))
        #expect(entry.contains("&lt;a href=&quot;https://example.org/briefs/BTC/2025-08-26/index.html&quot;&gt;The BTC brief of 26 August 2025, with its charts&lt;/a&gt;"))
        #expect(entry.contains("&lt;a href=&quot;https://example.org/briefs/BTC/2025-08-26/diff.html&quot;&gt;What changed since Aug 25&lt;/a&gt;"))
        let page = try String(contentsOf: site.appendingPathComponent("briefs/BTC/index.html"), encoding: .utf8)
        #expect(page.contains("<a href=\"../../briefs/BTC/feed.xml\">The BTC briefs as an Atom feed</a>"))
    }

    /// Each page has one banner (the site's: a brief's own header is inside its main), a skip
    /// link to its main content first, and disclosures named by what they hold.
    @Test func pagesHaveOneBannerASkipLinkAndDisclosuresNamedByWhatTheyHold() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        let site = output.appendingPathComponent("site")
        for page in ["index.html", "archive/index.html", "archive/2025-08.html", "briefs/BTC/index.html",
                     "briefs/BTC/2025-08-26/index.html", "briefs/BTC/2025-08-26/diff.html"] {
            let text = try String(contentsOf: site.appendingPathComponent(page), encoding: .utf8)
            let body = try #require(text.range(of: "<body>"))
            #expect(text[body.upperBound...].hasPrefix("\n<a class=\"skip\" href=\"#content\">Skip to the content</a>\n"), "\(page)")
            #expect(text.components(separatedBy: "<main id=\"content\">").count == 2, "\(page)")
            let main = try #require(text.range(of: "<main id=\"content\">")), end = try #require(text.range(of: "</main>"))
            let outside = text[..<main.lowerBound] + text[end.upperBound...]
            #expect(outside.components(separatedBy: "<header").count - 1 == 1, "\(page): one banner")
        }
        let crash = try String(contentsOf: site.appendingPathComponent("briefs/BTC/2025-08-26/index.html"), encoding: .utf8)
        let summaries = crash.components(separatedBy: "<summary>").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(summaries.count == 7)
        #expect(Set(summaries).count == summaries.count, "disclosures share a name: \(summaries)")
        #expect(summaries.contains("BTC liquidations, last 30 days: the numbers"))
    }

    @Test func withoutABaseURLTheFeedIsRelativeAndThereIsNoSitemap() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        let summary = try publisher(output).publish(baseURL: nil)
        #expect(!summary.wroteSitemap)
        let site = output.appendingPathComponent("site")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("sitemap.xml").path))
        let feed = try String(contentsOf: site.appendingPathComponent("feed.xml"), encoding: .utf8)
        #expect(XMLValidator.feedProblems(feed) == [])
        #expect(feed.contains("href=\"briefs/BTC/2025-08-31/index.html\""))
        #expect(feed.contains("<id>tag:marketbrief,2025:briefs/BTC/2025-08-31/index.html</id>"))
    }

    @Test func aPublishWithoutChangesRewritesNothing() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        let site = output.appendingPathComponent("site")
        try publisher(output).publish(baseURL: "https://example.org/")
        let before = try SiteSnapshot(site)
        let summary = try publisher(output).publish(baseURL: "https://example.org/")
        #expect(!summary.changed)
        #expect(summary.rendered == 0, "no page's inputs changed, so none is rendered")
        #expect(summary.written == [])
        #expect(summary.unchanged == before.files.count)
        #expect(try SiteSnapshot(site) == before, "same bytes, same inodes, same modification times")
    }

    @Test func aManifestLeftHalfWrittenByAKilledPublishIsRemovedByTheNext() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        let leftovers = ["..site-standby-manifest.4242.tmp", "..site-manifest.4243.tmp"]
        for name in leftovers { FileManager.default.createFile(atPath: output.appendingPathComponent(name).path, contents: Data("half".utf8)) }
        try publisher(output).publish(baseURL: nil)
        for name in leftovers { #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "\(name)") }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(".site-manifest").path))
    }

    @Test func oneNewDayRewritesOnlyThePagesItTouches() throws {
        let output = try outputWithBriefs(leaving: ["BTC/2025-08-31"])
        defer { try? FileManager.default.removeItem(at: output) }
        let site = output.appendingPathComponent("site")
        try publisher(output).publish(baseURL: "https://example.org/")
        let before = try SiteSnapshot(site)
        try addBrief("BTC/2025-08-31", to: output)
        let summary = try publisher(output).publish(baseURL: "https://example.org/")
        // ETH's brief of the same day is already there: the latest day, so the home page's sitemap
        // and the sitemap index, stay as they were; only August's sitemap changes. The day before
        // gains a link to the new day (its brief and its diff), and ETH's brief of the day a link
        // to BTC's. BTC's page gains a row, the archive's front page a count.
        let touched = ["briefs/BTC/2025-08-31/index.html", "briefs/BTC/2025-08-31/diff.html", "index.html",
                       "archive/2025-08.html", "feed.xml", "briefs/BTC/feed.xml", "sitemaps/2025-08.xml", "briefs/BTC/index.html", "archive/index.html",
                       "briefs/BTC/2025-08-30/index.html", "briefs/BTC/2025-08-30/diff.html", "briefs/ETH/2025-08-31/index.html"]
        #expect(summary.written.sorted() == touched.sorted())
        #expect(summary.rendered == touched.count, "only the pages whose inputs changed are rendered")
        #expect(summary.removed == [])
        let after = try SiteSnapshot(site)
        for (path, entry) in before.files {
            if !touched.contains(path) {
                #expect(after.files[path] == entry, "\(path) was rewritten")
            }
        }
    }

    /// The standby copy beside the site holds the previous site, its unchanged files the live
    /// ones (hard links); a publish touches only the standby files that differ.
    @Test func theStandbyHoldsThePreviousSiteAndOnlyChangedFilesAreTouched() throws {
        let output = try outputWithBriefs(leaving: ["BTC/2025-08-30", "BTC/2025-08-31"])
        defer { try? FileManager.default.removeItem(at: output) }
        let site = output.appendingPathComponent("site"), standby = output.appendingPathComponent(".site-standby")
        try publisher(output).publish(baseURL: "https://example.org/")
        let first = try SiteSnapshot(site)
        #expect(try SiteSnapshot(standby) == first, "after a first publish the standby mirrors the site, file for file")

        try addBrief("BTC/2025-08-30", to: output)
        try publisher(output).publish(baseURL: "https://example.org/")
        let second = try SiteSnapshot(site)
        #expect(try SiteSnapshot(standby) == first, "the standby is the previous site")

        try addBrief("BTC/2025-08-31", to: output)
        let summary = try publisher(output).publish(baseURL: "https://example.org/")
        #expect(summary.written.count == 12)
        let third = try SiteSnapshot(site), standbyNow = try SiteSnapshot(standby)
        #expect(standbyNow == second, "the standby is the previous site again")
        for (path, entry) in third.files where summary.written.contains(path) == false {
            #expect(entry.inode == second.files[path]?.inode, "\(path): an unchanged page is the same file in both copies")
        }
        // The files the second publish changed were replaced in the standby; no other was touched.
        let changedBySecond = Set(second.files.keys.filter { second.files[$0]?.inode != first.files[$0]?.inode })
        #expect(changedBySecond.count == 12)
        for (path, entry) in standbyNow.files where !changedBySecond.contains(path) {
            #expect(entry.inode == first.files[path]?.inode, "\(path) was relinked in the standby")
        }
    }

    /// A month's pages link to the month after: the first brief of a month rewrites the last
    /// brief of the month before (its "next" link) and that month's archive page, and a publish
    /// made step by step gives the bytes of one made at once.
    @Test func aNewMonthsFirstDayUpdatesTheMonthBefore() throws {
        let august = ["BTC", "ETH"].flatMap { asset in (1...31).map { String(format: "\(asset)/2025-08-%02d", $0) } }
        let output = try outputWithBriefs(leaving: Set(august), lateJuly: true)
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: "https://example.org/")
        for brief in ["BTC/2025-08-01", "ETH/2025-08-01"] { try addBrief(brief, to: output) }
        let summary = try publisher(output).publish(baseURL: "https://example.org/")
        for path in ["briefs/BTC/2025-07-31/index.html", "briefs/BTC/2025-07-31/diff.html", "archive/2025-07.html",
                     "briefs/BTC/2025-08-01/index.html", "briefs/BTC/2025-08-01/diff.html", "archive/2025-08.html", "sitemaps/2025-08.xml"] {
            #expect(summary.written.contains(path), "\(path) not rewritten")
        }
        #expect(!summary.written.contains("briefs/BTC/2025-07-30/index.html"))
        let atOnce = try outputWithBriefs(leaving: Set(august.filter { !$0.hasSuffix("-08-01") }), lateJuly: true)
        defer { try? FileManager.default.removeItem(at: atOnce) }
        try publisher(atOnce).publish(baseURL: "https://example.org/")
        #expect(try SiteSnapshot(output.appendingPathComponent("site")).contents == SiteSnapshot(atOnce.appendingPathComponent("site")).contents)
    }

    /// Briefs removed and put back at the edges of months and in the middle of one: after each
    /// step, the site published step by step has the bytes of one published at once.
    @Test func stepByStepEqualsAtOnceAcrossTheEdgesOfMonths() throws {
        let output = try outputWithBriefs(lateJuly: true)
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: "https://example.org/")
        var missing: Set<String> = []
        let steps: [(brief: String, add: Bool)] = [("BTC/2025-08-01", false), ("ETH/2025-07-31", false), ("BTC/2025-08-01", true),
                                                   ("BTC/2025-08-15", false), ("ETH/2025-07-31", true)]
        for step in steps {
            if step.add {
                try addBrief(step.brief, to: output)
                missing.remove(step.brief)
            } else {
                try FileManager.default.removeItem(at: output.appendingPathComponent("briefs/\(step.brief)"))
                missing.insert(step.brief)
            }
            try publisher(output).publish(baseURL: "https://example.org/")
            let atOnce = try outputWithBriefs(leaving: missing, lateJuly: true)
            defer { try? FileManager.default.removeItem(at: atOnce) }
            try publisher(atOnce).publish(baseURL: "https://example.org/")
            #expect(try SiteSnapshot(output.appendingPathComponent("site")).contents == SiteSnapshot(atOnce.appendingPathComponent("site")).contents,
                    "after \(step.add ? "adding" : "removing") \(step.brief)")
        }
    }

    /// Months a publish does not change are left unread, in the live site and in the standby;
    /// the standby still ends up the previous site, file for file, when the months changed by
    /// the publish before are other ones.
    @Test func monthsAPublishDoesNotChangeStayAsTheyAreInBothCopies() throws {
        let output = try outputWithBriefs(lateJuly: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let site = output.appendingPathComponent("site"), standby = output.appendingPathComponent(".site-standby")
        try publisher(output).publish(baseURL: "https://example.org/")
        // August changes, then only July: the standby's August is the first publish's when the third begins.
        try FileManager.default.removeItem(at: output.appendingPathComponent("briefs/ETH/2025-08-31"))
        try publisher(output).publish(baseURL: "https://example.org/")
        let second = try SiteSnapshot(site)
        try FileManager.default.removeItem(at: output.appendingPathComponent("briefs/ETH/2025-07-29"))
        let third = try publisher(output).publish(baseURL: "https://example.org/")
        // ETH's first brief is now July 30's, which has no diff page.
        #expect(third.removed == ["briefs/ETH/2025-07-29/index.html", "briefs/ETH/2025-07-30/diff.html"])
        #expect(third.written.allSatisfy { !$0.contains("2025-08") }, "August was not touched: \(third.written)")
        #expect(try SiteSnapshot(standby) == second, "the standby is the previous site, August included")
        let unchanged = try publisher(output).publish(baseURL: "https://example.org/")
        #expect(!unchanged.changed && unchanged.rendered == 0)

        let atOnce = try outputWithBriefs(leaving: ["ETH/2025-08-31", "ETH/2025-07-29"], lateJuly: true)
        defer { try? FileManager.default.removeItem(at: atOnce) }
        try publisher(atOnce).publish(baseURL: "https://example.org/")
        #expect(try SiteSnapshot(site).contents == SiteSnapshot(atOnce.appendingPathComponent("site")).contents)
    }

    /// A month's files are checked against the record when its briefs change, or on request;
    /// the whole-site pages on every publish.
    @Test func filesChangedByHandArePublishedAnew() throws {
        let output = try outputWithBriefs(lateJuly: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let site = output.appendingPathComponent("site")
        try publisher(output).publish(baseURL: nil)
        let published = try SiteSnapshot(site).contents
        for path in ["style.css", "briefs/BTC/2025-07-30/index.html"] {
            let handle = try FileHandle(forWritingTo: site.appendingPathComponent(path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("changed by hand".utf8))
            try handle.close()
        }
        #expect(try publisher(output).publish(baseURL: nil).written == ["style.css"])
        var rechecking = try publisher(output)
        rechecking.recheckEveryFile = true
        #expect(try rechecking.publish(baseURL: nil).written == ["briefs/BTC/2025-07-30/index.html"])
        #expect(try SiteSnapshot(site).contents == published)
    }

    /// A brief changed by other means than marketbrief is published anew by the next publish,
    /// whether its `brief.json` was replaced inside its day's folder (as `rsync` replaces a file:
    /// a new file renamed over the old one, the folder kept) or rewritten in place. A publish
    /// that trusted each day's folder to change with its brief would miss both.
    @Test func aBriefChangedInsideItsFolderIsPublishedAnew() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        let folder = output.appendingPathComponent("briefs/BTC/2025-08-20")
        let file = folder.appendingPathComponent("brief.json")
        let folderInode = try inode(of: folder)
        for (way, headline) in [("renamed over", "Replaced the way rsync replaces a file"), ("rewritten in place", "Rewritten in place")] {
            let fileInode = try inode(of: file)
            var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            document["headline"] = headline
            let data = try JSONSerialization.data(withJSONObject: document)
            if way == "renamed over" {
                let temporary = folder.appendingPathComponent(".brief.json.Xa81z")
                try data.write(to: temporary)
                #expect(rename(temporary.path, file.path) == 0)
                #expect(try inode(of: file) != fileInode)
            } else {
                let handle = try FileHandle(forWritingTo: file)
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: data)
                try handle.close()
                #expect(try inode(of: file) == fileInode)
            }
            let summary = try publisher(output).publish(baseURL: nil)
            #expect(summary.written.contains("briefs/BTC/2025-08-20/index.html"), "\(way): \(summary.written)")
            let page = try String(contentsOf: output.appendingPathComponent("site/briefs/BTC/2025-08-20/index.html"), encoding: .utf8)
            #expect(page.contains(headline), "\(way)")
        }
        #expect(try inode(of: folder) == folderInode, "the day's folder stayed the same folder")
    }

    @Test func aRemovedBriefTakesItsPagesAlong() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        try FileManager.default.removeItem(at: output.appendingPathComponent("briefs/ETH/2025-08-31"))
        let summary = try publisher(output).publish(baseURL: nil)
        #expect(summary.removed == ["briefs/ETH/2025-08-31/diff.html", "briefs/ETH/2025-08-31/index.html"])
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("site/briefs/ETH/2025-08-31").path))
    }

    @Test func aDefectStopsThePublishAndLeavesTheOldSiteLive() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        try publisher(output).publish(baseURL: nil)
        let before = try SiteSnapshot(output.appendingPathComponent("site"))

        let templates = output.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: resources.templates, to: templates)
        let footer = templates.appendingPathComponent("site/footer.html.mustache")
        let broken = try String(contentsOf: footer, encoding: .utf8)
            .replacingOccurrences(of: "</footer>", with: "<p><a href=\"{{site.root}}nowhere.html\">gone</a></p>\n</footer>")
        try broken.write(to: footer, atomically: true, encoding: .utf8)
        do {
            try publisher(output, templates: templates).publish(baseURL: nil)
            Issue.record("a site with a broken link was published")
        } catch let error as PipelineError {
            #expect("\(error)".contains("\n  briefs/BTC/2025-08-02/diff.html:"), "each problem names its page and line")
            #expect("\(error)".contains("nowhere.html, which the site does not have"))
        }
        #expect(try SiteSnapshot(output.appendingPathComponent("site")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".site-staging") }
        #expect(leftovers == [])
    }

    @Test func aSecondPublishWaitsThenGivesUpAndSaysWhy() throws {
        let output = try outputWithBriefs()
        defer { try? FileManager.default.removeItem(at: output) }
        let lock = try PublishLock(folder: output)
        defer { lock.release() }
        var second = try publisher(output)
        second.lockTimeout = 0.5
        let started = Date()
        do {
            try second.publish(baseURL: nil)
            Issue.record("a publish ran while another held the lock")
        } catch let error as PipelineError {
            #expect("\(error)".contains("another publish (process \(ProcessInfo.processInfo.processIdentifier)) is running"))
            #expect("\(error)".contains("after 0 s of waiting"))
        }
        #expect(Date().timeIntervalSince(started) >= 0.5, "it waited")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("site").path))
    }

    @Test func noBriefsIsAClearError() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("marketbrief-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(throws: PipelineError.self) { try publisher(output).publish(baseURL: nil) }
    }
}
