/// Lookup of HTML5 named character references (`&rsquo;`, `&nbsp;`, legacy `&amp` …).
///
/// Built once, on first use, from the generated `data` (see `generate-entities.py`): a hash
/// map from the FNV-1a hash of the name (with its `;`, or without for the legacy forms) to the
/// entry, whose name is compared byte for byte so a hash collision can never decode garbage.
struct HTMLEntityTable: Sendable {
    /// All names, concatenated.
    private var names: [UInt8] = []
    /// All values (UTF-8), concatenated.
    private var values: [UInt8] = []
    /// Per entry: name offset/length, value offset/length.
    private var entries: [(nameStart: Int32, nameLength: UInt8, valueStart: Int32, valueLength: UInt8)] = []
    private var byHash: [UInt64: Int32] = [:]

    /// The shared table (parsed once, thread-safe lazy global initialization).
    static let shared = HTMLEntityTable()

    /// Longest name, including `;`.
    static let maxNameLength = 32
    /// Longest legacy name (without `;`), e.g. `frac12`.
    static let maxLegacyNameLength = 6

    private init() {
        Self.data.withUTF8Buffer { raw in
            var i = 0
            let n = raw.count
            byHash.reserveCapacity(2400)
            while i < n {
                let nameStart = names.count
                while i < n && raw[i] != 32 { names.append(raw[i]); i += 1 }
                i += 1 // the space
                let valueStart = values.count
                while i < n && raw[i] != 10 {
                    values.append(Self.hex(raw[i]) << 4 | Self.hex(raw[i + 1]))
                    i += 2
                }
                i += 1 // the newline
                let index = Int32(entries.count)
                entries.append((Int32(nameStart), UInt8(names.count - nameStart), Int32(valueStart), UInt8(values.count - valueStart)))
                let h = names.withUnsafeBufferPointer { Self.fnv1a($0.baseAddress! + nameStart, names.count - nameStart) } // non-empty: just appended
                byHash[h] = index
            }
        }
    }

    private static func hex(_ c: UInt8) -> UInt8 { c <= 57 ? c &- 48 : c &- 87 } // '0'-'9' or 'a'-'f' from the generator

    /// FNV-1a, 64 bit.
    @inline(__always)
    static func fnv1a(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100000001b3 } // &*: hashing wraps by design
        return h
    }

    /// The UTF-8 value of the entity named by the `n` bytes at `p` (including the `;` if any),
    /// passed to `body`; returns false when there is no such entity.
    ///
    /// - Complexity: O(n).
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        guard let index = byHash[Self.fnv1a(p, n)] else { return false }
        let e = entries[Int(index)]
        guard Int(e.nameLength) == n else { return false }
        return names.withUnsafeBufferPointer { nb in
            for k in 0..<n where nb[Int(e.nameStart) + k] != p[k] { return false }
            values.withUnsafeBufferPointer { vb in
                body(UnsafeBufferPointer(rebasing: vb[Int(e.valueStart)..<Int(e.valueStart) + Int(e.valueLength)]))
            }
            return true
        }
    }
}
