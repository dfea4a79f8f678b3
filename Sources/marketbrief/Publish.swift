import ArgumentParser
import BriefCore
import BriefPipeline
import BriefPublish
import Foundation

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Build the static site OUT/site from the briefs under OUT/briefs.",
        discussion: """
        Writes an index, an archive page per month, a page per brief, a page per pair of \
        consecutive briefs showing what changed, an Atom feed, a stylesheet and, with --base-url, \
        a sitemap. Links between pages are relative: the site opens from file:// and works under \
        any path of a host. The new site replaces the old one in one atomic step, and only \
        after every page, link, the feed and the sitemap passed their checks.
        """
    )

    @OptionGroup var project: ProjectOptions

    @OptionGroup var verbosity: QuietOption

    @Option(name: .customLong("out"), help: "Output folder holding briefs/; the site goes to OUT/site (default: the project's, else output).")
    var outputFolder: String?

    @Option(help: "The site's public address, e.g. https://example.org/briefs/ (makes feed links absolute, enables sitemap.xml; default: the project's base_url).")
    var baseURL: String?

    @Option(help: "Seconds to wait for another publish of the same folder to finish.")
    var lockTimeout: Double = 60

    @Flag(help: "Check every file of the live site, not only those of the months whose briefs changed, and publish anew any changed by hand.")
    var recheck = false

    @Option(help: "Folder of Mustache templates (default: the bundled templates/).")
    var templates: String?

    func validate() throws {
        if let baseURL, BaseURL.normalized(baseURL) == nil {
            throw ValidationError("--base-url \(PrintableText.of(baseURL)): not \(BaseURL.requirement)")
        }
        guard lockTimeout.isFinite, (0...86_400).contains(lockTimeout) else {
            throw ValidationError("--lock-timeout \(lockTimeout): seconds from 0 to 86400")
        }
    }

    func run() throws {
        try reportingErrors {
            let templatesFolder = try templates.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Resources.locate().templates
            let settings = project.settings
            let output = outputFolder ?? settings.resolve(settings.output)
            var publisher = try SitePublisher(output: URL(fileURLWithPath: output, isDirectory: true), templates: templatesFolder,
                                              siteTitle: settings.siteTitle)
            publisher.lockTimeout = lockTimeout
            publisher.recheckEveryFile = recheck
            let summary = try publisher.publish(baseURL: (baseURL ?? settings.baseURL).flatMap(BaseURL.normalized))
            let site = publisher.siteFolder.relativePath(from: FileManager.default.currentDirectoryPath)
            let total = summary.written.count + summary.unchanged
            if summary.changed {
                verbosity.say("Published \(summary.briefs) brief(s) to \(site): \(total) files, \(summary.written.count) written, "
                    + "\(summary.unchanged) unchanged, \(summary.removed.count) removed (\(summary.rendered) rendered).")
            } else {
                verbosity.say("\(site) is up to date: \(total) files, none rewritten.")
            }
            if !summary.wroteSitemap {
                verbosity.say("No --base-url: sitemap.xml was not written (a sitemap needs absolute URLs), "
                    + "and feed.xml links are relative to where the feed is served.")
            }
            if isatty(STDOUT_FILENO) == 1 { verbosity.say("Open \(site)/index.html") }
        }
    }
}
