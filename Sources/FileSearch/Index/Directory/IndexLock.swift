#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exclusive writer lock on an index directory (`<dir>/LOCK`, `flock`). Readers never take it.
///
/// The lock is released when the object is deinitialized or the process dies (kill -9 included).
final class IndexLock {
    private let fd: Int32

    /// Takes the lock without waiting.
    /// - Throws: `SearchError.index` when another build holds it, or on I/O errors.
    init(directory dir: String) throws {
        let path = "\(dir)/LOCK"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexIOError.io(path, "open lock file") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw SearchError.index("another `filesearch index` is already building the index at \(dir) (lock \(path) is held); wait for it to finish")
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
