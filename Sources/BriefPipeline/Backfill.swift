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
        /// `ASSET DAY` pairs whose files changed, when revising (in day order).
        public var revised: [String] = []
    }

    /// Which briefs of the range a run writes.
    public enum Scope: Sendable {
        /// Every day with a close.
        case all
        /// Briefs already written, and those missing on `briefedDays` (days another asset was
        /// briefed), each written only when its files change: after stored values were revised
        /// or came late.
        case revisions(briefedDays: Set<Day>)
    }

    /// Generates and writes the brief of each asset on each day from `first` to `last` that has a close,
    /// cutting one history (read once: from the earliest day the first brief looks back at, to `last`) at each day, on every core (each brief is
    /// independent, so the files are the same whatever the order). `progress` is told
    /// (done, total, what) after each brief, one call at a time.
    public static func run(from first: Day, through last: Day, assets: [Asset], store: MetricStore,
                           generator: BriefGenerator, output: URL, scope: Scope = .all,
                           progress: @escaping (Int, Int, String) -> Void = { _, _, _ in }) throws -> Summary {
        guard first <= last else {
            throw PipelineError.setup("--from \(first) is after --to \(last)")
        }
        let full = try store.history(asOf: last, from: first.adding(days: -generator.thresholds.historyDays))
        try StoreAccess.refuseMixedSources(full, store: store)
        let writer = try BriefWriter(output: output, assets: assets)
        let work = (0...first.days(to: last)).flatMap { offset in assets.map { (first.adding(days: offset), $0) } }.filter { day, asset in
            guard case .revisions(let briefedDays) = scope else { return true }
            return writer.exists(asset, day) || briefedDays.contains(day)
        }
        let state = SharedState(total: work.count, progress: progress)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, work.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Days are dealt out in turn, so each worker's history cuts move forward.
            for index in stride(from: worker, to: work.count, by: workers) where !state.failed {
                let (day, asset) = work[index]
                let label = "\(asset) \(day)"
                do {
                    let history = full.cut(at: day)
                    if history.series(asset, .closeUSD).value(on: day) == nil {
                        state.finish(label, written: false, index: index)
                    } else if case .revisions = scope {
                        let changed = try writer.writeIfChanged(generator.generate(asset: asset, history: history))
                        state.finish(label, written: true, revised: changed, index: index)
                    } else {
                        try writer.write(generator.generate(asset: asset, history: history))
                        state.finish(label, written: true, index: index)
                    }
                } catch {
                    state.fail(error)
                }
            }
        }
        return try state.summary()
    }

    /// What the workers share: counts, skipped days (in day order), the first error.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private let total: Int
        private let progress: (Int, Int, String) -> Void
        private var done = 0
        private var written = 0
        private var skipped: [(Int, String)] = []
        private var revised: [(Int, String)] = []
        private var error: (any Error)?

        init(total: Int, progress: @escaping (Int, Int, String) -> Void) {
            self.total = total
            self.progress = progress
        }

        var failed: Bool { lock.withLock { error != nil } }

        func finish(_ label: String, written wasWritten: Bool, revised wasRevised: Bool = false, index: Int) {
            lock.withLock {
                done += 1
                if wasWritten { written += 1 } else { skipped.append((index, label)) }
                if wasRevised { revised.append((index, label)) }
                progress(done, total, label)
            }
        }

        func fail(_ failure: any Error) {
            lock.withLock { if error == nil { error = failure } }
        }

        func summary() throws -> Summary {
            try lock.withLock {
                if let error { throw error }
                return Summary(written: written, skipped: skipped.sorted { $0.0 < $1.0 }.map(\.1),
                               revised: revised.sorted { $0.0 < $1.0 }.map(\.1))
            }
        }
    }
}
