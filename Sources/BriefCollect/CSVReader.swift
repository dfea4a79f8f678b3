#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A record of a CSV file: its fields and the line it starts on.
struct CSVRecord {
    var line: Int
    var fields: [String]
}

/// Reads RFC 4180 CSV: quoted fields may hold commas, quotes (`""`) and newlines; CRLF and LF
/// both end a record; a UTF-8 byte-order mark is skipped; a line starting with `#` is a comment
/// (held to the limit of a line, like any other).
/// Anything that is not UTF-8, and any NUL byte (a binary file), is refused.
///
/// The reader is fed the file in chunks and hands over each record as soon as it ends, so a file
/// of any size is read in constant memory: a cell longer than `maxCellBytes`, a record longer
/// than `maxRecordBytes` or with more than `maxFields` fields is refused as soon as it passes
/// the limit, naming file, line and limit, before it is held whole.
struct CSVReader {
    /// The longest cell, quoted or not: 16 KiB (a label is at most 800 bytes).
    static let maxCellBytes = 16 * 1024
    /// The longest record, all its fields and separators: 4 MiB (32,000 ETF fund columns fit).
    static let maxRecordBytes = 4 * 1024 * 1024
    /// The most fields a record may have.
    static let maxFields = 65_536

    private let file: String
    private var recordBytes = 0
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1
    private var recordLine = 1
    private var inQuotes = false
    private var quotedField = false
    private var quoteInQuotes = false
    private var afterCarriageReturn = false
    private var inComment = false
    private var atStart = true
    private var text = UTF8Check()

    /// A reader for the file named `file` in its errors.
    init(file: String) {
        self.file = file
    }

    /// Every record of a file already in memory.
    static func records(_ bytes: [UInt8], file: String) throws(InputError) -> [CSVRecord] {
        var reader = CSVReader(file: file)
        var records: [CSVRecord] = []
        do {
            try bytes.withUnsafeBufferPointer { try reader.feed($0) { records.append($0) } }
            try reader.finish { records.append($0) }
        } catch let error as InputError {
            throw error
        } catch {
            preconditionFailure("collecting records cannot fail: \(error)")
        }
        return records
    }

    /// Reads the file at `path` in 1 MB chunks, handing each record to `body` as it ends.
    /// Throws an `InputError` for a problem of the file, or what `body` throws.
    static func forEachRecord(atPath path: String, _ body: (CSVRecord) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError(problems: [InputProblem(file: path, line: 0, field: "file", reason: "cannot be read (missing or no permission)")])
        }
        defer { close(descriptor) }
        var reader = CSVReader(file: path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else {
                if errno == EINTR { continue }
                let reason = errno == EISDIR ? "is a folder, not a file" : "cannot be read: \(String(cString: strerror(errno)))"
                throw InputError(problems: [InputProblem(file: path, line: 0, field: "file", reason: reason)])
            }
            if count == 0 { break }
            try buffer.withUnsafeBufferPointer { try reader.feed(UnsafeBufferPointer(rebasing: $0[..<count]), body) }
        }
        try reader.finish(body)
    }

    /// Parses the next chunk; records that end inside it go to `body`.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) throws -> Void) throws {
        var start = 0
        if atStart {
            atStart = false
            if chunk.starts(with: [0xFF, 0xFE]) || chunk.starts(with: [0xFE, 0xFF]) {
                throw problem(line: 1, field: "file", "UTF-16 is not supported; save the file as UTF-8")
            }
            if chunk.starts(with: [0xEF, 0xBB, 0xBF]) {
                start = 3
                text.skip(3)
            }
        }
        let bytes = UnsafeBufferPointer(rebasing: chunk[start...])
        if let bad = text.firstInvalid(in: bytes) {
            throw problem(line: bad.line, field: "byte \(bad.byteOfLine)",
                          "not valid UTF-8 (0x\(String(bad.byte, radix: 16, uppercase: true)) at offset \(bad.offset) of the file; "
                              + "Latin-1 or another encoding?); save the file as UTF-8")
        }
        var index = 0
        while index < bytes.count {
            if inComment {
                // A comment's bytes up to its line's end, counted in one go.
                let run = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != 0 { index += 1 }
                try checkCommentLength(adding: index - run)
                if index == bytes.count { break }
            } else if isPlain {
                // The bulk of a file: runs of unquoted field bytes, copied in one go.
                let run = index
                while index < bytes.count, !Self.isSpecial(bytes[index]) { index += 1 }
                try checkLength(adding: index - run)
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                if index == bytes.count { break }
            }
            try take(bytes[index], body)
            index += 1
        }
    }

    /// Whether the next bytes are plain field text: not inside quotes or a comment, nothing pending.
    private var isPlain: Bool {
        !inQuotes && !quoteInQuotes && !inComment && !afterCarriageReturn && !quotedField
    }

    /// Bytes that end or change a plain run.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "#"), 0: true
        default: false
        }
    }

    /// Ends the input: the last record (without a final newline) goes to `body`.
    mutating func finish(_ body: (CSVRecord) throws -> Void) throws {
        if text.isCutOff {
            throw problem(line: line, field: "file", "not valid UTF-8 (the file ends inside a character); save the file as UTF-8")
        }
        if quoteInQuotes {
            quoteInQuotes = false
            inQuotes = false
        }
        if inQuotes {
            throw problem(line: recordLine, field: "field \(fields.count + 1)", "quoted field never closed")
        }
        if !field.isEmpty || !fields.isEmpty { try endRecord(body) }
    }

    private mutating func take(_ byte: UInt8, _ body: (CSVRecord) throws -> Void) throws {
        if byte == 0 {
            throw problem(line: line, field: "file", "contains a NUL byte: a binary file, not CSV text")
        }
        if afterCarriageReturn {
            afterCarriageReturn = false
            if byte == UInt8(ascii: "\n") { return }
        }
        if inComment {
            if byte == UInt8(ascii: "\n") {
                inComment = false
                recordBytes = 0
                nextLine()
            } else {
                try checkCommentLength(adding: 1)
            }
            return
        }
        if quoteInQuotes {
            quoteInQuotes = false
            if byte == UInt8(ascii: "\"") {
                try checkLength(adding: 1)
                field.append(byte)
                return
            }
            inQuotes = false
        }
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                quoteInQuotes = true
            } else {
                if byte == UInt8(ascii: "\n") { line += 1 }
                try checkLength(adding: 1)
                field.append(byte)
            }
            return
        }
        switch byte {
        case UInt8(ascii: "#") where fields.isEmpty && field.isEmpty && !quotedField:
            inComment = true
        case UInt8(ascii: ","):
            try endField()
        case UInt8(ascii: "\r"):
            try endRecord(body)
            afterCarriageReturn = true
            nextLine()
        case UInt8(ascii: "\n"):
            try endRecord(body)
            nextLine()
        case UInt8(ascii: "\"") where field.isEmpty && !quotedField:
            inQuotes = true
            quotedField = true
        case UInt8(ascii: "\""):
            throw problem(line: line, field: "field \(fields.count + 1)", "stray quote inside an unquoted field")
        default:
            if quotedField {
                throw problem(line: line, field: "field \(fields.count + 1)", "text after a closing quote")
            }
            try checkLength(adding: 1)
            field.append(byte)
        }
    }

    private mutating func nextLine() {
        line += 1
        recordLine = line
    }

    /// Counts `count` more bytes of the current cell and record; throws past either limit.
    private mutating func checkLength(adding count: Int) throws(InputError) {
        recordBytes += count
        if field.count + count > Self.maxCellBytes {
            throw problem(line: recordLine, field: "field \(fields.count + 1)",
                          "a cell longer than \(Self.maxCellBytes) bytes (the limit of a cell); refused")
        }
        if recordBytes > Self.maxRecordBytes {
            throw problem(line: recordLine, field: "record", "a record longer than \(Self.maxRecordBytes) bytes (the limit of a line); refused")
        }
    }

    /// Counts `count` more bytes of a comment line, which has the limit of any line.
    private mutating func checkCommentLength(adding count: Int) throws(InputError) {
        recordBytes += count
        if recordBytes > Self.maxRecordBytes {
            throw problem(line: line, field: "comment", "a comment line longer than \(Self.maxRecordBytes) bytes (the limit of a line); refused")
        }
    }

    private mutating func endField() throws(InputError) {
        // Whole chunks were checked as UTF-8 before parsing, and fields split only at ASCII bytes.
        guard fields.count < Self.maxFields else {
            throw problem(line: recordLine, field: "record", "more than \(Self.maxFields) fields (the limit of a line); refused")
        }
        // A separator counts toward the record's length.
        recordBytes += 1
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: field.capacity <= 4096)
        quotedField = false
    }

    private mutating func endRecord(_ body: (CSVRecord) throws -> Void) throws {
        try endField()
        let record = CSVRecord(line: recordLine, fields: fields)
        fields.removeAll(keepingCapacity: fields.capacity <= 4096)
        recordBytes = 0
        if !(record.fields.count == 1 && record.fields[0].isEmpty) { try body(record) }
    }

    private func problem(line: Int, field: String, _ reason: String) -> InputError {
        InputError(problems: [InputProblem(file: file, line: line, field: field, reason: reason)])
    }
}

/// Checks UTF-8 chunk by chunk; a character cut by a chunk boundary is carried to the next chunk.
private struct UTF8Check {
    private var carried: [UInt8] = []
    private var linesBefore = 0
    /// Bytes checked before the current chunk, and those of them since the last newline.
    private var bytesBefore = 0
    private var lineBytesBefore = 0

    /// Whether the input so far ends inside a character.
    var isCutOff: Bool { !carried.isEmpty }

    /// Counts bytes taken off before the text (a byte-order mark) in the offsets reported.
    mutating func skip(_ count: Int) {
        bytesBefore += count
        lineBytesBefore += count
    }

    /// `nil` when the chunk (after what was carried) is valid so far, otherwise where in the
    /// whole input its first invalid byte is.
    mutating func firstInvalid(in chunk: UnsafeBufferPointer<UInt8>) -> UTF8Text.Position? {
        let bytes = carried + chunk
        let complete = bytes.count - Self.cutOffLength(bytes)
        if var bad = UTF8Text.firstInvalid(bytes[..<complete]) {
            if bad.line == 1 { bad.byteOfLine += lineBytesBefore }
            bad.line += linesBefore
            bad.offset += bytesBefore
            return bad
        }
        linesBefore += bytes[..<complete].reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        if let newline = bytes[..<complete].lastIndex(of: UInt8(ascii: "\n")) {
            lineBytesBefore = complete - newline - 1
        } else {
            lineBytesBefore += complete
        }
        bytesBefore += complete
        carried = Array(bytes[complete...])
        return nil
    }

    /// How many bytes at the end start a character whose remaining bytes are still to come.
    private static func cutOffLength(_ bytes: [UInt8]) -> Int {
        var back = 0
        while back < min(3, bytes.count) {
            let byte = bytes[bytes.count - 1 - back]
            if byte & 0xC0 != 0x80 {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return length > back + 1 ? back + 1 : 0
            }
            back += 1
        }
        return 0
    }
}
