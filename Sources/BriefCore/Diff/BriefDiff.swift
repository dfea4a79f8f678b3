import Foundation

/// What changed from one brief of an asset to a later one: metrics, regimes,
/// stabilization conditions and the words of each section. Built from two
/// `brief.json` documents; nothing is recomputed. Measures and states are named by id
/// (`crowding`: `notStretched` → `crowdedLong`); `templates/diff-words.txt` words them.
public struct BriefDiff: Codable, Equatable, Sendable {
    /// What a number measures, so it can be formatted and compared.
    public enum Quantity: String, Codable, Sendable {
        /// A price in US dollars, shown whole (`$108,000`).
        case price
        /// An amount of US dollars, shown short (`$477M`).
        case usd
        /// Units of the asset.
        case coins
        /// A percentage; its change is in percentage points.
        case percent
        /// A funding rate in percent per settlement; its change is in percentage points.
        case fundingRate
        /// A percentile rank, 0–100.
        case percentile
        /// A whole count.
        case count
    }

    /// One number in both briefs.
    public struct MetricChange: Codable, Equatable, Sendable {
        public var id: String
        public var quantity: Quantity
        /// A net flow: positive is an inflow, negative an outflow.
        public var isNetFlow: Bool
        public var from: Double?
        public var to: Double?
        /// `to − from`, when both exist.
        public var change: Double?
        /// The change relative to `from`, in percent; only for amounts (not for
        /// percentages, ranks or counts) and when `from` is not zero.
        public var changePct: Double?
        public var changed: Bool
        /// Why `from` or `to` is missing when it is not for want of data (`notRankedYet`).
        public var fromNote: String?
        public var toNote: String?
    }

    /// A named state in both briefs: a regime, a level, a condition; `nil` where nothing
    /// can be told.
    public struct StateChange: Codable, Equatable, Sendable {
        public var id: String
        public var from: String?
        public var to: String?
        public var changed: Bool

        init(id: String, from: String?, to: String?) {
            (self.id, self.from, self.to) = (id, from, to)
            changed = from != to
        }
    }

    /// One section's words, compared.
    public struct SectionChange: Codable, Equatable, Sendable {
        public var id: String
        public var runs: [WordDiff.Run]
        public var changed: Bool

        init(id: String, old: String, new: String, wordByWord: Bool) {
            self.id = id
            runs = wordByWord ? WordDiff.runs(from: old, to: new) : []
            changed = wordByWord ? runs.contains { $0.kind != .same } : old != new
        }
    }

    public var asset: Asset
    public var from: Day
    public var to: Day
    /// Every compared number, changed or not, in a fixed order.
    public var metrics: [MetricChange]
    /// Funding regime, open-interest band, ETF-flow direction, the readings (crowding, spot,
    /// support), divergence and risk level.
    public var regimes: [StateChange]
    /// The stabilization conditions: met, not met, no data, or why they can't be judged yet.
    public var signals: [StateChange]
    /// The headline (id `headline`), then each section.
    public var sections: [SectionChange]

    /// True when any number, state or word differs.
    public var hasChanges: Bool

    /// Stable JSON bytes: sorted keys, pretty-printed, a final newline.
    public func encoded() throws -> Data {
        try StableJSON.file(self)
    }

    /// Compares two briefs of one asset. Without `wordByWord`, texts are only compared whole
    /// (`changed`, no `runs`): enough for a summary, and the word diff is the costly part.
    public init(from old: BriefDocument, to new: BriefDocument, wordByWord: Bool = true) {
        asset = new.findings.asset
        from = old.findings.day
        to = new.findings.day
        metrics = Self.comparedMetrics.map { metric in
            Self.change(metric, old: old.findings, new: new.findings)
        }
        regimes = Self.comparedRegimes.map { regime in
            StateChange(id: regime.id, from: regime.state(old.findings), to: regime.state(new.findings))
        }
        signals = Self.comparedSignals.map { signal in
            StateChange(id: signal.id,
                        from: Self.state(signal.finding(old.findings)) ?? signal.unknown(old.findings),
                        to: Self.state(signal.finding(new.findings)) ?? signal.unknown(new.findings))
        }
        var ids = old.sections.map(\.id)
        ids += new.sections.map(\.id).filter { !ids.contains($0) }
        // A brief.json may have been edited by anyone: its text is shown with control characters
        // made visible (U+FFFD), so no escape sequence reaches a terminal or a page.
        func shown(_ text: String?) -> String { PrintableText.ofLines(text ?? "") }
        sections = [SectionChange(id: "headline", old: shown(old.headline), new: shown(new.headline), wordByWord: wordByWord)]
            + ids.map { SectionChange(id: PrintableText.of($0), old: shown(old.text(of: $0)), new: shown(new.text(of: $0)),
                                      wordByWord: wordByWord) }
        hasChanges = metrics.contains(where: \.changed) || regimes.contains(where: \.changed)
            || signals.contains(where: \.changed) || sections.contains(where: \.changed)
    }

    private static func change(_ metric: ComparedMetric, old oldFindings: Findings, new newFindings: Findings) -> MetricChange {
        let (old, new) = (metric.value(oldFindings), metric.value(newFindings))
        var result = MetricChange(id: metric.id, quantity: metric.quantity, isNetFlow: metric.isNetFlow,
                                  from: old, to: new, changed: old != new)
        if old == nil { result.fromNote = metric.note(oldFindings) }
        if new == nil { result.toNote = metric.note(newFindings) }
        if let old, let new {
            result.change = new - old
            // A percent change reads only between positive amounts: of a net outflow (-$413M to
            // -$296M) or across zero it says nothing a reader can use.
            if [.price, .usd, .coins].contains(metric.quantity), old > 0, new >= 0 {
                result.changePct = (new - old) / old * 100
            }
        }
        return result
    }

    /// `met` or `notMet`; `nil` when the signal could not be judged.
    private static func state(_ signal: SignalFinding) -> String? {
        signal.met.map { $0 ? "met" : "notMet" }
    }

    /// Every id a diff may hold, for the words `templates/diff-words.txt` must have: the numbers
    /// compared, the states compared (regimes and signals), and the values and notes states and
    /// numbers may take.
    public static var vocabulary: (metrics: [String], states: [String], values: [String]) {
        (comparedMetrics.map(\.id), comparedRegimes.map(\.id) + comparedSignals.map(\.id),
         comparedRegimes.flatMap(\.values) + ["met", "notMet", notRankedYet])
    }

    /// Why a percentile or a funding signal has no value while its data exists.
    private static let notRankedYet = "notRankedYet"

    private struct ComparedMetric: Sendable {
        var id: String
        var quantity: Quantity
        var isNetFlow = false
        /// Why the value is missing when it is not for want of data; `nil` for no data.
        var note: @Sendable (Findings) -> String? = { _ in nil }
        var value: @Sendable (Findings) -> Double?
    }

    private struct ComparedRegime: Sendable {
        var id: String
        /// The states `state` may return.
        var values: [String]
        var state: @Sendable (Findings) -> String?
    }

    private struct ComparedSignal: Sendable {
        var id: String
        /// Why an unjudged signal has no judgment, if not for want of data (`nil`).
        var unknown: @Sendable (Findings) -> String? = { _ in nil }
        var finding: @Sendable (Findings) -> SignalFinding
    }

    private static let comparedMetrics: [ComparedMetric] = [
        .init(id: "close", quantity: .price) { $0.price.close },
        .init(id: "funding-per-8h", quantity: .fundingRate) { $0.funding.ratePer8hPct },
        .init(id: "funding-annualized", quantity: .percent) { $0.funding.annualizedPct },
        .init(id: "open-interest", quantity: .coins) { $0.openInterest.coins },
        .init(id: "open-interest-usd", quantity: .usd) { $0.openInterest.usd },
        .init(id: "open-interest-percentile", quantity: .percentile,
              note: { $0.openInterest.coins != nil ? notRankedYet : nil }) { $0.openInterest.percentile },
        .init(id: "long-liquidations", quantity: .usd) { $0.liquidations.longUSD },
        .init(id: "short-liquidations", quantity: .usd) { $0.liquidations.shortUSD },
        .init(id: "etf-flow", quantity: .usd, isNetFlow: true) { $0.stabilization.recentETFFlows.last?.value },
        .init(id: "etf-flow-run", quantity: .usd, isNetFlow: true) { $0.divergence.etfFlows.current?.total },
        .init(id: "exchange-flow-run", quantity: .coins, isNetFlow: true) { $0.divergence.exchangeFlows.current?.total },
        .init(id: "dormant-sales", quantity: .usd) { $0.whale.totalUSD },
        .init(id: "support", quantity: .price) { $0.risk.support?.value },
        .init(id: "above-support", quantity: .percent) { $0.risk.distancePct },
        .init(id: "risk-score", quantity: .count) { Double($0.risk.score) },
        .init(id: "signals-met", quantity: .count) { Double($0.stabilization.metCount) },
    ]

    private static let comparedRegimes: [ComparedRegime] = [
        .init(id: "funding-regime", values: FundingRegime.allCases.map(\.rawValue)) { $0.funding.regime?.rawValue },
        .init(id: "open-interest-band", values: ["rangeHigh", "high", "normal"]) { finding in
            guard finding.openInterest.coins != nil else { return nil }
            return finding.openInterest.isRangeHigh ? "rangeHigh" : finding.openInterest.isHigh ? "high" : "normal"
        },
        .init(id: "etf-flow-direction", values: ["inflows", "outflows", "flat"]) { finding in
            guard let latest = finding.stabilization.recentETFFlows.last?.value else { return nil }
            return latest > 0 ? "inflows" : latest < 0 ? "outflows" : "flat"
        },
        .init(id: "crowding", values: CrowdingCall.allCases.filter { $0 != .unknown }.map(\.rawValue) + ["nearlyCrowded"]) { finding in
            let calls = finding.calls
            if calls.nearlyCrowded == true { return "nearlyCrowded" }
            return calls.crowding == .unknown ? nil : calls.crowding.rawValue
        },
        .init(id: "spot", values: SpotCall.allCases.filter { $0 != .unknown }.map(\.rawValue)) { finding in
            finding.calls.spot == .unknown ? nil : finding.calls.spot.rawValue
        },
        .init(id: "support", values: SupportCall.allCases.filter { $0 != .none }.map(\.rawValue)) { finding in
            finding.calls.support == .none ? nil : finding.calls.support.rawValue
        },
        .init(id: "divergence", values: DivergenceLevel.allCases.map(\.rawValue)) { $0.divergence.level.rawValue },
        .init(id: "risk-level", values: RiskLevel.allCases.map(\.rawValue)) { $0.risk.level.rawValue },
    ]

    private static let comparedSignals: [ComparedSignal] = [
        .init(id: "etf-inflows-return") { $0.stabilization.etfInflowsReturn },
        .init(id: "rotation-stops") { $0.stabilization.rotationStops },
        .init(id: "funding-neutral", unknown: { $0.funding.isHighUnknown ? notRankedYet : nil }) { $0.stabilization.fundingNeutral },
    ]
}
