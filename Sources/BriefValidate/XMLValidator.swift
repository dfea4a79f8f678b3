import CLibXML2

/// Checks the site's XML files: well-formed, and carrying what the Atom format
/// (RFC 4287) and the sitemaps protocol require.
public enum XMLValidator {
    /// Defects of an Atom feed: parse errors, a missing feed `id`, `title`, `updated` or
    /// author, entries without `id`, `title`, `updated` or a link, dates that are not RFC 3339.
    public static func feedProblems(_ xml: String) -> [PageProblem] {
        check(xml, name: "feed.xml", prefix: "a", namespace: "http://www.w3.org/2005/Atom",
              required: [
                  ("/a:feed", "missing <feed> in the Atom namespace"),
                  ("/a:feed/a:id[normalize-space()]", "feed without <id>"),
                  ("/a:feed/a:title[normalize-space()]", "feed without <title>"),
                  ("/a:feed/a:updated[normalize-space()]", "feed without <updated>"),
              ],
              defects: [
                  ("/a:feed[not(a:author/a:name[normalize-space()])]/a:entry[not(a:author/a:name[normalize-space()])]",
                   "entry without an author, and no feed author"),
                  ("/a:feed/a:entry[not(a:id[normalize-space()])]", "entry without <id>"),
                  ("/a:feed/a:entry[not(a:title[normalize-space()])]", "entry without <title>"),
                  ("/a:feed/a:entry[not(a:updated[normalize-space()])]", "entry without <updated>"),
                  ("/a:feed/a:entry[not(a:link[@href and normalize-space(@href)])]", "entry without a link"),
              ]) { context in
            XPath.strings("//a:updated", context).filter { !isRFC3339($0.value) }
                .map { PageProblem(line: $0.line, message: "<updated> \"\($0.value)\" is not an RFC 3339 date-time") }
        }
    }

    /// Defects of a sitemap: parse errors, a missing `<urlset>`, entries without `<loc>`,
    /// and addresses that are not absolute http(s) URLs.
    public static func sitemapProblems(_ xml: String) -> [PageProblem] {
        sitemapProblems(xml, root: "urlset", entry: "url")
    }

    /// The same checks for a sitemap index: `<sitemapindex>` of `<sitemap>` entries.
    public static func sitemapIndexProblems(_ xml: String) -> [PageProblem] {
        sitemapProblems(xml, root: "sitemapindex", entry: "sitemap")
    }

    private static func sitemapProblems(_ xml: String, root: String, entry: String) -> [PageProblem] {
        check(xml, name: "sitemap", prefix: "s", namespace: "http://www.sitemaps.org/schemas/sitemap/0.9",
              required: [("/s:\(root)", "missing <\(root)> in the sitemap namespace")],
              defects: [("/s:\(root)/s:\(entry)[not(s:loc[normalize-space()])]", "<\(entry)> without <loc>")]) { context in
            // Filtered inside libxml2: a sitemap can hold tens of thousands of addresses.
            XPath.strings("/s:\(root)/s:\(entry)/s:loc[not(starts-with(., 'https://') or starts-with(., 'http://'))]", context)
                .map { PageProblem(line: $0.line, message: "<loc> \"\($0.value)\" is not an absolute http(s) URL") }
        }
    }

    private static func check(_ xml: String, name: String, prefix: String, namespace: String,
                              required: [(String, String)], defects: [(String, String)],
                              more: (xmlXPathContextPtr) -> [PageProblem]) -> [PageProblem] {
        let (document, problems) = LibXML2.parse(xml, name: name) { pointer, count in
            mb_xmlReadMemory(pointer, count, name, "UTF-8", Int32(XML_PARSE_NONET.rawValue))
        }
        guard let document, problems.isEmpty else {
            return problems.isEmpty ? [PageProblem(line: 0, message: "libxml2 could not parse \(name)")] : problems
        }
        defer { mb_xmlFreeDoc(document) }
        guard let context = mb_xmlXPathNewContext(document) else {
            return [PageProblem(line: 0, message: "libxml2 could not create an XPath context")]
        }
        defer { mb_xmlXPathFreeContext(context) }
        mb_xmlXPathRegisterNs(context, prefix, namespace)
        var found: [PageProblem] = []
        for (query, message) in required where XPath.nodes(query, context).isEmpty {
            found.append(PageProblem(line: 0, message: message))
        }
        for (query, message) in defects {
            found += XPath.nodes(query, context).map { PageProblem(line: Int(mb_xmlGetLineNo($0)), message: message) }
        }
        return (found + more(context)).sorted { ($0.line, $0.message) < ($1.line, $1.message) }
    }

    /// `2025-08-26T00:00:00Z`, with optional fractional seconds and a `Z` or `±hh:mm` offset.
    static func isRFC3339(_ text: String) -> Bool {
        let pattern = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/
        return text.wholeMatch(of: pattern) != nil
    }
}
