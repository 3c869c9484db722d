// COMMIT file (framed like every index file, kind "CMIT"); body:
//   u64 generation
//   u32 segmentCount
//   per segment: string name (vint len + bytes), u32 docCount,
//                7 × (u64 size, u32 crc32) for terms, post, pos, cols, keyw, store, stem
// toc is empty. The commit is written as COMMIT.tmp, fsync'd, renamed to COMMIT, and the directory fsync'd.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One committed generation: the list of its segments.
struct CommitPoint: Sendable, Equatable {
    var generation: UInt64
    var segments: [SegmentMeta]

    static let fileName = "COMMIT"

    /// Reads and verifies `<dir>/COMMIT`.
    /// - Throws: `SearchError.index` when it is missing (no index) or damaged.
    static func read(directory dir: String) throws -> CommitPoint {
        let path = "\(dir)/\(fileName)"
        guard access(path, F_OK) == 0 else {
            throw SearchError.index("no index at \(dir) (no \(fileName) file); build one with `filesearch index`")
        }
        let f = try MappedIndexFile(path: path, kind: "CMIT")
        var s = ByteSource(f.base, start: 16, end: f.bodyEnd)
        do {
            let gen = try s.u64()
            let n = try s.u32()
            var segs: [SegmentMeta] = []
            for _ in 0..<n {
                let name = try s.string()
                guard !name.isEmpty, !name.contains("/"), name != "..", name != "." else { throw ByteSource.Overrun() }
                let dc = try s.u32()
                var seals: [FileSeal] = []
                for _ in SegmentFileKind.all { seals.append(FileSeal(size: try s.u64(), crc: try s.u32())) }
                segs.append(SegmentMeta(name: name, docCount: dc, seals: seals))
            }
            return CommitPoint(generation: gen, segments: segs)
        } catch is ByteSource.Overrun {
            throw f.damaged("bad commit record")
        }
    }

    /// Writes this commit atomically as `<dir>/COMMIT` (temp file, fsync, rename, directory fsync).
    func write(directory dir: String) throws {
        let tmp = "\(dir)/\(CommitPoint.fileName).tmp"
        let w = try IndexFileWriter(path: tmp, kind: "CMIT")
        var s = ByteSink()
        s.u64(generation)
        s.u32(UInt32(segments.count))
        for seg in segments {
            s.string(seg.name)
            s.u32(seg.docCount)
            for seal in seg.seals { s.u64(seal.size); s.u32(seal.crc) }
        }
        w.write(s)
        try w.finish(toc: [])
        guard rename(tmp, "\(dir)/\(CommitPoint.fileName)") == 0 else { throw IndexIOError.io(tmp, "rename") }
        try FileOps.fsyncDirectory(dir)
    }
}
