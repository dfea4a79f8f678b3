import BriefCore

/// One problem in an input file, located by file, line and field.
public struct InputProblem: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line where the record starts; 0 when the problem concerns the whole file.
    public var line: Int
    /// The column (or `header`, `file`) at fault.
    public var field: String
    public var reason: String

    /// `field` and `reason` echo the input (a column name, a value): each is cut to
    /// `EchoedText.maxBytes`, so a 50 MB column name gives a short error, not a 50 MB one. The
    /// file's name shows its control characters as U+FFFD: a line break in a dropped file's name
    /// printed a line of its own.
    public init(file: String, line: Int, field: String, reason: String) {
        self.file = PrintableText.of(file)
        self.line = line
        self.field = EchoedText.cut(field)
        self.reason = EchoedText.cut(reason)
    }

    /// `file:line: field: reason`.
    public var description: String { "\(file):\(line): \(field): \(reason)" }
}

/// Outside text echoed in an error (a column name, a venue's message or value).
public enum EchoedText {
    /// The most bytes of such a text an error shows.
    public static let maxBytes = 600

    /// `text` cut to `maxBytes` UTF-8 bytes (a character cut in two shows as U+FFFD), saying how long it was.
    public static func cut(_ text: String) -> String {
        let length = text.utf8.count
        guard length > maxBytes else { return text }
        return String(decoding: text.utf8.prefix(maxBytes), as: UTF8.self) + "… (\(length) bytes in all)"
    }
}

/// An input file that cannot be imported; nothing from it was stored.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The problems found, in file order (at most `InputError.maxProblems`).
    public var problems: [InputProblem]
    /// How many problems there were in all.
    public var totalCount: Int

    /// Problems beyond this many are counted, not listed.
    public static let maxProblems = 20

    public init(problems: [InputProblem], totalCount: Int? = nil) {
        self.problems = Array(problems.prefix(InputError.maxProblems))
        self.totalCount = totalCount ?? problems.count
    }

    public var description: String {
        var lines = problems.map(\.description)
        if totalCount > problems.count { lines.append("… and \(totalCount - problems.count) more problems") }
        return lines.joined(separator: "\n")
    }
}

/// Problems gathered while a file is read: the first `InputError.maxProblems` are kept, the
/// rest only counted, so a file with a bad value on every line is read in constant memory.
struct ProblemList {
    private var kept: [InputProblem] = []
    private var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func add(_ problem: InputProblem) {
        if kept.count < InputError.maxProblems { kept.append(problem) }
        count += 1
    }

    func throwIfAny() throws(InputError) {
        guard isEmpty else { throw InputError(problems: kept, totalCount: count) }
    }
}
