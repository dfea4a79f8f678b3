import BriefCore
import Foundation

/// How one step of the morning ended. Each carries its one-line message and, below it, lines
/// of detail (a venue's notes, the deploy command's output, the briefs written anew).
public enum StepOutcome: Sendable, Equatable {
    case done(String, details: [String] = [])
    /// Did what it could; `missing` names what it could not, with why.
    case partial(String, missing: [String])
    case skipped(String)
    case failed(String, details: [String] = [])

    /// The one-line message.
    public var message: String {
        switch self {
        case .done(let message, _), .failed(let message, _): message
        case .skipped(let why): "skipped: " + why
        case .partial(let message, let missing): message + "; not " + missing.joined(separator: "; ")
        }
    }

    public var details: [String] {
        switch self {
        case .done(_, let details), .failed(_, let details): details
        case .partial, .skipped: []
        }
    }

    /// Whether the step fell short (partial or failed).
    public var fellShort: Bool {
        switch self {
        case .partial, .failed: true
        case .done, .skipped: false
        }
    }
}

/// One step as it ended.
public struct StepRecord: Sendable {
    /// `collect binance`, `import inbox/csv`, `generate 2026-12-06`, `publish`, `deploy`…
    public var name: String
    public var outcome: StepOutcome
    public var seconds: Double
}

/// What a morning did, step by step, and how it ended as a whole.
public struct MorningReport: Sendable {
    public var day: Day
    public var steps: [StepRecord] = []

    /// How a morning ended as a whole.
    public enum Status: Sendable, Equatable {
        /// Every step done or skipped.
        case complete
        /// Something fell short (a venue down, a drop file refused, an asset without its close),
        /// but the day has briefs and the site was published and deployed.
        case partial
        /// No brief for the day, or the site could not be published or deployed (or set up).
        case failed
    }

    public var status: Status {
        let failedFinal = steps.contains { record in
            guard case .failed = record.outcome else { return false }
            return ["setup", "publish", "deploy"].contains(record.name) || record.name.hasPrefix("generate ")
        }
        if failedFinal { return .failed }
        return steps.contains { $0.outcome.fellShort } ? .partial : .complete
    }

    /// The steps that fell short, by name.
    public var shortfalls: [String] { steps.filter(\.outcome.fellShort).map(\.name) }
}
