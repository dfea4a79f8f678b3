/// A word-by-word comparison of two texts, as runs of kept, removed and added words.
public enum WordDiff {
    /// A run of words that both texts share, or that only one of them has.
    public struct Run: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case same, removed, added
        }

        public var kind: Kind
        /// The words, each line break kept as a `"\n"` word.
        public var words: [String]
    }

    /// The shortest edit from `old` to `new` (a longest common subsequence of words);
    /// removals come before additions where both happen at one place.
    public static func runs(from old: String, to new: String) -> [Run] {
        let a = words(old), b = words(new)
        // length(i, j): the longest common subsequence of a[i...] and b[j...], in one flat table.
        let width = b.count + 1
        var lengths = [Int32](repeating: 0, count: (a.count + 1) * width)
        func length(_ i: Int, _ j: Int) -> Int32 { lengths[i * width + j] }
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] = a[i] == b[j] ? length(i + 1, j + 1) + 1 : max(length(i + 1, j), length(i, j + 1))
            }
        }
        var runs: [Run] = []
        func append(_ kind: Run.Kind, _ word: String) {
            if runs.last?.kind == kind { runs[runs.count - 1].words.append(word) } else { runs.append(Run(kind: kind, words: [word])) }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                append(.same, a[i]); i += 1; j += 1
            } else if i < a.count, j == b.count || length(i + 1, j) >= length(i, j + 1) {
                append(.removed, a[i]); i += 1
            } else {
                append(.added, b[j]); j += 1
            }
        }
        return runs
    }

    /// Words split on spaces; each line break is a word of its own, so paragraphs survive.
    static func words(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            (index > 0 ? ["\n"] : []) + line.split(separator: " ").map(String.init)
        }
    }
}
