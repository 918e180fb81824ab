import GRDB
import GRDBSQLite

/// SQLite copies the bytes before the bind call returns (GRDB's own binds of text and blobs do the same).
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One of the connection's cached statements, bound and stepped with raw SQLite calls (the reading
/// commit's statements).
///
/// GRDB's `execute(arguments:)` boxes every value as an existential, builds `StatementArguments`,
/// validates them and then binds; on the reading commit that cost more CPU than SQLite's own work.
/// The binds here are GRDB's, value for value (text as a NUL-terminated C string, integers as int64,
/// doubles as real, an empty payload as a zero-length blob), so the stored rows do not change.
/// A failed step throws the `DatabaseError` GRDB would throw (same result code and message), which
/// ``StoreError/from(_:path:)`` maps as before. The statement is reset and its bindings cleared
/// after every use, so GRDB can still use the same cached statement with its own arguments.
///
/// GRDB's transaction observers do not see these statements: the store registers none.
struct FastStatement {
    private let db: Database
    private let handle: SQLiteStatement
    private let sql: String
    private var index: CInt = 0
    private var bindFailure: CInt = SQLITE_OK

    init(_ db: Database, sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        self.db = db
        self.handle = statement.sqliteStatement
        self.sql = sql
        // GRDB may have left its last use of this statement mid-step (a fetchOne); a no-op otherwise.
        sqlite3_reset(handle)
    }

    private mutating func next() -> CInt {
        index += 1
        return index
    }

    private mutating func check(_ code: CInt) {
        if code != SQLITE_OK, bindFailure == SQLITE_OK { bindFailure = code }
    }

    mutating func bindNull() {
        let index = next()
        check(sqlite3_bind_null(handle, index))
    }

    mutating func bind(_ value: String) {
        // The implicit C string is the same one GRDB binds (length -1: up to the first NUL).
        let index = next()
        check(sqlite3_bind_text(handle, index, value, -1, transient))
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    /// A time as GRDB stores `Date` (see ``StoreTime``), from its stack buffer.
    mutating func bind(_ time: StoreTimeText) {
        let index = next()
        let handle = self.handle
        check(time.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(handle, index, $0.baseAddress, CInt($0.count), transient)
            }
        })
    }

    mutating func bind(_ value: Int64) {
        let index = next()
        check(sqlite3_bind_int64(handle, index, value))
    }

    mutating func bind(_ value: Int?) {
        if let value { bind(Int64(value)) } else { bindNull() }
    }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    mutating func bind(_ value: Double) {
        let index = next()
        check(sqlite3_bind_double(handle, index, value))
    }

    mutating func bind(_ value: Double?) {
        if let value { bind(value) } else { bindNull() }
    }

    /// As GRDB binds `Data(bytes)`: an empty payload is a zero-length blob, not NULL (a nil base
    /// address would bind NULL).
    mutating func bind(blob bytes: [UInt8]) {
        let index = next()
        if bytes.isEmpty {
            check(sqlite3_bind_zeroblob(handle, index, 0))
            return
        }
        check(bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, CInt($0.count), transient) })
    }

    /// Steps through all rows (an INSERT has none), then resets and clears the bindings.
    func execute() throws {
        defer { finish() }
        try checkBinds()
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: continue
            case let code: throw failure(code)
            }
        }
    }

    /// The first column of the first row as GRDB's `Int64.fetchOne` reads it (nil for no row or NULL).
    func fetchInt64() throws -> Int64? {
        defer { finish() }
        try checkBinds()
        switch sqlite3_step(handle) {
        case SQLITE_DONE: return nil
        case SQLITE_ROW:
            return sqlite3_column_type(handle, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 0)
        case let code: throw failure(code)
        }
    }

    /// Steps through all rows, handing each to `body`, then resets and clears the bindings.
    func forEachRow(_ body: (FastRow) throws -> Void) throws {
        defer { finish() }
        try checkBinds()
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: try body(FastRow(handle: handle))
            case let code: throw failure(code)
            }
        }
    }

    private func checkBinds() throws {
        guard bindFailure == SQLITE_OK else { throw failure(bindFailure) }
    }

    /// GRDB's error for a failed step: the result code and the connection's error message.
    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
    }

    private func finish() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}

/// The current row of a ``FastStatement``, read as GRDB's column decoders read it; valid only
/// inside ``FastStatement/forEachRow(_:)``.
struct FastRow {
    fileprivate let handle: SQLiteStatement

    /// `String?` as GRDB decodes it: nil for NULL, else the column's text.
    func text(_ column: CInt) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let text = sqlite3_column_text(handle, column) else {
            return nil
        }
        return String(cString: text)
    }

    /// `Int?` as GRDB decodes it: nil for NULL, else the column as a 64-bit integer.
    func int(_ column: CInt) -> Int? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, column))
    }

    /// `Double?` as GRDB decodes it: nil for NULL, else the column as a double.
    func double(_ column: CInt) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }
}
