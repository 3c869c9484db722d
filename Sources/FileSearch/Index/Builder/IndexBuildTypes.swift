/// Options of an index build.
public struct IndexBuildOptions: Sendable {
    /// Memory budget for in-memory segments, shared by all threads (default 1 GiB).
    /// A thread flushes its segment to disk when its share of ¾ of the budget is reached (the rest is
    /// headroom for flush-time buffers and the files being parsed).
    public var memoryBudgetBytes: Int
    /// Parsing/tokenizing threads (default: active processor count).
    public var threads: Int
    /// Merge all flushed segments into one at the end (default true).
    public var mergeSegments: Bool

    public init(memoryBudgetBytes: Int = 1 << 30, threads: Int? = nil, mergeSegments: Bool = true) {
        self.memoryBudgetBytes = max(1 << 16, memoryBudgetBytes)
        self.threads = max(1, threads ?? IndexBuildOptions.activeProcessors)
        self.mergeSegments = mergeSegments
    }

    public static var activeProcessors: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}

/// Progress of a running build (reported from builder threads; the callback must be thread-safe).
public struct IndexBuildProgress: Sendable {
    public enum Phase: String, Sendable { case scanning, indexing, merging, committing, done }
    public var phase: Phase
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
    public var textBytes: Int
    public var documents: Int
    public var elapsedSeconds: Double

    /// Raw input MB per second so far.
    public var megabytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytesDone) / 1e6 / elapsedSeconds : 0 }
    /// Estimated seconds left for the indexing phase (nil before any progress).
    public var etaSeconds: Double? {
        guard bytesDone > 0, elapsedSeconds > 0 else { return nil }
        return Double(bytesTotal - bytesDone) / (Double(bytesDone) / elapsedSeconds)
    }
}

/// Wall-clock seconds of a build's steps (they follow each other; their sum is the build's time).
public struct IndexBuildPhases: Sendable, Equatable {
    /// Walking the inputs (listing, stat, manifests) and ordering them.
    public var scan = 0.0
    /// Parsing, tokenizing and flushing segments, on every thread.
    public var index = 0.0
    /// Merging the flushed segments: documents, terms, postings, positions.
    public var merge = 0.0
    /// Building and writing the merged segment's stem map.
    public var stemMap = 0.0
    /// Deleting the flushed segments, fsyncing, committing, reopening.
    public var commit = 0.0
    public init() {}
}

/// What a finished build did.
public struct IndexBuildSummary: Sendable {
    public var directory: String
    public var generation: UInt64
    public var files: Int
    public var documents: Int
    public var filings: Int
    /// Documents counted but not tokenized (uuencoded, binary).
    public var skippedBodies: Int
    public var warnings: [String]
    public var segments: Int
    /// Segments flushed from memory before the final merge (1 when everything fit the budget).
    public var flushedSegments: Int
    public var rawBytes: Int
    public var textBytes: Int
    public var indexBytes: Int
    public var seconds: Double
    /// Where `seconds` went.
    public var phases = IndexBuildPhases()
    public var rawMegabytesPerSecond: Double { seconds > 0 ? Double(rawBytes) / 1e6 / seconds : 0 }
    public var textMegabytesPerSecond: Double { seconds > 0 ? Double(textBytes) / 1e6 / seconds : 0 }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
