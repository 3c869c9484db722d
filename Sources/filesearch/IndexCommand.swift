import ArgumentParser
import FileSearch

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index", abstract: "(being built)")
    func run() throws { throw ValidationError("'index' is not built yet") }
}
