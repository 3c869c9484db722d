import Testing
import FileSearchFTS5

@Suite struct FTS5LinkTests {
    @Test func linksSQLite() { #expect(FTS5Info.sqliteVersion.hasPrefix("3.")) }
}
