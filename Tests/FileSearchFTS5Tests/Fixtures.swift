import Foundation
import FileSearch
@testable import FileSearchFTS5

/// One FTS5 database built from a corpus, with the oracle over the same records (built once per process).
struct BuiltCorpus: @unchecked Sendable { // @unchecked: immutable after construction; the backend locks itself
    let name: String
    let records: [DocumentRecord]
    let oracle: Oracle
    let backend: FTS5Backend
    let path: String
    /// The native engine over the same records (exact totals: no count threshold).
    let native: NativeBackend

    init(name: String, records: [DocumentRecord]) throws {
        self.name = name
        self.records = records
        oracle = Oracle(records)
        path = TestCorpus.tempPath(name)
        backend = try FTS5Backend.build(records: records, databasePath: path).0
        let dir = path + ".native"
        _ = try IndexBuilder(directory: dir).build(records: records)
        native = try NativeBackend(directory: dir, countThreshold: Int.max)
    }
}

enum Fixtures {
    static let seeds: Result<BuiltCorpus, Error> = Result { try BuiltCorpus(name: "seeds", records: TestCorpus.records(TestCorpus.seeds)) }
    /// nil when the shared corpus is absent (tests print that they could not run).
    static let edgar: Result<BuiltCorpus, Error>? = TestCorpus.root.map { root in
        Result { try BuiltCorpus(name: "edgar", records: TestCorpus.records(root + "/edgar")) }
    }

    static func absent(_ what: String) {
        print("NOTE: shared corpus not found at <package root>/../shared/corpus or /work/shared/corpus — \(what) NOT run")
    }

    /// `Benchmarks/queries.tsv` rows: (class, query).
    static let queries: [(String, String)] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Benchmarks/queries.tsv").path
        return TestCorpus.tsv(path).map { ($0["class"] ?? "", $0["query"] ?? "") }
    }()
}
