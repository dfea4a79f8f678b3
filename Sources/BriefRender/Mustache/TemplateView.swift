import BriefCore

/// A value a template reads: text, a flag, named values (`{{price.close}}`) or a list (a
/// section repeated per item). The view models build these; the compiled templates read them
/// without casts.
enum ViewValue: Sendable {
    case text(String)
    /// A text that states a reading of the data: written into prose, it records its claim.
    indirect case stated(StatedText)
    case flag(Bool)
    case node(ViewNode)
    case list([ViewValue])
    /// A list of nodes, the commonest list (a table's rows, a chart's bars), kept as it was built.
    case nodes([ViewNode])
    /// A name a node literal gives no value (`"next": nextLink` with no next link): falsey, it
    /// writes nothing and hides the same name further out, where a missing name would not.
    case nothing

    /// False, nothing and empty lists are falsey; everything else (an empty text too) is truthy.
    var isTruthy: Bool {
        switch self {
        case .flag(let flag): flag
        case .list(let items): !items.isEmpty
        case .nodes(let items): !items.isEmpty
        case .text, .stated, .node: true
        case .nothing: false
        }
    }
}

/// A name a template looks up, with a fingerprint of its bytes taken once (when the template is
/// compiled, or the name stored in a node): a node is searched by comparing fingerprints.
struct ViewName: Sendable {
    let name: String
    let fingerprint: UInt64

    init(_ name: String) {
        self.name = name
        // FNV-1a: a few nanoseconds for a name of a dozen bytes.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var bytes = name
        bytes.withUTF8 { for byte in $0 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        fingerprint = hash
    }
}

/// Named values: an object of a view (at most a few dozen names), searched in order by each
/// name's fingerprint. Written like a dictionary: `["change": size, "fell": true]` (a `nil`
/// there is stored as `.nothing`), and `node["close"] = close` stores a value or, given `nil`,
/// removes the name.
struct ViewNode: Sendable, ExpressibleByDictionaryLiteral {
    private var entries: [(name: ViewName, value: ViewValue)] = []

    init() {}

    /// The names of a literal are distinct, as in a dictionary literal.
    init(dictionaryLiteral elements: (String, (any ViewConvertible)?)...) {
        entries.reserveCapacity(elements.count)
        for (name, value) in elements {
            assert(index(of: ViewName(name)) == nil, "\(name) is given twice")
            entries.append((ViewName(name), value?.viewValue ?? .nothing))
        }
    }

    /// Stores a value under `name` (`nil` removes it). Not read through here: what was stored is
    /// kept as a `ViewValue`, so a cast of the read (`node["close"] as? String`) would always
    /// fail; read with `value(_:)`, `node(_:)`, `text(_:)`, `flag(_:)` or `nodes(_:)`.
    subscript(name: String) -> (any ViewConvertible)? {
        @available(*, unavailable, message: "read with value(_:), node(_:), text(_:), flag(_:) or nodes(_:)")
        get { value(name) }
        set { set(ViewName(name), to: newValue?.viewValue) }
    }

    /// The value stored under `name`, if any.
    func value(_ name: String) -> ViewValue? {
        value(for: ViewName(name))
    }

    /// The value stored under `name`, if any.
    func value(for name: ViewName) -> ViewValue? {
        index(of: name).map { entries[$0].value }
    }

    /// The node stored under `name`, if there is one.
    func node(_ name: String) -> ViewNode? {
        if case .node(let node)? = value(for: ViewName(name)) { node } else { nil }
    }

    /// The text stored under `name` (a stated one too), if there is one.
    func text(_ name: String) -> String? {
        switch value(for: ViewName(name)) {
        case .text(let text)?: text
        case .stated(let stated)?: stated.text
        default: nil
        }
    }

    /// The nodes of the list stored under `name`; none when there is no such list.
    func nodes(_ name: String) -> [ViewNode] {
        switch value(for: ViewName(name)) {
        case .nodes(let nodes)?: nodes
        case .list(let items)?: items.compactMap { if case .node(let node) = $0 { node } else { nil } }
        default: []
        }
    }

    /// The flag stored under `name`; false when there is none.
    func flag(_ name: String) -> Bool {
        if case .flag(let flag)? = value(for: ViewName(name)) { flag } else { false }
    }

    /// The names stored and their values, in the order they were first stored.
    var members: [(name: String, value: ViewValue)] { entries.map { ($0.name.name, $0.value) } }

    private mutating func set(_ name: ViewName, to value: ViewValue?) {
        switch (index(of: name), value) {
        case (let index?, let value?): entries[index].value = value
        case (let index?, nil): entries.remove(at: index)
        case (nil, let value?): entries.append((name, value))
        case (nil, nil): break
        }
    }

    private func index(of name: ViewName) -> Int? {
        entries.firstIndex { $0.name.fingerprint == name.fingerprint && $0.name.name == name.name }
    }
}

/// What a view model may store in a node: texts, flags, nodes, lists of these, and optionals
/// of these.
protocol ViewConvertible {
    var viewValue: ViewValue? { get }
    /// A list of such values.
    static func viewList(_ items: [Self]) -> ViewValue
}

extension ViewConvertible {
    // Called through the existential, unspecialized: written with an index loop, it needs no
    // generic type's metadata at run time (`compactMap`'s closure had the runtime look it up at
    // every call).
    static func viewList(_ items: [Self]) -> ViewValue {
        var values: [ViewValue] = []
        values.reserveCapacity(items.count)
        for index in 0..<items.count {
            if let value = items[index].viewValue { values.append(value) }
        }
        return .list(values)
    }
}

extension ViewValue: ViewConvertible {
    var viewValue: ViewValue? { self }
}

/// A number or day as the prose prints it, with the claims it makes (each one's `stated` is
/// `text`): a close that is a record states its value and that it is the highest.
struct StatedText: Sendable, ViewConvertible {
    let text: String
    private(set) var claims: [Claim]

    init(claim: Claim) { (text, claims) = (claim.stated, [claim]) }

    /// The same text, stating `other`'s claims too (`other` prints the same text).
    func stating(_ other: StatedText) -> StatedText {
        var both = self
        both.claims += other.claims
        return both
    }
    var viewValue: ViewValue? { .stated(self) }
}

extension String: ViewConvertible {
    var viewValue: ViewValue? { .text(self) }
}

extension Bool: ViewConvertible {
    var viewValue: ViewValue? { .flag(self) }
}

extension ViewNode: ViewConvertible {
    var viewValue: ViewValue? { .node(self) }
    static func viewList(_ items: [ViewNode]) -> ViewValue { .nodes(items) }
}

extension Array: ViewConvertible where Element: ViewConvertible {
    var viewValue: ViewValue? { Element.viewList(self) }
}

// A switch rather than `flatMap`, for the reason `viewList` gives.
extension Optional: ViewConvertible where Wrapped: ViewConvertible {
    var viewValue: ViewValue? {
        switch self {
        case .some(let wrapped): wrapped.viewValue
        case .none: nil
        }
    }
}
