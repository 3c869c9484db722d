#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keyword data computed once per reader and shared by its queries: the analyzed words of every
/// company name of each segment with an index from word to names (a `company:` filter looks up its
/// rarest word's names and checks only those, instead of scanning and re-analyzing every name per
/// query), and per-document keyword columns (facets, grouping by filing).
final class KeywordCache: @unchecked Sendable { // mutable state guarded by `mutex`
    /// The company names of one segment.
    struct Names {
        /// Keyword values (exact upper-cased names) and their analyzed words.
        var names: [(value: String, words: [String])] = []
        /// Word → indices into `names` (ascending, each name once).
        var byWord: [String: [Int32]] = [:]

        /// The names whose words contain `words` consecutively (`CompanyMatch.contains`).
        /// - Complexity: O(names holding the rarest word × name length).
        func matching(_ words: [String]) -> [(value: String, words: [String])] {
            guard !words.isEmpty else { return names.filter { CompanyMatch.contains($0.words, words) } }
            var rarest: [Int32]? = nil
            for w in words {
                guard let list = byWord[w] else { return [] } // a word in no name: nothing matches
                if rarest == nil || list.count < rarest!.count { rarest = list } // non-nil: checked first
            }
            return rarest!.lazy.map { self.names[Int($0)] }.filter { CompanyMatch.contains($0.words, words) } // set in the loop (words non-empty)
        }
    }

    private var mutex = pthread_mutex_t()
    private var bySegment: [ObjectIdentifier: Names] = [:]
    private var columns: [ObjectIdentifier: [KeywordField: KeywordColumn]] = [:]

    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// The per-document values of `field` in `segment`.
    func column(_ segment: SegmentReader, _ field: KeywordField) -> KeywordColumn {
        let key = ObjectIdentifier(segment)
        pthread_mutex_lock(&mutex)
        if let c = columns[key]?[field] { pthread_mutex_unlock(&mutex); return c }
        pthread_mutex_unlock(&mutex)
        let c = KeywordColumn(segment: segment, field: field)
        pthread_mutex_lock(&mutex)
        columns[key, default: [:]][field] = c
        pthread_mutex_unlock(&mutex)
        return c
    }

    /// The names of `segment` with their analyzed words and word index.
    func names(_ segment: SegmentReader) -> Names {
        let key = ObjectIdentifier(segment)
        pthread_mutex_lock(&mutex)
        if let n = bySegment[key] { pthread_mutex_unlock(&mutex); return n }
        pthread_mutex_unlock(&mutex)
        let a = Analyzer(mode: .query)
        var n = Names()
        n.names = segment.keywordValues(.company).map { (value: $0, words: a.terms($0)) }
        for (i, name) in n.names.enumerated() {
            for w in Set(name.words) { n.byWord[w, default: []].append(Int32(i)) } // names < 2^31
        }
        pthread_mutex_lock(&mutex)
        bySegment[key] = n
        pthread_mutex_unlock(&mutex)
        return n
    }
}
