/// The files of one segment and what the commit records about each.
///
/// A segment named `g<generation>-s<n>` consists of seven files `<name>.<ext>` (see FORMAT.md).
struct SegmentFileKind: Sendable, Equatable {
    let ext: String
    let magic: String
    /// Name used in `IndexStats.bytesByComponent`.
    let component: String

    static let terms = SegmentFileKind(ext: "terms", magic: "TERM", component: "terms")
    static let postings = SegmentFileKind(ext: "post", magic: "POST", component: "postings")
    static let positions = SegmentFileKind(ext: "pos", magic: "POSI", component: "positions")
    static let columns = SegmentFileKind(ext: "cols", magic: "COLS", component: "columns")
    static let keywords = SegmentFileKind(ext: "keyw", magic: "KEYW", component: "keywords")
    static let store = SegmentFileKind(ext: "store", magic: "STOR", component: "store")
    static let stems = SegmentFileKind(ext: "stem", magic: "STEM", component: "stems")

    static let all: [SegmentFileKind] = [.terms, .postings, .positions, .columns, .keywords, .store, .stems]
}

/// Size and checksum of one written file, as recorded in the commit.
struct FileSeal: Sendable, Equatable {
    var size: UInt64
    var crc: UInt32
}

/// What the commit records about a segment.
struct SegmentMeta: Sendable, Equatable {
    var name: String
    var docCount: UInt32
    /// One seal per `SegmentFileKind.all`, same order.
    var seals: [FileSeal]

    func path(_ kind: SegmentFileKind, in dir: String) -> String { "\(dir)/\(name).\(kind.ext)" }
}
