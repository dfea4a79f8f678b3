import CLibXML2

/// One defect in a page or an XML file, with the line it is on (0 when it concerns the whole file).
public struct PageProblem: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

/// Checks HTML5 pages with libxml2 plus rules of our own.
///
/// A page that is well-formed XML (every page marketbrief writes) is read by the XML parser,
/// and the rule walk checks its element names and paragraphs as the HTML parser would; any
/// other page is read by the HTML parser. libxml2 2.9's HTML parser knows HTML4 only: it
/// reports every HTML5 and SVG element as an unknown tag (code 801), so those names are allowed
/// explicitly and any other unknown tag is a defect.
/// What the parser does not catch — duplicate ids, broken `#anchors`, images and charts
/// without a text alternative, a missing `lang`, title or charset, undefined entities,
/// missing sections — is checked with XPath and a scan of the source
/// (see `../shared/notes/libxml2-html5.md` for what was measured).
public struct HTMLValidator: Sendable {
    /// Ids of `<section>` elements every page must have.
    public let requiredSectionIDs: [String]

    /// The most bytes a page may have: libxml2 takes 50 to 170 times a page's size in memory
    /// (23 MB of `<p>a</p>` took 1.08 GB), so a larger page is not parsed. marketbrief's largest
    /// pages (a brief) have about 55 KB.
    public static let maxPageBytes = 4 << 20
    /// The most problems a page's report lists; past them one line says how many more there are.
    public static let maxProblems = 100

    /// Why a page of `bytes` bytes is not read, or `nil` when it may be.
    public static func sizeRefusal(bytes: Int) -> PageProblem? {
        guard bytes > maxPageBytes else { return nil }
        return PageProblem(line: 0, message: "\(bytes) bytes, more than the \(maxPageBytes) a page may have; the page was not parsed")
    }

    public init(requiredSectionIDs: [String] = []) {
        self.requiredSectionIDs = requiredSectionIDs
    }

    /// Every defect in `html`, in line order; empty when the page is sound.
    public func problems(in html: String) -> [PageProblem] {
        inspect(html).problems
    }

    /// The defects of `html`, and the links and ids a link check needs, from one parse.
    ///
    /// A page that is also well-formed XML (as every page marketbrief writes is) is read by
    /// libxml2's XML parser: stricter, since any misnesting, unclosed element or stray `<` is
    /// fatal, and about four times faster on our pages (scripts/floor). Any other page is read
    /// by the HTML parser, which says what is wrong with it. A page libxml2 would take minutes
    /// over (`HTMLTagScan`) is not parsed: its report says why.
    /// A page over `maxPageBytes` is not parsed either; a report lists at most `maxProblems`.
    public func inspect(_ html: String) -> PageReport {
        if let refusal = Self.sizeRefusal(bytes: html.utf8.count) { return PageReport(problems: [refusal]) }
        if let refusal = HTMLTagScan.refusal(in: html) { return PageReport(problems: [refusal]) }
        var (report, omitted) = parseAndCheck(html)
        report.problems = Self.capped(report.problems, omitted: omitted)
        return report
    }

    /// The first `maxProblems` of `problems` (in line order), then how many more there are
    /// (those past it and the `omitted`, never kept).
    static func capped(_ problems: [PageProblem], omitted: Int = 0) -> [PageProblem] {
        guard problems.count + omitted > maxProblems else { return problems }
        return Array(problems.prefix(maxProblems)) + [PageProblem(line: 0, message:
            "and \(problems.count + omitted - maxProblems) more problems (a page's report lists the first \(maxProblems))")]
    }

    /// The page's report, each of its sources keeping its first `maxProblems` (each finds them
    /// in line order), and how many more they found.
    private func parseAndCheck(_ html: String) -> (PageReport, omitted: Int) {
        var (problems, omitted) = HTMLEntityScan.undefinedEntities(in: html, keeping: Self.maxProblems)
        var (document, parseProblems, parseOmitted) = LibXML2.parseKeeping(Self.maxProblems, html, name: "page.html") { pointer, count in
            mb_xmlReadMemory(pointer, count, "page.html", "UTF-8", Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        }
        let readAsXML = document != nil
        if !readAsXML {
            (document, parseProblems, parseOmitted) = LibXML2.parseKeeping(Self.maxProblems, html, name: "page.html") { pointer, count in
                mb_htmlReadMemory(pointer, count, "page.html", "UTF-8", Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOIMPLIED.rawValue))
            }
        }
        problems += parseProblems
        omitted += parseOmitted
        guard let document else {
            return (PageReport(problems: problems + [PageProblem(line: 0, message: "libxml2 could not parse the page")]), omitted)
        }
        defer { mb_xmlFreeDoc(document) }
        // libxml2 supplies a default DTD when the page has none, so look at the source.
        if !html.drop(while: { $0.isWhitespace }).prefix(15).lowercased().hasPrefix("<!doctype html>") {
            problems.append(PageProblem(line: 1, message: "missing <!DOCTYPE html>"))
        }
        let rules = PageRules(document, requiredSectionIDs: requiredSectionIDs, checkingElements: readAsXML)
        problems += rules.problems
        return (PageReport(problems: problems.sorted { ($0.line, $0.message) < ($1.line, $1.message) },
                           references: rules.references, ids: Set(rules.ids.map(\.value)), readAsXML: readAsXML), omitted)
    }
}

/// What one parse of a page found.
public struct PageReport: Sendable {
    public var problems: [PageProblem]
    /// Every `href` and `src` value, with its line.
    public var references: [(line: Int, value: String)] = []
    /// Every `id` on the page.
    public var ids: Set<String> = []
    /// Whether the page was well-formed XML, read by the XML parser (else by the HTML parser).
    public var readAsXML = false

    public init(problems: [PageProblem], references: [(line: Int, value: String)] = [], ids: Set<String> = [], readAsXML: Bool = false) {
        self.problems = problems
        self.references = references
        self.ids = ids
        self.readAsXML = readAsXML
    }
}

/// Parsing with libxml2, collecting its errors instead of printing them.
enum LibXML2 {
    /// Parses `text` with `read` (given the bytes and their count); returns the document,
    /// if any, and the parser's errors.
    static func parse(_ text: String, name: String,
                      read: (UnsafePointer<CChar>, Int32) -> xmlDocPtr?) -> (xmlDocPtr?, [PageProblem]) {
        let (document, problems, _) = parseKeeping(.max, text, name: name, read: read)
        return (document, problems)
    }

    /// `parse`, keeping the parser's first `limit` errors; with how many more it raised.
    static func parseKeeping(_ limit: Int, _ text: String, name: String,
                             read: (UnsafePointer<CChar>, Int32) -> xmlDocPtr?) -> (xmlDocPtr?, [PageProblem], omitted: Int) {
        guard mb_xml_load() != nil else {
            return (nil, [PageProblem(line: 0, message: "libxml2 cannot be loaded (libxml2.so.2; on Debian: apt-get install libxml2)")], 0)
        }
        let collector = ErrorCollector(limit: limit)
        let bytes = Array(text.utf8) + [0]
        let document: xmlDocPtr? = withExtendedLifetime(collector) {
            mb_xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), collectError)
            defer { mb_xmlSetStructuredErrorFunc(nil, nil) }
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    read(pointer, Int32(buffer.count - 1))
                }
            }
        }
        return (document, collector.problems, collector.omitted)
    }
}

/// Gathers the parser's errors for one parse.
private final class ErrorCollector {
    let limit: Int
    var problems: [PageProblem] = []
    /// Errors past `limit`, counted and not kept.
    var omitted = 0
    init(limit: Int) { self.limit = limit }
}

private let collectError: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
    let code = Int(error.pointee.code)
    let name = error.pointee.str1.map { String(cString: $0) } ?? ""
    if code == Int(XML_HTML_UNKNOWN_TAG.rawValue), HTML5Names.elements.contains(name.lowercased()) { return }
    guard collector.problems.count < collector.limit else {
        collector.omitted += 1
        return
    }
    let message = error.pointee.message.map { String(cString: $0) } ?? "error \(code)"
    collector.problems.append(PageProblem(
        line: Int(error.pointee.line),
        message: message.trimmingCharacters(in: "\n ") + " (libxml2 code \(code))"
    ))
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
        return String(scalars)
    }
}
