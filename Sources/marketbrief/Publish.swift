import ArgumentParser
import BriefCore
import BriefPipeline
import BriefPublish
import Foundation

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the static site OUT/site from the briefs under OUT/briefs.",
        discussion: """
        Writes an index, an archive page per month, a page per brief, a page per pair of \
        consecutive briefs showing what changed, an Atom feed, a stylesheet and, with --base-url, \
        a sitemap. Links between pages are relative: the site opens from file:// and works under \
        any path of a host. The new site replaces the old one in one atomic step, and only \
        after every page, link, the feed and the sitemap passed their checks.
        """
    )

    @Option(name: .customLong("out"), help: "Output folder holding briefs/; the site goes to OUT/site.")
    var output = "output"

    @Option(help: "The site's public address, e.g. https://example.org/briefs/ (makes feed links absolute, enables sitemap.xml).")
    var baseURL: String?

    @Option(help: "Seconds to wait for another publish of the same folder to finish.")
    var lockTimeout: Double = 60

    @Option(help: "Folder of Mustache templates (default: the bundled templates/).")
    var templates: String?

    func validate() throws {
        if let baseURL, BaseURL.normalized(baseURL) == nil {
            throw ValidationError("--base-url \(PrintableText.of(baseURL)): not an absolute http(s) URL without credentials, query or fragment")
        }
        guard lockTimeout.isFinite, (0...86_400).contains(lockTimeout) else {
            throw ValidationError("--lock-timeout \(lockTimeout): seconds from 0 to 86400")
        }
    }

    func run() throws {
        try reportingErrors {
            let templatesFolder = try templates.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Resources.locate().templates
            var publisher = try SitePublisher(output: URL(fileURLWithPath: output, isDirectory: true), templates: templatesFolder)
            publisher.lockTimeout = lockTimeout
            let summary = try publisher.publish(baseURL: baseURL.flatMap(BaseURL.normalized))
            let site = publisher.siteFolder.relativePath(from: FileManager.default.currentDirectoryPath)
            let total = summary.written.count + summary.unchanged
            if summary.changed {
                print("Published \(summary.briefs) brief(s) to \(site): \(total) files, \(summary.written.count) written, "
                    + "\(summary.unchanged) unchanged, \(summary.removed.count) removed (\(summary.rendered) rendered).")
            } else {
                print("\(site) is up to date: \(total) files, none rewritten.")
            }
            if !summary.wroteSitemap {
                print("No --base-url: sitemap.xml was not written (a sitemap needs absolute URLs), "
                    + "and feed.xml links are relative to where the feed is served.")
            }
            print("Open \(site)/index.html")
        }
    }
}
