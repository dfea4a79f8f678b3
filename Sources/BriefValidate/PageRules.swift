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
    /// `checkingElements`: the page was read by the XML parser, which knows no HTML, so the walk
    /// also reports what the HTML parser would have: elements HTML and SVG do not have, and
    /// block elements inside a paragraph.
    init(_ document: htmlDocPtr, requiredSectionIDs: [String], checkingElements: Bool = false) {
        var next = document.pointee.children
        var stack: [xmlNodePtr] = []
        var known: [UnsafePointer<xmlChar>: Bool] = [:]
        while let node = next {
            if node.pointee.type == XML_ELEMENT_NODE {
                visit(node)
                if checkingElements { checkElement(node, parent: stack.last, known: &known) }
            }
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                stack.append(node)
                next = child
                continue
            }
            next = node.pointee.next
            while next == nil, let parent = stack.popLast() { next = parent.pointee.next }
        }
        let knownIDs = Set(ids.map(\.value))
        for link in fragmentLinks where !knownIDs.contains(link.fragment) {
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

    /// Reads the attributes the rules need straight from libxml2's nodes: no dictionary of
    /// every attribute of every element.
    private mutating func visit(_ element: xmlNodePtr) {
        let name = element.pointee.name!
        var id: String?, href: String?, src: String?, lang: String?
        var hasAlt = false, hasLabel = false
        var property = element.pointee.properties
        while let attribute = property {
            let attributeName = attribute.pointee.name!
            if Self.equal(attributeName, "id") { id = Self.value(of: attribute, in: element) }
            else if Self.equal(attributeName, "href") { href = Self.value(of: attribute, in: element) }
            else if Self.equal(attributeName, "src") { src = Self.value(of: attribute, in: element) }
            else if Self.equal(attributeName, "lang") { lang = Self.value(of: attribute, in: element) }
            else if Self.equal(attributeName, "alt") { hasAlt = true }
            else if Self.equal(attributeName, "aria-label") || Self.equal(attributeName, "aria-labelledby") { hasLabel = true }
            property = attribute.pointee.next
        }
        guard id != nil || href != nil || src != nil || Self.equal(name, "img") || Self.equal(name, "svg") || Self.equal(name, "html") else {
            return
        }
        let line = Int(mb_xmlGetLineNo(element))
        let detail = id.map { " \"\($0)\"" } ?? href.map { " \"\($0)\"" } ?? ""
        if let id {
            ids.append((line, id))
            if id.isEmpty { problems.append(PageProblem(line: line, message: "empty id" + detail)) }
            if Self.equal(name, "section") { sectionIDs.insert(id) }
        }
        for reference in [href, src].compactMap({ $0 }) { references.append((line, reference)) }
        if Self.equal(name, "a"), let href, href.hasPrefix("#"), href.count > 1 {
            fragmentLinks.append((String(href.dropFirst()), line, detail))
        } else if Self.equal(name, "img"), !hasAlt {
            problems.append(PageProblem(line: line, message: "image without alt text" + detail))
        } else if Self.equal(name, "svg"), !hasLabel, !Self.hasChild("title", element) {
            problems.append(PageProblem(line: line, message: "chart (svg) without a title or aria-label" + detail))
        } else if Self.equal(name, "html"), (lang ?? "").allSatisfy(\.isWhitespace) {
            problems.append(PageProblem(line: line, message: "missing lang attribute on <html>" + detail))
        }
    }

    /// What the HTML parser reports and the XML parser cannot: an element HTML and SVG do not
    /// have, and a block element inside `<p>` (where the HTML parser would end the paragraph).
    /// Names are compared once per distinct name of the document (libxml2 shares them).
    private mutating func checkElement(_ element: xmlNodePtr, parent: xmlNodePtr?, known: inout [UnsafePointer<xmlChar>: Bool]) {
        let name = element.pointee.name!
        let isKnown: Bool
        if let cached = known[name] {
            isKnown = cached
        } else {
            isKnown = HTML5Names.all.contains(String(cString: name))
            known[name] = isKnown
        }
        if !isKnown {
            problems.append(PageProblem(line: Int(mb_xmlGetLineNo(element)), message: "unknown element <\(String(cString: name))>"))
        } else if let parent, Self.equal(parent.pointee.name, "p"), HTML5Names.blocks.contains(String(cString: name)) {
            problems.append(PageProblem(line: Int(mb_xmlGetLineNo(element)),
                                        message: "<\(String(cString: name))> inside <p> (a paragraph holds phrasing content only)"))
        }
    }

    /// Whether the C string `name` is `literal`.
    private static func equal(_ name: UnsafePointer<xmlChar>?, _ literal: StaticString) -> Bool {
        guard let name else { return false }
        return mb_xmlStrEqual(name, literal.utf8Start) != 0
    }

    /// Rules about the page's head, as XPath: absolute paths, each a few steps.
    private static func presenceProblems(_ document: htmlDocPtr) -> [PageProblem] {
        guard let context = mb_xmlXPathNewContext(document) else {
            return [PageProblem(line: 0, message: "libxml2 could not create an XPath context")]
        }
        defer { mb_xmlXPathFreeContext(context) }
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
        guard let text = mb_xmlNodeListGetString(element.pointee.doc, attribute.pointee.children, 1) else { return "" }
        defer { mb_xml_free(text) }
        return String(cString: text)
    }
}
