import BriefCore

extension BriefRenderer {
    /// The templates `diffText` needs (the `only` a renderer for it takes).
    public static let diffTextTemplates = ["diff.txt", diffWordsTemplate]
    /// The templates `diffPage` needs.
    public static let diffPageTemplates = ["site/diff.html", diffWordsTemplate]
    /// The words of every diff: names of what is compared, values of states.
    static let diffWordsTemplate = "diff-words.txt"

    /// The diff as text (`diff.txt`): only what changed, words marked by `marks`, lines
    /// wrapped at `width` columns (escape codes take none).
    public func diffText(_ diff: BriefDiff, marks: DiffMarks, width: Int = 80) throws -> String {
        TextWrap.wrap(try renderPage(Self.diffTextTemplates[0], DiffViewModel.make(diff, marks: marks, words: diffWords)), width: width)
    }

    /// The diff as a page of its own (`site/diff.html`), with its stylesheet inline
    /// and no links to other pages.
    public func diffPage(_ diff: BriefDiff) throws -> String {
        try renderPage(Self.diffPageTemplates[0], DiffViewModel.make(diff, words: diffWords))
    }

    /// The words of `diff-words.txt`, without the spaces and line breaks around them.
    var diffWords: DiffWords {
        DiffWords { [self] kind, id in renderText(Self.diffWordsTemplate, DiffWords.node(kind, id)) }
    }
}
