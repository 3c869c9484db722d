/// Reads the filing fields an EDGAR form XML states about itself.
///
/// - Ownership XML (`<ownershipDocument>`, Forms 3/4/5): `documentType`, `periodOfReport`,
///   `issuerCik`/`issuerName` (issuer), every `rptOwnerCik`/`rptOwnerName` (reporting owners).
/// - Other EDGAR XML (`<edgarSubmission>`): `submissionType`, plus per form: Form D primary/listed
///   issuers (`cik` + `entityName`), Form C `filerCik` + `nameOfIssuer`, 13F and N-PX first `cik` +
///   first `name` and `periodOfReport`, N-PORT `cik` + `regName` and `repPdDate`, Form 144
///   `issuerCik`/`issuerName` then the filer `cik`, EFFECT `cik` + `entityName`.
/// Other forms yield their form type only. Nothing is looked up or guessed.
enum FormXMLFacts {
    /// - Complexity: O(n) (one pass over the leaves, which stops early for large forms).
    static func read(_ buf: UnsafeRawBufferPointer, _ range: Range<Int>) -> FilingMetadata? {
        var leaves: [(String, String)] = []
        var isOwnership = false
        let probeEnd = min(range.upperBound, range.lowerBound + 4096)
        if ByteScan.find("<ownershipDocument".bytes, in: buf, from: range.lowerBound, to: probeEnd) != nil { isOwnership = true }
        else if ByteScan.find("edgarSubmission".bytes, in: buf, from: range.lowerBound, to: probeEnd) == nil { return nil }
        XMLLeaves.forEach(buf, range) { name, value in
            leaves.append((name, value))
            return leaves.count < 4000 // the cover fields come first; large tables are not needed
        }
        var meta = FilingMetadata()
        func first(_ n: String) -> String? { leaves.first { $0.0 == n }?.1 }
        func all(_ n: String) -> [String] { leaves.filter { $0.0 == n }.map(\.1) }
        func setForm(_ v: String?) { if let v { meta.formType = v; meta.provenance["form"] = .stated } }
        func setPeriod(_ v: String?) { if let v, let d = StatedDate.parse(v) { meta.period = d; meta.provenance["period"] = .stated } }
        func add(_ role: EntityRole, _ cik: String?, _ name: String?) {
            let e = FilingEntity(role: role, cik: cik.flatMap { CIK.normalize($0) }, name: name.map(FactText.clean))
            if e.cik != nil || e.name != nil { meta.entities.append(e) }
        }
        if isOwnership {
            setForm(first("documentType"))
            setPeriod(first("periodOfReport"))
            add(.issuer, first("issuerCik"), first("issuerName"))
            let oc = all("rptOwnerCik"), on = all("rptOwnerName")
            for k in 0..<max(oc.count, on.count) { add(.reportingOwner, k < oc.count ? oc[k] : nil, k < on.count ? on[k] : nil) }
        } else {
            let form = first("submissionType")
            setForm(form)
            let f = (form ?? "").uppercased()
            if f == "D" || f == "D/A" {
                let c = all("cik"), n = all("entityName")
                for k in 0..<max(c.count, n.count) { add(.issuer, k < c.count ? c[k] : nil, k < n.count ? n[k] : nil) }
            } else if f.hasPrefix("C") && !f.hasPrefix("CB") {
                add(.issuer, first("filerCik"), first("nameOfIssuer"))
            } else if f.hasPrefix("13F") || f.hasPrefix("N-PX") {
                add(.filer, first("cik"), first("name"))
                setPeriod(first("periodOfReport"))
            } else if f.hasPrefix("NPORT") {
                add(.filer, first("cik"), first("regName"))
                setPeriod(first("repPdDate"))
            } else if f.hasPrefix("144") {
                add(.issuer, first("issuerCik"), first("issuerName"))
                add(.filer, first("cik"), nil)
            } else if f == "EFFECT" {
                add(.filer, first("cik"), first("entityName"))
            }
        }
        meta.entities = EntityOrder.sorted(meta.entities)
        if !meta.entities.isEmpty { meta.provenance["entities"] = .stated }
        return meta
    }
}
