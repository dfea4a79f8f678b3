import Foundation

extension StableJSON {
    /// `T` from JSON bytes, the value `JSONDecoder` decodes, in a fraction of its time: the bytes
    /// become a tree in one pass, and a keyed container looks its keys up in its object's members
    /// (`JSONDecoder` builds a dictionary for each object). What this reader does not follow —
    /// bytes that are not UTF-8, a key given twice, an `Int` asked of `1.0`, a `Float`, a date,
    /// data, a URL, any error at all — is decoded again by `JSONDecoder`, so what callers get
    /// for unusual bytes, errors included, is `JSONDecoder`'s, except that what it reads from
    /// bytes strict JSON refuses (a trailing comma) is refused as no JSON.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data,
                                     userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> T {
        if let value = treeDecoded(type, from: data, userInfo: userInfo) { return value }
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        let value = try decoder.decode(T.self, from: data)
        // What strict JSON refuses is refused, though `JSONDecoder` reads a trailing comma.
        if JSONSyntax.problem(in: data) != nil {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "not valid JSON"))
        }
        return value
    }

    /// `T` from the tree reader alone; `nil` for whatever it leaves to `JSONDecoder`.
    static func treeDecoded<T: Decodable>(_ type: T.Type, from data: Data,
                                          userInfo: [CodingUserInfoKey: any Sendable] = [:]) -> T? {
        guard let root = data.withUnsafeBytes({ JSONTree.parse($0.bindMemory(to: UInt8.self)) }) else { return nil }
        return try? T(from: TreeDecoder(root, parent: nil, key: nil, userInfo: userInfo))
    }
}

/// A parsed JSON value.
private enum Node {
    case string(String)
    /// A number written without fraction or exponent that fits an `Int` (not `-0`).
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case null
    case object([(key: String, value: Node)])
    case array([Node])
}

/// Anything the tree decoder does not follow; `JSONDecoder` then decodes the bytes again.
private struct NotFollowed: Error {}

/// What makes bytes that should hold JSON no JSON, said where a person editing them finds it.
public enum JSONSyntax {
    /// The first thing in `data` that strict JSON (RFC 8259) does not allow, at the path of the
    /// value it is in, with its line and character (headline: `\ud800` is half of a surrogate
    /// pair, no character (line 1374, character 17)); `nil` when `data` is JSON. `JSONDecoder`
    /// says only "not valid JSON" of such bytes.
    public static func problem(in data: Data) -> JSONPath.Problem? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let stop = JSONTree.firstStop(bytes) else { return nil }
            let before = UnsafeBufferPointer(rebasing: bytes[..<stop.offset])
            let line = before.count { $0 == 0x0A } + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<stop.offset]), as: UTF8.self).count + 1
            return JSONPath.Problem(path: JSONPath.of(stop.path), reason: "\(stop.reason) (line \(line), character \(character))")
        }
    }

    /// `T` as `JSONDecoder` decodes it from `data`, which must be strict JSON: `JSONDecoder` also
    /// reads a trailing comma or a number with a leading zero, which a file edited by hand or a
    /// venue's answer should not slip past. A problem is said where it is, in JSON's words.
    public static func decodeStrictly<T: Decodable>(_ type: T.Type, from data: Data) throws(JSONPath.Problem) -> T {
        if let problem = problem(in: data) { throw JSONPath.Problem(path: problem.path, reason: problem.reason + "; not valid JSON") }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw JSONPath.problem(of: error) ?? located(in: data)
        }
    }

    /// What to say of bytes `JSONDecoder` found no JSON: `problem(in:)` and "; not valid JSON",
    /// or "not valid JSON" alone when strict JSON finds nothing to name.
    public static func located(in data: Data) -> JSONPath.Problem {
        guard let problem = problem(in: data) else { return JSONPath.Problem(path: "", reason: "not valid JSON") }
        return JSONPath.Problem(path: problem.path, reason: problem.reason + "; not valid JSON")
    }
}

/// Strict JSON (RFC 8259) to `Node`s; `nil` for anything else, or anything `JSONDecoder` might
/// read differently (a key given twice, nesting deeper than its limit), with the reason kept.
private struct JSONTree {
    /// Where a parse stopped (a byte offset), why, and the keys and indexes from the top down
    /// to the value it stopped in.
    struct Stop {
        var offset: Int
        var reason: String
        var path: [any CodingKey] = []
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    private static let maxDepth = 512
    /// Whether a key given twice in one object stops the parse: it does when decoding (such
    /// bytes go to `JSONDecoder`, which reads them), not when looking for what is no JSON.
    private let stopsAtRepeatedKeys: Bool
    private(set) var stop: Stop?

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Node? {
        var tree = JSONTree(bytes: bytes, stopsAtRepeatedKeys: true)
        return tree.document()
    }

    /// Where and why `bytes` are no JSON; `nil` when they are.
    static func firstStop(_ bytes: UnsafeBufferPointer<UInt8>) -> Stop? {
        var tree = JSONTree(bytes: bytes, stopsAtRepeatedKeys: false)
        return tree.document() == nil ? tree.stop : nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, stopsAtRepeatedKeys: Bool) {
        self.bytes = bytes
        self.stopsAtRepeatedKeys = stopsAtRepeatedKeys
    }

    private mutating func document() -> Node? {
        skipSpace()
        guard let root = value() else { return nil }
        skipSpace()
        return position == bytes.count ? root : stopped("\(found) after the end of the JSON value")
    }

    /// Records why the parse stops, here or at `offset`; gives `nil`.
    private mutating func stopped<T>(_ reason: String, at offset: Int? = nil) -> T? {
        stop = Stop(offset: offset ?? position, reason: reason)
        return nil
    }

    /// Puts `key` before the path of a stop inside the value at `key`; gives `nil`.
    private mutating func unwound<T>(through key: any CodingKey) -> T? {
        stop?.path.insert(key, at: 0)
        return nil
    }

    /// The character at the current position as an error names it.
    private var found: String { shown(at: position) }

    /// The character at `offset` as an error names it: `` `}` ``, `U+201C`, or the end.
    private func shown(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<min(offset + 4, bytes.count)]),
                            as: UTF8.self).unicodeScalars.first!
        return (0x21..<0x7F).contains(scalar.value) ? "`\(scalar)`" : String(format: "U+%04X", scalar.value)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        position += 1
        return true
    }

    private mutating func word(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - position >= count,
              memcmp(bytes.baseAddress! + position, text.utf8Start, count) == 0 else { return false }
        position += count
        return true
    }

    private mutating func value() -> Node? {
        switch current {
        case UInt8(ascii: "\""): return string().map(Node.string)
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : stopped("not true, false or null")
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : stopped("not true, false or null")
        case UInt8(ascii: "n"): return word("null") ? .null : stopped("not true, false or null")
        default: return number()
        }
    }

    private mutating func object() -> Node? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return stopped("objects and lists nested more than \(Self.maxDepth) deep") }
        position += 1
        var members: [(key: String, value: Node)] = []
        // Keys in order (as marketbrief writes them) are checked against the last alone; once one
        // comes out of order, against a set of all of them (a scan of every key before it was
        // quadratic in an edited object of many keys).
        var keys: Set<String>?
        skipSpace()
        if take(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { return stopped("a key in double quotes expected, found \(found)") }
            guard let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return stopped("`:` expected after the key \"\(key)\", found \(found)") }
            skipSpace()
            guard let value = value() else { return unwound(through: NameKey(key)) }
            if stopsAtRepeatedKeys, keys != nil || members.last.map({ !($0.key < key) }) == true {
                if keys == nil { keys = Set(members.map(\.key)) }
                guard keys!.insert(key).inserted else { return nil }
            }
            members.append((key, value))
            skipSpace()
            if take(UInt8(ascii: "}")) { return .object(members) }
            guard take(UInt8(ascii: ",")) else { return stopped("`,` or `}` expected, found \(found)") }
        }
    }

    private mutating func array() -> Node? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return stopped("objects and lists nested more than \(Self.maxDepth) deep") }
        position += 1
        var elements: [Node] = []
        skipSpace()
        if take(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipSpace()
            guard let value = value() else { return unwound(through: IndexKey(elements.count)) }
            elements.append(value)
            skipSpace()
            if take(UInt8(ascii: "]")) { return .array(elements) }
            guard take(UInt8(ascii: ",")) else { return stopped("`,` or `]` expected, found \(found)") }
        }
    }

    /// A string after its opening quote: its text, escapes resolved, when it is valid UTF-8.
    private mutating func string() -> String? {
        let quote = position
        position += 1
        let start = position
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 { position += 1 }
        guard let stop = current else { return stopped("the file ends inside a string", at: quote) }
        if stop == UInt8(ascii: "\"") {
            position += 1
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
                ?? stopped("a string that is not UTF-8", at: quote)
        }
        var text = Array(bytes[start..<position])
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: text, as: UTF8.self) ?? stopped("a string that is not UTF-8", at: quote)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return stopped("the file ends inside a string", at: quote) }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = escapedScalar() else { return nil }
                    text.append(contentsOf: String(Character(scalar)).utf8)
                default: return stopped("a backslash before \(shown(at: position - 1)), which JSON does not escape", at: position - 2)
                }
            case 0..<0x20:
                return stopped(String(format: "a control character (U+%04X) in a string, where JSON writes it escaped", UInt32(byte)), at: position - 1)
            default: text.append(byte)
            }
        }
        return stopped("the file ends inside a string", at: quote)
    }

    /// The scalar of a `\u` escape (its `\u` read), a surrogate pair read whole.
    private mutating func escapedScalar() -> Unicode.Scalar? {
        let escape = position - 2
        guard let unit = hexUnit() else { return stopped("`\\u` without four hexadecimal digits after it", at: escape) }
        guard (0xD800..<0xDC00).contains(unit) else { return Unicode.Scalar(unit) ?? stopped(halfPair(at: escape), at: escape) }
        guard word("\\u"), let low = hexUnit(), (0xDC00..<0xE000).contains(low) else { return stopped(halfPair(at: escape), at: escape) }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }

    /// Why the `\u` escape of a surrogate at `escape` stands alone.
    private func halfPair(at escape: Int) -> String {
        "`\(String(decoding: UnsafeBufferPointer(rebasing: bytes[escape..<escape + 6]), as: UTF8.self))` is half of a surrogate pair, no character"
    }

    private mutating func hexUnit() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigit(bytes[position]) else { return nil }
            unit = unit << 4 | digit
            position += 1
        }
        return unit
    }

    private func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: an `.integer` when it has neither fraction
    /// nor exponent and fits, else the nearest `Double`.
    private mutating func number() -> Node? {
        let start = position
        let negative = take(UInt8(ascii: "-"))
        let digitsStart = position
        guard let first = current, isDigit(first) else {
            return stopped(negative ? "a digit expected after `-`, found \(found)" : "a value expected, found \(found)")
        }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        let integerDigits = position - digitsStart
        var whole = true
        if take(UInt8(ascii: ".")) {
            whole = false
            guard skipDigits() > 0 else { return stopped("a digit expected after `.`, found \(found)") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            whole = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { return stopped("a digit expected in the exponent, found \(found)") }
        }
        if whole, integerDigits <= 19, !(negative && first == UInt8(ascii: "0")) {
            var magnitude: UInt64 = 0
            for byte in bytes[digitsStart..<position] { magnitude = magnitude * 10 + UInt64(byte - UInt8(ascii: "0")) }
            if !negative, magnitude <= UInt64(Int.max) { return .integer(Int(magnitude)) }
            if negative, magnitude <= UInt64(Int.max) + 1 { return .integer(Int(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            let shown = text.count > 40 ? text.prefix(40) + "…" : text
            return stopped("\(shown) is beyond the range of a double (±1.8e308)", at: start)
        }
        return .double(double)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = current, isDigit(byte) { position += 1 }
        return position - start
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

/// A coding key for an object's member in a coding path.
private struct NameKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// A `Decoder` over one `Node`; its coding path is made only when asked for.
private final class TreeDecoder: Decoder, TreeCoder {
    let node: Node
    let parent: TreeDecoder?
    let key: (any CodingKey)?
    let userInfo: [CodingUserInfoKey: Any]

    init(_ node: Node, parent: TreeDecoder?, key: (any CodingKey)?, userInfo: [CodingUserInfoKey: Any]) {
        self.node = node
        self.parent = parent
        self.key = key
        self.userInfo = userInfo
    }

    var codingPath: [any CodingKey] { keyPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else { throw NotFollowed() }
        return KeyedDecodingContainer(ObjectReader(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else { throw NotFollowed() }
        return ArrayReader(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ValueReader(decoder: self)
    }

    /// Throws for the types `JSONDecoder` decodes in ways of its own (dates, data, URLs, decimals).
    static func refuseTypesTreatedApart<T>(_ type: T.Type) throws {
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            throw NotFollowed()
        }
    }

    /// `node`, a child of this decoder's node at `key`, as `T`: the common scalars read directly,
    /// the types `JSONDecoder` treats apart refused, anything else through its `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type, from node: Node, key: any CodingKey) throws -> T {
        if T.self == String.self { return try node.string() as! T }
        if T.self == Double.self { return try node.double() as! T }
        if T.self == Int.self { return try node.integer() as Int as! T }
        if T.self == Bool.self { return try node.bool() as! T }
        if T.self == Double?.self {
            if case .null = node { return Double?.none as! T }
            return Double?.some(try node.double()) as! T
        }
        try Self.refuseTypesTreatedApart(T.self)
        return try T(from: TreeDecoder(node, parent: self, key: key, userInfo: userInfo))
    }
}

private extension Node {
    func string() throws -> String {
        guard case .string(let text) = self else { throw NotFollowed() }
        return text
    }

    func double() throws -> Double {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        default: throw NotFollowed()
        }
    }

    func integer<I: FixedWidthInteger>() throws -> I {
        guard case .integer(let value) = self, let exact = I(exactly: value) else { throw NotFollowed() }
        return exact
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = self else { throw NotFollowed() }
        return flag
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// An object's members, found by a search that starts after the member found last (members are
/// usually asked for in an order close to the file's).
private final class ObjectReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TreeDecoder
    let members: [(key: String, value: Node)]
    private var next = 0

    init(decoder: TreeDecoder, members: [(key: String, value: Node)]) {
        self.decoder = decoder
        self.members = members
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    private func find(_ key: Key) -> Node? {
        let name = key.stringValue
        let count = members.count
        for step in 0..<count {
            let index = (next + step) % count
            if members[index].key == name {
                next = index + 1
                return members[index].value
            }
        }
        return nil
    }

    private func node(_ key: Key) throws -> Node {
        guard let node = find(key) else { throw NotFollowed() }
        return node
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { try node(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try node(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try node(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try node(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw NotFollowed() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try node(key).integer() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try node(key).integer() }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try node(key).integer() }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try node(key).integer() }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try node(key).integer() }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try node(key).integer() }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try node(key).integer() }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try node(key).integer() }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try node(key).integer() }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try node(key).integer() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decode(type, from: try node(key), key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(try node(key), parent: decoder, key: key, userInfo: decoder.userInfo).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(try node(key), parent: decoder, key: key, userInfo: decoder.userInfo).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw NotFollowed() }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(try node(key), parent: decoder, key: key, userInfo: decoder.userInfo)
    }
}

/// An array's elements, in order.
private struct ArrayReader: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    let elements: [Node]
    private(set) var currentIndex = 0

    init(decoder: TreeDecoder, elements: [Node]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> Node {
        guard !isAtEnd else { throw NotFollowed() }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw NotFollowed() }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Float.Type) throws -> Float { throw NotFollowed() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer() }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer() }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer() }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer() }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer() }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer() }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer() }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer() }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer() }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let key = IndexKey(currentIndex)
        return try decoder.decode(type, from: try next(), key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let key = IndexKey(currentIndex)
        return try TreeDecoder(try next(), parent: decoder, key: key, userInfo: decoder.userInfo).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let key = IndexKey(currentIndex)
        return try TreeDecoder(try next(), parent: decoder, key: key, userInfo: decoder.userInfo).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let key = IndexKey(currentIndex)
        return TreeDecoder(try next(), parent: decoder, key: key, userInfo: decoder.userInfo)
    }
}

/// The decoder's own node as one value.
private struct ValueReader: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: Node { decoder.node }

    func decodeNil() -> Bool { node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try node.bool() }
    func decode(_ type: String.Type) throws -> String { try node.string() }
    func decode(_ type: Double.Type) throws -> Double { try node.double() }
    func decode(_ type: Float.Type) throws -> Float { throw NotFollowed() }
    func decode(_ type: Int.Type) throws -> Int { try node.integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try node.integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try node.integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try node.integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try node.integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try node.integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try node.integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try node.integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try node.integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try node.integer() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try TreeDecoder.refuseTypesTreatedApart(T.self)
        return try T(from: decoder)
    }
}
