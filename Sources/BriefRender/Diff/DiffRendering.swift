import BriefCore

extension BriefRenderer {
    /// The template of `diffText` (the `only` a renderer for it needs).
    public static let diffTextTemplate = "diff.txt"
    /// The template of `diffPage`.
    public static let diffPageTemplate = "site/diff.html"

    /// The diff as text (`diff.txt`): only what changed, words marked by `marks`, lines
    /// wrapped at `width` columns (escape codes take none).
    public func diffText(_ diff: BriefDiff, marks: DiffMarks, width: Int = 80) throws -> String {
        TextWrap.wrap(try renderPage(Self.diffTextTemplate, DiffViewModel.make(diff, marks: marks)), width: width)
    }

    /// The diff as a page of its own (`site/diff.html`), with its stylesheet inline
    /// and no links to other pages.
    public func diffPage(_ diff: BriefDiff) throws -> String {
        try renderPage(Self.diffPageTemplate, DiffViewModel.make(diff))
    }
}
