import CSQLite
import FileSearch

/// SQLite FTS5 comparison backend (see issue: FTS5 comparison backend).
public enum FTS5Info {
    /// The linked SQLite library version.
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
