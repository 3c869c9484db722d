import Foundation

/// A `MANIFEST.tsv` sidecar: one row per file, columns named by the header line.
///
/// Format: UTF-8, tab-separated, first line = column names, no comment lines, no quoting.
/// Rows are keyed by their `file` column.
public struct Manifest: Sendable {
    /// Column names in file order.
    public var columns: [String]
    /// Rows in file order.
    public var rows: [ManifestRow]
    /// Rows by their `file` column.
    public var byFile: [String: ManifestRow]

    /// Parses TSV text. Rows with a different number of fields are padded/truncated and reported in `warnings`.
    /// - Complexity: O(text length).
    public init(tsv text: String, warnings: inout [String]) {
        // Split on UTF-8 bytes (line ends \n, \r\n, \r; cells on \t): ASCII separators never occur
        // inside a multi-byte scalar, and it avoids grapheme breaking over the whole file.
        var text = text
        let (columns, rows) = text.withUTF8 { u -> ([String], [[String]]) in
            var lines: [[String]] = []
            var cells: [String] = []
            var cellStart = 0, i = 0
            let n = u.count
            func cell(_ end: Int) { cells.append(String(decoding: UnsafeBufferPointer(rebasing: u[cellStart..<end]), as: UTF8.self)) }
            while i <= n {
                let b: UInt8 = i < n ? u[i] : 10
                if b == 10 || b == 13 {
                    if i > cellStart || !cells.isEmpty { cell(i); lines.append(cells) } // empty lines are skipped
                    cells = []
                    cellStart = i + 1
                } else if b == 9 {
                    cell(i)
                    cellStart = i + 1
                }
                i += 1
            }
            return (lines.first ?? [], Array(lines.dropFirst()))
        }
        self.columns = columns
        self.rows = []
        byFile = [:]
        for (k, cells) in rows.enumerated() {
            if cells.count != columns.count {
                warnings.append("MANIFEST.tsv line \(k + 2): \(cells.count) fields, header has \(columns.count)")
            }
            var f: [String: String] = [:]
            f.reserveCapacity(columns.count)
            for (i, c) in columns.enumerated() { f[c] = i < cells.count ? cells[i] : "" }
            let row = ManifestRow(fields: f)
            self.rows.append(row)
            if let name = row["file"] { byFile[name] = row }
        }
    }

    /// Loads `path`.
    /// - Throws: `ManifestError.unreadable` when the file cannot be read or is not UTF-8.
    public init(path: String, warnings: inout [String]) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ManifestError.unreadable(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw ManifestError.unreadable(path) }
        self.init(tsv: text, warnings: &warnings)
    }
}

/// A manifest that cannot be loaded.
public enum ManifestError: Error, CustomStringConvertible {
    case unreadable(String)
    public var description: String {
        switch self { case .unreadable(let p): return "cannot read manifest \(p) (missing, unreadable or not UTF-8)" }
    }
}
