import BriefCore
import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for the two paths that touch every
/// stored value (an import, reading a history): binding and reading columns without building
/// GRDB rows and argument arrays for each value.
struct RawStatement {
    private let statement: Statement
    private let connection: SQLiteConnection

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection!
    }

    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// SQLite copies the bound bytes, so they may live on the stack.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ text: String, at index: Int32) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ text: String?, at index: Int32) {
        if let text { bind(text, at: index) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    func bind(_ value: Double?, at index: Int32) {
        if let value { bind(value, at: index) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a day as its `YYYY-MM-DD` text.
    func bind(_ day: Day, at index: Int32) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
            day.writeISO(into: buffer)
            _ = sqlite3_bind_text(handle, index, buffer.baseAddress, 10, Self.transient)
        }
    }

    /// Runs the statement to its next row: `true` while there is one, `false` when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError(reason: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// Runs a write and reports whether it inserted or updated a row.
    func execute() throws -> Bool {
        defer { sqlite3_reset(handle) }
        _ = try step()
        return sqlite3_changes(connection) > 0
    }

    /// Makes the statement ready to run again (bindings are kept until rebound).
    func reset() {
        sqlite3_reset(handle)
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// Whether a column holds a number (REAL or INTEGER), not text, a blob or NULL.
    func isNumber(_ column: Int32) -> Bool {
        let type = sqlite3_column_type(handle, column)
        return type == SQLITE_FLOAT || type == SQLITE_INTEGER
    }

    /// Whether a column holds text, not a number, a blob or NULL.
    func isText(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_TEXT
    }

    /// A column's value as SQLite would print it, cut to `limit` bytes: for an error naming a
    /// stored value that is not a number.
    func shown(_ column: Int32, limit: Int = 40) -> String {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return "NULL"
        case SQLITE_BLOB: return "a blob of \(sqlite3_column_bytes(handle, column)) bytes"
        default:
            let text = String(decoding: bytes(column).prefix(limit), as: UTF8.self)
            return "'" + text + (sqlite3_column_bytes(handle, column) > limit ? "…" : "") + "' (text)"
        }
    }

    /// The UTF-8 bytes of a text column, valid until the next step.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let start = sqlite3_column_text(handle, column)
        return UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
