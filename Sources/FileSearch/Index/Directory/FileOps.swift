#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small file-system helpers for the index directory.
enum FileOps {
    static func fsyncDirectory(_ dir: String) throws {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexIOError.io(dir, "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw IndexIOError.io(dir, "fsync directory") }
    }

    /// Creates `dir` and its parents (like `mkdir -p`).
    static func makeDirectories(_ dir: String) throws {
        var path = dir.hasPrefix("/") ? "/" : ""
        for comp in dir.split(separator: "/") {
            path += (path.isEmpty || path.hasSuffix("/")) ? String(comp) : "/" + comp
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw IndexIOError.io(path, "create directory") }
        }
    }

    /// Names of the entries of `dir` (without `.` and `..`).
    static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    static func fileSize(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}

extension FileOps {
    /// Writes all of `bytes` to `fd`: at its current offset, or at `offset` (`pwrite`, the file offset
    /// unchanged) when given. Retries on `EINTR`; false (errno set) on another error.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int? = nil) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var done = 0
        while done < bytes.count {
            let n = offset.map { pwrite(fd, base + done, bytes.count - done, off_t($0 + done)) } ?? write(fd, base + done, bytes.count - done)
            if n < 0 { if errno == EINTR { continue }; return false }
            done += n
        }
        return true
    }

    /// The whole file, or nil (errno set) when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        var off = 0
        let ok = out.withUnsafeMutableBytes { buf -> Bool in
            while off < size {
                let n = read(fd, buf.baseAddress! + off, size - off) // size > 0 inside the loop
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { break }
                off += n
            }
            return true
        }
        guard ok else { return nil }
        if off < size { out.removeSubrange(off...) }
        return out
    }
}
