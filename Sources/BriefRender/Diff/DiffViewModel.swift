import BriefCore

/// How removed and added words are marked in text output: brackets when plain,
/// terminal colors when shown on a terminal.
public struct DiffMarks: Sendable {
    var removed: (open: String, close: String)
    var added: (open: String, close: String)
    var heading: (open: String, close: String)

    /// `[was: removed]` and `[now: added]`: words, so a minus sign in a number never reads as
    /// part of a marker.
    public static let plain = DiffMarks(removed: ("[was: ", "]"), added: ("[now: ", "]"), heading: ("", ""))
    /// The same words in red and green, bold headings (ANSI escape codes): colour is a second
    /// cue, never the only one.
    public static let colored = DiffMarks(removed: ("\u{1B}[31m[was: ", "]\u{1B}[0m"), added: ("\u{1B}[32m[now: ", "]\u{1B}[0m"),
                                          heading: ("\u{1B}[1m", "\u{1B}[0m"))
}

/// The diff's words, from `templates/diff-words.txt`: the name of a number or state compared,
/// or a value a state takes, by id.
struct DiffWords: Sendable {
    enum Kind: String, Sendable, CaseIterable { case metric, state, value }
    /// The word for an id of a kind.
    let word: @Sendable (Kind, String) -> String

    /// The ids the words template knows, by kind (a missing value is `noData`).
    static let ids: [Kind: [String]] = {
        let vocabulary = BriefDiff.vocabulary
        return [.metric: vocabulary.metrics, .state: vocabulary.states, .value: Array(Set(vocabulary.values + ["noData"])).sorted()]
    }()

    /// What the words template reads for `id`: its kind, holding each of the kind's ids as a
    /// flag, true for `id` only (so no name is looked for outside it).
    static func node(_ kind: Kind, _ id: String) -> ViewNode {
        var flags = ViewNode()
        for known in ids[kind] ?? [] { flags[known] = known == id }
        return [kind.rawValue: flags]
    }

    /// The word for `value`, or for `noData` when there is none.
    func value(_ value: String?) -> String { word(.value, value ?? "noData") }
}

/// Turns a `BriefDiff` into what the diff templates read: only what changed, formatted.
enum DiffViewModel {
    typealias Node = ViewNode

    static func make(_ diff: BriefDiff, marks: DiffMarks = .plain, words: DiffWords) -> Node {
        let dates = DayText(briefDay: diff.to)
        let unit = diff.asset.code
        // A number whose change does not show at its printed precision (99th → 99th) is listed as unchanged.
        func shows(_ change: BriefDiff.MetricChange) -> Bool {
            change.changed && change.from.map { value(change.quantity, $0, unit: unit) } != change.to.map { value(change.quantity, $0, unit: unit) }
        }
        let metrics = diff.metrics.filter(shows)
        let regimes = diff.regimes.filter(\.changed)
        let signals = diff.signals.filter(\.changed)
        let sections = diff.sections.filter(\.changed)
        let labels = metrics.map { words.word(.metric, $0.id) } + (regimes + signals).map { words.word(.state, $0.id) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let metricNodes = metrics.map { metric(in: $0, unit: unit, words: words, labelWidth: labelWidth) }
        let valueWidth = metricNodes.compactMap { $0.text("values")?.count }.max() ?? 0
        return [
            "asset": unit,
            "from": diff.from.description,
            "to": diff.to.description,
            "fromText": dates.long(diff.from),
            "toText": dates.long(diff.to),
            "hasChanges": diff.hasChanges,
            "regimes": regimes.map { state($0, words: words, labelWidth: labelWidth) },
            "hasRegimes": !regimes.isEmpty,
            "signals": signals.map { state($0, words: words, labelWidth: labelWidth) },
            "hasSignals": !signals.isEmpty,
            "metrics": metricNodes.map { node in
                var node = node
                node["valuesPadded"] = padded(node.text("values") ?? "", to: valueWidth)
                return node
            },
            "hasMetrics": !metrics.isEmpty,
            "unchangedLabels": diff.metrics.filter { !shows($0) }.map { words.word(.metric, $0.id) }.joined(separator: ", "),
            "hasUnchanged": diff.metrics.contains { !shows($0) },
            "unchangedCount": String(diff.metrics.count { !shows($0) }),
            "unchanged": diff.metrics.filter { !shows($0) }.map { change in
                ["label": words.word(.metric, change.id),
                 "to": change.to.map { value(change.quantity, $0, unit: unit) } ?? words.value(change.toNote)] as Node
            },
            "sections": sections.map { section($0, marks: marks) },
            "hasSections": !sections.isEmpty,
            "heading": ["open": marks.heading.open, "close": marks.heading.close] as Node,
        ]
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func state(_ change: BriefDiff.StateChange, words: DiffWords, labelWidth: Int) -> Node {
        let label = words.word(.state, change.id)
        return ["label": label, "labelPadded": padded(label, to: labelWidth), "from": words.value(change.from), "to": words.value(change.to)]
    }

    private static func metric(in change: BriefDiff.MetricChange, unit: String, words: DiffWords, labelWidth: Int) -> Node {
        let from = change.from.map { value(change.quantity, $0, unit: unit) } ?? words.value(change.fromNote)
        let to = change.to.map { value(change.quantity, $0, unit: unit) } ?? words.value(change.toNote)
        let label = words.word(.metric, change.id)
        var node: Node = ["id": change.id, "label": label, "labelPadded": padded(label, to: labelWidth),
                          "from": from, "to": to, "values": from + " → " + to]
        if let delta = change.change {
            node["change"] = difference(change.quantity, delta, unit: unit)
        }
        if change.isNetFlow, let old = change.from, let new = change.to {
            node["flow"] = flow(from: old, to: new, by: value(change.quantity, abs(new - old), unit: unit))
        }
        node["changePct"] = change.changePct.map { ($0 > 0 ? "+" : "") + NumberFormat.percent($0, places: 1) }
        return node
    }

    static func value(_ quantity: BriefDiff.Quantity, _ value: Double, unit: String) -> String {
        switch quantity {
        case .price: NumberFormat.price(value)
        case .usd: NumberFormat.money(value)
        case .coins: NumberFormat.coins(value, unit)
        case .percent: NumberFormat.percent(value)
        case .fundingRate: NumberFormat.fundingRate(value)
        case .percentile: NumberFormat.ordinal(value)
        case .count: NumberFormat.decimal(value, places: 0)
        }
    }

    /// How a net flow changed, for the words of `diff-change.html`: which way it went before and
    /// now, and whether it grew or shrank (by `by`).
    private static func flow(from old: Double, to new: Double, by: String) -> Node {
        let grew = abs(new) > abs(old)
        return [
            "by": by,
            "outflowGrew": old < 0 && new < 0 && grew, "outflowShrank": old < 0 && new < 0 && !grew,
            "inflowGrew": old > 0 && new > 0 && grew, "inflowShrank": old > 0 && new > 0 && !grew,
            "turnedInflow": old <= 0 && new > 0, "turnedOutflow": old >= 0 && new < 0, "stopped": old != 0 && new == 0,
        ]
    }

    /// A signed change: `+$4,000`, `-$457M`, `+2.19 pp`, `+3`.
    private static func difference(_ quantity: BriefDiff.Quantity, _ delta: Double, unit: String) -> String {
        let sign = delta > 0 ? "+" : ""
        switch quantity {
        case .price: return sign + NumberFormat.price(delta)
        case .usd: return NumberFormat.signedMoney(delta)
        case .coins: return sign + NumberFormat.coins(delta, unit)
        case .percent: return sign + NumberFormat.decimal(delta, places: 2) + " pp"
        case .fundingRate: return sign + String(NumberFormat.fundingRate(delta).dropLast()) + " pp"
        case .percentile: return sign + NumberFormat.decimal(delta, places: 1) + " points"
        case .count: return sign + NumberFormat.decimal(delta, places: 0)
        }
    }

    /// A changed section: its changed lines, as marked text and as segments for HTML. A line
    /// rewritten more than it was kept reads as the old line, then the new one.
    private static func section(_ change: BriefDiff.SectionChange, marks: DiffMarks) -> Node {
        let lines = lines(of: change.runs).filter { line in line.contains { $0.kind != .same } }.flatMap(wholeIfRewritten)
        return [
            "id": change.id,
            "title": BriefSection(rawValue: change.id)?.title ?? "Headline",
            "lines": lines.map { line in
                line.map { piece in
                    switch piece.kind {
                    case .same: piece.text
                    case .removed: marks.removed.open + piece.text + marks.removed.close
                    case .added: marks.added.open + piece.text + marks.added.close
                    }
                }.joined(separator: " ")
            },
            "paragraphs": lines.map { line in
                ["segments": line.map { piece in
                    [piece.kind.rawValue: true, "text": piece.text] as Node
                }] as Node
            },
        ]
    }

    /// Words of one kind on a line, joined.
    private struct Piece {
        var kind: WordDiff.Run.Kind
        var text: String
        var words: Int
    }

    /// `line` as it was and as it is, when fewer of its words were kept than changed; else `line`.
    private static func wholeIfRewritten(_ line: [Piece]) -> [[Piece]] {
        func words(_ kinds: Set<WordDiff.Run.Kind>) -> Int {
            line.filter { kinds.contains($0.kind) }.map(\.words).reduce(0, +)
        }
        guard words([.same]) < words([.removed, .added]) else { return [line] }
        func version(_ kind: WordDiff.Run.Kind) -> [Piece] {
            let kept = line.filter { $0.kind == .same || $0.kind == kind }
            return kept.isEmpty ? [] : [Piece(kind: kind, text: kept.map(\.text).joined(separator: " "), words: words([.same, kind]))]
        }
        return [version(.removed), version(.added)].filter { !$0.isEmpty }
    }

    /// The runs cut at line breaks: each line a list of pieces.
    private static func lines(of runs: [WordDiff.Run]) -> [[Piece]] {
        var lines: [[Piece]] = [[]]
        for run in runs {
            var pieces: [[String]] = [[]]
            for word in run.words {
                if word == "\n" { pieces.append([]) } else { pieces[pieces.count - 1].append(word) }
            }
            for (index, piece) in pieces.enumerated() {
                if index > 0 { lines.append([]) }
                if !piece.isEmpty { lines[lines.count - 1].append(Piece(kind: run.kind, text: piece.joined(separator: " "), words: piece.count)) }
            }
        }
        return lines
    }
}
