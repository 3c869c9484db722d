import ArgumentParser
import FileSearch

@main
struct FileSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filesearch",
        abstract: "Full-text search for SEC EDGAR filings.",
        subcommands: [InspectCommand.self, IndexCommand.self, QueryCommand.self, StatsCommand.self, CompareCommand.self],
        defaultSubcommand: QueryCommand.self
    )
}
