import Dispatch
import FileSearch

/// `filesearch-bench export <paths...> --out F.jsonl [--threads N]`: the extracted documents as JSON Lines.
///
/// One line per `DocumentRecord`, in `CorpusWalker` order (deterministic for a given corpus):
/// `{"key","path","form","filed","filed_days","period","ciks":[…],"company":[…],"doc_type","body","meta"}`.
/// `body` is the record's extracted text (`\n` = block boundary); `meta` is what the native index
/// puts in its meta field: company names, document description, document type and file name,
/// one per line. Engines that index this file see exactly the text our extractor produced.
/// Prints a one-line JSON summary (files, records, raw/text bytes, seconds) on standard output.
struct ExportCommand {
    var roots: [String] = []
    var out: String?
    var threads = 2
    var batch = 64

    /// - Throws: `BenchError` on unknown options or missing values.
    init(arguments: [String]) throws {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            switch a {
            case "--out", "--threads":
                guard i + 1 < arguments.count else { throw BenchError("\(a) needs a value") }
                if a == "--out" { out = arguments[i + 1] } else {
                    guard let n = Int(arguments[i + 1]), n >= 1 else { throw BenchError("--threads needs a positive integer") }
                    threads = n
                }
                i += 2
            default:
                if a.hasPrefix("-") { throw BenchError("unknown option \(a)") }
                roots.append(a)
                i += 1
            }
        }
        if roots.isEmpty { throw BenchError("export needs at least one corpus path") }
        if out == nil { throw BenchError("export needs --out FILE.jsonl") }
    }

    /// - Throws: `BenchError` when the corpus cannot be walked or the output cannot be written.
    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let files = try CorpusWalker(roots: roots).files()
        if files.isEmpty {
            throw BenchError("no indexable files under \(roots.joined(separator: " ")) (CorpusWalker returned none: is the filing helper's walker merged?)")
        }
        let output = try OutputFile(path: out!)  // checked non-nil in init
        var totals = ExportTotals()
        var lo = 0
        while lo < files.count {
            let hi = min(files.count, lo + batch * threads)
            let slots = ResultSlots(count: hi - lo)
            let chunk = Array(files[lo..<hi])
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var k = t
                while k < chunk.count {
                    slots.set(k, Self.exportFile(chunk[k]))
                    k += threads
                }
            }
            for k in 0..<chunk.count {
                let r = slots.get(k)
                if let err = r.error { printError("warning: \(err)") }
                totals.add(r)
                try output.write(r.lines)
            }
            lo = hi
        }
        try output.close()
        let secs = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        print(totals.json(seconds: secs))
    }

    /// The JSON lines of one file (never throws: an unreadable file yields an error and no lines).
    static func exportFile(_ file: CorpusFile) -> FileExport {
        var r = FileExport()
        let bytes: [UInt8]
        do { bytes = try readFileBytes(file.path) } catch {
            r.error = "\(error)"
            return r
        }
        r.rawBytes = bytes.count
        let (_, records) = Ingest.records(fileBytes: bytes, relativePath: file.relativePath, manifest: file.manifest)
        var w = JSONLineWriter(reservingCapacity: bytes.count + 1024)
        for rec in records {
            var meta = rec.companyNames
            if let d = rec.description { meta.append(d) }
            if let t = rec.documentType { meta.append(t) }
            if let f = rec.documentFileName { meta.append(f) }
            w.begin()
            w.field("key", rec.key)
            w.field("path", rec.sourcePath)
            w.field("form", rec.formType)
            w.field("filed", rec.filed?.iso)
            w.field("filed_days", rec.filed.map { Int($0.daysSinceEpoch) })
            w.field("period", rec.period?.iso)
            w.field("ciks", rec.ciks)
            w.field("company", rec.companyNames)
            w.field("doc_type", rec.documentType)
            w.field("body", bytes: rec.text)
            w.field("meta", meta.joined(separator: "\n"))
            w.end()
            r.records += 1
            r.textBytes += rec.text.count
        }
        r.lines = w.bytes
        return r
    }
}

/// What exporting one file produced.
struct FileExport: Sendable {
    var lines: [UInt8] = []
    var records = 0
    var rawBytes = 0
    var textBytes = 0
    var error: String?
}

/// Running totals of an export.
struct ExportTotals {
    var files = 0, records = 0, rawBytes = 0, textBytes = 0, errors = 0
    mutating func add(_ r: FileExport) {
        files += 1
        records += r.records
        rawBytes += r.rawBytes
        textBytes += r.textBytes
        if r.error != nil { errors += 1 }
    }
    func json(seconds: Double) -> String {
        "{\"files\":\(files),\"records\":\(records),\"raw_bytes\":\(rawBytes),\"text_bytes\":\(textBytes),\"errors\":\(errors),\"seconds\":\(seconds)}"
    }
}

/// Fixed slots written concurrently by index (each slot by exactly one thread, read after the join).
final class ResultSlots: @unchecked Sendable {  // unchecked: disjoint indices per thread, read only after concurrentPerform returns
    private let base: UnsafeMutablePointer<FileExport>
    let count: Int
    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: FileExport(), count: count)
    }
    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
    func set(_ i: Int, _ v: FileExport) { base[i] = v }
    func get(_ i: Int) -> FileExport { base[i] }
}
