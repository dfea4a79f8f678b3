import Foundation

/// What changed from one brief of an asset to a later one: metrics, regimes,
/// stabilization conditions and the words of each section. Built from two
/// `brief.json` documents; nothing is recomputed.
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
        public var label: String
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
        /// Why `from` or `to` is missing when it is not for want of data ("not ranked").
        public var fromNote: String?
        public var toNote: String?
    }

    /// A named state in both briefs: a regime, a level, a condition.
    public struct StateChange: Codable, Equatable, Sendable {
        public var id: String
        public var label: String
        public var from: String?
        public var to: String?
        public var changed: Bool

        init(id: String, label: String, from: String?, to: String?) {
            (self.id, self.label, self.from, self.to) = (id, label, from, to)
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
            StateChange(id: regime.id, label: regime.label, from: regime.state(old.findings), to: regime.state(new.findings))
        }
        signals = Self.comparedSignals.map { signal in
            StateChange(id: signal.id, label: signal.label,
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
        var result = MetricChange(id: metric.id, label: metric.label, quantity: metric.quantity, isNetFlow: metric.isNetFlow,
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

    /// "met" or "not met"; `nil` when the signal could not be judged.
    private static func state(_ signal: SignalFinding) -> String? {
        signal.met.map { $0 ? "met" : "not met" }
    }

    private struct ComparedMetric: Sendable {
        var id: String
        var label: String
        var quantity: Quantity
        var isNetFlow = false
        /// Why the value is missing when it is not for want of data; `nil` for "no data".
        var note: @Sendable (Findings) -> String? = { _ in nil }
        var value: @Sendable (Findings) -> Double?
    }

    private struct ComparedRegime: Sendable {
        var id: String
        var label: String
        var state: @Sendable (Findings) -> String?
    }

    private struct ComparedSignal: Sendable {
        var id: String
        var label: String
        /// What an unjudged signal is shown as: "no data", or why there is no judgment.
        var unknown: @Sendable (Findings) -> String = { _ in "no data" }
        var finding: @Sendable (Findings) -> SignalFinding
    }

    private static let comparedMetrics: [ComparedMetric] = [
        .init(id: "close", label: "Close", quantity: .price) { $0.price.close },
        .init(id: "funding-per-8h", label: "Funding per 8h", quantity: .fundingRate) { $0.funding.ratePer8hPct },
        .init(id: "funding-annualized", label: "Funding, annualized", quantity: .percent) { $0.funding.annualizedPct },
        .init(id: "open-interest", label: "Open interest", quantity: .coins) { $0.openInterest.coins },
        .init(id: "open-interest-usd", label: "Open interest (USD)", quantity: .usd) { $0.openInterest.usd },
        .init(id: "open-interest-percentile", label: "Open interest percentile", quantity: .percentile,
              note: { $0.openInterest.coins != nil ? "not ranked yet" : nil }) { $0.openInterest.percentile },
        .init(id: "long-liquidations", label: "Long liquidations", quantity: .usd) { $0.liquidations.longUSD },
        .init(id: "short-liquidations", label: "Short liquidations", quantity: .usd) { $0.liquidations.shortUSD },
        .init(id: "etf-flow", label: "Spot-ETF net flow, latest day", quantity: .usd, isNetFlow: true) { $0.stabilization.recentETFFlows.last?.value },
        .init(id: "etf-flow-run", label: "Spot-ETF flow run (net)", quantity: .usd, isNetFlow: true) { $0.divergence.etfFlows.current?.total },
        .init(id: "exchange-flow-run", label: "Exchange net-flow run (net)", quantity: .coins, isNetFlow: true) { $0.divergence.exchangeFlows.current?.total },
        .init(id: "dormant-sales", label: "Dormant-coin sales in the lookback", quantity: .usd) { $0.whale.totalUSD },
        .init(id: "support", label: "Support", quantity: .price) { $0.risk.support?.value },
        .init(id: "above-support", label: "Distance above support", quantity: .percent) { $0.risk.distancePct },
        .init(id: "risk-score", label: "Risk points", quantity: .count) { Double($0.risk.score) },
        .init(id: "signals-met", label: "Stabilization signals met", quantity: .count) { Double($0.stabilization.metCount) },
    ]

    private static let comparedRegimes: [ComparedRegime] = [
        .init(id: "funding-regime", label: "Funding") { $0.funding.regime?.rawValue },
        .init(id: "open-interest-band", label: "Open interest") { finding in
            guard finding.openInterest.coins != nil else { return nil }
            return finding.openInterest.isRangeHigh ? "range high" : finding.openInterest.isHigh ? "high" : "normal"
        },
        .init(id: "etf-flow-direction", label: "Spot-ETF flows") { finding in
            guard let latest = finding.stabilization.recentETFFlows.last?.value else { return nil }
            return latest > 0 ? "inflows" : latest < 0 ? "outflows" : "flat"
        },
        .init(id: "crowding", label: "Leverage") { finding in
            let calls = finding.calls
            if calls.nearlyCrowded == true { return "just short of crowded" }
            return crowdingWords[calls.crowding]
        },
        .init(id: "spot", label: "Spot") { spotWords[$0.calls.spot] },
        .init(id: "support", label: "Against support") { supportWords[$0.calls.support] },
        .init(id: "divergence", label: "Derivatives vs spot") { $0.divergence.level.rawValue },
        .init(id: "risk-level", label: "Short-term risk") { $0.risk.level.rawValue },
    ]

    /// The readings' states as a diff names them; `nil` (shown "no data") where nothing can be told.
    private static let crowdingWords: [CrowdingCall: String] = [
        .crowdedLong: "crowded long", .crowdedShort: "crowded short", .shortsPaying: "shorts paying, not crowded",
        .fundingHighOnly: "funding high only", .openInterestHighOnly: "open interest high only", .notStretched: "not stretched",
    ]
    private static let spotWords: [SpotCall: String] = [
        .selling: "selling", .buying: "buying", .mixed: "flows disagree", .neither: "no run",
    ]
    private static let supportWords: [SupportCall: String] = [
        .clear: "clear", .near: "near", .newLow: "broken (new low)", .far: "far below",
    ]

    private static let comparedSignals: [ComparedSignal] = [
        .init(id: "etf-inflows-return", label: "ETF inflows return") { $0.stabilization.etfInflowsReturn },
        .init(id: "rotation-stops", label: "Rotation calms down") { $0.stabilization.rotationStops },
        .init(id: "funding-neutral", label: "Funding back in the neutral band",
              unknown: { $0.funding.isHighUnknown ? "not ranked yet" : "no data" }) { $0.stabilization.fundingNeutral },
    ]
}
