import Foundation
import Testing
@testable import FHIR

/// The clinic exchange (docs/STORE-API.md): each resource survives its JSON both ways, and a resource
/// of the wrong form is refused with a reason.
struct ClinicExchangeTests {
    let sent = Date(timeIntervalSince1970: 1_796_670_026.25)

    @Test func instantTextAndParse() throws {
        #expect(FHIRInstant.text(sent) == "2026-12-07T19:00:26.250Z")
        #expect(FHIRInstant.date("2026-12-07T19:00:26.250Z") == sent)
        #expect(FHIRInstant.date("2026-12-07T20:00:26.25+01:00") == sent)
        #expect(FHIRInstant.date("2000-01-01T00:00:00Z") == Date(timeIntervalSince1970: 946_684_800))
        for bad in ["2026-12-07", "2026-12-07T19:00:26", "2026-13-07T19:00:26Z", "2026-12-07T19:00:26.Z",
                    "2026-12-07T19:00:26Zx", "2026-12-07T19:00:26+0100", "x026-12-07T19:00:26Z"] {
            #expect(FHIRInstant.date(bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: [MessageAudience.patient("rjh-egenmon-000123"), .group("hjärtsvikt"), .all])
    func messageRoundTrip(audience: MessageAudience) throws {
        let message = ClinicMessageContent(id: "42", audience: audience, text: "Ring oss i morgon, tack.",
                                           sentAt: sent, sender: "Hjärtmottagningen")
        let json = try FHIRJSON.encode(Resource.communication(message.communication()))
        guard case .communication(let decoded) = try FHIRJSON.decode(Resource.self, from: json) else {
            Issue.record("not a Communication: \(json)"); return
        }
        #expect(try ClinicMessageContent(decoded) == message)
    }

    @Test func messageWithoutScopeIsRefused() throws {
        var resource = ClinicMessageContent(id: "1", audience: .group("g"), text: "t", sentAt: sent, sender: nil).communication()
        resource.extension = nil
        #expect(throws: ClinicExchangeError.self) { try ClinicMessageContent(resource) }
        resource = ContactRequest(hubID: "h", patientID: "p", requestedAt: sent, text: "x").communication()
        #expect(throws: ClinicExchangeError.self) { try ClinicMessageContent(resource) }
    }

    @Test func thresholdsRoundTrip() throws {
        let set = PatientThresholds(patientID: "p-1", thresholds: [
            PatientThreshold(name: "weight.gain_3d_kg", value: FHIRDecimal(text: "1.5")!, changedBy: "anna",
                             changedAt: sent, reason: "Torr vikt sänkt"),
        ], version: "3")
        let json = try FHIRJSON.encode(Resource.basic(set.basic()))
        #expect(json.contains("\"valueDecimal\":1.5"))
        guard case .basic(let decoded) = try FHIRJSON.decode(Resource.self, from: json) else {
            Issue.record("not a Basic: \(json)"); return
        }
        #expect(try PatientThresholds(decoded) == set)
    }

    @Test func contactRequestRoundTripAndIdempotentKey() throws {
        let request = ContactRequest(hubID: "B8-27-EB-FF-FE-12-34-56", patientID: "rjh-1", requestedAt: sent, text: "Ring mig")
        let bundle = request.bundle()
        let entry = try #require(bundle.entry?.first)
        #expect(entry.request?.ifNoneExist == "identifier=\(CareHubURI.contactRequestIdentifier)|B8-27-EB-FF-FE-12-34-56-rjh-1-1796670026250")
        #expect(bundle.entry?.first?.fullUrl == request.bundle().entry?.first?.fullUrl)
        guard case .communication(let communication)? = entry.resource else { Issue.record("no Communication"); return }
        #expect(try ContactRequest(communication) == request)
    }

    @Test func heartbeatRoundTrip() throws {
        let beat = HubHeartbeat(hubID: "B8-27-EB-FF-FE-12-34-56", sentAt: sent, softwareVersion: "0.9.0", backlog: 3,
                                lastReadingAt: sent.addingTimeInterval(-60), devices: [
                                    DeviceStatus(bluetoothAddress: "C4:7C:8D:6A:12:34", patientID: "rjh-1",
                                                 lastContact: sent.addingTimeInterval(-60), batteryLevel: 15, clockOffsetSeconds: -3600),
                                ])
        let bundle = try beat.bundle()
        #expect(bundle.entry?.map(\.request?.url) == [
            "Device?identifier=urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680|B8-27-EB-FF-FE-12-34-56",
            "Device?identifier=http://hl7.org/fhir/sid/eui-48/bluetooth|C4-7C-8D-6A-12-34",
        ])
        let decoded = try FHIRJSON.decode(FHIRBundle.self, from: FHIRJSON.encode(bundle))
        var expected = beat
        expected.devices[0].bluetoothAddress = "C4-7C-8D-6A-12-34"
        #expect(try HubHeartbeat(decoded) == expected)
        var bad = beat
        bad.devices[0].bluetoothAddress = "C4:7C"
        #expect(throws: ClinicExchangeError.self) { try bad.bundle() }
    }
}
