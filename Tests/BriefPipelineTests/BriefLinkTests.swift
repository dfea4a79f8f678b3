import Foundation
import Testing

/// A `brief.json` that is a symbolic link (to nowhere, or to a file outside the output folder)
/// is an error naming it for every command that reads briefs, never skipped or followed.
@Suite(.timeLimit(.minutes(3))) struct BriefLinkTests {
    @Test func aLinkedBriefIsAnErrorForPublishVerifyAndDiff() throws {
        let folder = try temporaryFolder(), outside = try temporaryFolder()
        defer { for url in [folder, outside] { try? FileManager.default.removeItem(at: url) } }
        for day in ["2025-08-25", "2025-08-26"] {
            #expect(try runToEnd(builtBinary, ["generate", "--date", day], in: folder).status == 0)
        }
        let brief = folder.appendingPathComponent("output/briefs/BTC/2025-08-25/brief.json")
        let copy = outside.appendingPathComponent("brief.json")
        try FileManager.default.copyItem(at: brief, to: copy)
        for target in ["moved-away.json", copy.path] {
            try FileManager.default.removeItem(at: brief)
            try FileManager.default.createSymbolicLink(atPath: brief.path, withDestinationPath: target)
            for command in [["publish"], ["verify"], ["diff", "2025-08-25", "2025-08-26"]] {
                let result = try runToEnd(builtBinary, command, in: folder)
                #expect(result.status != 0 && result.output.contains("briefs/BTC/2025-08-25/brief.json: a symbolic link"),
                        "\(command) with a link to \(target): \(result.status) \(result.output.prefix(600))")
            }
        }
    }
}
