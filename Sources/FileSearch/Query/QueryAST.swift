/// The parsed form of a query: what both backends execute.
///
/// Terms in the AST are already analyzed (folded) with `Analyzer(mode: .query)`.
public indirect enum QueryNode: Sendable, Equatable, CustomStringConvertible {
    /// One term. `prefix` for `warrant*`; `exact` disables stem expansion (`=warrants`).
    case term(String, prefix: Bool, exact: Bool)
    /// Consecutive terms (`slop == 0`), or terms within `slop` positions of each other in order-free
    /// proximity (`"a b"~3`, `a NEAR/3 b`).
    case phrase([String], slop: Int, exact: Bool)
    /// All children must match.
    case and([QueryNode])
    /// Any child must match.
    case or([QueryNode])
    /// Excludes documents matching the child. Only meaningful inside `.and` (or at top level with filters).
    case not(QueryNode)
    /// A field filter; never scored.
    case filter(FieldFilter)
    /// Every document (a query made only of negations or of nothing).
    case all

    public var description: String {
        switch self {
        case let .term(t, prefix, exact): return (exact ? "=" : "") + t + (prefix ? "*" : "")
        case let .phrase(ts, slop, exact): return (exact ? "=" : "") + "\"" + ts.joined(separator: " ") + "\"" + (slop > 0 ? "~\(slop)" : "")
        case let .and(cs): return "(" + cs.map(\.description).joined(separator: " AND ") + ")"
        case let .or(cs): return "(" + cs.map(\.description).joined(separator: " OR ") + ")"
        case let .not(c): return "-" + c.description
        case let .filter(f): return f.description
        case .all: return "*"
        }
    }
}

/// An inclusive range of days; either end may be open.
public struct DateRange: Sendable, Equatable, CustomStringConvertible {
    public var lower: FilingDate?
    public var upper: FilingDate?
    public init(lower: FilingDate?, upper: FilingDate?) { self.lower = lower; self.upper = upper }
    public func contains(_ d: FilingDate) -> Bool {
        (lower.map { d >= $0 } ?? true) && (upper.map { d <= $0 } ?? true)
    }
    public var description: String { "\(lower?.iso ?? "")..\(upper?.iso ?? "")" }
}

/// A filter on a filing field. Values are normalized by the parser
/// (form types upper-cased with single spaces, CIKs to 10 digits).
public enum FieldFilter: Sendable, Equatable, CustomStringConvertible {
    /// Any of these form types, exactly (`10-K/A` is distinct from `10-K`).
    case form([String])
    case cik(String)
    case filed(DateRange)
    case period(DateRange)
    /// Company name: analyzed terms that must occur as a phrase in an entity name.
    case company([String])
    /// Document type, exactly (`EX-10.1`).
    case documentType(String)
    case sic(String)
    case state(String)
    case accession(String)

    public var description: String {
        switch self {
        case let .form(v): return "form:" + v.joined(separator: "|")
        case let .cik(v): return "cik:" + v
        case let .filed(r): return "filed:" + r.description
        case let .period(r): return "period:" + r.description
        case let .company(v): return "company:\"" + v.joined(separator: " ") + "\""
        case let .documentType(v): return "type:" + v
        case let .sic(v): return "sic:" + v
        case let .state(v): return "state:" + v
        case let .accession(v): return "accession:" + v
        }
    }
}
