#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The analyzed words of every company name of each segment, computed once per reader, so a
/// `company:` filter is a scan of pre-analyzed names rather than re-analyzing thousands per query.
final class CompanyNameCache: @unchecked Sendable { // mutable state guarded by `mutex`
    private var mutex = pthread_mutex_t()
    private var bySegment: [ObjectIdentifier: [(value: String, words: [String])]] = [:]

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// The names of `segment` with their analyzed words.
    func names(_ segment: SegmentReader) -> [(value: String, words: [String])] {
        let key = ObjectIdentifier(segment)
        pthread_mutex_lock(&mutex)
        if let n = bySegment[key] { pthread_mutex_unlock(&mutex); return n }
        pthread_mutex_unlock(&mutex)
        let a = Analyzer(mode: .query)
        let n = segment.keywordValues(.company).map { (value: $0, words: a.terms($0)) }
        pthread_mutex_lock(&mutex)
        bySegment[key] = n
        pthread_mutex_unlock(&mutex)
        return n
    }
}
