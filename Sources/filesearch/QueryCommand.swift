import ArgumentParser
import FileSearch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `filesearch query`: parse a query, run it, print a table, JSON or JSON Lines (`--batch`).
///
/// Exit status: 0 on success, 2 for a malformed query (one line on stderr with the column and
/// what was expected), 1 for other failures (missing index …).
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Search the index.",
        discussion: """
        Query language: bare words are ANDed; "exact phrases"; OR (or |); NOT or -word; parentheses; \
        warrant* (prefix); =word (exact form, no stemming); "a b"~3 or a NEAR/3 b (proximity); \
        filters form:4 form:"10-K" form:10-K,10-K/A cik:896493 filed:2023-12-01..2024-03-31 \
        filed:>=2024-01-01 filed:2024 period:2024-03-31 company:"ault alliance" type:EX-10.1 \
        sic:3679 state:NV accession:0001214659-24-009346.
        """
    )

    @Argument(help: "The query (several arguments are joined with spaces).")
    var words: [String] = []

    @Option(help: "Index directory (default: $FILESEARCH_INDEX or ./.filesearch/index, built over ./Corpus when missing).")
    var index: String?

    @Option(help: "Hits to show.") var limit: Int = 10
    @Option(help: "Hits to skip.") var offset: Int = 0
    @Option(help: "relevance or date.") var sort: SortOption = .relevance
    @Flag(help: "Show each hit's score as a sum of its parts.") var explain = false
    @Flag(help: "Print JSON (schema: see QueryJSON).") var json = false
    @Flag(help: "Add counts by form type, year filed and company.") var facets = false
    @Option(help: "'filing': one row per accession.") var group: GroupOption?
    @Flag(help: "Match exact word forms only (no stemming).") var exact = false
    @Option(help: "Form type filter (repeatable).") var form: [String] = []
    @Option(help: "CIK filter.") var cik: String?
    @Option(help: "Filed on or after (YYYY, YYYY-MM or YYYY-MM-DD).") var from: String?
    @Option(help: "Filed on or before (YYYY, YYYY-MM or YYYY-MM-DD).") var to: String?
    @Option(help: "Snippets per hit (default 2; 0 in --batch).") var snippets: Int?
    @Flag(help: "Count every match exactly (default: exact up to 1000 matches, then top-k pruning may make the total a lower bound, flagged total_is_exact=false).")
    var exactTotal = false
    @Option(help: "Run one query per line of FILE ('-': stdin); print JSON Lines {query,total,hits,took_ms}.")
    var batch: String?
    // (--backend native|fts5 goes here; `makeBackend` is the one place that builds the backend.)

    enum SortOption: String, ExpressibleByArgument, CaseIterable {
        case relevance, date
        var order: SortOrder { self == .date ? .date : .relevance }
    }
    enum GroupOption: String, ExpressibleByArgument, CaseIterable { case filing }

    mutating func run() throws {
        if let batch { try runBatch(batch, backend: try openBackend()); return }
        // Parse first: a malformed query never opens (or builds) an index.
        let text = words.joined(separator: " ")
        let node: QueryNode
        do { node = try buildQuery(text) } catch let e as QueryParseError {
            FileHandleOut.stderr("filesearch: \(e)")
            throw ExitCode(2)
        }
        let backend = try openBackend()
        let request = makeRequest(node, snippets: snippets ?? 2)
        let clock = ContinuousClock()
        let start = clock.now
        let response: SearchResponse
        do { response = try backend.search(request) } catch {
            FileHandleOut.stderr("filesearch: \(error)")
            throw ExitCode(1)
        }
        let took = QueryOutput.milliseconds(clock.now - start)
        if json {
            print(QueryJSON.encode(QueryJSON.Response(query: text, parsed: node, response: response, tookMs: took, offset: offset)))
        } else {
            let style = TextStyle.forStdout()
            print(QueryOutput.table(query: node, response: response, offset: offset, explain: explain, tookMs: took, style: style), terminator: "")
        }
    }

    /// The backend over `--index` (or the default index), or exit status 1 with a message.
    func openBackend() throws -> SearchBackend {
        let directory = try resolveIndexDirectory()
        do { return try makeBackend(directory: directory) } catch {
            FileHandleOut.stderr("filesearch: \(error)")
            throw ExitCode(1)
        }
    }

    /// Builds the backend. The single place to choose another backend (`--backend`).
    func makeBackend(directory: String) throws -> SearchBackend {
        try NativeBackend(directory: directory, countThreshold: exactTotal ? .max : 1000)
    }

    /// `--index`, or the default location (building it over ./Corpus when missing, said on stderr).
    func resolveIndexDirectory() throws -> String {
        if let index { return index }
        let dir = IndexLocation.default
        if !IndexLocation.exists(dir) {
            FileHandleOut.stderr("filesearch: no index at \(dir); building one over \(IndexLocation.defaultCorpus) …")
            do {
                if let s = try IndexLocation.ensureDefaultIndex(directory: dir) {
                    FileHandleOut.stderr("filesearch: indexed \(s.documents) documents from \(s.files) files in \(QueryOutput.fixed(s.seconds, 2)) s")
                }
            } catch {
                FileHandleOut.stderr("filesearch: \(error)")
                throw ExitCode(1)
            }
        }
        return dir
    }

    /// The query AST with the flag filters (`--form`, `--cik`, `--from`, `--to`) ANDed in.
    func buildQuery(_ text: String) throws -> QueryNode {
        var node = try QueryParser(exact: exact).parse(text)
        var filters: [QueryNode] = []
        func flag(_ name: String, _ field: String, _ value: String) throws -> FieldFilter {
            do { return try FieldFilterSyntax.filter(name: field, value: value) } catch let r as FieldFilterSyntax.Rejection {
                throw QueryParseError(column: 1, byteOffset: 0, message: "--\(name): \(r.message)", expected: r.expected)
            }
        }
        if !form.isEmpty {
            var forms: [String] = []
            for f in form { if case let .form(v) = try flag("form", "form", f) { forms += v } }
            filters.append(.filter(.form(forms)))
        }
        if let cik { filters.append(.filter(try flag("cik", "cik", cik))) }
        if from != nil || to != nil {
            func bound(_ name: String, _ v: String?) throws -> DateRange? {
                guard let v else { return nil }
                guard let r = DateRangeSyntax.parse(v), !v.contains(".."), !v.hasPrefix("<"), !v.hasPrefix(">") else {
                    throw QueryParseError(column: 1, byteOffset: 0, message: "--\(name): invalid date '\(v)'", expected: "YYYY, YYYY-MM or YYYY-MM-DD")
                }
                return r
            }
            let lo = try bound("from", from)?.lower, hi = try bound("to", to)?.upper
            if let lo, let hi, lo > hi {
                throw QueryParseError(column: 1, byteOffset: 0, message: "--from is after --to", expected: "--from on or before --to")
            }
            filters.append(.filter(.filed(DateRange(lower: lo, upper: hi))))
        }
        guard !filters.isEmpty else { return node }
        if node == .all { node = filters.count == 1 ? filters[0] : .and(filters); return node }
        if case let .and(cs) = node { return .and(cs + filters) }
        return .and([node] + filters)
    }

    func makeRequest(_ node: QueryNode, snippets: Int) -> SearchRequest {
        SearchRequest(query: node, limit: max(0, limit), offset: max(0, offset), sort: sort.order, explain: explain,
                      snippets: max(0, snippets), facets: facets, groupByFiling: group == .filing)
    }

    /// One query per line, JSON Lines out; a malformed line yields `{query, error}` and exit status 2 at the end.
    func runBatch(_ path: String, backend: SearchBackend) throws {
        guard let lines = QueryOutput.readLines(path) else {
            FileHandleOut.stderr("filesearch: cannot read --batch file \(path)")
            throw ExitCode(1)
        }
        var failed = false
        let clock = ContinuousClock()
        for line in lines {
            let text = line.trimmingASCII()
            if text.isEmpty || text.hasPrefix("#") { continue }
            let node: QueryNode
            do { node = try buildQuery(text) } catch let e as QueryParseError {
                failed = true
                print(QueryJSON.encode(QueryJSON.BatchError(query: text, error: e.description, column: e.column)))
                continue
            }
            let request = makeRequest(node, snippets: snippets ?? 0)
            let start = clock.now
            let response = try backend.search(request)
            let took = QueryOutput.milliseconds(clock.now - start)
            print(QueryJSON.encode(QueryJSON.Response(query: text, parsed: node, response: response, tookMs: took, offset: offset)))
        }
        if failed { throw ExitCode(2) }
    }
}
