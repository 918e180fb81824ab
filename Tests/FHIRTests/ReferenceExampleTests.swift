import Foundation
import HealthProfiles
import Testing
@testable import FHIR

/// The reference examples (reference/fhir-phd.md §9a blood pressure, §9b weight) mapped from real
/// payloads: identifiers, codes, times, devices, status bits, coincident time, DetectedIssue.
struct ReferenceExampleTests {
    @Test func bloodPressureIdentifiersAreTheReferenceValues() throws {
        let ids = try PhdMapping.identifiers(for: try Fixtures.bloodPressure(), phdIdentifier: Fixtures.bpIdentifier)
        #expect(ids.observations == [
            .init(mdc: 150_020, value: "C47C8D6A1234-rjh-egenmon-000123-150020-795253330"),
            .init(mdc: 149_546, value: "C47C8D6A1234-rjh-egenmon-000123-149546-795253330"),
        ])
        #expect(ids.measurementStatus == "C47C8D6A1234-rjh-egenmon-000123-8410608-795253330")
        #expect(ids.phdDevice == .init(type: "BTMAC", system: "http://hl7.org/fhir/sid/eui-48/bluetooth", value: "C4-7C-8D-6A-12-34"))
        #expect(ids.phgDevice.value == "B8-27-EB-FF-FE-12-34-56")
        #expect(ids.phgDevice.system == "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680")
        // The hub's time as UTC: 07:42:31+01:00 = 2025-03-14T06:42:31Z = 795249751 s after
        // 2000-01-01T00:00:00Z (`date -u -d 2025-03-14T06:42:31Z +%s` − 946684800).
        #expect(ids.coincidentTimeStamp == "C47C8D6A1234-67975-r795249751.000")
        #expect(ids.detectedIssue == nil, "no assessment")
    }

    @Test func bloodPressureEntries() throws {
        let bundle = try Fixtures.bundle([(try Fixtures.bloodPressure(), Fixtures.bpIdentifier)]).bundle
        let bp = try #require(bundle.observation(mdc: 150_020))
        #expect(bp.meta?.profile == [
            "http://hl7.org/fhir/uv/phd/StructureDefinition/PhdCompoundNumericObservation", "http://hl7.org/fhir/StructureDefinition/bp",
        ])
        #expect(bp.code.coding?.map(\.code) == ["150020", "85354-9"])
        #expect(bp.category?.map { $0.coding?.first?.code } == ["vital-signs", "phd"])
        #expect(bp.effectiveDateTime == "2025-03-14T07:42:12+01:00")
        #expect(bp.issued == "2025-03-14T07:42:31.412+01:00")
        #expect(bp.subject?.reference == "Patient/rjh-egenmon-000123")
        #expect(bp.valueQuantity == nil)
        let components = try #require(bp.component)
        #expect(components.map { $0.code.coding?.map(\.code) } == [["150021", "8480-6"], ["150022", "8462-4"], ["150023", "8478-0"]])
        #expect(components.map { $0.valueQuantity?.value?.text } == ["128", "78", "95"])
        #expect(components.allSatisfy { $0.valueQuantity?.code == "mm[Hg]" && $0.valueQuantity?.system == "http://unitsofmeasure.org" })

        let pulse = try #require(bundle.observation(mdc: 149_546))
        #expect(pulse.code.coding?.map(\.code) == ["149546", "8867-4"])
        #expect(pulse.valueQuantity?.value?.text == "72")
        #expect(pulse.valueQuantity?.code == "/min")

        // The coincident timestamp: hub 07:42:31, cuff 07:42:29 (printed with the hub's offset).
        let coincident = try #require(bundle.observation(mdc: 67_975))
        #expect(coincident.effectiveDateTime == "2025-03-14T07:42:31+01:00")
        #expect(coincident.valueDateTime == "2025-03-14T07:42:29+01:00")
        #expect(coincident.issued == nil)
        let phdEntry = try #require(bundle.entry?.first { $0.request?.ifNoneExist == "identifier=http://hl7.org/fhir/sid/eui-48/bluetooth|C4-7C-8D-6A-12-34" })
        #expect(coincident.subject?.reference == phdEntry.fullUrl)
        for observation in [bp, pulse] {
            let urls = observation.extension?.map(\.url)
            #expect(urls == ["http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice",
                             "http://hl7.org/fhir/uv/phd/StructureDefinition/CoincidentTimeStampReference"])
            #expect(observation.device?.reference == phdEntry.fullUrl)
        }
    }

    @Test func cuffStatusBitsAreTheirOwnObservation() throws {
        let bundle = try Fixtures.bundle([(try Fixtures.bloodPressure(), Fixtures.bpIdentifier)]).bundle
        let status = try #require(bundle.observation(mdc: 8_410_608))
        #expect(status.meta?.profile == ["http://hl7.org/fhir/uv/phd/StructureDefinition/PhdBitsEnumerationObservation"])
        #expect(status.identifier?.first?.value == "C47C8D6A1234-rjh-egenmon-000123-8410608-795253330")
        let bits = try #require(status.component)
        #expect(bits.map { $0.code.coding?.first?.code } == (0...5).map { "8410608.\($0)" })
        #expect(bits.allSatisfy { $0.code.coding?.first?.system == "http://terminology.hl7.org/CodeSystem/ASN1ToHL7" })
        #expect(bits.map(\.valueBoolean) == [false, false, true, false, false, false], "irregular pulse only")
        let bpURL = bundle.entry?.first { $0.request?.ifNoneExist?.hasSuffix("-150020-795253330") == true }?.fullUrl
        #expect(status.derivedFrom?.map(\.reference) == [bpURL])
    }

    /// Status word → bits 0–5 (BLP: bits 3–4 are the pulse-rate range, 1 above, 2 below).
    static let statusVectors: [(UInt16, [Bool])] = [
        (0x0001, [true, false, false, false, false, false]), (0x0002, [false, true, false, false, false, false]),
        (0x0008, [false, false, false, true, false, false]), (0x0010, [false, false, false, false, true, false]),
        (0x0018, [false, false, false, false, false, false]), (0x0020, [false, false, false, false, false, true]),
        (0xFFC0, [false, false, false, false, false, false]),
    ]

    @Test("status bits", arguments: statusVectors)
    func statusBits(_ word: UInt16, _ expected: [Bool]) throws {
        let bp = BloodPressureMeasurement(
            unit: .mmHg, systolic: MedFloat16(bitPattern: 120), diastolic: MedFloat16(bitPattern: 80),
            meanArterialPressure: MedFloat16(bitPattern: 90), status: BloodPressureMeasurementStatus(rawValue: word))
        var input = try Fixtures.bloodPressure()
        input.measurement = .bloodPressure(bp)
        input.coincidentTime = nil
        let ids = try PhdMapping.identifiers(for: input, phdIdentifier: "C47C8D6A1234-rjh-egenmon-000123-150020-r1.000")
        #expect(ids.coincidentTimeStamp == nil, "no device timestamp: no coincident time")
        let entries = try PhdMapping.entries(for: input, identifiers: ids)
        let status = entries.compactMap { entry -> Observation? in
            if case .observation(let value)? = entry.resource, value.code.coding?.first?.code == "8410608" { value } else { nil }
        }.first
        #expect(status?.component?.map(\.valueBoolean) == expected)
    }

    @Test func weightWithDetectedIssue() throws {
        let bundle = try Fixtures.bundle([(try Fixtures.weight(), Fixtures.weightIdentifier)]).bundle
        let weight = try #require(bundle.observation(mdc: 188_736))
        #expect(weight.identifier?.first?.value == "D80BCB112233-rjh-egenmon-000123-188736-795253503")
        #expect(weight.valueQuantity == Quantity(value: FHIRDecimal(text: "84.600"), unit: "kg", system: "http://unitsofmeasure.org", code: "kg"))
        #expect(weight.code.coding?.map(\.code) == ["188736", "29463-7"])
        let bmi = try #require(bundle.observation(mdc: 188_752))
        #expect(bmi.identifier?.first?.value == "D80BCB112233-rjh-egenmon-000123-188752-795253503")
        #expect(bmi.valueQuantity?.value?.text == "27.6")
        #expect(bmi.valueQuantity?.code == "kg/m2")
        let height = try #require(bundle.observation(mdc: 188_740))
        #expect(height.valueQuantity?.value?.text == "175.0", "1.750 m exactly as cm")
        #expect(height.valueQuantity?.code == "cm")
        #expect(bundle.observation(mdc: 67_975) == nil, "no coincident time given")

        let issue = try #require(bundle.issues.first)
        #expect(bundle.issues.count == 1)
        #expect(issue.identifier == [Identifier(system: "https://carehub.org/fhir/sid/triage-assessment", value: Fixtures.weightIdentifier)])
        #expect(issue.severity == "moderate")
        #expect(issue.code?.coding?.first?.code == "yellow")
        #expect(issue.code?.coding?.first?.system == "https://carehub.org/fhir/CodeSystem/triage-colour")
        #expect(issue.evidence?.map { $0.code?.first?.coding?.first?.code } == ["W1"])
        #expect(issue.identifiedDateTime == "2025-03-14T07:45:20+01:00")
        #expect(issue.detail == "+2.3 kg in 3 days (82.3 -> 84.6 kg)")
        let urls = bundle.entry?.filter { if case .observation? = $0.resource { true } else { false } }.map(\.fullUrl)
        #expect(issue.implicated?.map(\.reference) == urls, "all three observations")
        #expect(issue.extension?.first?.valueString == "hf-default-2025.1")
        let parameters = (issue.extension ?? []).dropFirst().map { outer in
            (outer.extension?[0].valueCode, outer.extension?[1].valueDecimal?.text, outer.extension?[2].valueBoolean)
        }
        #expect(parameters.map(\.0) == ["weight.gain_3d_kg", "weight.gain_1d_kg"])
        #expect(parameters.map(\.1) == ["2.0", "1.0"])
        #expect(parameters.map(\.2) == [false, true])
        let author = bundle.entry?.first { $0.request?.ifNoneExist?.contains("B8-27-EB-FF-FE-12-34-56") == true }?.fullUrl
        #expect(issue.author?.reference == author)
    }

    @Test("DetectedIssue only for deviating readings; severity by colour", arguments: [
        (ReadingAssessment.Colour.green, nil), (.yellow, "moderate"), (.red, "high"), (.grey, "low"),
    ])
    func detectedIssueByColour(_ colour: ReadingAssessment.Colour, _ severity: String?) throws {
        var assessment = Fixtures.w1
        assessment.colour = colour
        let input = try Fixtures.weight(assessment: assessment)
        let ids = try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.weightIdentifier)
        #expect((ids.detectedIssue != nil) == (severity != nil))
        let bundle = try Fixtures.bundle([(input, Fixtures.weightIdentifier)]).bundle
        #expect(bundle.issues.map(\.severity) == (severity.map { [$0] } ?? []))
    }

    @Test func hubAndDevicesAreConditionalCreatesOnTheirIdentifiers() throws {
        let bundle = try Fixtures.bundle([(try Fixtures.bloodPressure(), Fixtures.bpIdentifier)]).bundle
        let devices = bundle.entry?.filter { $0.request?.url == "Device" } ?? []
        #expect(devices.map(\.request?.ifNoneExist) == [
            "identifier=urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680|B8-27-EB-FF-FE-12-34-56",
            "identifier=http://hl7.org/fhir/sid/eui-48/bluetooth|C4-7C-8D-6A-12-34",
        ])
        let phg = try #require(bundle.devices.first)
        #expect(phg.type?.coding?.first?.code == "531981")
        #expect(phg.identifier?.map(\.value) == ["B8-27-EB-FF-FE-12-34-56", "B8-27-EB-12-34-56"])
        #expect(phg.property?.first?.valueCode?.first?.coding?.first?.code == "532226")
        let phd = bundle.devices[1]
        #expect(phd.type?.coding?.first?.code == "65573")
        #expect(phd.specialization?.first?.systemType.coding?.first?.code == "528391")
        #expect(phd.version?.first?.value == "2.1.7")
        #expect(phd.version?.first?.type?.coding?.first?.code == "531976")
        #expect((bundle.entry ?? []).allSatisfy { $0.request?.method == "POST" && $0.request?.ifNoneExist != nil })
        #expect((bundle.entry ?? []).allSatisfy { entry in
            guard let ifNoneExist = entry.request?.ifNoneExist else { return false }
            return entry.fullUrl == "urn:uuid:" + NameBasedUUID.v5(name: String(ifNoneExist.dropFirst("identifier=".count)))
        })
    }

    /// DIS System ID 0x2A23 bytes 0xDE 0xBC 0x9A 0xFE 0xFF | 0x56 0x34 0x12 (uint40 LE, uint24 LE):
    /// OUI 0x123456, identifier 0xFFFE9ABCDE → EUI-64 12-34-56-FF-FE-9A-BC-DE.
    @Test func systemIDIdentifiesTheDeviceWhenKnown() throws {
        let systemID = try #require({ () -> SystemID? in
            if case .systemID(let value) = try Fixtures.measurement(.systemID, "DEBC9AFEFF563412") { value } else { nil }
        }())
        var input = try Fixtures.bloodPressure()
        input.device.systemID = systemID
        let ids = try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.bpIdentifier)
        #expect(ids.phdDevice == .init(type: "SYSID", system: "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680", value: "12-34-56-FF-FE-9A-BC-DE"))
        // The observation identifiers keep the stored (address-based) PHD identifier.
        #expect(ids.observations.first?.value == Fixtures.bpIdentifier)
    }

    @Test func storedIdentifiersOfAnotherReadingAreRefused() throws {
        let input = try Fixtures.bloodPressure()
        #expect(throws: FHIRMappingError.self) {
            try PhdMapping.identifiers(for: input, phdIdentifier: "C47C8D6A1234-someone-else-150020-795253330")
        }
        #expect(throws: FHIRMappingError.self) {
            try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.weightIdentifier)
        }
        var ids = try PhdMapping.identifiers(for: input, phdIdentifier: Fixtures.bpIdentifier)
        ids.measurementStatus = nil
        #expect(throws: FHIRMappingError.missingIdentifier("measurement status")) { try PhdMapping.entries(for: input, identifiers: ids) }
    }
}
