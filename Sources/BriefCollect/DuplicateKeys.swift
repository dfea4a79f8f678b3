import Foundation

/// Finds a key given twice in one JSON object. JSON decoders keep one of the two silently;
/// marketbrief refuses such input instead of guessing which value was meant.
public enum DuplicateKeys {
    /// The first key that appears twice in one object, as a path (`data[3].time`), or nil.
    /// Meant for JSON that otherwise decodes; on malformed input it stops without a finding.
    public static func first(in data: Data) -> String? {
        data.withUnsafeBytes { first(in: $0.bindMemory(to: UInt8.self)) }
    }

    private enum Container {
        case object(keys: Set<String>, current: String?)
        case array(index: Int)
    }

    private static func first(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var stack: [Container] = []
        var expectingKey = false
        var index = 0
        /// Where `key` stands: the keys and positions of the enclosing containers, then `key`.
        func path(_ key: String) -> String {
            var path = ""
            for container in stack.dropLast() {
                switch container {
                case .object(_, let current?): path += (path.isEmpty ? "" : ".") + current
                case .array(let position): path += "[\(position)]"
                case .object(_, nil): break
                }
            }
            return path.isEmpty ? key : path + "." + key
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                stack.append(.object(keys: [], current: nil))
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                expectingKey = false
            case UInt8(ascii: ","):
                switch stack.last {
                case .object?: expectingKey = true
                case .array(let position)?: stack[stack.count - 1] = .array(index: position + 1)
                case nil: return nil
                }
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { return nil }
                if expectingKey, case .object(var keys, _)? = stack.last {
                    // The stack lets go of the keys first, so inserting does not copy them: with
                    // the copy, an object of 100,000 keys took 38 s.
                    stack[stack.count - 1] = .array(index: 0)
                    let key = decodedKey(UnsafeBufferPointer(rebasing: bytes[start...index]))
                    guard keys.insert(key).inserted else { return path(key) }
                    stack[stack.count - 1] = .object(keys: keys, current: key)
                    expectingKey = false
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// A key's text, escapes resolved (`"\u0061"` and `"a"` are one key).
    private static func decodedKey(_ literal: UnsafeBufferPointer<UInt8>) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: literal.dropFirst().dropLast()), as: UTF8.self)
        guard literal.contains(UInt8(ascii: "\\")) else { return raw }
        return (try? JSONDecoder().decode(String.self, from: Data(literal))) ?? raw
    }
}
