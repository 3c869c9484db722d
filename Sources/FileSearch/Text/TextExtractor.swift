/// Extracts the visible text of a document body.
///
/// PLACEHOLDER CONTRACT (being replaced by the streaming extractor): the signature is the seam.
public enum TextExtractor {
    /// Appends the visible text of `body` to `out`: markup stripped, entities decoded,
    /// valid UTF-8, runs of white space collapsed to one space, and `\n` at every block boundary.
    ///
    /// - Complexity: O(n) in `body.count`.
    public static func extract(_ body: UnsafeRawBufferPointer, format: DocumentFormat, into out: inout [UInt8]) {
        var inTag = false
        for b in body {
            if format != .text {
                if b == UInt8(ascii: "<") { inTag = true; continue }
                if b == UInt8(ascii: ">") { inTag = false; out.append(32); continue }
                if inTag { continue }
            }
            out.append(b == 0 ? 32 : b)
        }
    }
}
