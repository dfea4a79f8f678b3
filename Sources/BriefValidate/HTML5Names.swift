/// Element names that libxml2 2.9's HTML4 parser reports as unknown but HTML5 and inline SVG allow.
enum HTML5Names {
    static let elements: Set<String> = [
        // HTML5
        "article", "aside", "audio", "bdi", "canvas", "data", "datalist", "details", "dialog", "embed",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "mark", "meter", "nav", "output",
        "picture", "progress", "rp", "rt", "ruby", "search", "section", "slot", "source", "summary",
        "template", "time", "track", "video", "wbr",
        // SVG (the HTML parser lower-cases names: linearGradient → lineargradient)
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
        "desc", "defs", "lineargradient", "radialgradient", "stop", "clippath", "use", "symbol", "marker",
        "pattern", "mask", "foreignobject", "title",
    ]

    /// Every element of HTML (the living standard) and of inline SVG as written (`linearGradient`):
    /// what a page read by the XML parser may hold.
    static let all: Set<String> = [
        "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body", "br",
        "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn",
        "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label",
        "legend", "li", "link", "main", "map", "mark", "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol",
        "optgroup", "option", "output", "p", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script",
        "search", "section", "select", "slot", "small", "source", "span", "strong", "style", "sub", "summary", "sup", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u", "ul", "var",
        "video", "wbr",
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "desc", "defs",
        "linearGradient", "radialGradient", "stop", "clipPath", "use", "symbol", "marker", "pattern", "mask", "foreignObject",
    ]

    /// Elements that end an open `<p>` in the HTML parser: never inside a paragraph.
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p",
        "pre", "search", "section", "table", "ul",
    ]
}
