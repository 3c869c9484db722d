/// The manifest convention for entity roles and their order.
///
/// `MANIFEST.tsv` lists entities issuer/subject company first, then filers, filed-by,
/// reporting owners. Header block names map to roles here; blocks without a role of their
/// own (ABS `DEPOSITOR`, `SECURITIZER`, `ISSUING_ENTITY`, `SERIAL COMPANY`) count as filers
/// and keep their block name in `FilingEntity.block`.
public enum EntityOrder {
    /// The role of a header entity block (`FILER`, `SUBJECT COMPANY`, `<REPORTING-OWNER>` …), nil if not one.
    public static func role(forBlock name: String) -> EntityRole? {
        switch name {
        case "FILER": return .filer
        case "SUBJECT COMPANY", "SUBJECT-COMPANY": return .subjectCompany
        case "REPORTING-OWNER", "REPORTING OWNER": return .reportingOwner
        case "FILED BY", "FILED-BY": return .filedBy
        case "ISSUER": return .issuer
        case "SERIAL COMPANY", "SERIAL-COMPANY", "DEPOSITOR", "SECURITIZER",
             "ISSUING ENTITY", "ISSUING_ENTITY", "ISSUING-ENTITY": return .filer
        default: return nil
        }
    }

    /// Blocks the corpus manifest does not list (their CIKs are still indexed).
    public static let blocksOutsideManifestConvention: Set<String> = ["ISSUING ENTITY", "ISSUING_ENTITY", "ISSUING-ENTITY"]

    /// Sort rank: issuer/subject 0, filer 1, filed-by 2, reporting owner 3.
    public static func rank(_ role: EntityRole) -> Int {
        switch role {
        case .issuer, .subjectCompany: return 0
        case .filer: return 1
        case .filedBy: return 2
        case .reportingOwner: return 3
        }
    }

    /// `entities` stably sorted by `rank`.
    /// - Complexity: O(n log n).
    public static func sorted(_ entities: [FilingEntity]) -> [FilingEntity] {
        entities.enumerated().sorted { (a, b) in
            let ra = rank(a.element.role), rb = rank(b.element.role)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}
