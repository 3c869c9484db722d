#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded cache of decoded stored fields (hit rows), shared by the queries of one backend.
///
/// Stored fields live in LZ4 blocks; decoding one costs microseconds, which dominates
/// a rare-term query. Like tantivy's doc-store block cache (an LRU of decompressed blocks), this
/// keeps recently fetched rows; the index is immutable, so entries never go stale. Eviction is
/// "clear when full" (cheap, and bounded at `capacity` rows).
final class StoredFieldsCache: @unchecked Sendable { // mutable state guarded by `mutex`
    private var mutex = pthread_mutex_t()
    private var rows: [UInt64: StoredDocument] = [:]
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        pthread_mutex_init(&mutex, nil)
    }
    deinit { pthread_mutex_destroy(&mutex) }

    /// The stored fields of `local` in segment `segment` (global id `key`), decoded once.
    func fields(_ key: UInt64, _ segment: SegmentReader, _ local: UInt32) -> StoredDocument {
        pthread_mutex_lock(&mutex)
        if let r = rows[key] { pthread_mutex_unlock(&mutex); return r }
        pthread_mutex_unlock(&mutex)
        let r = segment.storedFields(local)
        pthread_mutex_lock(&mutex)
        if rows.count >= capacity { rows.removeAll(keepingCapacity: true) }
        rows[key] = r
        pthread_mutex_unlock(&mutex)
        return r
    }
}
