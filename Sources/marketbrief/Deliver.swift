import ArgumentParser
import BriefCore
import BriefDeliver
import BriefMorning
import BriefPipeline
import Foundation

struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Sends a day's briefs to the project's deliver destinations (each brief once).",
        discussion: """
        Sends the brief of each project asset for the day (default: the latest day briefed) to each \
        destination of the project file's deliver list: e-mail (SMTP with STARTTLS), a Slack-compatible \
        webhook, a Telegram chat. A send that went through is recorded under OUT/deliveries and is not \
        made again; a failed one is tried again by the next run (within 7 days). `daily` does the same \
        after deploying. Exit status: 0 every brief sent (now or before); 1 a send failed.
        """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The day whose briefs are sent, YYYY-MM-DD (default: the latest day briefed).")
    var date: String?

    @OptionGroup var verbosity: QuietOption

    func validate() throws {
        if let date { try checkDay(date, option: "--date") }
    }

    func run() throws {
        try reportingErrors {
            let project = store.project.settings
            guard !project.deliver.isEmpty else {
                throw PipelineError.setup("the project file has no deliver destinations (docs/config.md: deliver)")
            }
            let output = URL(fileURLWithPath: store.output, isDirectory: true)
            guard let day = date.flatMap(Day.init)
                ?? project.assets.flatMap({ BriefWriter.daysWritten(of: $0, under: output) }).max() else {
                throw PipelineError.noData("no brief of \(project.assets.map(\.code).joined(separator: ", ")) under \(output.path)")
            }
            let deliverer = try Deliverer(project: project, output: output, templates: Resources.locate().templates)
            var failed = false
            for destination in project.deliver {
                let outcome = MorningJob.outcome(of: deliverer.deliver(day: day, to: destination), day: day)
                let lines = ["deliver \(destination.name): \(outcome.message)"] + outcome.details.map { "  " + $0 }
                if outcome.fellShort {
                    failed = true
                    printError("marketbrief: " + lines.joined(separator: "\n"))
                } else {
                    verbosity.say(lines.map { PrintableText.of($0) }.joined(separator: "\n"))
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
