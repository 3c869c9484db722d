#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable buffer of plain values on manually managed memory: append without uniqueness or
/// bounds checks on the hot path of the builder (one per segment, not per token).
///
/// Contract: indices passed to `subscript` are < `count` (checked in debug builds only).
/// A builder thread keeps its vectors from one segment to the next (`removeAll` keeps the memory),
/// so their pages are faulted in and zeroed by the kernel once per build, not once per segment.
final class RawVector<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private(set) var capacity: Int
    private let initialCapacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(16, capacity)
        initialCapacity = self.capacity
        base = malloc(self.capacity * MemoryLayout<T>.stride)!.bindMemory(to: T.self, capacity: self.capacity) // malloc of a positive size; failure = out of memory
    }

    deinit { free(base) }

    /// Bytes a new vector holding `count` values would have allocated (its capacity doubled from the
    /// initial one): what a memory budget counts, the same for a reused vector as for a new one.
    var accountedBytes: Int { RawVector.doubled(initialCapacity, toHold: count) * MemoryLayout<T>.stride }

    /// `initial` doubled until it is at least `n`.
    static func doubled(_ initial: Int, toHold n: Int) -> Int {
        var c = initial
        while c < n { c &<<= 1 } // c < n ≤ Int.max / 2 in practice (n counts values in memory)
        return c
    }

    @inline(__always) func append(_ v: T) {
        if count == capacity { grow(count + 1) }
        base[count] = v
        count &+= 1 // count < capacity ≤ Int.max
    }

    @inline(__always) subscript(_ i: Int) -> T {
        get { assert(i < count); return base[i] }
        set { assert(i < count); base[i] = newValue }
    }

    /// Ensures room for `n` more values.
    @inline(__always) func reserve(_ n: Int) { if count + n > capacity { grow(count + n) } }

    func append(contentsOf p: UnsafeBufferPointer<T>) {
        reserve(p.count)
        guard let src = p.baseAddress else { return }
        (base + count).update(from: src, count: p.count)
        count += p.count
    }

    /// Empties the vector, keeping its memory.
    func removeAll() { count = 0 }

    /// Grows with `realloc`: large blocks are moved by remapping pages (`mremap`), not copied and re-faulted.
    private func grow(_ minimum: Int) {
        var c = capacity * 2
        while c < minimum { c *= 2 }
        guard let nb = realloc(base, c * MemoryLayout<T>.stride) else { fatalError("out of memory growing a builder buffer to \(c) values") }
        base = nb.bindMemory(to: T.self, capacity: c) // T is BitwiseCopyable: moving its bytes moves the values
        capacity = c
    }

    var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }
}

/// Transparent huge pages for the term hash table: one TLB entry per 2 MiB instead of per 4 KiB for
/// its random probes (measured: ~3% less CPU for a build; the sequentially written token log and
/// flush arrays got slower with them — more page zeroing in the kernel — so they stay on 4 KiB pages).
enum HugePages {
    /// Below this a buffer is left alone (glibc serves it from the heap; not worth a syscall).
    static let threshold = 4 << 20

    /// Asks the kernel for huge pages on the whole 2 MiB-aligned part of `bytes` at `p` (a hint: errors ignored).
    static func advise(_ p: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= threshold else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: p) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: p) + bytes) & ~(huge - 1)
        guard end > start, let a = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(a, end - start, MADV_HUGEPAGE)
        #endif
    }
}
