/// A record of a CSV file: its fields and the line it starts on.
struct CSVRecord {
    var line: Int
    var fields: [String]
}

/// Reads RFC 4180 CSV: quoted fields may hold commas, quotes (`""`) and newlines; CRLF and LF
/// both end a record; a UTF-8 byte-order mark is skipped; a line starting with `#` is a comment.
/// Anything that is not UTF-8 is refused.
enum CSVReader {
    static func records(_ bytes: [UInt8], file: String) throws(InputError) -> [CSVRecord] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw InputError(problems: [InputProblem(file: file, line: 1, field: "file", reason: "UTF-16 is not supported; save the file as UTF-8")])
        }
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            let line = firstInvalidLine(bytes, from: start)
            throw InputError(problems: [InputProblem(file: file, line: line, field: "file", reason: "not valid UTF-8 (Latin-1 or another encoding?); save the file as UTF-8")])
        }
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var inComment = false

        func endField() {
            fields.append(field)
            field = ""
            quotedField = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inComment {
                if scalar == "\n" {
                    inComment = false
                    line += 1
                    recordLine = line
                }
                continue
            }
            if scalar == "#", fields.isEmpty, field.isEmpty, !quotedField {
                inComment = true
                continue
            }
            if inQuotes {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !quotedField:
                inQuotes = true
                quotedField = true
            case "\"":
                throw InputError(problems: [InputProblem(file: file, line: line, field: "field \(fields.count + 1)", reason: "stray quote inside an unquoted field")])
            default:
                if quotedField {
                    throw InputError(problems: [InputProblem(file: file, line: line, field: "field \(fields.count + 1)", reason: "text after a closing quote")])
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            throw InputError(problems: [InputProblem(file: file, line: recordLine, field: "field \(fields.count + 1)", reason: "quoted field never closed")])
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    private static func firstInvalidLine(_ bytes: [UInt8], from start: Int) -> Int {
        var line = 1
        var lineStart = start
        for index in start..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            if String(validating: bytes[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
    }
}
