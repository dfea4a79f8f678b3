import BriefRender
import BriefValidate
import Foundation

/// Checks a site before it goes live: each page with the libxml2 validation of the briefs,
/// the feed and the sitemap as XML, and every internal link (links to ids of other pages
/// once those pages are known).
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
        case .sitemapIndex:
            return (located(XMLValidator.sitemapIndexProblems(file.contents)), nil)
        case .stylesheet:
            return ([], nil)
        }
    }

    /// Every defect of a whole set of files (inspection and links).
    public func problems(in files: [SiteFile]) -> [String] {
        var problems: [String] = []
        var reports: [String: PageReport] = [:]
        var fragments: [FragmentLink] = []
        let paths = Set(files.map(\.path))
        for file in files {
            let (found, report) = inspect(file)
            problems += found
            reports[file.path] = report
            if let report {
                let links = links(of: file.path, report: report, exists: paths.contains)
                problems += links.problems
                fragments += links.fragments
            }
        }
        return problems + fragmentProblems(fragments) { reports[$0]?.ids }
    }

    /// A link to an id on another page, checked once that page's ids are known.
    public struct FragmentLink: Hashable, Sendable {
        public var target: String
        public var fragment: String
        public var page: String
        public var line: Int
    }

    /// The defects of one page's links (`path:line: message`): each must resolve to a file of
    /// the site (`exists`), and an in-page `#id` to an id of the page. Links to ids of other
    /// pages are returned to be checked when those pages are known.
    public func links(of page: String, report: PageReport, exists: (String) -> Bool) -> (problems: [String], fragments: [FragmentLink]) {
        var problems: [String] = []
        var fragments: [FragmentLink] = []
        for reference in report.references {
            switch Self.link(reference.value, from: page, exists: exists, ids: report.ids) {
            case .fine: break
            case .problem(let message): problems.append("\(page):\(reference.line): \(message)")
            case .fragment(let target, let fragment):
                fragments.append(FragmentLink(target: target, fragment: fragment, page: page, line: reference.line))
            }
        }
        return (problems, fragments)
    }

    /// Fragment links whose target lacks the id; `ids` gives a page's ids, `nil` when unknown
    /// (a page left as it was, checked when it was made).
    public func fragmentProblems(_ links: [FragmentLink], ids: (String) -> Set<String>?) -> [String] {
        links.compactMap { link in
            guard let targetIDs = ids(link.target), !targetIDs.contains(link.fragment) else { return nil }
            return "\(link.page):\(link.line): link to \(link.target)#\(link.fragment): \(link.target) has no id \"\(link.fragment)\""
        }
    }

    /// What a link turned out to be.
    enum LinkOutcome: Equatable {
        /// It resolves, or is not the site's business (another host, another scheme).
        case fine
        case problem(String)
        /// It names an id on another page of the site.
        case fragment(target: String, fragment: String)
    }

    /// Resolves the link `value` on `page`, whose own ids are `ids`.
    static func link(_ value: String, from page: String, exists: (String) -> Bool, ids: Set<String>) -> LinkOutcome {
        if value.hasPrefix("//") || startsWithScheme(value) {
            return .fine
        }
        let withoutQuery = value.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutQuery.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let target: String
        if parts[0].isEmpty {
            target = page
        } else if parts[0].hasPrefix("/") {
            return .problem("link \"\(value)\" is absolute from the host root; the site's links must be relative")
        } else {
            guard let resolved = resolve(String(parts[0]), from: page) else {
                return .problem("link \"\(value)\" leads out of the site")
            }
            target = resolved
        }
        guard exists(target) else { return .problem("link \"\(value)\" leads to \(target), which the site does not have") }
        guard parts.count > 1, !parts[1].isEmpty else { return .fine }
        let fragment = String(parts[1])
        if target != page { return .fragment(target: target, fragment: fragment) }
        return ids.contains(fragment) ? .fine : .problem("link \"\(value)\": \(page) has no id \"\(fragment)\"")
    }

    /// Whether `value` starts with a URL scheme and its colon (`https:`, `mailto:`): a letter,
    /// then letters, digits, `+`, `.` or `-`.
    static func startsWithScheme(_ value: String) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        var bytes = value.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) else { return false }
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: ":"): return true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "-"): continue
            default: guard isLetter(byte) else { return false }
            }
        }
        return false
    }

    /// `relative` resolved against the folder of `page`; `nil` when it climbs above the root.
    /// Paths are cut at each `/` byte, as a browser cuts them.
    static func resolve(_ relative: String, from page: String) -> String? {
        let slash = UInt8(ascii: "/")
        var components = page.utf8.split(separator: slash).dropLast().map { Substring($0) }
        for component in relative.utf8.split(separator: slash, omittingEmptySubsequences: false) {
            if component.isEmpty || component.elementsEqual(".".utf8) { continue }
            if component.elementsEqual("..".utf8) {
                guard !components.isEmpty else { return nil }
                components.removeLast()
            } else {
                components.append(Substring(component))
            }
        }
        return components.joined(separator: "/")
    }
}
