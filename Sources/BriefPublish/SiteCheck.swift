import BriefRender
import BriefValidate
import Foundation

/// Checks a site before it goes live: each page with the libxml2 validation of the briefs,
/// the feed and the sitemap as XML, and, once every page is known, every internal link.
public struct SiteCheck: Sendable {
    private let pageValidator = HTMLValidator()
    private let briefValidator: HTMLValidator

    public init(briefSectionIDs: [String]) {
        briefValidator = HTMLValidator(requiredSectionIDs: briefSectionIDs)
    }

    /// The defects of one file as `path:line: message`, and for a page what the link check needs.
    public func inspect(_ file: SiteFile) -> (problems: [String], report: PageReport?) {
        let located = { (problems: [PageProblem]) in problems.map { "\(file.path):\($0.line): \($0.message)" } }
        switch file.kind {
        case .briefPage, .page:
            let report = (file.kind == .briefPage ? briefValidator : pageValidator).inspect(file.contents)
            return (located(report.problems), report)
        case .feed:
            return (located(XMLValidator.feedProblems(file.contents)), nil)
        case .sitemap:
            return (located(XMLValidator.sitemapProblems(file.contents)), nil)
        case .stylesheet:
            return ([], nil)
        }
    }

    /// Every defect of a whole set of files (inspection and links).
    public func problems(in files: [SiteFile]) -> [String] {
        var problems: [String] = []
        var reports: [String: PageReport] = [:]
        for file in files {
            let (found, report) = inspect(file)
            problems += found
            reports[file.path] = report
        }
        return problems + linkProblems(reports, paths: Set(files.map(\.path)))
    }

    /// Links of the inspected pages that do not resolve to one of `paths` (or to an id of
    /// an inspected target), as `path:line: message`.
    public func linkProblems(_ reports: [String: PageReport], paths: Set<String>) -> [String] {
        reports.keys.sorted().flatMap { page in
            (reports[page]?.references ?? []).compactMap { reference in
                Self.linkProblem(reference.value, from: page, paths: paths, reports: reports).map { "\(page):\(reference.line): \($0)" }
            }
        }
    }

    /// Why the link `value` on `page` does not resolve inside the site, `nil` when it does.
    /// Links with a scheme (`https:`, `mailto:`) or to another host are not the site's.
    static func linkProblem(_ value: String, from page: String, paths: Set<String>,
                            reports: [String: PageReport]) -> String? {
        if value.hasPrefix("//") || value.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) != nil {
            return nil
        }
        let withoutQuery = value.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutQuery.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let target: String
        if parts[0].isEmpty {
            target = page
        } else if parts[0].hasPrefix("/") {
            return "link \"\(value)\" is absolute from the host root; the site's links must be relative"
        } else {
            guard let resolved = resolve(String(parts[0]), from: page) else {
                return "link \"\(value)\" leads out of the site"
            }
            target = resolved
        }
        guard paths.contains(target) else { return "link \"\(value)\" leads to \(target), which the site does not have" }
        if parts.count > 1, !parts[1].isEmpty, let ids = reports[target]?.ids, !ids.contains(String(parts[1])) {
            return "link \"\(value)\": \(target) has no id \"\(parts[1])\""
        }
        return nil
    }

    /// `relative` resolved against the folder of `page`; `nil` when it climbs above the root.
    static func resolve(_ relative: String, from page: String) -> String? {
        var components = page.split(separator: "/").dropLast().map(String.init)
        for component in relative.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case ".", "": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}
