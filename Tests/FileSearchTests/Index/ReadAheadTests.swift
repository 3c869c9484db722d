import Testing
import Synchronization
@testable import FileSearch

/// The builder's read-ahead stays off while reads are fast, starts after `coldReadsToStart` slow
/// reads, and then requests each file once, in processing order, up to `leadChunks` chunks ahead.
@Suite struct ReadAheadTests {
    final class Log: Sendable {
        let paths = Mutex<[String]>([])
        var all: [String] { paths.withLock { $0 } }
    }

    static func make(files: Int, chunk: Int) -> (ReadAhead, Log, [String]) {
        let paths = (0..<files).map { "f\($0)" }
        let log = Log()
        return (ReadAhead(paths: paths, chunk: chunk, fetch: { p in log.paths.withLock { $0.append(p) } }), log, paths)
    }

    /// A read that took `micros` µs, ending now.
    static func read(_ r: ReadAhead, bytes: Int, micros: UInt64, at k: Int) {
        r.read(bytes: bytes, since: Clock(nanos: Clock.now.nanos - micros * 1000), at: k)
    }

    @Test func fastReadsRequestNothing() {
        let (r, log, _) = ReadAheadTests.make(files: 100, chunk: 10)
        for k in 0..<50 {
            if k % 10 == 0 { r.taking(k) }
            ReadAheadTests.read(r, bytes: 50_000, micros: 20, at: k)      // a cached copy: 2.5 GB/s
            ReadAheadTests.read(r, bytes: 5_000_000, micros: 1_500, at: k) // a big cached file: slow but > 1 GB/s
        }
        #expect(log.all.isEmpty)
    }

    @Test func slowReadsStartReadingAheadOnceEach() {
        let chunk = 10
        let (r, log, paths) = ReadAheadTests.make(files: 95, chunk: chunk)
        r.taking(0)
        for k in 0..<(ReadAhead.coldReadsToStart - 1) { ReadAheadTests.read(r, bytes: 50_000, micros: 300, at: k) }
        #expect(log.all.isEmpty, "started before \(ReadAhead.coldReadsToStart) slow reads")
        let k = ReadAhead.coldReadsToStart - 1
        ReadAheadTests.read(r, bytes: 50_000, micros: 300, at: k)
        let lead = (ReadAhead.leadChunks + 1) * chunk
        #expect(log.all == Array(paths[k..<(k + lead)]))
        // Every later chunk taken requests only what is new, in order, never past the end.
        for from in stride(from: chunk, to: paths.count, by: chunk) { r.taking(from) }
        #expect(log.all == Array(paths[k...]))
    }
}
