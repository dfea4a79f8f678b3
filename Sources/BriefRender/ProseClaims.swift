import BriefCore

/// Ties the claims a prose template recorded as it printed their values (`renderStating`) to
/// the section and sentence that state them: each claim sits where its mark was written.
enum ProseClaims {
    /// `marked` without its marks, and `claims` (one per mark, in order) each with `section` and
    /// the sentence that holds its mark. A claim a section states twice is kept once, with the
    /// first sentence.
    static func tie(_ marked: String, _ claims: [Claim], section: String) -> (text: String, claims: [Claim]) {
        guard !claims.isEmpty else { return (marked, []) }
        var text: [UInt8] = [], marks: [Int] = []
        text.reserveCapacity(marked.utf8.count)
        for byte in marked.utf8 {
            if byte == TemplateLibrary.claimMark { marks.append(text.count) } else { text.append(byte) }
        }
        let sentences = sentenceRanges(text)
        var tied: [Claim] = [], seen = Set<Claim>()
        for (claim, mark) in zip(claims, marks) where seen.insert(claim).inserted {
            var claim = claim
            claim.section = section
            if let range = sentences.first(where: { $0.contains(mark) }) {
                claim.sentence = String(decoding: text[range], as: UTF8.self)
            }
            tied.append(claim)
        }
        return (String(decoding: text, as: UTF8.self), tied)
    }

    /// The sentences of `text`: the pieces between line breaks and the `. ` that ends a sentence
    /// (its full stop kept), without the spaces around them.
    static func sentenceRanges(_ text: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        func close(_ end: Int) {
            var (lower, upper) = (start, end)
            while lower < upper, text[lower] == UInt8(ascii: " ") { lower += 1 }
            while upper > lower, text[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
            if lower < upper { ranges.append(lower..<upper) }
        }
        for index in text.indices {
            if text[index] == UInt8(ascii: "\n") {
                close(index)
                start = index + 1
            } else if text[index] == UInt8(ascii: "."), index + 1 < text.count, text[index + 1] == UInt8(ascii: " ") {
                close(index + 1)
                start = index + 1
            }
        }
        close(text.count)
        return ranges
    }
}
