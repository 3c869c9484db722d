import Foundation
@testable import FileSearch

/// Helpers for the text tests: corpus lookup and short-hands.
enum TextTestSupport {
    /// The package root, from this file's path (`Tests/FileSearchTests/Text/…`).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `<package root>/../shared/corpus`, else `/work/shared/corpus`; nil when neither exists.
    static let sharedCorpus: URL? = {
        let candidates = [packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus"),
                          URL(fileURLWithPath: "/work/shared/corpus")]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("tenkq").path) }
    }()

    static func extract(_ s: String, _ format: DocumentFormat = .html) -> String {
        TextExtractor.extractString(Array(s.utf8), format: format)
    }

    static func extract(bytes: [UInt8], _ format: DocumentFormat = .html) -> String {
        TextExtractor.extractString(bytes, format: format)
    }

    /// (term, position, isPart) for every token.
    static func tokens(_ s: String, mode: Analyzer.Mode = .index) -> [(String, UInt32, Bool)] {
        var out: [(String, UInt32, Bool)] = []
        let bytes = Array(s.utf8)
        bytes.withUnsafeBytes { raw in
            Analyzer(mode: mode).forEachToken(in: raw) { t in out.append((t.termString, t.position, t.isPart)) }
        }
        return out
    }

    /// Primary terms only.
    static func words(_ s: String) -> [String] { tokens(s, mode: .query).map(\.0) }
}
