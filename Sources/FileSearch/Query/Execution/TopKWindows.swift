// Helpers shared by the window-at-a-time top-k loops (TermTopK, ConjTopK, OrTopK).

/// Block-max range walking shared by the window-at-a-time top-k loops (`TermTopK`, `ConjTopK`,
/// `OrTopK`): `blockBound(target)` is a node's bound for the docs `target...upTo`.
enum WindowBounds {
    /// From a range ending at `upTo` whose `bound` is below `theta`, walks the following ranges on
    /// block metadata alone; returns the first doc of the first range that may reach `theta`, or nil
    /// when no range remains. Requires `bound < theta`.
    @inline(__always)
    static func firstCompetitive(upTo: UInt32, bound: Double, theta: Double,
                                 _ blockBound: (UInt32) -> (upTo: UInt32, bound: Double)) -> UInt32? {
        var upTo = upTo, bound = bound, from: UInt32 = 0
        while bound < theta {
            if upTo == ExecNode.end { return nil }
            from = upTo + 1 // < end: checked
            (upTo, bound) = blockBound(from)
        }
        return from
    }

    /// The end of a window starting with a competitive range ending at `upTo`: the range is
    /// extended over the following ranges while they may reach `theta` (fewer, larger windows),
    /// never past `last`.
    @inline(__always)
    static func windowEnd(upTo: UInt32, last: UInt32, theta: Double,
                          _ blockBound: (UInt32) -> (upTo: UInt32, bound: Double)) -> UInt32 {
        var upTo = upTo
        while upTo < last {
            let next = blockBound(upTo + 1) // upTo < last < end
            if next.bound < theta { break }
            upTo = next.upTo
        }
        return min(last, upTo)
    }
}

/// The zeroed scratch memory of one window-at-a-time top-k run: per-doc frequency counters and
/// bitmap words, allocated once per segment and query (none per doc). Call `deallocate()` when done.
struct WindowScratch {
    let counts: UnsafeMutablePointer<UInt32>
    let bits: UnsafeMutablePointer<UInt64>

    init(counts n: Int, bitWords w: Int) {
        counts = .allocate(capacity: n)
        counts.initialize(repeating: 0, count: n)
        bits = .allocate(capacity: w)
        bits.initialize(repeating: 0, count: w)
    }

    func deallocate() {
        counts.deallocate()
        bits.deallocate()
    }
}
