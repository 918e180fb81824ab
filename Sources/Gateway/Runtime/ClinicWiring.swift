import ClinicSync
import ControlAPI
import Display
import FHIR
import Forwarding
import Foundation
import GatewayStore
import LocalControl
import Logging
import ReadingPath
import Readings
import Triage

/// How carehubd joins the clinic sync to the rest: the heartbeat's device statuses from the
/// sessions, the page's "please call me" into the store, and the sync's news onto the page.
enum ClinicWiring {
    /// The clinic sync, when the hub forwards to a store (it uses the same endpoint and credentials).
    static func clinicSync(
        settings: GatewayDaemonSettings, store: HubStore, control: LocalGatewayControl
    ) throws(ForwardingSetupError) -> ClinicSync? {
        guard let forwarding = settings.forwarding, let hubID = settings.pipeline.hub?.systemID else { return nil }
        let client = try StoreClient(configuration: forwarding)
        let configuration = ClinicSyncConfiguration(
            hubID: hubID, softwareVersion: "carehubd \(CareHubVersion.current)",
            pollInterval: settings.clinicPollInterval, heartbeatInterval: settings.heartbeatInterval)
        return ClinicSync(
            configuration: configuration, store: store, client: client, logger: Logger(label: "carehub.clinic"),
            deviceStatuses: { await deviceStatuses(control) })
    }

    /// Every assigned device as the heartbeat reports it: last reading, battery.
    static func deviceStatuses(_ control: LocalGatewayControl) async -> [DeviceStatus] {
        guard let devices = try? await control.devices() else { return [] }
        return devices.compactMap { device in
            guard let assignment = device.assignments.first else { return nil }
            return DeviceStatus(
                bluetoothAddress: device.address, patientID: assignment.patient, lastContact: device.lastReadingAt,
                batteryLevel: device.battery, clockOffsetSeconds: nil)
        }
    }

    /// The page's button: the request is stored for the patient the hub shows (the newest reading's,
    /// else the first assigned) and sent by the clinic sync; the page says "sending" at once.
    static func actions(clinic: ClinicSync, store: HubStore, display: DisplayHub, language: Language) -> DisplayActions {
        DisplayActions {
            guard let patient = contactPatient(store) else { return false }
            let text = language == .swedish
                ? "Patienten ber mottagningen att ringa upp (knappen på hubbens skärm)."
                : "The patient asks the clinic to call back (the button on the hub's screen)."
            do {
                _ = try clinic.requestContact(patient: patient, text: text)
            } catch {
                return false
            }
            await display.setContact(.sending)
            return true
        }
    }

    static func contactPatient(_ store: HubStore) -> String? {
        guard let assigned = try? store.assignedPatients(), !assigned.isEmpty else { return nil }
        if let newest = try? store.recentReadings(limit: 1).first?.reading.patientID, assigned.contains(newest) {
            return newest
        }
        return assigned.first
    }

    /// What the page says about contact requests at start-up.
    static func startContact(configured: Bool, store: HubStore) -> ContactStatus {
        guard configured else { return .unavailable }
        return (try? store.unsentContactRequests().isEmpty) == false ? .sending : .ready
    }

    /// New messages go on the page at once; an accepted request says so.
    static func follow(_ clinic: ClinicSync, store: HubStore, pipeline: ReadingPipeline, display: DisplayHub) async {
        for await event in clinic.events {
            switch event {
            case .messagesStored:
                try? await pipeline.reloadMessages()
            case .contactRequestSent:
                if (try? store.unsentContactRequests().isEmpty) == true { await display.setContact(.received) }
            default:
                break
            }
        }
    }
}
