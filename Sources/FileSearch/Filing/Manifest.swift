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
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        columns = lines.isEmpty ? [] : lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        rows = []
        byFile = [:]
        for (k, line) in lines.enumerated() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cells.count != columns.count {
                warnings.append("MANIFEST.tsv line \(k + 2): \(cells.count) fields, header has \(columns.count)")
            }
            var f: [String: String] = [:]
            for (i, c) in columns.enumerated() { f[c] = i < cells.count ? cells[i] : "" }
            let row = ManifestRow(fields: f)
            rows.append(row)
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
