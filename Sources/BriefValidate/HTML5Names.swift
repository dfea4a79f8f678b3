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
}
