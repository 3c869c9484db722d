/// Every doc of the segment (`*`: queries made only of negations or filters).
final class AllDocsNode: ExecNode {
    private let count: UInt32
    init(count: UInt32) {
        self.count = count
        super.init()
        doc = count > 0 ? 0 : ExecNode.end
    }
    override var cost: Int { Int(count) }
    override func advance(to target: UInt32) {
        guard doc < target else { return }
        doc = target < count ? target : ExecNode.end
    }
}

/// A contiguous doc-id range (filed-date filters: docs are numbered in filed-date order).
final class DocRangeNode: ExecNode {
    private let range: Range<UInt32>
    init(_ range: Range<UInt32>) {
        self.range = range
        super.init()
        doc = range.isEmpty ? ExecNode.end : range.lowerBound
    }
    override var cost: Int { range.count }
    override func advance(to target: UInt32) {
        guard doc < target else { return }
        let t = max(target, range.lowerBound)
        doc = t < range.upperBound ? t : ExecNode.end
    }
}

/// A sorted list of doc ids (keyword filters).
final class DocListNode: ExecNode {
    private let docs: [UInt32]
    private var index = 0
    init(_ docs: [UInt32]) {
        self.docs = docs
        super.init()
        doc = docs.first ?? ExecNode.end
    }
    override var cost: Int { docs.count }
    /// The listed docs from the current one on.
    var remaining: ArraySlice<UInt32> { docs[min(index, docs.count)...] }
    override func advance(to target: UInt32) {
        guard doc < target else { return }
        // Galloping search forward from the current index.
        var lo = index, step = 1
        while lo + step < docs.count && docs[lo + step] < target { lo += step; step <<= 1 }
        var hi = min(lo + step, docs.count)
        while lo < hi { let mid = (lo + hi) >> 1; if docs[mid] < target { lo = mid + 1 } else { hi = mid } }
        index = lo
        doc = lo < docs.count ? docs[lo] : ExecNode.end
    }
}

/// The docs of `base` that satisfy `predicate` (period filters, company-name verification).
final class PredicateNode: ExecNode {
    private let base: ExecNode
    private let predicate: (UInt32) -> Bool
    init(base: ExecNode, predicate: @escaping (UInt32) -> Bool) {
        self.base = base
        self.predicate = predicate
        super.init()
        doc = 0
        seek(0)
    }
    override var cost: Int { base.cost }
    override func advance(to target: UInt32) {
        guard doc < target else { return }
        seek(target)
    }
    private func seek(_ target: UInt32) {
        base.advance(to: target)
        while base.doc != ExecNode.end && !predicate(base.doc) { base.advance(to: base.doc + 1) } // < end: loop condition
        doc = base.doc
    }
}

/// Matches nothing (a term absent from the segment).
final class EmptyNode: ExecNode {
    override init() { super.init(); doc = ExecNode.end }
    override func advance(to target: UInt32) {}
}
