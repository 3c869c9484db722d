import ArgumentParser
import FileSearch

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "(being built)")
    func run() throws { throw ValidationError("'query' is not built yet") }
}
