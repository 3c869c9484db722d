import ArgumentParser
import FileSearch

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "(being built)")
    func run() throws { throw ValidationError("'compare' is not built yet") }
}
