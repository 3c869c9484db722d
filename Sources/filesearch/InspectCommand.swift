import ArgumentParser
import FileSearch

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "(being built)")
    func run() throws { throw ValidationError("'inspect' is not built yet") }
}
