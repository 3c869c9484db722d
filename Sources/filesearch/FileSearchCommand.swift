import ArgumentParser
import FileSearch

@main
struct FileSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filesearch",
        abstract: "Full-text search for SEC EDGAR filings."
    )
    func run() throws { print("filesearch") }
}
