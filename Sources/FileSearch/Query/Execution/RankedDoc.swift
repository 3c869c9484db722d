/// A matched document with what ordering needs.
struct RankedDoc {
    var score: Double
    /// Filed date (days since epoch); `Int32.min` when unknown, so undated sorts last.
    var filed: Int32
    /// Global doc id (segment base + local).
    var doc: UInt64
    var segment: Int
    var local: UInt32

    /// True when `self` ranks before `other` under `sort`.
    /// relevance: score desc, filed desc, doc asc; date: filed desc, doc asc.
    @inline(__always) func precedes(_ other: RankedDoc, _ sort: SortOrder) -> Bool {
        if sort == .relevance && score != other.score { return score > other.score }
        if filed != other.filed { return filed > other.filed }
        return doc < other.doc
    }
}

/// The best `capacity` docs seen so far: a binary heap with the worst kept doc at the root.
///
/// - Complexity: `offer` O(log k).
struct TopKHeap {
    let capacity: Int
    let sort: SortOrder
    private(set) var items: [RankedDoc] = []

    init(capacity: Int, sort: SortOrder) {
        self.capacity = capacity
        self.sort = sort
        items.reserveCapacity(min(capacity, 1 << 16))
    }

    var isFull: Bool { capacity > 0 && items.count >= capacity }
    /// The worst kept doc (the bar a new doc must beat once full).
    var worst: RankedDoc? { items.first }

    /// True when a doc with this score could still enter (relevance order).
    @inline(__always) func admits(score: Double) -> Bool {
        guard isFull else { return capacity > 0 }
        return score >= items[0].score
    }

    mutating func offer(_ d: RankedDoc) {
        guard capacity > 0 else { return }
        if items.count < capacity {
            items.append(d)
            siftUp(items.count - 1)
        } else if d.precedes(items[0], sort) {
            items[0] = d
            siftDown(0)
        }
    }

    /// Kept docs, best first.
    func sorted() -> [RankedDoc] { items.sorted { $0.precedes($1, sort) } }

    // The heap is ordered so that a parent is "worse" than its children.
    private func worse(_ a: RankedDoc, _ b: RankedDoc) -> Bool { b.precedes(a, sort) }
    private mutating func siftUp(_ i0: Int) {
        var i = i0
        while i > 0 {
            let p = (i - 1) / 2
            guard worse(items[i], items[p]) else { return }
            items.swapAt(i, p)
            i = p
        }
    }
    private mutating func siftDown(_ i0: Int) {
        var i = i0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && worse(items[l], items[m]) { m = l }
            if r < items.count && worse(items[r], items[m]) { m = r }
            if m == i { return }
            items.swapAt(i, m)
            i = m
        }
    }
}
