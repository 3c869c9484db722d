// Stored fields of one document (byte layout, inside a STOR fields block):
//   optional string accession        (see ByteCodec: vint len+1, 0 = nil)
//   string sourcePath                (vint len, bytes)
//   vint sequence
//   optional string documentType, documentFileName, description, formType
//   i32 filed, i32 period            (days since epoch; Int32.min = nil)
//   4 × (vint count, count × string) ciks, companyNames, sics, states

/// Encodes and decodes the stored fields of a document (text excluded).
enum StoredFieldsCodec {
    static func encode(_ d: StoredDocument, into s: inout ByteSink) {
        s.optionalString(d.accession)
        s.string(d.sourcePath)
        s.vint(UInt64(max(0, d.sequence)))
        s.optionalString(d.documentType)
        s.optionalString(d.documentFileName)
        s.optionalString(d.description)
        s.optionalString(d.formType)
        s.i32(d.filed?.daysSinceEpoch ?? Int32.min)
        s.i32(d.period?.daysSinceEpoch ?? Int32.min)
        for list in [d.ciks, d.companyNames, d.sics, d.states] {
            s.vint(list.count)
            for v in list { s.string(v) }
        }
    }

    static func decode(_ s: inout ByteSource) throws -> StoredDocument {
        let accession = try s.optionalString()
        let path = try s.string()
        let seq = try s.vintInt()
        let type = try s.optionalString(), file = try s.optionalString()
        let desc = try s.optionalString(), form = try s.optionalString()
        let f = try s.i32(), p = try s.i32()
        var lists: [[String]] = []
        for _ in 0..<4 {
            let n = try s.vintInt()
            guard n <= s.end - s.pos else { throw ByteSource.Overrun() }
            var l: [String] = []
            for _ in 0..<n { l.append(try s.string()) }
            lists.append(l)
        }
        return StoredDocument(accession: accession, sourcePath: path, sequence: seq, documentType: type,
                              documentFileName: file, description: desc, formType: form,
                              filed: f == Int32.min ? nil : FilingDate(daysSinceEpoch: f),
                              period: p == Int32.min ? nil : FilingDate(daysSinceEpoch: p),
                              ciks: lists[0], companyNames: lists[1], sics: lists[2], states: lists[3], text: [])
    }
}
