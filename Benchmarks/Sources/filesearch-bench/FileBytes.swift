#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file into memory.
///
/// - Throws: `BenchError` naming the path when it cannot be opened or read.
/// - Complexity: O(file size), one allocation.
func readFileBytes(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw BenchError("cannot open \(path): errno \(errno)") }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw BenchError("cannot stat \(path): errno \(errno)") }
    let size = Int(st.st_size)
    var out = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
        let n = out.withUnsafeMutableBytes { buf in
            // in bounds: done < size == buf.count
            read(fd, buf.baseAddress!.advanced(by: done), size - done)
        }
        if n < 0 { throw BenchError("cannot read \(path): errno \(errno)") }
        if n == 0 { break }
        done += n
    }
    if done < size { out.removeSubrange(done...) }
    return out
}

/// Appends bytes to a file opened for writing (truncated on open).
final class OutputFile {
    private let file: UnsafeMutablePointer<FILE>
    let path: String

    /// - Throws: `BenchError` when the file cannot be created.
    init(path: String) throws {
        guard let f = fopen(path, "wb") else { throw BenchError("cannot create \(path): errno \(errno)") }
        self.file = f
        self.path = path
    }

    /// - Throws: `BenchError` on a short write (disk full …).
    func write(_ bytes: [UInt8]) throws {
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if n != bytes.count { throw BenchError("short write to \(path)") }
    }

    /// - Throws: `BenchError` when buffered data cannot be flushed.
    func close() throws {
        if fclose(file) != 0 { throw BenchError("cannot close \(path): errno \(errno)") }
    }
}

/// Writes bytes to standard output (fd 1); returns the number written.
func fwriteStdout(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var done = 0
    while done < bytes.count {
        // in bounds: done < count
        let n = write(1, bytes.baseAddress!.advanced(by: done), bytes.count - done)
        if n <= 0 { break }
        done += n
    }
    return done
}
