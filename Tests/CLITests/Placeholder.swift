import Testing
@Suite struct CLIPlaceholder { @Test func builds() { #expect(1 + 1 == 2) } }
