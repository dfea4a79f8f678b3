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
}
