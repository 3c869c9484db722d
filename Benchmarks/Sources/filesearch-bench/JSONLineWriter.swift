/// Builds one JSON object per line into a byte buffer, escaping on bytes.
///
/// Strings are written as given (UTF-8); `"`, `\` and control bytes are escaped, so any
/// byte sequence yields a valid JSON string token for valid UTF-8 input.
/// - Complexity: O(n) in the bytes appended.
struct JSONLineWriter {
    var bytes: [UInt8] = []
    private var first = true

    init(reservingCapacity n: Int = 0) { bytes.reserveCapacity(n) }

    mutating func begin() { bytes.append(UInt8(ascii: "{")); first = true }
    mutating func end() { bytes.append(UInt8(ascii: "}")); bytes.append(UInt8(ascii: "\n")) }

    private mutating func key(_ k: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ k: StaticString, _ value: String?) {
        key(k)
        guard let value else { bytes.append(contentsOf: [110, 117, 108, 108]); return }  // null
        var v = value
        v.withUTF8 { appendString($0) }
    }

    mutating func field(_ k: StaticString, bytes value: [UInt8]) {
        key(k)
        value.withUnsafeBufferPointer { appendString($0) }
    }

    mutating func field(_ k: StaticString, _ value: Int?) {
        key(k)
        guard let value else { bytes.append(contentsOf: [110, 117, 108, 108]); return }
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes `value` verbatim (a JSON number or literal the caller formatted).
    mutating func rawField(_ k: StaticString, _ value: String) {
        key(k)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func field(_ k: StaticString, _ values: [String]) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            var s = v
            s.withUTF8 { appendString($0) }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ s: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<s.count {
            let b = s[i]
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { continue }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart..<i])) }
            runStart = i + 1
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 10: bytes.append(contentsOf: [92, 110])
            case 9: bytes.append(contentsOf: [92, 116])
            case 13: bytes.append(contentsOf: [92, 114])
            default:
                bytes.append(contentsOf: [92, 117, 48, 48, Self.hex[Int(b >> 4)], Self.hex[Int(b & 15)]])
            }
        }
        if runStart < s.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart..<s.count])) }
        bytes.append(UInt8(ascii: "\""))
    }
}
