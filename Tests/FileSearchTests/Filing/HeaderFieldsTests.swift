import Foundation
import Testing
@testable import FileSearch

/// Header fields the manifest does not list (SIC, incorporation state, fiscal year end, former
/// names, acceptance time), checked on every real SGML file against a naive regex oracle.
@Suite struct HeaderFieldsTests {
    /// Every capture of `pattern` in the header part (before the first `<DOCUMENT>`).
    static func captures(_ pattern: String, _ header: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) // `!`: constant, valid pattern
        let ns = header as NSString
        return re.matches(in: header, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1)).trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func headerDetailsMatchRegexOracle() throws {
        guard let dir = TestCorpus.require("edgar") else { return }
        let manifest = try TestCorpus.manifest(dir)
        var checkedFormer = 0, checkedSIC = 0
        for row in manifest.rows where row["kind"] == "sgml" || (row["file"] ?? "").contains("index-headers") {
            let name = try #require(row["file"])
            let bytes = try TestCorpus.bytes(dir + "/" + name)
            var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r", with: "\n")
            if let r = text.range(of: "<DOCUMENT>") { text = String(text[..<r.lowerBound]) }
            if let r = text.range(of: "</SEC-HEADER>") { text = String(text[..<r.lowerBound]) }
            let f = FilingParser.parse(bytes, path: name, manifest: nil)
            let ents = f.metadata.entities
            let sics = Set(Self.captures(#"^\s*STANDARD INDUSTRIAL CLASSIFICATION:.*\[(\d+)\]\s*$"#, text) + Self.captures(#"^<ASSIGNED-SIC>(\d+)"#, text))
            #expect(Set(ents.compactMap(\.sic)) == sics, "\(name) SIC")
            let inc = Set(Self.captures(#"^\s*STATE OF INCORPORATION:\s*(\S+)\s*$"#, text) + Self.captures(#"^<STATE-OF-INCORPORATION>(\S+)"#, text))
            #expect(Set(ents.compactMap(\.stateOfIncorporation)) == inc, "\(name) incorporation")
            let fye = Set(Self.captures(#"^\s*FISCAL YEAR END:\s*(\d{4})\s*$"#, text) + Self.captures(#"^<FISCAL-YEAR-END>(\d{4})"#, text))
            #expect(Set(ents.compactMap(\.fiscalYearEnd)) == fye, "\(name) fiscal year end")
            let former = Set(Self.captures(#"^\s*FORMER CONFORMED NAME:\s*(.+)$"#, text) + Self.captures(#"^<FORMER-CONFORMED-NAME>(.+)$"#, text))
            #expect(Set(ents.flatMap { $0.formerNames.map(\.name) }) == former, "\(name) former names")
            let changed = Self.captures(#"^\s*DATE OF NAME CHANGE:\s*(\d{8})"#, text) + Self.captures(#"^<DATE-CHANGED>(\d{8})"#, text)
            #expect(Set(ents.flatMap { $0.formerNames.compactMap { $0.changed } }) == Set(changed.compactMap { FilingDate($0) }), "\(name) name-change dates")
            let acc = Self.captures(#"^<ACCEPTANCE-DATETIME>(\d{14})"#, text).first
            #expect(f.metadata.acceptance == acc, "\(name) acceptance")
            checkedFormer += former.count
            checkedSIC += sics.count
        }
        #expect(checkedFormer > 5 && checkedSIC > 5, "oracle found too few values to be meaningful")
    }

    @Test func businessStateComesFromBusinessAddressNotMailAddress() throws {
        // Synthetic: mail and business states differ; only BUSINESS ADDRESS counts.
        let header = "<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER:\t0000000001-25-000001\nFILER:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t7\n\tMAIL ADDRESS:\n\t\tSTATE:\t\tNY\n\tBUSINESS ADDRESS:\n\t\tSTATE:\t\tTX\n</SEC-HEADER>\n"
        let f = FilingParser.parse(Array(header.utf8), path: "h.txt", manifest: nil)
        #expect(f.metadata.entities.map(\.businessState) == ["TX"])
        let nc = "<SUBMISSION>\n<ACCESSION-NUMBER>0000000001-25-000002\n<FILER>\n<COMPANY-DATA>\n<CIK>8\n</COMPANY-DATA>\n<MAIL-ADDRESS>\n<STATE>NY\n</MAIL-ADDRESS>\n<BUSINESS-ADDRESS>\n<STATE>CA\n</BUSINESS-ADDRESS>\n</FILER>\n"
        let g = FilingParser.parse(Array(nc.utf8), path: "h.nc", manifest: nil)
        #expect(g.metadata.entities.map(\.businessState) == ["CA"] && g.metadata.ciks == ["0000000008"])
    }

    @Test func oneLineNCHeaderAndManifestEntityOrder() {
        let nc = "<SUBMISSION><ACCESSION-NUMBER>0000000001-25-000009<TYPE>4<FILING-DATE>20250101<PERIOD>20241231"
            + "<REPORTING-OWNER><OWNER-DATA><CONFORMED-NAME>OWNER X<CIK>5</OWNER-DATA></REPORTING-OWNER>"
            + "<ISSUER><COMPANY-DATA><CONFORMED-NAME>ISSUER Y<CIK>6</COMPANY-DATA></ISSUER>\r<DOCUMENT>\r<TYPE>4\r<TEXT>\rbody\r</TEXT>\r</DOCUMENT>\r"
        let f = FilingParser.parse(Array(nc.utf8), path: "one.nc", manifest: nil)
        #expect(f.metadata.accession == "0000000001-25-000009" && f.metadata.formType == "4")
        #expect(f.metadata.filed?.iso == "2025-01-01" && f.metadata.period?.iso == "2024-12-31")
        #expect(f.metadata.ciks == ["0000000006", "0000000005"], "issuer first, then reporting owner")
        #expect(f.metadata.entities.map(\.role) == [.issuer, .reportingOwner])
        #expect(f.documents.count == 1 && f.documents[0].type == "4" && f.warnings.isEmpty, "\(f.warnings)")
    }

    @Test func latin1HeaderNamesKeepTheirLetters() {
        var bytes = Array("<SEC-DOCUMENT>\n<SEC-HEADER>\nFILER:\n\tCOMPANY DATA:\n\t\tCOMPANY CONFORMED NAME:\tSOCI".utf8)
        bytes.append(0xC9) // É in Latin-1 / Windows-1252, invalid as UTF-8
        bytes += Array("T\u{C9} X\n</SEC-HEADER>\n".utf8)
        let f = FilingParser.parse(bytes, path: "l.txt", manifest: nil)
        #expect(f.metadata.entities.first?.name?.hasPrefix("SOCIÉT") == true, "\(String(describing: f.metadata.entities.first?.name))")
    }
}
