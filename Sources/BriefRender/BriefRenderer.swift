import BriefCore
import Foundation

/// The five narrative sections, in reading order. Their ids are the HTML anchors and
/// the names of the partials `sections/ID.txt.mustache` and `sections/ID.html.mustache`.
public enum BriefSection: String, CaseIterable, Sendable, Codable {
    case leverage
    case whaleTrigger = "whale-trigger"
    case divergence
    case shortTermRisk = "short-term-risk"
    case stabilization

    /// The heading readers see (`Whale trigger`).
    public var title: String {
        switch self {
        case .leverage: "Leverage"
        case .whaleTrigger: "Whale trigger"
        case .divergence: "Derivatives vs spot"
        case .shortTermRisk: "Short-term risk"
        case .stabilization: "Stabilization signals"
        }
    }

    /// The key of the section's prose in the view model (`whaleTrigger`).
    var viewKey: String {
        rawValue.split(separator: "-").enumerated()
            .map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }
            .joined()
    }
}

/// A brief as text and HTML, plus the headline and each section's text on their own
/// (for `brief.json` and diffs).
public struct RenderedBrief: Sendable {
    public var text: String
    public var html: String
    public var headline: String
    /// The day's story in one line: the page's `<h1>` and `<title>`, the feed entry's title.
    public var story: String
    /// Each section's plain text, in `BriefSection` order.
    public var sections: [(section: BriefSection, text: String)]
    /// The numbers and days the headline and sections state, each tied to its sentence.
    public var claims: [Claim]
}

/// A template folder that cannot be used: a missing template or partial, or a syntax error.
public struct TemplateError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var reason: String
    public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// Renders findings through the Mustache templates of one folder.
public struct BriefRenderer: Sendable {
    private let library: TemplateLibrary
    /// The site's name in its banner, home page title and feed (`marketbrief`).
    public var siteTitle = "marketbrief"

    /// The templates every folder must provide (names without `.mustache`).
    public static let requiredTemplates: [String] = ["brief.txt", "brief.html", "headline.txt", "story.txt", "blocks.html", "chart.html",
                                                     diffWordsTemplate]
        + BriefSection.allCases.flatMap { ["sections/\($0.rawValue).txt", "sections/\($0.rawValue).html"] }
        + ChartViewModel.ids.map { "charts/\($0).txt" }

    /// Loads every `*.mustache` file under `directory`, or with `only` those templates (names
    /// without `.mustache`) and the partials they include, and checks that the required templates
    /// (`only`'s, or `requiredTemplates`) exist and that every partial a template names exists.
    /// A command that renders one page (`diff`) compiles what that page needs, not the folder.
    public init(templatesDirectory directory: String, only: [String]? = nil) throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw TemplateError(file: directory, line: 0, column: 0, reason: "templates folder not found")
        }
        // Names are looked up among the folder's files only: a partial's name never reaches outside it.
        let names = Self.templateFiles(in: root.path).map { String($0.dropLast(".mustache".count)) }
        let available = Set(names)
        var templates: [String: CompiledTemplate] = [:]
        var queue = Array((only ?? names).reversed())
        while let name = queue.popLast() {
            guard templates[name] == nil, available.contains(name) else { continue }
            let path = root.path + "/" + name + ".mustache"
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: path, line: 0, column: 0, reason: "cannot be read as UTF-8")
            }
            do {
                templates[name] = try CompiledTemplate(Self.proseTemplates(name) ? ProseText.markingParagraphs(text) : text)
            } catch {
                throw TemplateError(file: path, line: error.line, column: error.column, reason: "template syntax: \(error.reason)")
            }
            if only != nil { queue += templates[name]!.partials.map(\.name).reversed() }
        }
        for name in only ?? Self.requiredTemplates where templates[name] == nil {
            throw TemplateError(file: root.appendingPathComponent(name + ".mustache").path, line: 0, column: 0,
                                reason: "required template is missing")
        }
        var includes: [String: [String]] = [:]
        for (name, template) in templates.sorted(by: { $0.key < $1.key }) {
            for (partial, line) in template.partials where templates[partial] == nil {
                throw TemplateError(file: root.appendingPathComponent(name + ".mustache").path, line: line, column: 0,
                                    reason: "names the partial \(partial), which does not exist")
            }
            includes[name] = template.partials.map(\.name)
        }
        // A brief's templates never need to include themselves; one that does would render forever.
        if let cycle = Self.cycle(in: includes) {
            throw TemplateError(file: root.appendingPathComponent(cycle[0] + ".mustache").path, line: 0, column: 0,
                                reason: "includes itself: " + cycle.joined(separator: " → "))
        }
        library = TemplateLibrary(templates: templates)
    }

    /// Renders the text page, the HTML page and each section's text.
    ///
    /// The prose is written once, in the text partials; the HTML page shows the same
    /// paragraphs, escaped, so the two pages cannot drift apart.
    public func render(_ findings: Findings) -> RenderedBrief {
        var view = pageView(findings)
        var claims: [Claim] = []
        /// A prose template's paragraphs; the claims of the values it printed join `claims`.
        func renderProse(_ template: String, section: String) -> String {
            guard let (marked, stated) = library.renderStating(view, template: template) else { return "" }
            let (text, tied) = ProseClaims.tie(ProseText.paragraphs(Self.trimmed(marked)), stated, section: section)
            claims += tied
            return text
        }
        let story = renderProse("story.txt", section: "story")
        let headline = renderProse("headline.txt", section: "headline")
        let sections = BriefSection.allCases.map { section in
            (section, renderProse("sections/\(section.rawValue).txt", section: section.rawValue))
        }
        view["story"] = story
        // Each piece of prose is rendered once: as text for brief.txt, as blocks for brief.html.
        var text: ViewNode = ["headline": headline]
        var prose: ViewNode = ["headline": ProseBlocks.blocks(headline)]
        for (section, sectionText) in sections {
            text[section.viewKey] = sectionText
            prose[section.viewKey] = ProseBlocks.blocks(sectionText)
        }
        view["text"] = text
        view["prose"] = prose
        return RenderedBrief(
            text: TextWrap.wrap(library.render(view, template: "brief.txt") ?? ""),
            html: library.render(view, template: "brief.html") ?? "",
            headline: headline,
            story: story,
            sections: sections,
            claims: claims
        )
    }

    /// The view every page of a brief starts from: the findings' view model plus its charts,
    /// each titled and described by its `charts/ID.txt` template (title on the first line).
    func pageView(_ findings: Findings) -> ViewNode {
        var view = BriefViewModel.make(findings)
        var charts = ChartViewModel.make(findings)
        for id in ChartViewModel.ids {
            guard var chart = charts.node(id) else { continue }
            let lines = renderText("charts/\(id).txt", chart).split(separator: "\n", maxSplits: 1)
            chart["title"] = lines.first.map(String.init) ?? ""
            chart["caption"] = lines.count > 1 ? String(lines[1]) : ""
            charts[id] = chart
        }
        // The story's chart moves up under the headline (its section then leaves it out); a
        // quiet day shows the price there and folds its other charts, which the page lists.
        let storyChart = ChartViewModel.heroID(findings.regimes)
        let hero = storyChart ?? "price"
        if var chart = charts.node(hero), chart.flag("hasData") {
            chart["isHero"] = true
            charts[hero] = chart
            view["hero"] = chart
        }
        if storyChart == nil {
            let folded = ChartViewModel.ids.filter { charts.node($0).map { !$0.flag("isHero") } ?? false }
            for id in folded {
                guard var chart = charts.node(id) else { continue }
                chart["folded"] = true
                charts[id] = chart
            }
            view["foldedCharts"] = folded.enumerated().map { index, id -> ViewNode in
                ["title": charts.node(id)?.text("title") ?? "", "last": index == folded.count - 1]
            }
            view["hasFolded"] = !folded.isEmpty
        }
        view["charts"] = charts
        return view
    }

    /// Renders a page template, throwing when the folder does not have it.
    func renderPage(_ template: String, _ view: ViewNode) throws -> String {
        guard let page = library.render(view, template: template) else {
            throw TemplateError(file: template + ".mustache", line: 0, column: 0, reason: "template is missing")
        }
        return page
    }

    /// A text template's output without the spaces and line breaks around it.
    func renderText(_ template: String, _ view: ViewNode) -> String {
        Self.trimmed(library.render(view, template: template) ?? "")
    }

    /// `text` without the spaces and line breaks around it (trimmed in Swift: Foundation's
    /// `trimmingCharacters` copies the text through `NSString`, 2% of a backfill).
    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }

    /// Whether `name` is prose, written a clause per line (see `ProseText`).
    private static func proseTemplates(_ name: String) -> Bool {
        name == "headline.txt" || name == "story.txt" || (name.hasPrefix("sections/") && name.hasSuffix(".txt"))
    }

    /// The `.mustache` files under `folder` and its subfolders, as sorted paths relative to it
    /// (read with `readdir`, links to folders not followed: `FileManager`'s enumerator and the URLs
    /// made of its names were 4% of a `diff`).
    public static func templateFiles(in folder: String) -> [String] {
        var found: [String] = []
        func visit(_ relative: String) {
            guard let listing = opendir(relative.isEmpty ? folder : folder + "/" + relative) else { return }
            defer { closedir(listing) }
            while let entry = readdir(listing) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard name != ".", name != ".." else { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
                if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    var info = stat()
                    isFolder = lstat(folder + "/" + path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder {
                    visit(path)
                } else if name.hasSuffix(".mustache") {
                    found.append(path)
                }
            }
        }
        visit("")
        return found.sorted()
    }

    /// A chain of partials that comes back to its start (`a → b → a`), if any.
    static func cycle(in includes: [String: [String]]) -> [String]? {
        var done = Set<String>()
        func visit(_ name: String, _ path: [String]) -> [String]? {
            if let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            guard !done.contains(name) else { return nil }
            for next in includes[name] ?? [] {
                if let found = visit(next, path + [name]) { return found }
            }
            done.insert(name)
            return nil
        }
        for name in includes.keys.sorted() {
            if let found = visit(name, []) { return found }
        }
        return nil
    }

}
