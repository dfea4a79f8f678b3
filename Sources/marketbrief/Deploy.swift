import ArgumentParser
import BriefMorning
import BriefPipeline
import Foundation

struct Deploy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Runs the project's deploy command if the site differs from what it last deployed.",
        discussion: """
        The site a `publish` (or `daily`) left in OUT/site goes out with the project file's deploy \
        command, within deploy_time_limit seconds, in a process group of its own that is ended with \
        it. A successful deploy is recorded (OUT/.site-deployed), so a deploy that failed is tried \
        again and a manual publish goes out; `daily` does the same after publishing.
        """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Deploy even when the site is as last deployed.")
    var force = false

    @OptionGroup var verbosity: QuietOption

    func run() throws {
        try reportingErrors {
            let project = store.project.settings
            guard let command = project.deploy else {
                throw PipelineError.setup("the project file has no deploy command (docs/config.md: deploy)")
            }
            let deploy = DeployCommand(command: command, folder: project.file?.deletingLastPathComponent(),
                                       timeLimit: project.deployTimeLimit, output: URL(fileURLWithPath: store.output, isDirectory: true))
            guard force || deploy.isDue else {
                verbosity.say("deploy: skipped: the site is as last deployed")
                return
            }
            let run = try deploy.run()
            let output = run.output.split(separator: "\n").map { "  " + $0 }
            if let failure = run.failure {
                throw PipelineError.setup((["deploy: the deploy command \(failure)"] + output).joined(separator: "\n"))
            }
            verbosity.say((["deploy: done"] + output).joined(separator: "\n"))
        }
    }
}
