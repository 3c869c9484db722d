/// Turns a `MANIFEST.tsv` row into filing metadata and merges metadata sources.
///
/// Manifest columns: `accession`, `form`, `filed`, `period` (`YYYY-MM-DD`), `ciks` (comma
/// separated, 10 digits) and `company` (` | ` separated, same order as `ciks`).
public enum ManifestMetadata {
    /// Applies `row` to `meta`: with `override` every non-empty manifest field replaces the
    /// file's own; without it the manifest fills only fields the file left empty.
    /// Fields taken from the row are marked `.manifest`.
    public static func apply(_ row: ManifestRow, to meta: inout FilingMetadata, override: Bool) {
        // A value equal to the file's own keeps the file's provenance (`stated` beats `manifest`).
        func set<T: Equatable>(_ key: String, _ new: T?, _ path: WritableKeyPath<FilingMetadata, T?>) {
            guard let new, override || meta[keyPath: path] == nil, meta[keyPath: path] != new else { return }
            meta[keyPath: path] = new
            meta.provenance[key] = .manifest
        }
        set("accession", row["accession"], \.accession)
        set("form", row["form"], \.formType)
        set("filed", row["filed"].flatMap { FilingDate($0) }, \.filed)
        set("period", row["period"].flatMap { FilingDate($0) }, \.period)
        let ents = entities(row)
        let same = ents.map(\.cik) == meta.entities.map(\.cik) && ents.map(\.name) == meta.entities.map(\.name)
        if !ents.isEmpty, override || meta.entities.isEmpty, !same { meta.entities = ents; meta.provenance["entities"] = .manifest }
    }

    /// The entities a row lists, ciks and names paired by position.
    /// Roles follow the manifest order: for ownership-style forms (3, 4, 5, 144, SC 13*, SC TO*)
    /// the first entity is the issuer/subject and the rest are owners/filers; otherwise all are filers.
    public static func entities(_ row: ManifestRow) -> [FilingEntity] {
        let ciks = (row["ciks"] ?? "").split(separator: ",").map { $0.trimmingASCIIWhitespace() }
        let names = (row["company"] ?? "").components(separatedBy: " | ").map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
        let form = (row["form"] ?? "").uppercased()
        let ownership = ["3", "4", "5", "3/A", "4/A", "5/A"].contains(form)
        let subject = form.hasPrefix("SC 13") || form.hasPrefix("SC TO")
        var out: [FilingEntity] = []
        for k in 0..<max(ciks.count, names.count) {
            var role: EntityRole = .filer
            if ownership { role = k == 0 ? .issuer : .reportingOwner }
            if subject { role = k == 0 ? .subjectCompany : .filedBy }
            out.append(FilingEntity(role: role, cik: k < ciks.count ? CIK.normalize(ciks[k]) : nil, name: k < names.count ? names[k] : nil))
        }
        return out
    }

    /// Fills `meta`'s empty fields from `other`, keeping `other`'s provenance for them.
    public static func merge(_ other: FilingMetadata, into meta: inout FilingMetadata) {
        func take(_ key: String) { if let p = other.provenance[key] { meta.provenance[key] = p } }
        if meta.accession == nil, other.accession != nil { meta.accession = other.accession; take("accession") }
        if meta.formType == nil, other.formType != nil { meta.formType = other.formType; take("form") }
        if meta.filed == nil, other.filed != nil { meta.filed = other.filed; take("filed") }
        if meta.period == nil, other.period != nil { meta.period = other.period; take("period") }
        if meta.acceptance == nil, other.acceptance != nil { meta.acceptance = other.acceptance; take("acceptance") }
        if meta.entities.isEmpty, !other.entities.isEmpty { meta.entities = other.entities; take("entities") }
    }
}
