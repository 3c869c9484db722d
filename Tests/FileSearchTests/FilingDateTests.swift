import Testing
@testable import FileSearch

@Suite struct FilingDateTests {
    @Test func roundTripsEveryDayOf2000To2030() {
        var d = FilingDate(year: 2000, month: 1, day: 1)!
        let end = FilingDate(year: 2030, month: 12, day: 31)!
        while d <= end {
            let c = d.components
            #expect(FilingDate(year: c.year, month: c.month, day: c.day) == d)
            #expect(FilingDate(d.iso) == d)
            d.daysSinceEpoch += 1
        }
    }
    @Test func parsesHeaderAndISOForms() {
        #expect(FilingDate("20240515")?.iso == "2024-05-15")
        #expect(FilingDate("2024-05-15")?.daysSinceEpoch == 19858)
        #expect(FilingDate("1970-01-01")?.daysSinceEpoch == 0)
        #expect(FilingDate("2024-13-45") == nil)
        #expect(FilingDate("2023-02-29") == nil)
        #expect(FilingDate("2024-02-29") != nil)
        #expect(FilingDate("2024-0515") == nil)
        #expect(FilingDate("abc") == nil)
    }
    @Test func normalizesCIKs() {
        #expect(CIK.normalize("896493") == "0000896493")
        #expect(CIK.normalize(" 0000896493 ") == "0000896493")
        #expect(CIK.normalize("12345678901") == nil)
        #expect(CIK.normalize("89a") == nil)
    }
}
