import CLibXML2

/// Structural rules libxml2's parser does not check, as XPath queries over the parsed page.
struct XPathRules {
    let document: htmlDocPtr

    /// (query, message): every node the query selects is a defect.
    private static let nodeRules: [(String, String)] = [
        ("//a[starts-with(@href,'#') and string-length(@href)>1 and not(substring(@href,2) = //@id)]", "link to a missing #anchor"),
        ("//img[not(@alt)]", "image without alt text"),
        ("//svg[not(@aria-label) and not(@aria-labelledby) and not(title)]", "chart (svg) without a title or aria-label"),
        ("//html[not(@lang) or normalize-space(@lang)='']", "missing lang attribute on <html>"),
        ("//*[@id='']", "empty id"),
    ]

    /// (query, message): a defect when the query selects nothing.
    private static let presenceRules: [(String, String)] = [
        ("/html", "missing <html> element"),
        ("/html/head/title[normalize-space()]", "missing or empty <title>"),
        ("/html/head/meta[translate(@charset,'UTF','utf')='utf-8']", "missing <meta charset=\"utf-8\">"),
    ]

    func problems(requiredSectionIDs: [String]) -> [PageProblem] {
        guard let context = xmlXPathNewContext(document) else {
            return [PageProblem(line: 0, message: "libxml2 could not create an XPath context")]
        }
        defer { xmlXPathFreeContext(context) }
        var problems: [PageProblem] = []
        for (query, message) in Self.nodeRules {
            for (line, detail) in nodes(query, context) {
                problems.append(PageProblem(line: line, message: message + detail))
            }
        }
        // Duplicate ids by counting, not by XPath (`@id = preceding::*/@id` is quadratic).
        var seen = Set<String>()
        for (line, id) in XPath.strings("//@id", context) where !seen.insert(id).inserted {
            problems.append(PageProblem(line: line, message: "duplicate id \"\(id)\""))
        }
        var presence = Self.presenceRules
        for id in requiredSectionIDs {
            presence.append(("//section[@id='\(id)']", "missing section #\(id)"))
        }
        for (query, message) in presence where nodes(query, context).isEmpty {
            problems.append(PageProblem(line: 0, message: message))
        }
        return problems
    }

    /// The line of each selected node, and a short detail (its id or href).
    private func nodes(_ query: String, _ context: xmlXPathContextPtr) -> [(Int, String)] {
        XPath.nodes(query, context).map { node in
            let detail = attribute("id", of: node).map { " \"\($0)\"" }
                ?? attribute("href", of: node).map { " \"\($0)\"" } ?? ""
            return (Int(xmlGetLineNo(node)), detail)
        }
    }

    /// The value of each attribute `query` selects, with its element's line.
    func values(_ query: String) -> [(line: Int, value: String)] {
        guard let context = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(context) }
        return XPath.strings(query, context)
    }

    private func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { mb_xml_free(value) }
        return String(cString: value)
    }
}
