import Foundation

/// The bytes of `brief.json` and of a diff's JSON: exactly what Foundation's `JSONEncoder` writes
/// on Linux with `.prettyPrinted`, `.sortedKeys` and `.withoutEscapingSlashes` (keys in UTF-8
/// byte order, two spaces a level, `"key" : value`, `1.0` written `1`), made without its checks of
/// every value for a date, data or URL, which took most of the 17% of a backfill that encoding
/// took. None of those types is in a brief. A test holds both to the same bytes on every brief of
/// the sample and on strings with every character JSON escapes.
enum StableJSON {
    /// The value's JSON and a final newline.
    static func file<T: Encodable>(_ value: T) throws -> Data {
        let encoder = TreeEncoder(parent: nil, key: nil)
        try value.encode(to: encoder)
        guard let root = encoder.value else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var writer = Writer()
        writer.bytes.reserveCapacity(1 << 15)
        writer.write(root, level: 0)
        writer.bytes.append(UInt8(ascii: "\n"))
        return Data(writer.bytes)
    }
}

/// A value being encoded. Objects and arrays are classes so that a container handed out earlier
/// (`nestedContainer`) still fills the value it was made for.
private enum Value {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case object(Members)
    case array(Elements)
    /// Whatever a `superEncoder()` was given, read when written.
    case later(TreeEncoder)
}

/// An object's members in the order they are written: by their keys' UTF-8 bytes, each placed
/// when it is added; a key given again replaces its value (the encoder's dictionary keeps the last).
private final class Members {
    private(set) var list: [(key: String, value: Value)] = []

    func add(_ value: Value, for key: String) {
        var index = list.count
        while index > 0, Self.precedes(key, list[index - 1].key) { index -= 1 }
        if index > 0, list[index - 1].key == key {
            list[index - 1].value = value
        } else {
            list.insert((key, value), at: index)
        }
    }

    /// The value last added for `key`, if any.
    func value(for key: String) -> Value? {
        list.first { $0.key == key }?.value
    }

    private static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }
}

private final class Elements {
    var list: [Value] = []
}

/// An `Encoder` that builds `Value`s; its coding path is made only when an error needs it.
private final class TreeEncoder: Encoder, TreeCoder {
    let parent: TreeEncoder?
    let key: (any CodingKey)?
    var value: Value?

    init(parent: TreeEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] { keyPath }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let members)? = value {
            return KeyedEncodingContainer(ObjectContainer(encoder: self, members: members))
        }
        let members = Members()
        value = .object(members)
        return KeyedEncodingContainer(ObjectContainer(encoder: self, members: members))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let elements)? = value {
            return ArrayContainer(encoder: self, elements: elements)
        }
        let elements = Elements()
        value = .array(elements)
        return ArrayContainer(encoder: self, elements: elements)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    /// `value` as JSON: the common scalars directly, anything else through its `encode(to:)`.
    func box<T: Encodable>(_ value: T, key: any CodingKey) throws -> Value {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Double.self { return try number(unsafeBitCast(value, to: Double.self), key: key) }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double?.self {
            let optional = withUnsafePointer(to: value) { $0.withMemoryRebound(to: Double?.self, capacity: 1) { $0.pointee } }
            guard let number = optional else { return .null }
            return try self.number(number, key: key)
        }
        let encoder = TreeEncoder(parent: self, key: key)
        try value.encode(to: encoder)
        return encoder.value ?? .object(Members())
    }

    /// `JSONEncoder`'s number: the shortest text that reads back the same, less a final ".0".
    func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F, key: (any CodingKey)?) throws -> Value {
        guard value.isFinite else {
            var path = codingPath
            if let key { path.append(key) }
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: path, debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

/// An encoder or decoder of a tree of values: its key in its parent's value, and that parent.
protocol TreeCoder: AnyObject {
    var parent: Self? { get }
    var key: (any CodingKey)? { get }
}

extension TreeCoder {
    /// The keys from the top value down to this one, made only when asked for (errors need it).
    var keyPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var coder: Self? = self
        while let current = coder {
            if let key = current.key { path.append(key) }
            coder = current.parent
        }
        return path.reversed()
    }
}

/// A coding key for an array's element in a coding path.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TreeEncoder
    let members: Members
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func add(_ value: Value, _ key: Key) { members.add(value, for: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { add(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(try encoder.number(value, key: key), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(try encoder.number(value, key: key), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(.number(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { add(try encoder.box(value, key: key), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                         forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeEncoder(parent: encoder, key: key)
        if let existing = members.value(for: key.stringValue), case .object = existing {
            nested.value = existing
        }
        let container = nested.container(keyedBy: keyType)
        add(nested.value!, key)
        return container
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = TreeEncoder(parent: encoder, key: key)
        let container = nested.unkeyedContainer()
        add(nested.value!, key)
        return container
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = TreeEncoder(parent: encoder, key: key)
        add(.later(nested), key)
        return nested
    }

    private mutating func superEncoder(named name: String) -> any Encoder {
        let nested = TreeEncoder(parent: encoder, key: nil)
        members.add(.later(nested), for: name)
        return nested
    }
}

private struct ArrayContainer: UnkeyedEncodingContainer {
    let encoder: TreeEncoder
    let elements: Elements
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { elements.list.count }

    private var nextKey: IndexKey { IndexKey(elements.list.count) }

    mutating func encodeNil() throws { elements.list.append(.null) }
    mutating func encode(_ value: Bool) throws { elements.list.append(.bool(value)) }
    mutating func encode(_ value: String) throws { elements.list.append(.string(value)) }
    mutating func encode(_ value: Double) throws { elements.list.append(try encoder.number(value, key: nextKey)) }
    mutating func encode(_ value: Float) throws { elements.list.append(try encoder.number(value, key: nextKey)) }
    mutating func encode(_ value: Int) throws { elements.list.append(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { elements.list.append(try encoder.box(value, key: nextKey)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = TreeEncoder(parent: encoder, key: nextKey)
        let container = nested.container(keyedBy: keyType)
        elements.list.append(nested.value!)
        return container
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = TreeEncoder(parent: encoder, key: nextKey)
        let container = nested.unkeyedContainer()
        elements.list.append(nested.value!)
        return container
    }

    mutating func superEncoder() -> any Encoder {
        let nested = TreeEncoder(parent: encoder, key: nextKey)
        elements.list.append(.later(nested))
        return nested
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.value = .null }
    mutating func encode(_ value: Bool) throws { encoder.value = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.value = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.value = try encoder.number(value, key: nil) }
    mutating func encode(_ value: Float) throws { encoder.value = try encoder.number(value, key: nil) }
    mutating func encode(_ value: Int) throws { encoder.value = .number(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: encoder)
    }
}

/// Writes `Value`s as `JSONEncoder`'s pretty printer does.
private struct Writer {
    var bytes: [UInt8] = []

    mutating func write(_ value: Value, level: Int) {
        switch value {
        case .string(let text): writeString(text)
        case .number(let text): append(text)
        case .bool(let flag): append(flag ? "true" : "false")
        case .null: append("null")
        case .later(let encoder): write(encoder.value ?? .object(Members()), level: level)
        case .array(let elements):
            writeContainer("[", "]", elements.list, level: level) { writer, element in
                writer.write(element, level: level + 1)
            }
        case .object(let members):
            writeContainer("{", "}", members.list, level: level) { writer, member in
                writer.writeString(member.key)
                writer.append(" : ")
                writer.write(member.value, level: level + 1)
            }
        }
    }

    /// `open`, each item on a line of its own one level in (an empty container keeps its empty
    /// line, as `JSONEncoder` writes it), then `close` at `level`.
    private mutating func writeContainer<Item>(_ open: Unicode.Scalar, _ close: Unicode.Scalar, _ items: [Item], level: Int,
                                              item: (inout Writer, Item) -> Void) {
        bytes.append(UInt8(ascii: open))
        bytes.append(UInt8(ascii: "\n"))
        for (index, element) in items.enumerated() {
            if index > 0 { append(",\n") }
            indent(level + 1)
            item(&self, element)
        }
        bytes.append(UInt8(ascii: "\n"))
        indent(level)
        bytes.append(UInt8(ascii: close))
    }

    private mutating func indent(_ level: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A quoted string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`.
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    append("\\u00")
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
