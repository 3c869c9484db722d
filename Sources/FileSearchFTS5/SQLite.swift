import CSQLite

/// An error reported by SQLite, with the failing statement's context.
public struct SQLiteError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var description: String { "SQLite error \(code): \(message)" }
}

/// `SQLITE_TRANSIENT`: SQLite copies bound bytes before the bind call returns.
/// unsafeBitCast: the C macro is the integer -1 cast to a destructor pointer; Swift cannot import it.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection (not thread-safe by itself: callers serialize access).
final class SQLiteConnection {
    /// The raw handle; valid until `close()` / deinit.
    let handle: OpaquePointer

    /// Opens (or creates, unless `readOnly`) the database at `path`.
    /// - Throws: `SQLiteError` when the file cannot be opened.
    init(path: String, readOnly: Bool) throws {
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(msg) (\(path))")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    var errorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs one or more statements without results.
    /// - Throws: `SQLiteError` naming the SQL.
    func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: "\(msg) in: \(sql.prefix(200))")
        }
    }

    /// Compiles `sql` into a reusable statement.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(code: rc, message: "\(errorMessage) in: \(sql.prefix(300))")
        }
        return SQLiteStatement(stmt, connection: self)
    }

    /// The first column of the first row of `sql` as an integer (0 when no row).
    func scalarInt(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> Int64 {
        let s = try prepare(sql)
        try s.bind(bindings)
        return try s.step() ? s.int(0) : 0
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case int(Int64)
    case double(Double)
    case text(String)
    case null
}

/// A prepared statement. Finalized on deinit.
final class SQLiteStatement {
    let stmt: OpaquePointer
    unowned let connection: SQLiteConnection

    init(_ stmt: OpaquePointer, connection: SQLiteConnection) {
        self.stmt = stmt
        self.connection = connection
    }

    deinit { sqlite3_finalize(stmt) }

    /// Resets the statement and clears its bindings for the next use.
    func reset() {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
    }

    func bind(_ values: [SQLiteValue]) throws {
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    /// Binds `value` to 1-based parameter `index`.
    func bind(_ value: SQLiteValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case let .int(v): rc = sqlite3_bind_int64(stmt, index, v)
        case let .double(v): rc = sqlite3_bind_double(stmt, index, v)
        case let .text(v): rc = sqlite3_bind_text(stmt, index, v, -1, sqliteTransient)
        case .null: rc = sqlite3_bind_null(stmt, index)
        }
        try check(rc)
    }

    /// Binds raw UTF-8 bytes as TEXT without a String round trip.
    func bindText(_ bytes: [UInt8], at index: Int32) throws {
        let rc: Int32 = bytes.withUnsafeBytes { raw in
            // An empty array may have a nil base address; bind '' (not NULL) then.
            guard let base = raw.baseAddress else { return sqlite3_bind_text(stmt, index, "", 0, sqliteTransient) }
            return sqlite3_bind_text(stmt, index, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), sqliteTransient) // text < 2 GiB
        }
        try check(rc)
    }

    /// Advances to the next row; false when done.
    /// - Throws: `SQLiteError` on any failure (constraint, malformed MATCH, I/O).
    func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw SQLiteError(code: rc, message: connection.errorMessage)
    }

    /// Runs to completion and resets (for INSERT statements in a loop).
    func run() throws {
        defer { reset() }
        while try step() {}
    }

    func int(_ col: Int32) -> Int64 { sqlite3_column_int64(stmt, col) }
    func double(_ col: Int32) -> Double { sqlite3_column_double(stmt, col) }
    func isNull(_ col: Int32) -> Bool { sqlite3_column_type(stmt, col) == SQLITE_NULL }

    func text(_ col: Int32) -> String? {
        guard let p = sqlite3_column_text(stmt, col) else { return nil }
        let n = Int(sqlite3_column_bytes(stmt, col))
        return String(decoding: UnsafeRawBufferPointer(start: p, count: n), as: UTF8.self) // valid until the next step; copied here
    }

    func bytes(_ col: Int32) -> [UInt8] {
        guard let p = sqlite3_column_blob(stmt, col) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, col)))) // copied before the next step
    }

    private func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw SQLiteError(code: rc, message: connection.errorMessage) }
    }
}
