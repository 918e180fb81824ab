/// A parameter name with its slot in `Parameters`' dense table, made once: a rule's lookup is then an
/// array index instead of hashing the name's string in a dictionary (a few dozen lookups per reading).
///
/// The slot is derived from `ParameterTable`: a parameter's index is its position in
/// `ParameterTable.all`, so the table is the only list of parameters and their order. The named keys
/// below are only spellings for the rules; each looks its index up once.
struct ParameterKey: Sendable {
    /// Position in `ParameterTable.all` and in `Parameters.resolved`.
    let index: Int
    let name: ParameterName

    private init(index: Int, name: ParameterName) {
        self.index = index
        self.name = name
    }

    /// The key of a parameter of the table. A name the table lacks is a programming error in a
    /// rule (names are constants, never input), caught by `ParameterKeyTests` at the first lookup.
    init(_ name: ParameterName) {
        guard let index = ParameterTable.position[name] else {
            preconditionFailure("ParameterKey: \(name) is not in ParameterTable")
        }
        self.init(index: index, name: name)
    }

    /// One key per parameter of the table, by index.
    static let all: [ParameterKey] = ParameterTable.all.enumerated().map { ParameterKey(index: $0.offset, name: $0.element.name) }

    static let weightGain1d = ParameterKey(.weightGain1d)
    static let weightGain3d = ParameterKey(.weightGain3d)
    static let weightGain7d = ParameterKey(.weightGain7d)
    static let weightTarget = ParameterKey(.weightTarget)
    static let weightAboveTarget = ParameterKey(.weightAboveTarget)
    static let weightLoss3d = ParameterKey(.weightLoss3d)
    static let weightImplausibleJump = ParameterKey(.weightImplausibleJump)
    static let weightMorningFrom = ParameterKey(.weightMorningFrom)
    static let weightMorningTo = ParameterKey(.weightMorningTo)
    static let weightReferenceFallback = ParameterKey(.weightReferenceFallback)
    static let sbpLowRed = ParameterKey(.sbpLowRed)
    static let sbpLowRedSymptomatic = ParameterKey(.sbpLowRedSymptomatic)
    static let sbpLowYellow = ParameterKey(.sbpLowYellow)
    static let sbpHighYellow = ParameterKey(.sbpHighYellow)
    static let sbpHighRed = ParameterKey(.sbpHighRed)
    static let dbpHighYellow = ParameterKey(.dbpHighYellow)
    static let dbpHighRed = ParameterKey(.dbpHighRed)
    static let sbpBaselineDrop = ParameterKey(.sbpBaselineDrop)
    static let sbpBaselineDays = ParameterKey(.sbpBaselineDays)
    static let sbpBaselineMinSessions = ParameterKey(.sbpBaselineMinSessions)
    static let bpSessionWindow = ParameterKey(.bpSessionWindow)
    static let hrLowRed = ParameterKey(.hrLowRed)
    static let hrLowYellow = ParameterKey(.hrLowYellow)
    static let hrHighYellow = ParameterKey(.hrHighYellow)
    static let hrHighRed = ParameterKey(.hrHighRed)
    static let irregularWindowSessions = ParameterKey(.irregularWindowSessions)
    static let irregularMinSessions = ParameterKey(.irregularMinSessions)
    static let qualityFailedRepeat = ParameterKey(.qualityFailedRepeat)
    static let missingWeightDays = ParameterKey(.missingWeightDays)
    static let combinationSbpLow = ParameterKey(.combinationSbpLow)
    static let combinationHrHigh = ParameterKey(.combinationHrHigh)
    static let combinationWindow = ParameterKey(.combinationWindow)
    static let planFlexibleDiuretics = ParameterKey(.planFlexibleDiuretics)
}
