import BriefCore

extension BriefRenderer {
    /// The diff as text (`diff.txt`): only what changed, words marked by `marks`, lines
    /// wrapped at `width` columns (escape codes take none).
    public func diffText(_ diff: BriefDiff, marks: DiffMarks, width: Int = 80) throws -> String {
        TextWrap.wrap(try renderPage("diff.txt", DiffViewModel.make(diff, marks: marks)), width: width)
    }

    /// The diff as a page of its own (`site/diff.html`), with its stylesheet inline
    /// and no links to other pages.
    public func diffPage(_ diff: BriefDiff) throws -> String {
        try renderPage("site/diff.html", DiffViewModel.make(diff))
    }
}
