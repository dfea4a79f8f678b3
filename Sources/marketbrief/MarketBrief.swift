import ArgumentParser
import BriefCore
import BriefPipeline
import BriefStore
import Foundation

@main
struct MarketBrief: ParsableCommand {
    // Every command gives its `commandName`: without it, ArgumentParser derives each name from
    // the type's description at every start, a search of the binary's protocol conformances per
    // command (a tenth of a `diff`).
    static let configuration = CommandConfiguration(
        commandName: "marketbrief",
        abstract: "Turns crypto market data into a daily market brief (text and HTML).",
        discussion: """
        Exit status, for every command: 0 success; 1 the command failed or found something \
        (bad input refused, a morning of daily with no brief or no publish, a page with a defect, \
        briefs that differ, a claim that does not hold); 2 a usage error, or trouble that kept diff \
        or verify from answering; 3 (daily) a partial morning: the day was briefed and published, \
        but a step fell short.
        """,
        version: MarketBriefVersion.current,
        subcommands: [Daily.self, Deploy.self, Deliver.self, Init.self, Generate.self, Backfill.self, Publish.self, Diff.self, Verify.self, Import.self, Collect.self, DataCommand.self, Export.self, Validate.self, Bench.self],
        defaultSubcommand: Generate.self
    )

    /// The default entry point, with one exit scheme for every command: a usage error exits 2
    /// (not 64), and `diff` keeps the promise of diff(1): any trouble exits 2 (1 means "the
    /// briefs differ").
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let diffTrouble = CommandLine.arguments.dropFirst().first == "diff" && code != .success && code.rawValue != 1
            if code == .validationFailure || diffTrouble {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Runs `body`, printing any error plainly on standard error and exiting with `exitCode`.
func reportingErrors(exitCode: Int32 = 1, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("marketbrief: \(error)")
        throw ExitCode(exitCode)
    }
}

/// Prints a message on standard error, its control characters (from a venue's answer, a file, an
/// edited brief) shown as U+FFFD so none reaches the terminal as an escape sequence.
func printError(_ message: String) {
    var standardError = StandardError()
    print(printable(message), to: &standardError)
}

/// Writes `text` to standard output and flushes it; throws when it cannot be written in full
/// (a full disk, a closed pipe), so a command's output is never silently cut short.
func writeOutput(_ text: String) throws {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else {
            throw PipelineError.output("cannot write to standard output: \(String(cString: strerror(errno)))")
        }
        bytes = bytes.dropFirst(written)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

extension URL {
    /// This path relative to `folder` when inside it, else absolute.
    func relativePath(from folder: String) -> String {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
        let path = standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
