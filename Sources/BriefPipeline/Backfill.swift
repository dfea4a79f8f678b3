import BriefCore
import BriefStore
import Foundation

/// Writes every brief in a range of days from one read of the store.
public enum Backfill {
    /// What a backfill did.
    public struct Summary: Equatable, Sendable {
        public var written = 0
        /// `ASSET DAY` pairs without a close on that day: skipped, not failed.
        public var skipped: [String] = []
    }

    /// Generates and writes the brief of each asset on each day from `first` to `last` that has a close,
    /// cutting one history (read once, as of `last`) at each day. `progress` is told
    /// (done, total, what) after each brief.
    public static func run(from first: Day, through last: Day, assets: [Asset], store: MetricStore,
                           generator: BriefGenerator, output: URL,
                           progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> Summary {
        guard first <= last else {
            throw PipelineError.setup("--from \(first) is after --to \(last)")
        }
        let full = try store.history(asOf: last)
        let days = (0...first.days(to: last)).map { first.adding(days: $0) }
        let total = days.count * assets.count
        var summary = Summary()
        for (index, day) in days.enumerated() {
            let history = full.cut(at: day)
            for (offset, asset) in assets.enumerated() {
                let label = "\(asset) \(day)"
                if history.series(asset, .closeUSD).value(on: day) == nil {
                    summary.skipped.append(label)
                } else {
                    try BriefGenerator.write(generator.generate(asset: asset, history: history), to: output)
                    summary.written += 1
                }
                progress(index * assets.count + offset + 1, total, label)
            }
        }
        return summary
    }
}
