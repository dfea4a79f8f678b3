/// Compiled templates by name, rendering views into strings.
struct TemplateLibrary: Sendable {
    let templates: [String: CompiledTemplate]

    /// Renders the template `name` with `view`; `nil` when there is no such template.
    func render(_ view: Any, template name: String) -> String? {
        guard let template = templates[name] else { return nil }
        var renderer = Rendering(library: self)
        var stack = [Frame(view)]
        renderer.render(template.nodes, escaping: template.escapesHTML, stack: &stack, indentation: "")
        return String(decoding: renderer.output, as: UTF8.self)
    }
}

/// A value on the context stack, with its dictionary (if it is one) cast once when pushed
/// rather than at every lookup through it.
private struct Frame {
    let value: Any
    let dictionary: [String: Any]?

    init(_ value: Any) {
        self.value = value
        dictionary = ViewTypes.dictionary(value)
    }

    init(dictionary: [String: Any]) {
        value = dictionary
        self.dictionary = dictionary
    }
}

/// The exact types views are made of, told apart by their type rather than by casts: a cast
/// that fails walks the type's conformances, and casting an array of dictionaries to `[Any]`
/// copies it, element by element.
private enum ViewTypes {
    static let string = ObjectIdentifier(String.self)
    static let bool = ObjectIdentifier(Bool.self)
    static let dictionary = ObjectIdentifier([String: Any].self)
    static let dictionaries = ObjectIdentifier([[String: Any]].self)

    /// `value` as a dictionary, if it is one: at once for the types views are made of, by a
    /// cast for others (a view decoded from JSON).
    static func dictionary(_ value: Any) -> [String: Any]? {
        let type = ObjectIdentifier(type(of: value))
        if type == dictionary { return (value as! [String: Any]) }
        if type == string || type == bool || type == dictionaries { return nil }
        return value as? [String: Any]
    }

    /// Whether `value` is one of the plain types a view holds (so not an `Optional`).
    static func isPlain(_ value: Any) -> Bool {
        let type = ObjectIdentifier(type(of: value))
        return type == string || type == bool || type == dictionary || type == dictionaries
    }
}

/// One rendering: the output so far, as UTF-8 bytes (appended without a string's checks).
private struct Rendering {
    let library: TemplateLibrary
    var output: [UInt8] = []

    init(library: TemplateLibrary) { self.library = library }

    /// Whether the output stands at the start of a line, where an indented partial's lines begin.
    private var atLineStart: Bool { output.last.map { $0 == UInt8(ascii: "\n") } ?? true }

    /// Renders `nodes` with `stack` as their context; a section's items are pushed on it while
    /// its children render, and popped after.
    mutating func render(_ nodes: [CompiledTemplate.Node], escaping: Bool, stack: inout [Frame], indentation: String) {
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
                guard let value = Self.lookup(name, stack), let text = Self.text(value), !text.isEmpty else { continue }
                if !indentation.isEmpty, atLineStart { output.append(contentsOf: indentation.utf8) }
                if escaped && escaping {
                    appendEscaped(text)
                } else {
                    output.append(contentsOf: text.utf8)
                }
            case .section(let name, let children, let inverted):
                let value = Self.lookup(name, stack)
                if inverted {
                    if !Self.isTruthy(value) { render(children, escaping: escaping, stack: &stack, indentation: indentation) }
                } else if Self.isTruthy(value), let value {
                    if ObjectIdentifier(type(of: value)) == ViewTypes.dictionaries {
                        for item in value as! [[String: Any]] {
                            render(children, escaping: escaping, pushing: Frame(dictionary: item), on: &stack, indentation: indentation)
                        }
                    } else if let items = value as? [Any] {
                        for item in items { render(children, escaping: escaping, pushing: Frame(item), on: &stack, indentation: indentation) }
                    } else {
                        render(children, escaping: escaping, pushing: Frame(value), on: &stack, indentation: indentation)
                    }
                }
            case .partial(let name, let partialIndentation, _):
                guard let partial = library.templates[name] else { continue }
                render(partial.nodes, escaping: partial.escapesHTML, stack: &stack, indentation: indentation + partialIndentation)
            }
        }
    }

    private mutating func render(_ nodes: [CompiledTemplate.Node], escaping: Bool, pushing frame: Frame, on stack: inout [Frame],
                                 indentation: String) {
        stack.append(frame)
        render(nodes, escaping: escaping, stack: &stack, indentation: indentation)
        stack.removeLast()
    }

    /// The value of a dotted name: its first part looked up from the top of the stack down,
    /// the rest inside what it found.
    static func lookup(_ name: [String], _ stack: [Frame]) -> Any? {
        let first = name[0]
        if name.count == 1 && first == "." { return stack.last.flatMap { unwrapped($0.value) } }
        var value: Any?
        var index = stack.endIndex
        while index > stack.startIndex {
            index -= 1
            if let found = stack[index].dictionary?[first] {
                value = unwrapped(found)
                break
            }
        }
        for part in name.dropFirst() {
            guard let current = value, let found = ViewTypes.dictionary(current)?[part] else { return nil }
            value = unwrapped(found)
        }
        return value
    }

    /// `Optional` values stored in `Any` are looked through.
    static func unwrapped(_ value: Any) -> Any? {
        if ViewTypes.isPlain(value) { return value }
        if let optional = value as? AnyOptional { return optional.wrappedValue.flatMap(unwrapped) }
        return value
    }

    /// False, nothing and empty lists are falsey; everything else is truthy.
    static func isTruthy(_ value: Any?) -> Bool {
        guard let value else { return false }
        switch ObjectIdentifier(type(of: value)) {
        case ViewTypes.bool: return value as! Bool
        case ViewTypes.string, ViewTypes.dictionary: return true
        case ViewTypes.dictionaries: return !(value as! [[String: Any]]).isEmpty
        default: break
        }
        if let flag = value as? Bool { return flag }
        if let items = value as? [Any] { return !items.isEmpty }
        return true
    }

    static func text(_ value: Any) -> String? {
        if ObjectIdentifier(type(of: value)) == ViewTypes.string { return (value as! String) }
        return switch value {
        case let text as String: text
        case let flag as Bool: flag ? "true" : "false"
        case let number as Int: String(number)
        case let number as Double: number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        default: String(describing: value)
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

/// Lets an `Optional` inside an `Any` be opened without knowing its type.
private protocol AnyOptional {
    var wrappedValue: Any? { get }
}

extension Optional: AnyOptional {
    fileprivate var wrappedValue: Any? { self.map { $0 as Any } }
}
