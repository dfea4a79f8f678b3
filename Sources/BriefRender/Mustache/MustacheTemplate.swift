/// A Mustache template compiled once into a tree, rendered many times.
///
/// Supports the spec's interpolation, sections, inverted sections, comments, partials (with
/// standalone indentation) and set-delimiter tags, plus the `{{% CONTENT_TYPE: TEXT}}` pragma
/// (that template's values are not HTML-escaped). Lambdas, dynamic names and inheritance are
/// not supported. Values are what the view models build (`ViewValue`).
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(name: Name, escaped: Bool)
        case section(name: Name, nodes: [Node], inverted: Bool)
        case partial(name: String, indentation: String, line: Int)
    }

    /// A tag's name, split at its dots, each part fingerprinted for lookups; `.` has no parts.
    struct Name: Sendable {
        let parts: [ViewName]
    }

    let nodes: [Node]
    /// False under `{{% CONTENT_TYPE: TEXT}}`.
    let escapesHTML: Bool

    /// A template that does not compile: where, and why.
    struct SyntaxError: Error {
        var line: Int
        var column: Int
        var reason: String
    }

    init(_ source: String) throws(SyntaxError) {
        var escapes = true
        let tokens = try Self.tokens(source, escapesHTML: &escapes)
        nodes = try Self.tree(Self.removingStandaloneLines(tokens))
        escapesHTML = escapes
    }

    // MARK: - Tokens

    private enum Kind: Equatable {
        case variable(escaped: Bool), sectionOpen, invertedOpen, sectionClose, comment, partial, delimiters, pragma
    }

    private enum Token {
        case text(String)
        case tag(kind: Kind, content: String, line: Int, column: Int, indentation: String)
    }

    /// The source's text and tags, read as UTF-8 bytes (a template is mostly text between tags:
    /// each stretch is copied once). Lines and columns are counted in characters, for errors.
    private static func tokens(_ source: String, escapesHTML: inout Bool) throws(SyntaxError) -> [Token] {
        let bytes = Array(source.utf8)
        var open = Array("{{".utf8), close = Array("}}".utf8)
        var tokens: [Token] = []
        var index = 0, line = 1, lineStart = 0
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            position + pattern.count <= bytes.count && bytes[position..<(position + pattern.count)].elementsEqual(pattern)
        }
        func find(_ pattern: [UInt8], from start: Int) -> Int? {
            var position = start
            while let candidate = bytes[position...].firstIndex(of: pattern[0]) {
                if matches(pattern, at: candidate) { return candidate }
                position = candidate + 1
            }
            return nil
        }
        /// Moves to `position`, counting the lines passed.
        func advance(to position: Int) {
            for offset in index..<position where bytes[offset] == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset + 1
            }
            index = position
        }
        while index < bytes.count {
            guard let tagStart = find(open, from: index) else {
                tokens.append(.text(text(index..<bytes.count)))
                break
            }
            if tagStart > index { tokens.append(.text(text(index..<tagStart))) }
            advance(to: tagStart)
            let before = bytes[lineStart..<tagStart]
            // Characters before the tag; in ASCII, bytes (no `\r\n` is left before a line's start).
            let tagColumn = (before.allSatisfy { $0 < 0x80 } ? before.count : text(lineStart..<tagStart).count) + 1
            let tagLine = line
            advance(to: index + open.count)
            var closing = close
            var kind = Kind.variable(escaped: true)
            if index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "{") where open == Array("{{".utf8): kind = .variable(escaped: false); closing = [UInt8(ascii: "}")] + close
                case UInt8(ascii: "&"): kind = .variable(escaped: false)
                case UInt8(ascii: "#"): kind = .sectionOpen
                case UInt8(ascii: "^"): kind = .invertedOpen
                case UInt8(ascii: "/"): kind = .sectionClose
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "="): kind = .delimiters; closing = [UInt8(ascii: "=")] + close
                case UInt8(ascii: "%"): kind = .pragma
                default: break
                }
                if kind != .variable(escaped: true) { advance(to: index + 1) }
            }
            guard let tagEnd = find(closing, from: index) else {
                throw SyntaxError(line: tagLine, column: tagColumn, reason: "tag is not closed with \(String(decoding: closing, as: UTF8.self))")
            }
            let content = text(index..<tagEnd).trimmingWhitespace()
            advance(to: tagEnd + closing.count)
            switch kind {
            case .delimiters:
                let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2 else {
                    throw SyntaxError(line: tagLine, column: tagColumn, reason: "set-delimiter tag needs two delimiters: \(content)")
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            case .pragma where content.filter({ $0 != " " }) == "CONTENT_TYPE:TEXT":
                escapesHTML = false
            case .comment, .pragma:
                break
            default:
                guard !content.isEmpty else { throw SyntaxError(line: tagLine, column: tagColumn, reason: "empty tag") }
            }
            tokens.append(.tag(kind: kind, content: content, line: tagLine, column: tagColumn, indentation: ""))
        }
        return tokens
    }

    /// A line holding nothing but one section, inverted, close, comment, partial, delimiter or
    /// pragma tag (and spaces or tabs) is removed whole; a standalone partial keeps the line's
    /// indentation to put before each of its lines.
    private static func removingStandaloneLines(_ tokens: [Token]) -> [Token] {
        // Line ends are found on the bytes: a `\n` is always a character's end, alone or in `\r\n`.
        func isBlank(_ text: Substring) -> Bool { text.utf8.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } }
        func afterLastLineEnd(_ text: String) -> String.Index? {
            text.utf8.lastIndex(of: UInt8(ascii: "\n")).map { text.utf8.index(after: $0) }
        }
        /// Where the first line end (`\n` or `\r\n`) starts, and the index after it.
        func firstLineEnd(_ text: String) -> (start: String.Index, end: String.Index)? {
            guard let newline = text.utf8.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let before = newline > text.startIndex ? text.utf8.index(before: newline) : newline
            return (before != newline && text.utf8[before] == UInt8(ascii: "\r") ? before : newline, text.utf8.index(after: newline))
        }
        var standalone = [Bool](repeating: false, count: tokens.count)
        for (index, token) in tokens.enumerated() {
            guard case .tag(let kind, _, _, _, _) = token, !kindIsInline(kind) else { continue }
            var before = index == 0
            if index > 0, case .text(let text) = tokens[index - 1] {
                if let lineStart = afterLastLineEnd(text) {
                    before = isBlank(text[lineStart...])
                } else {
                    before = index == 1 && isBlank(text[...])
                }
            }
            var after = index == tokens.count - 1
            if index < tokens.count - 1, case .text(let text) = tokens[index + 1] {
                if let lineEnd = firstLineEnd(text) {
                    after = isBlank(text[..<lineEnd.start])
                } else {
                    after = index + 1 == tokens.count - 1 && isBlank(text[...])
                }
            }
            standalone[index] = before && after
        }
        var result: [Token] = []
        for (index, token) in tokens.enumerated() {
            switch token {
            case .text(var text):
                if index > 0, standalone[index - 1] {
                    if let lineEnd = firstLineEnd(text) { text = String(text[lineEnd.end...]) } else { text = "" }
                }
                if index < tokens.count - 1, standalone[index + 1] {
                    if let lineStart = afterLastLineEnd(text) { text = String(text[..<lineStart]) } else { text = "" }
                }
                if !text.isEmpty { result.append(.text(text)) }
            case .tag(let kind, let content, let line, let column, _):
                var indentation = ""
                if standalone[index], kind == .partial, index > 0, case .text(let before) = tokens[index - 1] {
                    indentation = String(before[(afterLastLineEnd(before) ?? before.startIndex)...])
                }
                result.append(.tag(kind: kind, content: content, line: line, column: column, indentation: indentation))
            }
        }
        return result
    }

    private static func kindIsInline(_ kind: Kind) -> Bool {
        if case .variable = kind { return true }
        return false
    }

    private static func tree(_ tokens: [Token]) throws(SyntaxError) -> [Node] {
        var stack: [(name: String, inverted: Bool, line: Int, column: Int, nodes: [Node])] = [("", false, 0, 0, [])]
        for token in tokens {
            switch token {
            case .text(let text):
                stack[stack.count - 1].nodes.append(.text(text))
            case .tag(let kind, let content, let line, let column, let indentation):
                switch kind {
                case .variable(let escaped):
                    stack[stack.count - 1].nodes.append(.variable(name: path(content), escaped: escaped))
                case .sectionOpen, .invertedOpen:
                    stack.append((content, kind == .invertedOpen, line, column, []))
                case .sectionClose:
                    guard stack.count > 1, stack[stack.count - 1].name == content else {
                        throw SyntaxError(line: line, column: column,
                                          reason: stack.count > 1 ? "{{/\(content)}} closes {{#\(stack[stack.count - 1].name)}}" : "{{/\(content)}} closes nothing")
                    }
                    let section = stack.removeLast()
                    stack[stack.count - 1].nodes.append(.section(name: path(section.name), nodes: section.nodes, inverted: section.inverted))
                case .partial:
                    stack[stack.count - 1].nodes.append(.partial(name: content, indentation: indentation, line: line))
                case .comment, .delimiters, .pragma:
                    break
                }
            }
        }
        guard stack.count == 1 else {
            let open = stack[stack.count - 1]
            throw SyntaxError(line: open.line, column: open.column, reason: "{{#\(open.name)}} is never closed")
        }
        return stack[0].nodes
    }

    /// The partials the template names, with the line of each, in order.
    var partials: [(name: String, line: Int)] {
        func partials(in nodes: [Node]) -> [(name: String, line: Int)] {
            nodes.flatMap { node -> [(name: String, line: Int)] in
                switch node {
                case .partial(let name, _, let line): [(name, line)]
                case .section(_, let children, _): partials(in: children)
                case .text, .variable: []
                }
            }
        }
        return partials(in: nodes)
    }

    private static func path(_ name: String) -> Name {
        guard name != "." else { return Name(parts: []) }
        return Name(parts: name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { ViewName(String(Substring($0))) })
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        // In ASCII, the whitespace characters are the bytes 0x09–0x0D and the space.
        if utf8.allSatisfy({ $0 < 0x80 }) {
            let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
            let kept = utf8.drop(while: isSpace)
            guard let last = kept.lastIndex(where: { !isSpace($0) }) else { return "" }
            return String(Substring(kept[...last]))
        }
        var characters = Substring(self)
        while let first = characters.first, first.isWhitespace { characters.removeFirst() }
        while let last = characters.last, last.isWhitespace { characters.removeLast() }
        return String(characters)
    }
}
