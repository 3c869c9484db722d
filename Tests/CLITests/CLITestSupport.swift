import Foundation
import Testing

/// Runs the built `filesearch` binary.
enum CLI {
    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// The binary next to this test bundle (same build configuration), else `.build/debug`.
    static var binary: String {
        let bundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("filesearch").path
        if FileManager.default.isExecutableFile(atPath: bundle) { return bundle }
        for c in ["debug", "release"] {
            let p = packageRoot + "/.build/\(c)/filesearch"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return packageRoot + "/.build/debug/filesearch"
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `filesearch args` in the package root with `FILESEARCH_INDEX=index` (built over Corpus/ on first use).
    static func run(_ args: [String], index: String, stdin: String? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var e = ProcessInfo.processInfo.environment
        e["FILESEARCH_INDEX"] = index
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: r, as: UTF8.self))
    }

    /// A fresh index path (not yet built) in a temp dir.
    static func freshIndex() -> String {
        NSTemporaryDirectory() + "fsq-cli-\(UInt64.random(in: 0..<UInt64.max))/index"
    }

    static func json(_ s: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any]
    }
}
