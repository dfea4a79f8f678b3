import ArgumentParser
import BriefPipeline
import BriefValidate
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check HTML pages with the same rules generate uses; exit 1 on any defect."
    )

    @Argument(help: "HTML files.")
    var files: [String]

    @Flag(help: "Also require the five brief sections.")
    var brief = false

    func run() throws {
        let validator = HTMLValidator(requiredSectionIDs: brief ? BriefSections.ids : [])
        var defects = 0
        for file in files {
            let html: String
            switch HTMLValidator.readPage(atPath: file) {
            case .success(let text): html = text
            case .failure(let problem):
                printError(printable("\(file):\(problem.line): \(problem.message)"))
                defects += 1
                continue
            }
            for problem in validator.problems(in: html) {
                print(printable("\(file):\(problem.line): \(problem.message)"))
                defects += 1
            }
        }
        if defects > 0 {
            printError("\(defects) defect(s) in \(files.count) file(s)")
            throw ExitCode(1)
        }
        print("\(files.count) file(s) valid")
    }
}
