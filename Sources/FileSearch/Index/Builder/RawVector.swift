#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable buffer of plain values on manually managed memory: append without uniqueness or
/// bounds checks on the hot path of the builder (one per segment, not per token).
///
/// Contract: indices passed to `subscript` are < `count` (checked in debug builds only).
final class RawVector<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(16, capacity)
        base = malloc(self.capacity * MemoryLayout<T>.stride)!.bindMemory(to: T.self, capacity: self.capacity) // malloc of a positive size; failure = out of memory
    }

    deinit { free(base) }

    /// Bytes allocated.
    var memoryBytes: Int { capacity * MemoryLayout<T>.stride }

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
