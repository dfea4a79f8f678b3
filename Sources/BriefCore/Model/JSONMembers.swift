import Foundation

/// Rewrites a JSON object without decoding it: one pass over the bytes that follows only
/// strings and nesting finds each member, to keep it as it is, drop it, or put other JSON in
/// its place. A decoder then reads a fraction of a large document (`brief.json` without its
/// claims and chart series). The values kept are checked when they are decoded.
enum JSONMembers {
    /// What becomes of a member.
    enum Choice {
        case keep, drop
        /// Other JSON in place of its value.
        case replace(String)
        /// Its value, an object, rewritten the same way.
        case descend
    }

    /// The object in `data` rewritten member by member: `choose` is given each member's path
    /// from the top (`["findings", "charts"]`); `nil` when the bytes are not a JSON object.
    static func rewrite(_ data: Data, _ choose: ([String]) -> Choice) -> Data? {
        data.withUnsafeBytes { raw -> Data? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count / 2)
            guard rewrite(bytes, 0..<bytes.count, path: [], choose, into: &output) else { return nil }
            return Data(output)
        }
    }

    private static func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, path: [String],
                                _ choose: ([String]) -> Choice, into output: inout [UInt8]) -> Bool {
        guard let members = members(bytes, range) else { return false }
        output.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in members {
            let choice = choose(path + [String(decoding: bytes[key.dropFirst().dropLast()], as: UTF8.self)])
            if case .drop = choice { continue }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output += bytes[key]
            output.append(UInt8(ascii: ":"))
            switch choice {
            case .keep: output += bytes[value]
            case .replace(let json): output += json.utf8
            case .descend:
                guard rewrite(bytes, value, path: path + [String(decoding: bytes[key.dropFirst().dropLast()], as: UTF8.self)],
                              choose, into: &output) else { return false }
            case .drop: break
            }
        }
        output.append(UInt8(ascii: "}"))
        return true
    }

    /// The members of the object that `range` of `bytes` holds (spaces around it allowed), as
    /// the ranges of each key (quotes included) and value, in order; `nil` when it is no object.
    static func members(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [(key: Range<Int>, value: Range<Int>)]? {
        var reader = Reader(bytes: bytes, position: range.lowerBound, end: range.upperBound)
        var found: [(key: Range<Int>, value: Range<Int>)] = []
        reader.skipSpace()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        reader.skipSpace()
        if !reader.take(UInt8(ascii: "}")) {
            while true {
                reader.skipSpace()
                guard let key = reader.string() else { return nil }
                reader.skipSpace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipSpace()
                let start = reader.position
                guard reader.value() else { return nil }
                found.append((key, start..<reader.position))
                reader.skipSpace()
                if reader.take(UInt8(ascii: "}")) { break }
                guard reader.take(UInt8(ascii: ",")) else { return nil }
            }
        }
        reader.skipSpace()
        return reader.position == reader.end ? found : nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        mutating func skipSpace() {
            while position < end {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < end, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// A string, quotes included; `nil` when there is none here or it does not end.
        mutating func string() -> Range<Int>? {
            let start = position
            guard take(UInt8(ascii: "\"")) else { return nil }
            while position < end {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 2
                case UInt8(ascii: "\""):
                    position += 1
                    return start..<position
                default: position += 1
                }
            }
            return nil
        }

        /// Passes one value: a string, an object or array (brackets balanced, strings inside
        /// passed whole), or a number or word.
        mutating func value() -> Bool {
            guard position < end else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var closers: [UInt8] = []
                repeat {
                    switch bytes[position] {
                    case UInt8(ascii: "\""):
                        guard string() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                    case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        guard closers.popLast() == bytes[position] else { return false }
                    default: break
                    }
                    position += 1
                } while !closers.isEmpty && position < end
                return closers.isEmpty
            default:
                let start = position
                scalar: while position < end {
                    switch bytes[position] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break scalar
                    default: position += 1
                    }
                }
                return position > start
            }
        }
    }
}
