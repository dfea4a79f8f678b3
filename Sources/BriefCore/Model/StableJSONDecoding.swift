import Foundation

extension StableJSON {
    /// `T` from JSON bytes, the value `JSONDecoder` decodes, in a fraction of its time: the bytes
    /// become a tree in one pass, and a keyed container looks its keys up in its object's members
    /// (`JSONDecoder` builds a dictionary for each object). What this reader does not follow —
    /// bytes that are not UTF-8, a key given twice, an `Int` asked of `1.0`, a `Float`, a date,
    /// data, a URL, any error at all — is decoded again by `JSONDecoder`, so what callers get
    /// for unusual bytes, errors included, is `JSONDecoder`'s.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data,
                                     userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> T {
        if let value = treeDecoded(type, from: data, userInfo: userInfo) { return value }
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        return try decoder.decode(T.self, from: data)
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

/// Strict JSON (RFC 8259) to `Node`s; `nil` for anything else, or anything `JSONDecoder` might
/// read differently (a key given twice, nesting deeper than its limit).
private struct JSONTree {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    private static let maxDepth = 512

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Node? {
        var tree = JSONTree(bytes: bytes)
        tree.skipSpace()
        guard let root = tree.value() else { return nil }
        tree.skipSpace()
        return tree.position == bytes.count ? root : nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
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
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return word("null") ? .null : nil
        default: return number()
        }
    }

    private mutating func object() -> Node? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        position += 1
        var members: [(key: String, value: Node)] = []
        skipSpace()
        if take(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let value = value() else { return nil }
            if let last = members.last?.key, !(last < key), members.contains(where: { $0.key == key }) { return nil }
            members.append((key, value))
            skipSpace()
            if take(UInt8(ascii: "}")) { return .object(members) }
            guard take(UInt8(ascii: ",")) else { return nil }
        }
    }

    private mutating func array() -> Node? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        position += 1
        var elements: [Node] = []
        skipSpace()
        if take(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipSpace()
            guard let value = value() else { return nil }
            elements.append(value)
            skipSpace()
            if take(UInt8(ascii: "]")) { return .array(elements) }
            guard take(UInt8(ascii: ",")) else { return nil }
        }
    }

    /// A string after its opening quote: its text, escapes resolved, when it is valid UTF-8.
    private mutating func string() -> String? {
        position += 1
        let start = position
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 { position += 1 }
        guard let stop = current else { return nil }
        if stop == UInt8(ascii: "\"") {
            position += 1
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
        }
        var text = Array(bytes[start..<position])
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return nil }
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
                default: return nil
                }
            case 0..<0x20: return nil
            default: text.append(byte)
            }
        }
        return nil
    }

    /// The scalar of a `\u` escape (its `\u` read), a surrogate pair read whole.
    private mutating func escapedScalar() -> Unicode.Scalar? {
        guard let unit = hexUnit() else { return nil }
        guard (0xD800..<0xDC00).contains(unit) else { return Unicode.Scalar(unit) }
        guard word("\\u"), let low = hexUnit(), (0xDC00..<0xE000).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
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
        guard let first = current, isDigit(first) else { return nil }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        let integerDigits = position - digitsStart
        var whole = true
        if take(UInt8(ascii: ".")) {
            whole = false
            guard skipDigits() > 0 else { return nil }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            whole = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { return nil }
        }
        if whole, integerDigits <= 19, !(negative && first == UInt8(ascii: "0")) {
            var magnitude: UInt64 = 0
            for byte in bytes[digitsStart..<position] { magnitude = magnitude * 10 + UInt64(byte - UInt8(ascii: "0")) }
            if !negative, magnitude <= UInt64(Int.max) { return .integer(Int(magnitude)) }
            if negative, magnitude <= UInt64(Int.max) + 1 { return .integer(Int(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { return nil }
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
