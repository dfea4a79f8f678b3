import Testing
@testable import BriefCore

@Suite struct WordDiffTests {
    private func rendered(_ runs: [WordDiff.Run]) -> String {
        runs.map { run in
            let text = run.words.joined(separator: " ")
            switch run.kind {
            case .same: return text
            case .removed: return "[-" + text + "-]"
            case .added: return "{+" + text + "+}"
            }
        }.joined(separator: " ")
    }

    @Test func identicalTextsAreOneRunOfSameWords() {
        let runs = WordDiff.runs(from: "Funding is 0.008% per 8h.", to: "Funding is 0.008% per 8h.")
        #expect(runs == [WordDiff.Run(kind: .same, words: ["Funding", "is", "0.008%", "per", "8h."])])
    }

    @Test func aChangedNumberIsARemovalThenAnAddition() {
        let runs = WordDiff.runs(from: "Funding is 0.006% per 8h, or 6.57% a year.", to: "Funding is 0.008% per 8h, or 8.76% a year.")
        #expect(rendered(runs) == "Funding is [-0.006%-] {+0.008%+} per 8h, or [-6.57%-] {+8.76%+} a year.")
    }

    @Test func lineBreaksAreKeptAsWords() {
        let runs = WordDiff.runs(from: "One.\nTwo.", to: "One.\nThree.\nTwo.")
        #expect(rendered(runs) == "One. \n {+Three. \n+} Two.")
    }

    @Test func emptyTextsAreHandled() {
        #expect(WordDiff.runs(from: "", to: "").isEmpty)
        #expect(rendered(WordDiff.runs(from: "", to: "a b")) == "{+a b+}")
        #expect(rendered(WordDiff.runs(from: "a b", to: "")) == "[-a b-]")
    }

    @Test func theEditKeepsTheLongestCommonRun() {
        // Either "a" could be kept; the longest common subsequence keeps "a b c".
        let runs = WordDiff.runs(from: "x a b c", to: "a b c y")
        #expect(rendered(runs) == "[-x-] a b c {+y+}")
        #expect(runs.filter { $0.kind == .same }.flatMap(\.words) == ["a", "b", "c"])
    }

    @Test func aSharedBeginningIsKeptAsTheWalkWouldKeepIt() {
        #expect(rendered(WordDiff.runs(from: "a b x", to: "a b x x")) == "a b x {+x+}")
        #expect(rendered(WordDiff.runs(from: "a b c d", to: "a b d c")) == "a b [-c-] d {+c+}")
        #expect(rendered(WordDiff.runs(from: "a b", to: "a b")) == "a b")
        #expect(rendered(WordDiff.runs(from: "a b", to: "a")) == "a [-b-]")
    }

    /// The table is computed 64 cells at a time: on texts of hundreds of words (rows of several
    /// machine words, carries between them) the edit still keeps a longest common subsequence,
    /// as a table filled cell by cell measures it, and still spells out both texts.
    @Test func longTextsKeepALongestCommonSubsequence() {
        var seed: UInt64 = 2025
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for round in 0..<40 {
            let alphabet = round % 2 == 0 ? 3 : 30
            let old = (0..<(60 + next(300))).map { _ in "w\(next(alphabet))" }
            var new = old
            for _ in 0..<next(40) { new[next(new.count)] = "w\(next(alphabet))" }
            for _ in 0..<next(20) { new.insert("x", at: next(new.count)) }
            let runs = WordDiff.runs(from: old.joined(separator: " "), to: new.joined(separator: " "))
            var lengths = [[Int]](repeating: [Int](repeating: 0, count: new.count + 1), count: old.count + 1)
            for i in stride(from: old.count - 1, through: 0, by: -1) {
                for j in stride(from: new.count - 1, through: 0, by: -1) {
                    lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
            #expect(runs.filter { $0.kind == .same }.flatMap(\.words).count == lengths[0][0])
            #expect(runs.filter { $0.kind != .added }.flatMap(\.words) == old)
            #expect(runs.filter { $0.kind != .removed }.flatMap(\.words) == new)
        }
    }

    /// Words are split on bytes when that splits as characters do; these are split on
    /// characters, as they always were.
    @Test func wordsAreWhatSplittingOnCharactersGives() {
        func characterWords(_ text: String) -> [String] {
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
                (index > 0 ? ["\n"] : []) + line.split(separator: " ").map(String.init)
            }
        }
        let texts = [
            "", " ", "\n", "a", "  two  spaces  ", "\n\nlines\n \n end \n",
            "BTC fell 3.2% — the largest drop in 30 days.", "€5 and 😀 and é",
            "a \u{301}combining mark after a space", "a\u{301} accent before it",
            "\u{600} prepended before a space", "zero width joiner \u{200D}x", "spacing mark \u{93F}x",
            "windows\r\nline ends", "carriage\rreturn", "emoji 👩\u{200D}💻 words", "\u{1F1FA}\u{1F1F8} flags",
        ]
        for text in texts {
            #expect(WordDiff.words(text) == characterWords(text), "\(text.debugDescription)")
        }
    }

    @Test(.timeLimit(.minutes(1))) func textsPastTheComparedLengthAreReplacedWholeInBoundedTime() {
        let old = (0..<60_000).map { $0 % 3 == 0 ? "k\($0)" : "w\($0 * 2)" }.joined(separator: " ")
        let new = (0..<60_000).map { $0 % 3 == 0 ? "k\($0)" : "w\($0 * 2 + 1)" }.joined(separator: " ")
        let runs = WordDiff.runs(from: "Same start " + old, to: "Same start " + new)
        #expect(runs.map(\.kind) == [.same, .removed, .added])
        #expect(runs.first?.words == ["Same", "start", "k0"])
    }
}
