#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exclusive writer lock on an index directory (`<dir>/LOCK`, `flock`). Readers never take it.
///
/// The lock is released when the object is deinitialized or the process dies (kill -9 included).
final class IndexLock: @unchecked Sendable { // holds only an fd; closing it from any thread is safe
    private let fd: Int32

    /// Takes the lock; without `wait`, fails at once when another build holds it.
    /// - Throws: `SearchError.index` when another build holds it (and `wait` is false), or on I/O errors.
    init(directory dir: String, wait: Bool = false) throws {
        let path = "\(dir)/LOCK"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexIOError.io(path, "open lock file") }
        if flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw SearchError.index("another `filesearch index` is already building the index at \(dir) (lock \(path) is held); wait for it to finish")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
