/// What a user sees when a command fails: the stage, and what went wrong where.
public enum PipelineError: Error, CustomStringConvertible {
    /// The installation or the arguments are unusable.
    case setup(String)
    /// An input file has problems (`file:line: field: reason`, one per line).
    case input(String)
    /// A written brief (`brief.json`) cannot be read back: edited, damaged or not one.
    case brief(String)
    /// Collecting from a venue failed or disagreed with the store; nothing was stored.
    case collect(String)
    /// There is no data for what was asked.
    case noData(String)
    /// A rendered page failed validation; nothing was written.
    case validation(page: String, problems: [String])
    /// Pages of a new site failed their checks (`path:line: message`); the live site is unchanged.
    case siteValidation([String])
    /// Writing the output failed; earlier output is untouched.
    case output(String)
    /// One step of a run of several (`daily`) failed; the later steps did not run.
    case step(String, any Error)

    public var description: String {
        switch self {
        case .setup(let message): "setup: \(message)"
        case .input(let message): "import: \(message)"
        case .brief(let message): "read: \(message)"
        case .collect(let message): "collect: \(message)"
        case .noData(let message): "analyze: \(message)"
        case .validation(let page, let problems):
            "validate: \(page) was not written:\n" + problems.map { "  \(page):\($0)" }.joined(separator: "\n")
        case .siteValidation(let problems):
            "validate: the new site was not published; the live site is unchanged:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case .output(let message): "write: \(message)"
        case .step(let name, let failure): "\(name): \(failure)"
        }
    }
}
