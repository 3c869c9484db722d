/// Marks offsets in a window bitmap (one bit per doc of a top-k window), keeping the word being
/// filled in a register: postings arrive in ascending runs, so a run of docs in the same 64-doc
/// word costs no memory read-modify-write per doc. Call `flush()` after the last `mark`.
struct WindowMarks {
    private let bits: UnsafeMutablePointer<UInt64>
    private var index = -1
    private var word: UInt64 = 0

    /// `bits` must cover every offset that will be marked.
    init(_ bits: UnsafeMutablePointer<UInt64>) { self.bits = bits }

    /// Sets bit `o` (≥ 0).
    @inline(__always) mutating func mark(_ o: Int) {
        let i = o &>> 6 // o ≥ 0
        if i != index {
            if index >= 0 { bits[index] |= word }
            index = i
            word = 0
        }
        word |= 1 &<< UInt64(o & 63) // shift < 64
    }

    /// Writes the word being filled.
    @inline(__always) mutating func flush() {
        if index >= 0 { bits[index] |= word }
        word = 0
    }
}
