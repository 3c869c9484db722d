/// Parses an EDGAR submission header into `FilingMetadata`, one line at a time.
///
/// Accepts both header styles, even mixed in one header:
/// - `.txt` dissemination: tab-indented `KEY: value` lines, entity blocks (`FILER:`,
///   `SUBJECT COMPANY:`, `REPORTING-OWNER:`, `FILED BY:`, `ISSUER:` …) with sub-blocks
///   (`COMPANY DATA:`/`OWNER DATA:`, `FILING VALUES:`, `BUSINESS ADDRESS:`, `MAIL ADDRESS:`,
///   `FORMER COMPANY:`), plus `<ACCEPTANCE-DATETIME>` tag lines;
/// - `.nc` / `-index-headers` style: `<TAG>value` lines with `<FILER>` … `</FILER>` containers.
///
/// Unknown keys are ignored; values that do not parse (bad dates, bad CIKs) become warnings.
/// Entities are ordered by the manifest convention when finished (see `EntityOrder`).
struct HeaderParser {
    private(set) var metadata = FilingMetadata()
    private(set) var warnings: [String] = []
    private var entity: FilingEntity?
    private var section: Section = .none

    private enum Section { case none, companyData, filingValues, businessAddress, mailAddress, formerCompany, other }

    /// Feeds one header line (without its terminator).
    /// - Complexity: O(line length).
    mutating func line(_ raw: Substring) {
        var indent = 0
        for c in raw.utf8 { if c == 9 || c == 32 { indent += 1 } else { break } }
        let content = raw.dropFirst(indent)
        guard let first = content.utf8.first else { return }
        if first == UInt8(ascii: "<") { tags(content); return }
        // Byte searches (UTF-8 view): ':' '<' '>' are ASCII, and this skips grapheme breaking on every line.
        guard let colon = content.utf8.firstIndex(of: 58) else { return } // ':'
        let key = String(content[..<colon]).trimmingASCIIWhitespace()
        let value = String(content[content.utf8.index(after: colon)...]).trimmingASCIIWhitespace()
        if value.isEmpty {
            if indent == 0 {
                if let role = EntityOrder.role(forBlock: key) { startEntity(role, block: key) }
                return
            }
            if let s = Self.section(key) { enter(s) }
            return
        }
        if indent == 0 || entity == nil {
            topLevel(key: key, value: value)
        } else {
            entityField(key: key, value: value)
        }
    }

    /// Finishes the last entity and returns the metadata with entities in manifest order.
    mutating func finish() -> (FilingMetadata, [String]) {
        endEntity()
        // The same company often appears in several blocks (a 1933 and a 1940 Act FILER block,
        // FILER + DEPOSITOR + SECURITIZER): keep its first appearance in manifest order.
        var seen = Set<String>()
        metadata.entities = EntityOrder.sorted(metadata.entities).filter { seen.insert("\($0.cik ?? "")|\($0.name ?? "")").inserted }
        if !metadata.entities.isEmpty { metadata.provenance["entities"] = .stated }
        return (metadata, warnings)
    }

    // MARK: - tag style

    private mutating func tags(_ content: Substring) {
        // A line may hold several `<TAG>value` pieces (one-line `.nc` headers).
        var rest = content
        while let open = rest.utf8.firstIndex(of: 60) { // '<'
            guard let close = rest[open...].utf8.firstIndex(of: 62) else { return } // '>'
            let name = String(rest[rest.utf8.index(after: open)..<close])
            let afterTag = rest.utf8.index(after: close)
            let valueEnd = rest[afterTag...].utf8.firstIndex(of: 60) ?? rest.endIndex // '<' 
            let value = String(rest[afterTag..<valueEnd]).trimmingASCIIWhitespace()
            tag(name, value)
            rest = rest[valueEnd...]
        }
    }

    private mutating func tag(_ name: String, _ value: String) {
        if name.hasPrefix("/") {
            let n = String(name.dropFirst())
            if EntityOrder.role(forBlock: n) != nil { endEntity() } else if Self.section(n) != nil { section = .none }
            return
        }
        if value.isEmpty {
            if let role = EntityOrder.role(forBlock: name) { startEntity(role, block: name) }
            else if let s = Self.section(name) { enter(s) }
            return
        }
        switch name {
        case "ACCESSION-NUMBER": topLevel(key: "ACCESSION NUMBER", value: value)
        case "TYPE": topLevel(key: "CONFORMED SUBMISSION TYPE", value: value)
        case "FILING-DATE": topLevel(key: "FILED AS OF DATE", value: value)
        case "PERIOD": topLevel(key: "CONFORMED PERIOD OF REPORT", value: value)
        case "ACCEPTANCE-DATETIME": topLevel(key: "ACCEPTANCE-DATETIME", value: value)
        case "CONFORMED-NAME": entityField(key: "COMPANY CONFORMED NAME", value: value)
        case "CIK": entityField(key: "CENTRAL INDEX KEY", value: value)
        case "ASSIGNED-SIC": entityField(key: "STANDARD INDUSTRIAL CLASSIFICATION", value: value)
        case "STATE-OF-INCORPORATION": entityField(key: "STATE OF INCORPORATION", value: value)
        case "FISCAL-YEAR-END": entityField(key: "FISCAL YEAR END", value: value)
        case "STATE": entityField(key: "STATE", value: value)
        case "FORMER-CONFORMED-NAME": entityField(key: "FORMER CONFORMED NAME", value: value)
        case "DATE-CHANGED": entityField(key: "DATE OF NAME CHANGE", value: value)
        default: break
        }
    }

    // MARK: - fields

    private mutating func topLevel(key: String, value: String) {
        switch key {
        case "ACCESSION NUMBER":
            guard Accession.isValid(value) else {
                warnings.append("header: ACCESSION NUMBER '\(value.prefix(40))' is not NNNNNNNNNN-YY-NNNNNN; ignored")
                return
            }
            if metadata.accession == nil { metadata.accession = value; metadata.provenance["accession"] = .stated }
        case "CONFORMED SUBMISSION TYPE":
            if metadata.formType == nil { metadata.formType = value; metadata.provenance["form"] = .stated }
        case "FILED AS OF DATE":
            if metadata.filed == nil { setDate(value, field: "filed") { $0.filed = $1 } }
        case "CONFORMED PERIOD OF REPORT":
            if metadata.period == nil { setDate(value, field: "period") { $0.period = $1 } }
        case "ACCEPTANCE-DATETIME":
            if metadata.acceptance == nil { metadata.acceptance = value; metadata.provenance["acceptance"] = .stated }
        default: break
        }
    }

    private mutating func setDate(_ value: String, field: String, _ set: (inout FilingMetadata, FilingDate) -> Void) {
        if let d = FilingDate(value) {
            set(&metadata, d)
            metadata.provenance[field] = .stated
        } else {
            warnings.append("header: \(field) '\(value.prefix(40))' is not a YYYYMMDD date; ignored")
        }
    }

    private mutating func entityField(key: String, value: String) {
        guard var e = entity else { return }
        defer { entity = e }
        switch (section, key) {
        case (.formerCompany, "FORMER CONFORMED NAME"):
            if var last = e.formerNames.popLast(), last.name.isEmpty { last.name = value; e.formerNames.append(last) }
            else { e.formerNames.append(FormerName(name: value, changed: nil)) }
        case (.formerCompany, "DATE OF NAME CHANGE"):
            if var last = e.formerNames.popLast() { last.changed = FilingDate(value); e.formerNames.append(last) }
        case (.businessAddress, "STATE"):
            if e.businessState == nil { e.businessState = value }
        case (_, "COMPANY CONFORMED NAME"):
            if e.name == nil { e.name = value }
        case (_, "CENTRAL INDEX KEY"):
            if let c = CIK.normalize(value) { if e.cik == nil { e.cik = c } }
            else { warnings.append("header: CIK '\(value.prefix(40))' is not 1–10 digits; ignored") }
        case (_, "STANDARD INDUSTRIAL CLASSIFICATION"):
            let (code, desc) = Self.splitSIC(value)
            if e.sic == nil { e.sic = code }
            if e.sicDescription == nil { e.sicDescription = desc }
        case (_, "STATE OF INCORPORATION"):
            if e.stateOfIncorporation == nil { e.stateOfIncorporation = value }
        case (_, "FISCAL YEAR END"):
            if e.fiscalYearEnd == nil { e.fiscalYearEnd = value }
        default: break
        }
    }

    /// `SAVINGS INSTITUTIONS [6036]` → ("6036", "SAVINGS INSTITUTIONS"); `2834` → ("2834", nil); ` []` → (nil, nil).
    static func splitSIC(_ v: String) -> (String?, String?) {
        let u = Array(v.utf8)
        if u.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return (v, nil) }
        guard let open = u.lastIndex(of: UInt8(ascii: "[")), let close = u.lastIndex(of: UInt8(ascii: "]")), open < close else {
            return (nil, v)
        }
        let code = u[(open + 1)..<close]
        let desc = String(decoding: u[..<open], as: UTF8.self).trimmingASCIIWhitespace()
        let codeOK = !code.isEmpty && code.allSatisfy { $0 >= 48 && $0 <= 57 }
        return (codeOK ? String(decoding: code, as: UTF8.self) : nil, desc.isEmpty ? nil : desc)
    }

    // MARK: - blocks

    private mutating func startEntity(_ role: EntityRole, block: String) {
        endEntity()
        var e = FilingEntity(role: role)
        e.block = block
        entity = e
        section = .none
    }

    private mutating func endEntity() {
        if var e = entity {
            e.formerNames.removeAll { $0.name.isEmpty } // a FORMER COMPANY block that stated no name
            metadata.entities.append(e)
        }
        entity = nil
        section = .none
    }

    private mutating func enter(_ s: Section) {
        section = s
        if s == .formerCompany, entity != nil { entity!.formerNames.append(FormerName(name: "", changed: nil)) } // `!`: checked non-nil on the same line
    }

    private static func section(_ name: String) -> Section? {
        switch name {
        case "COMPANY DATA", "OWNER DATA", "COMPANY-DATA", "OWNER-DATA": return .companyData
        case "FILING VALUES", "FILING-VALUES": return .filingValues
        case "BUSINESS ADDRESS", "BUSINESS-ADDRESS": return .businessAddress
        case "MAIL ADDRESS", "MAIL-ADDRESS": return .mailAddress
        case "FORMER COMPANY", "FORMER-COMPANY", "FORMER NAME", "FORMER-NAME": return .formerCompany
        default: return nil
        }
    }
}
