/// Where text that must be UTF-8 is not: every reader of a file or an answer checks its bytes
/// with this before it decodes them, so an invalid byte is an error naming its line and byte,
/// never a U+FFFD put in its place.
public enum UTF8Text {
    /// Where a byte is.
    public struct Position: Equatable, Sendable {
        /// 1-based line of the bad byte.
        public var line: Int
        /// 1-based byte of the bad byte within its line.
        public var byteOfLine: Int
        /// 0-based offset of the bad byte from the start of the input.
        public var offset: Int
        /// The bad byte.
        public var byte: UInt8
    }

    /// The first byte of `bytes` that does not belong to a well-formed UTF-8 sequence (overlong
    /// forms, surrogates, code points past U+10FFFF and a sequence cut off by the end of `bytes`
    /// included), or `nil` when all do.
    public static func firstInvalid(_ bytes: some Collection<UInt8>) -> Position? {
        let fast = bytes.withContiguousStorageIfAvailable { String(validating: $0, as: UTF8.self) != nil }
        if fast == true { return nil }
        let bytes = Array(bytes)
        var line = 1, lineStart = 0, index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else {
                return Position(line: line, byteOfLine: index - lineStart + 1, offset: index, byte: bytes[index])
            }
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return nil
    }

    /// The length of the well-formed sequence at `index` (Unicode, table 3-7), or 0.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int, second: ClosedRange<UInt8>
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return 0 }
        for next in bytes[(index + 2)..<(index + length)] where !(0x80...0xBF).contains(next) { return 0 }
        return length
    }
}

extension UTF8Text {
    /// Why a JSON text read whole may not be decoded, as (line, field, reason), or `nil` when it
    /// may: UTF-16 (a decoder would guess it from a byte-order mark or from NUL bytes), a NUL
    /// byte, or a byte that is not UTF-8.
    public static func refusal(of bytes: some Collection<UInt8>) -> (line: Int, field: String, reason: String)? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return (1, "file", "UTF-16 is not supported; save the file as UTF-8")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let before = bytes[..<nul]
            let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            return (line, "byte \(before.reversed().prefix { $0 != UInt8(ascii: "\n") }.count + 1)",
                    "contains a NUL byte (at offset \(before.count)): UTF-16 or a binary file, not UTF-8 text")
        }
        guard let bad = firstInvalid(bytes) else { return nil }
        return (bad.line, "byte \(bad.byteOfLine)",
                "not valid UTF-8 (0x\(String(bad.byte, radix: 16, uppercase: true)) at offset \(bad.offset); "
                    + "Latin-1 or another encoding?); save the file as UTF-8")
    }
}
