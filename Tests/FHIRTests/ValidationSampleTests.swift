import Foundation
import HealthProfiles
import Testing
@testable import FHIR

/// The forwarded Bundles that `carehub fhir` cannot print (it runs no triage and reads no device
/// clock): deviating readings with their DetectedIssue, a coincident timestamp, several readings of
/// two devices in one transaction. scripts/fhir-validation runs this test with
/// `CAREHUB_FHIR_SAMPLES` set to a temporary directory and has fhir.resources validate every file it
/// writes (pytests/fhir); without the variable the test checks the Bundles and writes nothing.
@Suite("Bundles for the fhir.resources validation")
struct ValidationSampleTests {
    static let red = ReadingAssessment(
        colour: .red, ruleIDs: ["B3"], ruleSetVersion: "hf-default-2025.1",
        parameters: [.init(name: "bp.systolic_red", value: FHIRDecimal(180), patientSpecific: true)],
        text: "Ditt värde avviker kraftigt.", assessedAt: Fixtures.time(1_741_934_540))
    static let grey = ReadingAssessment(
        colour: .grey, ruleIDs: ["Q1"], ruleSetVersion: "hf-default-2025.1", parameters: [],
        text: "Mätningen blev inte godkänd.", assessedAt: Fixtures.time(1_741_934_540))

    static func samples() throws -> [(name: String, bundle: TransactionBundle)] {
        [
            ("bp-red-coincident", try Fixtures.bundle([(try Fixtures.bloodPressure(assessment: red), Fixtures.bpIdentifier)])),
            ("bp-grey", try Fixtures.bundle([(try Fixtures.bloodPressure(assessment: grey), Fixtures.bpIdentifier)])),
            ("weight-yellow-w1", try Fixtures.bundle([(try Fixtures.weight(), Fixtures.weightIdentifier)])),
            ("two-devices-one-transaction", try Fixtures.bundle([
                (try Fixtures.bloodPressure(assessment: red), Fixtures.bpIdentifier),
                (try Fixtures.weight(), Fixtures.weightIdentifier),
            ])),
        ]
    }

    @Test("each sample has what the CLI cannot show: a DetectedIssue, a coincident timestamp, two readings")
    func samplesAreWhatTheyClaim() throws {
        let all = try Self.samples()
        for (name, sample) in all {
            let bundle = sample.bundle
            #expect(bundle.type == "transaction", "\(name)")
            #expect(!bundle.issues.isEmpty, "\(name): a deviating reading carries its DetectedIssue")
        }
        let both = try #require(all.first { $0.name == "two-devices-one-transaction" }).bundle.bundle
        #expect(both.issues.count == 2 && both.devices.count == 3, "cuff, scale and hub once each")
        if let directory = ProcessInfo.processInfo.environment["CAREHUB_FHIR_SAMPLES"], !directory.isEmpty {
            for (name, sample) in all {
                try sample.json(pretty: true).write(
                    to: URL(fileURLWithPath: directory).appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
            }
        }
    }
}
