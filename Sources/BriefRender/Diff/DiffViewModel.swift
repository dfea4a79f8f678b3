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
            let shown = values(change, unit: unit)
            return change.changed && shown.from != shown.to
        }
        let metrics = diff.metrics.filter(shows)
        let regimes = diff.regimes.filter(\.changed)
        let signals = diff.signals.filter(\.changed)
        // The headline leads: it says what the day was before any number does.
        let headline = diff.sections.first { $0.id == "headline" && $0.changed }
        let sections = diff.sections.filter { $0.changed && $0.id != "headline" }
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
                ["label": words.word(.metric, change.id), "to": values(change, unit: unit).to ?? words.value(change.toNote)] as Node
            },
            "headline": headline.map { section($0, marks: marks) },
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
        let shown = values(change, unit: unit)
        let from = shown.from ?? words.value(change.fromNote)
        let to = shown.to ?? words.value(change.toNote)
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

    /// A number's two values, at one precision: a funding rate printed with four decimals on
    /// one side has four on the other (`0.0085% → 0.0080%`, not `0.008%`).
    static func values(_ change: BriefDiff.MetricChange, unit: String) -> (from: String?, to: String?) {
        let from = change.from.map { value(change.quantity, $0, unit: unit) }
        let to = change.to.map { value(change.quantity, $0, unit: unit) }
        guard change.quantity == .fundingRate, let old = change.from, let new = change.to, let fromText = from, let toText = to else {
            return (from, to)
        }
        func places(_ text: String) -> Int { text.firstIndex(of: ".").map { text[$0...].count - 2 } ?? 0 }
        let shared = max(places(fromText), places(toText))
        return (NumberFormat.percent(old, places: shared), NumberFormat.percent(new, places: shared))
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

    /// A changed section: its changed lines, as marked text and as blocks for HTML (paragraphs,
    /// and lists of the lines that start `- `). Within a line, a change of a word or two between
    /// words kept is marked word by word; a sentence rewritten more than kept reads as the old
    /// sentence, then the new one (`sentences`), and a line with no sentence kept as the old
    /// line, then the new one.
    private static func section(_ change: BriefDiff.SectionChange, marks: DiffMarks) -> Node {
        let lines = lines(of: change.runs).filter { line in line.contains { $0.kind != .same } }.flatMap { line in
            // A line break only one text has ends a sentence there, and a line of what is shown.
            let marked = sentences(mergingShortKeeps(line)).flatMap(wholeIfRewritten)
            return marked.split { $0.text == "\n" }.map(Array.init).filter { $0.contains { $0.kind != .same } }.flatMap { shown -> [[Word]] in
                guard !shown.contains(where: { $0.kind == .same }) else { return [shown] }
                return [shown.filter { $0.kind == .removed }, shown.filter { $0.kind == .added }].filter { !$0.isEmpty }
            }
        }
        var blocks: [Node] = []
        for line in lines {
            let item = line.first?.text == "-"
            let segments = pieces(item ? Array(line.dropFirst()) : line).map { piece in
                [piece.kind.rawValue: true, "text": piece.text] as Node
            }
            if item, let last = blocks.last, last.flag("list") {
                blocks[blocks.count - 1]["items"] = last.nodes("items") + [["segments": segments] as Node]
            } else {
                blocks.append(item ? ["list": true, "items": [["segments": segments] as Node]] : ["paragraph": true, "segments": segments])
            }
        }
        return [
            "id": change.id,
            "title": BriefSection(rawValue: change.id)?.title ?? "Headline",
            "lines": lines.map { line in
                pieces(line).map { piece in
                    switch piece.kind {
                    case .same: piece.text
                    case .removed: marks.removed.open + piece.text + marks.removed.close
                    case .added: marks.added.open + piece.text + marks.added.close
                    }
                }.joined(separator: " ")
            },
            "blocks": blocks,
        ]
    }

    /// One word of a line, kept, removed or added.
    private struct Word {
        var kind: WordDiff.Run.Kind
        var text: String
    }

    /// Words of one kind in a row, joined.
    private static func pieces(_ words: [Word]) -> [(kind: WordDiff.Run.Kind, text: String)] {
        var pieces: [(kind: WordDiff.Run.Kind, text: String)] = []
        for word in words {
            if pieces.last?.kind == word.kind { pieces[pieces.count - 1].text += " " + word.text } else { pieces.append((word.kind, word.text)) }
        }
        return pieces
    }

    /// `line` with each run of kept words between two changes that is no longer than either of
    /// them made part of the change (removed and added): `(Aug [was: 22 -$350M, Aug] 25
    /// [was: -$413M).] …` reads `(Aug [was: 22 -$350M, Aug 25 -$413M).] [now: 25 -$413M, …]`.
    private static func mergingShortKeeps(_ line: [Word]) -> [Word] {
        // The line as kept runs and changes (a change: the words removed and added between two kept runs).
        var groups: [(kept: [String], removed: [String], added: [String])] = []
        for word in line {
            let isKept = word.kind == .same
            if groups.isEmpty || isKept != !groups[groups.count - 1].kept.isEmpty {
                groups.append(([], [], []))
            }
            switch word.kind {
            case .same: groups[groups.count - 1].kept.append(word.text)
            case .removed: groups[groups.count - 1].removed.append(word.text)
            case .added: groups[groups.count - 1].added.append(word.text)
            }
        }
        func size(_ index: Int) -> Int { max(groups[index].removed.count, groups[index].added.count) }
        var index = 1
        while index + 1 < groups.count {
            if !groups[index].kept.isEmpty, groups[index].kept.count <= min(size(index - 1), size(index + 1)) {
                let kept = groups[index].kept, after = groups[index + 1]
                groups[index - 1].removed += kept + after.removed
                groups[index - 1].added += kept + after.added
                groups.removeSubrange(index...(index + 1))
                index = max(1, index - 2)
            } else {
                index += 1
            }
        }
        return groups.flatMap { group in
            group.kept.map { Word(kind: .same, text: $0) } + group.removed.map { Word(kind: .removed, text: $0) }
                + group.added.map { Word(kind: .added, text: $0) }
        }
    }

    /// `line` cut where both texts are between sentences (after a word ending `.`, `!` or `?`,
    /// with any closing bracket or quote after it): each piece a sentence, or a few whose ends
    /// do not meet.
    private static func sentences(_ line: [Word]) -> [[Word]] {
        func endsSentence(_ word: String) -> Bool {
            guard word != "\n" else { return true }
            let end = word.reversed().drop { ")]\"'’”".contains($0) }.first
            return end.map { ".!?".contains($0) } ?? false
        }
        var sentences: [[Word]] = []
        var current: [Word] = []
        var (oldEnded, newEnded) = (true, true)
        for word in line {
            if oldEnded, newEnded, !current.isEmpty {
                sentences.append(current)
                current = []
            }
            current.append(word)
            if word.kind != .added { oldEnded = endsSentence(word.text) }
            if word.kind != .removed { newEnded = endsSentence(word.text) }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// `sentence` as it was, then as it is, when fewer than half of its words were kept; else
    /// `sentence`.
    private static func wholeIfRewritten(_ sentence: [Word]) -> [Word] {
        let kept = sentence.count { $0.kind == .same }
        let was = sentence.filter { $0.kind != .added }, now = sentence.filter { $0.kind != .removed }
        guard kept * 2 < max(was.count, now.count) else { return sentence }
        return was.map { Word(kind: .removed, text: $0.text) } + now.map { Word(kind: .added, text: $0.text) }
    }

    /// The runs cut at the line breaks both texts have: each line a list of words, a line break
    /// only one text has (`"\n"`) among them.
    private static func lines(of runs: [WordDiff.Run]) -> [[Word]] {
        var lines: [[Word]] = [[]]
        for run in runs {
            for word in run.words {
                if word == "\n", run.kind == .same { lines.append([]) } else { lines[lines.count - 1].append(Word(kind: run.kind, text: word)) }
            }
        }
        return lines
    }
}
