import ArgumentParser
import BriefCore
import BriefMorning
import BriefPipeline
import Foundation

struct Daily: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily",
        abstract: "The morning job: collect, import, generate, publish and deploy, as the project file says.",
        discussion: """
        For the last complete UTC day (or --date): collects from the project's venues the days not \
        yet stored (plus collect_overlap_days before, for revisions), imports the files waiting in the \
        drop folders (in the order they arrived; each then moves to the folder's processed/), writes \
        the brief of each project asset whose close is in, writes anew the earlier briefs that read a \
        revised or late value, publishes the site, runs the deploy command when the site differs \
        from what it last deployed, and sends the day's briefs to the deliver destinations (each \
        brief once; a failed send is tried again on the next run). A morning that fails or falls \
        short is reported to the alert destination. Prints one line per step. A venue down or a bad drop file does not \
        stop the rest: what is stored is briefed and published, and the run says what fell short. \
        Real data only: the bundled sample is never used. Running the same day again changes nothing. \
        Exit status: 0 every step done; 3 partial (the day is briefed and published, but a step fell \
        short, an asset has no close yet or a delivery failed); 1 failed (no brief for the day, or publishing or \
        deploying failed).
        """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The day to brief, YYYY-MM-DD (default: yesterday, the last complete UTC day).")
    var date: String?

    @Flag(help: "Leave the venues alone: brief what the store and the drop folders hold (also: skip_collect in the project file).")
    var skipCollect = false

    @OptionGroup var limits: NetworkLimits

    @OptionGroup var verbosity: QuietOption

    /// The exit status of a morning that briefed and published the day but fell short somewhere.
    static let partialStatus: Int32 = 3

    func validate() throws {
        if let date {
            if let day = Day(date), day >= Clock.today() {
                throw ValidationError("--date \(date): not a complete UTC day yet (the last one is \(Clock.today().adding(days: -1)))")
            }
            try checkDay(date, option: "--date")
        }
    }

    func run() throws {
        try reportingErrors {
            let project = store.project.settings
            let job = MorningJob(project: project, day: date.flatMap(Day.init) ?? Clock.today().adding(days: -1),
                                 output: URL(fileURLWithPath: store.output, isDirectory: true), storePath: store.databasePath,
                                 collecting: !(skipCollect || project.skipCollect), makeFetcher: limits.fetcher(for:))
            let morning = job.run(report: show)
            if morning.status != .complete, let alert = project.alert {
                do {
                    try MorningAlert.send(morning, to: alert, project: project)
                    verbosity.say("alert: sent to \(alert.name)")
                } catch {
                    printError("marketbrief: alert: could not send to \(alert.name): \(error)")
                }
            }
            switch morning.status {
            case .complete:
                return
            case .partial:
                printError("marketbrief: daily \(morning.day): partial: \(morning.shortfalls.joined(separator: ", ")) fell short; "
                    + "what could be briefed was published")
                throw ExitCode(Self.partialStatus)
            case .failed:
                printError("marketbrief: daily \(morning.day): failed at \(morning.shortfalls.joined(separator: ", "))")
                throw ExitCode(1)
            }
        }
    }

    /// Prints a step as it ends: done and skipped steps on standard output (unless quiet),
    /// steps that fell short on standard error; details indented below.
    private func show(_ record: StepRecord) {
        let line = "\(record.name): \(record.outcome.message) (\(String(format: "%.1f", record.seconds)) s)"
        let details = record.outcome.details.map { "  " + $0 }
        if record.outcome.fellShort {
            printError((["marketbrief: " + line] + details).joined(separator: "\n"))
        } else if !verbosity.quiet {
            print(printable((["\(line)"] + details).joined(separator: "\n")))
            fflush(nil)  // each line out before the next step's (a deploy's output, an error)
        }
    }
}
