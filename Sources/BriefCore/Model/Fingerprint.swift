/// FNV-1a, 64 bits, as 16 hex digits: stable across runs and machines. Parts are added one by
/// one (each followed by a newline), so a fingerprint of many parts builds no string. The site's
/// pages, delivery destinations and deploys are told apart by it.
public struct Fingerprint {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// The fingerprint of one text.
    public static func of(_ text: String) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(text)
        return fingerprint.hex
    }

    /// Adds a text and a newline.
    public mutating func add(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(UInt8(ascii: "\n"))
    }

    /// Adds a day as its `YYYY-MM-DD`.
    public mutating func add(_ day: Day) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            day.writeISO(into: buffer)
            for byte in buffer { mix(byte) }
        }
        mix(UInt8(ascii: "\n"))
    }

    /// The fingerprint of what was added: 16 hex digits.
    public var hex: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private mutating func mix(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
}
