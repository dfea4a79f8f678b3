import CLibXML2

/// XPath queries over a parsed document.
enum XPath {
    /// The nodes `query` selects, in document order.
    static func nodes(_ query: String, _ context: xmlXPathContextPtr) -> [xmlNodePtr] {
        guard let result = mb_xmlXPathEvalExpression(query, context) else { return [] }
        defer { mb_xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { set.pointee.nodeTab[$0] }
    }

    /// The text of each node `query` selects (an attribute's value, an element's content),
    /// with its line (an attribute's is its element's).
    static func strings(_ query: String, _ context: xmlXPathContextPtr) -> [(line: Int, value: String)] {
        nodes(query, context).map { node in
            let element = node.pointee.type == XML_ATTRIBUTE_NODE ? node.pointee.parent ?? node : node
            guard let content = mb_xmlNodeGetContent(node) else { return (Int(mb_xmlGetLineNo(element)), "") }
            defer { mb_xml_free(content) }
            return (Int(mb_xmlGetLineNo(element)), String(cString: content))
        }
    }
}
