import Foundation
import Testing
@testable import FileSearch

/// Stated-date spellings, the inferred `ACCESSION NUMBER:` line, and provenance marking.
@Suite struct StatedFieldsTests {
    @Test(arguments: [
        ("September 28, 2024", "2024-09-28"), ("JUNE 30, 2023", "2023-06-30"), ("6/30/2023", "2023-06-30"),
        ("12-31-2020", "2020-12-31"), ("06/30/2024", "2024-06-30"), ("2024-06-30", "2024-06-30"), ("20240630", "2024-06-30"),
        ("Sept. 30, 2023", "2023-09-30"), ("December\u{00A0}31, 2023", "2023-12-31"), ("30 June 2023", "2023-06-30"),
    ])
    func statedDates(_ input: String, _ iso: String) {
        #expect(StatedDate.parse(input)?.iso == iso, "\(input)")
    }

    @Test(arguments: ["February 30, 2024", "Q3 2023", "June 2023", "13/01/2023", "", "September 28", "31.12.23"])
    func notDates(_ input: String) {
        #expect(StatedDate.parse(input) == nil, "\(input) must not become a date")
    }

    @Test func accessionLineIsInferredAndManifestFillsTheRest() {
        let text = Array("SOME REPORT\nACCESSION NUMBER:   0000000001-25-000003\nbody words\n".utf8)
        let bare = FilingParser.parse(text, path: "r.txt", manifest: nil)
        #expect(bare.metadata.accession == "0000000001-25-000003" && bare.metadata.provenance["accession"] == .inferred)
        #expect(bare.metadata.formType == nil && bare.metadata.entities.isEmpty, "nothing else is invented")
        let row = ManifestRow(fields: ["file": "r.txt", "form": "8-K", "ciks": "12,0000000034", "company": "A CO | B CO", "filed": "2025-01-02"])
        let withRow = FilingParser.parse(text, path: "r.txt", manifest: row)
        let m = withRow.metadata
        #expect(m.formType == "8-K" && m.provenance["form"] == .manifest)
        #expect(m.ciks == ["0000000012", "0000000034"] && m.companyNames == ["A CO", "B CO"])
        #expect(m.filed?.iso == "2025-01-02" && m.accession == "0000000001-25-000003")
        let bad = FilingParser.parse(Array("ACCESSION NUMBER: 12-34\n".utf8), path: "b.txt", manifest: nil)
        #expect(bad.metadata.accession == nil, "a malformed accession is not taken")
    }

    @Test func cikNormalization() {
        #expect(CIK.normalize("320193") == "0000320193" && CIK.normalize(" 0000320193 ") == "0000320193")
        #expect(CIK.normalize("12345678901") == nil && CIK.normalize("12a") == nil && CIK.normalize("") == nil)
    }
}
