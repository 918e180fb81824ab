/// A parameter name with its slot in `Parameters`' dense table, made once: a rule's lookup is then an
/// array index instead of hashing the name's string in a dictionary (a few dozen lookups per reading).
struct ParameterKey: Sendable {
    /// Position in `all` and in `Parameters.resolved`.
    let index: Int
    let name: ParameterName

    private init(_ index: Int, _ name: ParameterName) {
        self.index = index
        self.name = name
    }

    static let weightGain1d = ParameterKey(0, .weightGain1d)
    static let weightGain3d = ParameterKey(1, .weightGain3d)
    static let weightGain7d = ParameterKey(2, .weightGain7d)
    static let weightTarget = ParameterKey(3, .weightTarget)
    static let weightAboveTarget = ParameterKey(4, .weightAboveTarget)
    static let weightLoss3d = ParameterKey(5, .weightLoss3d)
    static let weightImplausibleJump = ParameterKey(6, .weightImplausibleJump)
    static let weightMorningFrom = ParameterKey(7, .weightMorningFrom)
    static let weightMorningTo = ParameterKey(8, .weightMorningTo)
    static let weightReferenceFallback = ParameterKey(9, .weightReferenceFallback)
    static let sbpLowRed = ParameterKey(10, .sbpLowRed)
    static let sbpLowRedSymptomatic = ParameterKey(11, .sbpLowRedSymptomatic)
    static let sbpLowYellow = ParameterKey(12, .sbpLowYellow)
    static let sbpHighYellow = ParameterKey(13, .sbpHighYellow)
    static let sbpHighRed = ParameterKey(14, .sbpHighRed)
    static let dbpHighYellow = ParameterKey(15, .dbpHighYellow)
    static let dbpHighRed = ParameterKey(16, .dbpHighRed)
    static let sbpBaselineDrop = ParameterKey(17, .sbpBaselineDrop)
    static let sbpBaselineDays = ParameterKey(18, .sbpBaselineDays)
    static let sbpBaselineMinSessions = ParameterKey(19, .sbpBaselineMinSessions)
    static let bpSessionWindow = ParameterKey(20, .bpSessionWindow)
    static let hrLowRed = ParameterKey(21, .hrLowRed)
    static let hrLowYellow = ParameterKey(22, .hrLowYellow)
    static let hrHighYellow = ParameterKey(23, .hrHighYellow)
    static let hrHighRed = ParameterKey(24, .hrHighRed)
    static let irregularWindowSessions = ParameterKey(25, .irregularWindowSessions)
    static let irregularMinSessions = ParameterKey(26, .irregularMinSessions)
    static let qualityFailedRepeat = ParameterKey(27, .qualityFailedRepeat)
    static let missingWeightDays = ParameterKey(28, .missingWeightDays)
    static let combinationSbpLow = ParameterKey(29, .combinationSbpLow)
    static let combinationHrHigh = ParameterKey(30, .combinationHrHigh)
    static let combinationWindow = ParameterKey(31, .combinationWindow)
    static let planFlexibleDiuretics = ParameterKey(32, .planFlexibleDiuretics)

    /// Every key, by index.
    static let all: [ParameterKey] = [
        .weightGain1d, .weightGain3d, .weightGain7d, .weightTarget, .weightAboveTarget, .weightLoss3d,
        .weightImplausibleJump, .weightMorningFrom, .weightMorningTo, .weightReferenceFallback, .sbpLowRed,
        .sbpLowRedSymptomatic, .sbpLowYellow, .sbpHighYellow, .sbpHighRed, .dbpHighYellow, .dbpHighRed,
        .sbpBaselineDrop, .sbpBaselineDays, .sbpBaselineMinSessions, .bpSessionWindow, .hrLowRed, .hrLowYellow,
        .hrHighYellow, .hrHighRed, .irregularWindowSessions, .irregularMinSessions, .qualityFailedRepeat,
        .missingWeightDays, .combinationSbpLow, .combinationHrHigh, .combinationWindow, .planFlexibleDiuretics,
    ]
}
