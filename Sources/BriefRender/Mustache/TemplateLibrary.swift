import BriefCore

/// Compiled templates by name, rendering views into strings.
struct TemplateLibrary: Sendable {
    /// The byte written before each stated text by `renderStating` (a control character, which
    /// no template and no printed value holds: values from data are printed visibly escaped).
    static let claimMark = UInt8(0x01)

    let templates: [String: CompiledTemplate]

    /// Renders the template `name` with `view`; `nil` when there is no such template.
    func render(_ view: ViewNode, template name: String) -> String? {
        render(.node(view), template: name)
    }

    /// Renders the template `name` with any value as its context (`{{.}}` reads it).
    func render(_ view: ViewValue, template name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var renderer = Rendering(library: self)
        var stack = [view]
        renderer.render(template.nodes, escaping: template.escapesHTML, stack: &stack, indentation: "")
        return String(decoding: renderer.output, as: UTF8.self)
    }

    /// Renders the template `name` with `view`, writing a `claimMark` for each claim of a stated
    /// text before the text it prints, and returning the claims in the order printed; `nil` when there is no such template.
    func renderStating(_ view: ViewNode, template name: String) -> (text: String, claims: [Claim])? {
        guard let template = templates[name] else { return nil }
        var renderer = Rendering(library: self)
        renderer.claims = []
        var stack = [ViewValue.node(view)]
        renderer.render(template.nodes, escaping: template.escapesHTML, stack: &stack, indentation: "")
        return (String(decoding: renderer.output, as: UTF8.self), renderer.claims ?? [])
    }
}

/// One rendering: the output so far, as UTF-8 bytes (appended without a string's checks).
private struct Rendering {
    let library: TemplateLibrary
    var output: [UInt8] = []
    /// The claims of the stated texts written so far, when they are recorded.
    var claims: [Claim]?

    init(library: TemplateLibrary) { self.library = library }

    /// Whether the output stands at the start of a line, where an indented partial's lines begin.
    private var atLineStart: Bool { output.last.map { $0 == UInt8(ascii: "\n") } ?? true }

    /// Renders `nodes` with `stack` as their context; a section's items are pushed on it while
    /// its children render, and popped after.
    mutating func render(_ nodes: [CompiledTemplate.Node], escaping: Bool, stack: inout [ViewValue], indentation: String) {
        for node in nodes {
            switch node {
            case .text(let text):
                guard !indentation.isEmpty else {
                    output.append(contentsOf: text.utf8)
                    continue
                }
                for byte in text.utf8 {
                    if atLineStart { output.append(contentsOf: indentation.utf8) }
                    output.append(byte)
                }
            case .variable(let name, let escaped):
                let value = Self.lookup(name, stack)
                guard let text = value.flatMap(Self.text), !text.isEmpty else { continue }
                if !indentation.isEmpty, atLineStart { output.append(contentsOf: indentation.utf8) }
                if case .stated(let stated)? = value, claims != nil {
                    claims! += stated.claims
                    output += repeatElement(TemplateLibrary.claimMark, count: stated.claims.count)
                }
                if escaped && escaping {
                    appendEscaped(text)
                } else {
                    output.append(contentsOf: text.utf8)
                }
            case .section(let name, let children, let inverted):
                let value = Self.lookup(name, stack)
                if inverted {
                    if value?.isTruthy != true { render(children, escaping: escaping, stack: &stack, indentation: indentation) }
                } else if let value, value.isTruthy {
                    switch value {
                    case .list(let items):
                        for item in items { render(children, escaping: escaping, pushing: item, on: &stack, indentation: indentation) }
                    case .nodes(let items):
                        for item in items { render(children, escaping: escaping, pushing: .node(item), on: &stack, indentation: indentation) }
                    default:
                        render(children, escaping: escaping, pushing: value, on: &stack, indentation: indentation)
                    }
                }
            case .partial(let name, let partialIndentation, _):
                guard let partial = library.templates[name] else { continue }
                render(partial.nodes, escaping: partial.escapesHTML, stack: &stack, indentation: indentation + partialIndentation)
            }
        }
    }

    private mutating func render(_ nodes: [CompiledTemplate.Node], escaping: Bool, pushing value: ViewValue, on stack: inout [ViewValue],
                                 indentation: String) {
        stack.append(value)
        render(nodes, escaping: escaping, stack: &stack, indentation: indentation)
        stack.removeLast()
    }

    /// The value of a dotted name: its first part looked up from the top of the stack down,
    /// the rest inside what it found; `.` is the top of the stack.
    static func lookup(_ name: CompiledTemplate.Name, _ stack: [ViewValue]) -> ViewValue? {
        guard let first = name.parts.first else { return stack.last }
        var value: ViewValue?
        for frame in stack.reversed() {
            if case .node(let node) = frame, let found = node.value(for: first) {
                value = found
                break
            }
        }
        for part in name.parts.dropFirst() {
            guard case .node(let node)? = value, let found = node.value(for: part) else { return nil }
            value = found
        }
        return value
    }

    /// What a variable tag writes: a text as it is, a flag as `true` or `false`; a node, a list
    /// or nothing writes nothing.
    static func text(_ value: ViewValue) -> String? {
        switch value {
        case .text(let text): text
        case .stated(let stated): stated.text
        case .flag(let flag): flag ? "true" : "false"
        case .node, .list, .nodes, .nothing: nil
        }
    }

    /// Appends `text` with `&`, `<`, `>`, `"` and `'` as entities (worked on UTF-8 bytes: these
    /// are all ASCII).
    private mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let entity: StaticString
                switch bytes[index] {
                case 0x26: entity = "&amp;"
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
