import ArgumentParser
import FileSearch

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "(being built)")
    func run() throws { throw ValidationError("'stats' is not built yet") }
}
