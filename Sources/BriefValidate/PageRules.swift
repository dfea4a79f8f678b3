import CLibXML2

/// The structural rules libxml2's parser does not check, found in one walk over the parsed page
/// (a brief's page has thousands of nodes; one XPath query per rule walked them a dozen times),
/// with what the link check needs: every `href`/`src` and every `id`.
struct PageRules {
    private(set) var problems: [PageProblem] = []
    private(set) var references: [(line: Int, value: String)] = []
    private(set) var ids: [(line: Int, value: String)] = []
    private var sectionIDs: Set<String> = []
    /// Links to `#fragment`s of this page: the fragment, the line, and how the link is named.
    private var fragmentLinks: [(fragment: String, line: Int, detail: String)] = []

    /// Walks `document`; `requiredSectionIDs` name the `<section id>`s the page must have.
    init(_ document: htmlDocPtr, requiredSectionIDs: [String]) {
        var next = document.pointee.children
        var stack: [xmlNodePtr] = []
        while let node = next {
            if node.pointee.type == XML_ELEMENT_NODE { visit(node) }
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                stack.append(node)
                next = child
                continue
            }
            next = node.pointee.next
            while next == nil, let parent = stack.popLast() { next = parent.pointee.next }
        }
        let known = Set(ids.map(\.value))
        for link in fragmentLinks where !known.contains(link.fragment) {
            problems.append(PageProblem(line: link.line, message: "link to a missing #anchor" + link.detail))
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id.value).inserted {
            problems.append(PageProblem(line: id.line, message: "duplicate id \"\(id.value)\""))
        }
        for id in requiredSectionIDs where !sectionIDs.contains(id) {
            problems.append(PageProblem(line: 0, message: "missing section #\(id)"))
        }
        problems += Self.presenceProblems(document)
    }

    private mutating func visit(_ element: xmlNodePtr) {
        let name = String(cString: element.pointee.name)
        let line = Int(xmlGetLineNo(element))
        var attributes: [String: String] = [:]
        var property = element.pointee.properties
        while let attribute = property {
            attributes[String(cString: attribute.pointee.name)] = Self.value(of: attribute, in: element)
            property = attribute.pointee.next
        }
        let id = attributes["id"], href = attributes["href"]
        let detail = id.map { " \"\($0)\"" } ?? href.map { " \"\($0)\"" } ?? ""
        if let id {
            ids.append((line, id))
            if id.isEmpty { problems.append(PageProblem(line: line, message: "empty id" + detail)) }
            if name == "section" { sectionIDs.insert(id) }
        }
        for reference in [href, attributes["src"]].compactMap({ $0 }) { references.append((line, reference)) }
        switch name {
        case "a" where href.map { $0.hasPrefix("#") && $0.count > 1 } == true:
            fragmentLinks.append((String(href!.dropFirst()), line, detail))
        case "img" where attributes["alt"] == nil:
            problems.append(PageProblem(line: line, message: "image without alt text" + detail))
        case "svg" where attributes["aria-label"] == nil && attributes["aria-labelledby"] == nil && !Self.hasChild("title", element):
            problems.append(PageProblem(line: line, message: "chart (svg) without a title or aria-label" + detail))
        case "html" where (attributes["lang"] ?? "").allSatisfy(\.isWhitespace):
            problems.append(PageProblem(line: line, message: "missing lang attribute on <html>" + detail))
        default:
            break
        }
    }

    /// Rules about the page's head, as XPath: absolute paths, each a few steps.
    private static func presenceProblems(_ document: htmlDocPtr) -> [PageProblem] {
        guard let context = xmlXPathNewContext(document) else {
            return [PageProblem(line: 0, message: "libxml2 could not create an XPath context")]
        }
        defer { xmlXPathFreeContext(context) }
        let rules = [
            ("/html", "missing <html> element"),
            ("/html/head/title[normalize-space()]", "missing or empty <title>"),
            ("/html/head/meta[translate(@charset,'UTF','utf')='utf-8']", "missing <meta charset=\"utf-8\">"),
        ]
        return rules.filter { XPath.nodes($0.0, context).isEmpty }.map { PageProblem(line: 0, message: $0.1) }
    }

    private static func hasChild(_ name: String, _ element: xmlNodePtr) -> Bool {
        var child = element.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, String(cString: node.pointee.name) == name { return true }
            child = node.pointee.next
        }
        return false
    }

    private static func value(of attribute: xmlAttrPtr, in element: xmlNodePtr) -> String {
        guard let text = xmlNodeListGetString(element.pointee.doc, attribute.pointee.children, 1) else { return "" }
        defer { mb_xml_free(text) }
        return String(cString: text)
    }
}
