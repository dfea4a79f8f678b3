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

    /// Words past their shared start that a comparison weighs word by word: its table grows
    /// with the product of both texts' words, so longer texts (no brief's section comes near:
    /// a few hundred words) are shown as removed and added whole.
    static let maxComparedWords = 4_000

    /// The shortest edit from `old` to `new` (a longest common subsequence of words);
    /// removals come before additions where both happen at one place.
    public static func runs(from old: String, to new: String) -> [Run] {
        let a = words(old), b = words(new)
        // The words both texts start with are kept by the walk below without a look at the table.
        let shared = zip(a, b).prefix { $0 == $1 }.count
        if a.count - shared > maxComparedWords || b.count - shared > maxComparedWords {
            let kept = shared > 0 ? [Run(kind: .same, words: Array(a[..<shared]))] : []
            return kept + [Run(kind: .removed, words: Array(a[shared...])), Run(kind: .added, words: Array(b[shared...]))]
                .filter { !$0.words.isEmpty }
        }
        let table = SuffixLCS(a[shared...], b[shared...])
        func length(_ i: Int, _ j: Int) -> Int { table.length(i - shared, j - shared) }
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
    /// Texts are split on their UTF-8 bytes where that gives the same words as splitting on
    /// characters, which is most of the cost of a word diff when done on characters.
    static func words(_ text: String) -> [String] {
        var utf8 = text
        if let words = utf8.withUTF8(wordsFromBytes) { return words }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            (index > 0 ? ["\n"] : []) + line.split(separator: " ").map(String.init)
        }
    }

    /// The words of a text's bytes; `nil` where bytes and characters could split differently:
    /// a `\r` (`"\r\n"` is one character), or a space that a mark before it (prepended) or after
    /// it (combining) joins into a larger character. A `\n` alone is always a character.
    private static func wordsFromBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var words: [String] = []
        var start = 0
        func endWord(at end: Int) {
            if end > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
            start = end + 1
        }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "\r"):
                return nil
            case UInt8(ascii: " "):
                guard spaceIsACharacter(bytes, at: index) else { return nil }
                endWord(at: index)
            case UInt8(ascii: "\n"):
                endWord(at: index)
                words.append("\n")
            default:
                break
            }
        }
        endWord(at: bytes.count)
        return words
    }

    /// Whether the space at `index` is a character by itself. Only its neighbours decide that
    /// (grapheme break rules GB9, GB9a, GB9b), and only non-ASCII ones can join it.
    private static func spaceIsACharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var lower = index, upper = index + 1
        if lower > 0, bytes[lower - 1] >= 0x80 {
            lower -= 1
            while bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
        }
        if upper < bytes.count, bytes[upper] >= 0x80 {
            upper += 1
            while upper < bytes.count, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
        }
        guard upper - lower > 1 else { return true }
        let around = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        return around.count == around.unicodeScalars.count
    }
}

/// The longest common subsequence of every pair of suffixes of two word lists, 64 cells of the
/// table at a time: Hyyrö's bit-parallel algorithm ("Bit-parallel LCS-length computation
/// revisited", 2004) run on the reversed lists, one row of bits kept per word of `b`. A table
/// cell by cell was most of a site's diff pages.
private struct SuffixLCS {
    private let aCount: Int
    private let bCount: Int
    private let rowWords: Int
    /// Row `k`: after the last `k` words of `b`, bit `p` clear where the common subsequence of the
    /// last `p + 1` words of `a` grows (the cell left of it is one less).
    private let rows: [UInt64]

    init(_ a: ArraySlice<String>, _ b: ArraySlice<String>) {
        aCount = a.count
        bCount = b.count
        let rowWords = (a.count + 63) / 64
        self.rowWords = rowWords
        // Each distinct word of `a` gets a mask, all in one array: bit p of a word's mask is set
        // where the word is the (p + 1)-th of `a` from its end.
        var maskOf: [String: Int] = [:]
        maskOf.reserveCapacity(a.count)
        var masks: [UInt64] = []
        for (position, word) in a.reversed().enumerated() {
            let mask = maskOf[word] ?? masks.count
            if mask == masks.count {
                maskOf[word] = mask
                masks += repeatElement(0, count: rowWords)
            }
            masks[mask + position / 64] |= 1 << UInt64(position % 64)
        }
        var rows = [UInt64](repeating: ~0, count: rowWords * (b.count + 1))
        var row = [UInt64](repeating: ~0, count: rowWords)
        for (k, word) in b.reversed().enumerated() {
            if let mask = maskOf[word] {
                // row = (row + u) | (row - u), u = row & mask; u's bits are row's, so row - u = row ^ u.
                var carry: UInt64 = 0
                for index in 0..<rowWords {
                    let u = row[index] & masks[mask + index]
                    let (sum, overflow) = row[index].addingReportingOverflow(u)
                    let (total, overflowAgain) = sum.addingReportingOverflow(carry)
                    carry = overflow || overflowAgain ? 1 : 0
                    row[index] = total | (row[index] ^ u)
                }
            }
            let start = rowWords * (k + 1)
            rows.replaceSubrange(start..<(start + rowWords), with: row)
        }
        self.rows = rows
    }

    /// The longest common subsequence of `a[i...]` and `b[j...]` (indices into the slices, from 0).
    func length(_ i: Int, _ j: Int) -> Int {
        let suffix = aCount - i, start = rowWords * (bCount - j)
        var ones = 0
        for index in 0..<(suffix / 64) { ones += rows[start + index].nonzeroBitCount }
        if suffix % 64 > 0 { ones += (rows[start + suffix / 64] & ((1 << UInt64(suffix % 64)) - 1)).nonzeroBitCount }
        return suffix - ones
    }
}
