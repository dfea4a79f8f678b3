import BriefCore

extension BriefRenderer {
    /// A brief as a mail's HTML part (`mail.html`): its story, headline, key figures (each a
    /// label and its value), sections and sources, with a link to its page when it has one.
    public func mailHTML(_ document: BriefDocument, keyFigures: [(label: String, value: String)], pageURL: String?) throws -> String {
        try renderPage("mail.html", mailView(document, keyFigures: keyFigures, pageURL: pageURL))
    }

    func mailView(_ document: BriefDocument, keyFigures: [(label: String, value: String)], pageURL: String?) -> ViewNode {
        let findings = document.findings
        return [
            "asset": findings.asset.code,
            "day": findings.day.description,
            "story": document.story,
            "headline": ProseBlocks.blocks(document.headline),
            "keyFigures": keyFigures.map { ["label": $0.label, "value": $0.value] as ViewNode },
            "sections": document.sections.map { section in
                ["title": BriefSection(rawValue: section.id)?.title ?? section.id, "blocks": ProseBlocks.blocks(section.text)] as ViewNode
            },
            "pageURL": pageURL,
            "sources": findings.sources.isEmpty ? nil : findings.sources.joined(separator: ", "),
        ]
    }
}
