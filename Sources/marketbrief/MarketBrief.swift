import ArgumentParser
import BriefPipeline
import Foundation

@main
struct MarketBrief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marketbrief",
        abstract: "Turns crypto market data into a daily market brief (text and HTML).",
        subcommands: [Generate.self, Import.self, Validate.self],
        defaultSubcommand: Generate.self
    )
}

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: "Output folder.")
    var output = "output"

    @Option(help: "SQLite database (default: OUT/marketbrief.sqlite).")
    var db: String?

    var databasePath: String { db ?? output + "/marketbrief.sqlite" }
}

/// Runs `body`, printing a pipeline error plainly on standard error and exiting 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as PipelineError {
        printError("marketbrief: \(error)")
        throw ExitCode(1)
    }
}

func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
