import FHIR
import Forwarding
import Foundation
import GatewayStore
import Triage

extension ClinicSync {
    static let messageCategory = "\(CareHubURI.communicationCategory)|clinic-message"
    static let thresholdsCode = "\(CareHubURI.basicCode)|patient-thresholds"

    /// One round over every assigned patient; nil when every request worked, else the first failure.
    func pollRound() async -> String? {
        let patients: [String]
        do {
            patients = try store.assignedPatients()
        } catch {
            logFailure("poll", "store: \(error.kindName)")
            return "store: \(error.kindName)"
        }
        var failure: String?
        var added = 0
        for patient in patients {
            if Task.isCancelled { return nil }
            do {
                added += try await pollMessages(patient: patient)
                try await pollThresholds(patient: patient)
            } catch {
                failure = failure ?? String(describing: error)
            }
        }
        // A request cut short by shutdown is no failure worth a warning.
        if Task.isCancelled { return nil }
        if let failure {
            logFailure("poll", failure)
        } else {
            logRecovery("poll")
        }
        if added > 0 {
            logger.info("clinic messages received", metadata: ["count": "\(added)"])
            emit.yield(.messagesStored(added))
        }
        return failure
    }

    /// Fetches the patient's messages newer than the cursor (less the overlap), stores the new ones
    /// and moves the cursor, in one transaction. Returns how many were new.
    func pollMessages(patient: String) async throws(SyncFailure) -> Int {
        let cursor: ClinicCursor
        do { cursor = try store.clinicCursor(patient: patient) } catch { throw SyncFailure("store: \(error.kindName)") }
        var query: [(String, String)] = [("recipient", "Patient/\(patient)"), ("category", Self.messageCategory)]
        if let since = cursor.messagesUpdated.flatMap(FHIRInstant.date) {
            query.append(("_lastUpdated", "gt" + FHIRInstant.text(since.addingTimeInterval(-configuration.overlap))))
        }
        let bundle = try await search("Communication?" + StoreClient.query(query))
        var incoming: [IncomingMessage] = []
        var newest = cursor.messagesUpdated
        var newestDate = cursor.messagesUpdated.flatMap(FHIRInstant.date)
        for entry in bundle.entry ?? [] {
            guard case .communication(let resource)? = entry.resource else { continue }
            let content: ClinicMessageContent
            do {
                content = try ClinicMessageContent(resource)
            } catch {
                logger.warning("a clinic message the hub cannot read was skipped", metadata: ["error": "\(error)"])
                continue
            }
            if let updated = resource.meta?.lastUpdated, let date = FHIRInstant.date(updated),
               newestDate.map({ date > $0 }) ?? true {
                newest = updated
                newestDate = date
            }
            let scope: MessageScope = switch content.audience {
            case .patient(let id): .patient(id)
            case .group(let name): .group(name)
            case .all: .all
            }
            incoming.append(IncomingMessage(
                remoteID: content.id, scope: scope, text: content.text, sender: content.sender, sentAt: content.sentAt))
        }
        guard !incoming.isEmpty || newest != cursor.messagesUpdated else { return 0 }
        do {
            return try store.receiveClinicMessages(incoming, patient: patient, newestUpdated: newest, receivedAt: now())
        } catch {
            throw SyncFailure("store: \(error.kindName)")
        }
    }

    /// Fetches the patient's threshold set and applies it once per version. A patient without a set
    /// at the store keeps what the hub has; a set the rules refuse is not applied (logged once).
    func pollThresholds(patient: String) async throws(SyncFailure) {
        let query = StoreClient.query([("subject", "Patient/\(patient)"), ("code", Self.thresholdsCode)])
        let bundle = try await search("Basic?" + query)
        let basics = (bundle.entry ?? []).compactMap { entry -> Basic? in
            if case .basic(let basic)? = entry.resource { return basic }
            return nil
        }
        guard let basic = basics.first else { return }
        let set: PatientThresholds
        do {
            set = try PatientThresholds(basic)
        } catch {
            throw SyncFailure("thresholds: \(error)")
        }
        guard set.patientID == patient else { throw SyncFailure("thresholds: the store answered for another patient") }
        // Without a versionId, the set's own content is its version.
        let version = set.version ?? basic.meta?.lastUpdated ?? Self.digest(set)
        let cursor: ClinicCursor
        do { cursor = try store.clinicCursor(patient: patient) } catch { throw SyncFailure("store: \(error.kindName)") }
        guard cursor.thresholdsVersion != version, !refusedVersions.contains("\(patient)|\(version)") else { return }
        var overrides: [String: Double] = [:]
        for threshold in set.thresholds { overrides[threshold.name] = threshold.value.doubleValue }
        do {
            _ = try Parameters.defaults.applying(overrides: overrides)
        } catch {
            refusedVersions.insert("\(patient)|\(version)")
            logger.error("the clinic's threshold set was not applied: the rules refuse it; the hub keeps its thresholds",
                         metadata: ["version": "\(version)", "error": "\(error)"])
            return
        }
        let clinicSet = set.thresholds.map { threshold in
            ClinicThreshold(parameter: threshold.name, value: threshold.value.doubleValue, changedBy: threshold.changedBy,
                            changedAt: threshold.changedAt, reason: threshold.reason)
        }
        let changed: [String]
        do {
            changed = try store.applyThresholdSet(patient: patient, set: clinicSet, version: version, clearedBy: "clinic")
        } catch {
            throw SyncFailure("store: \(error.kindName)")
        }
        if !changed.isEmpty {
            logger.notice("the clinic changed a patient's thresholds; the next assessment uses them",
                          metadata: ["parameters": "\(changed.joined(separator: ","))", "version": "\(version)"])
        }
        emit.yield(.thresholdsApplied(patient: patient, parameters: changed))
    }

    /// A search answer as a searchset Bundle.
    func search(_ path: String) async throws(SyncFailure) -> FHIRBundle {
        switch await client.get(path) {
        case .ok(let body):
            do {
                let bundle = try FHIRJSON.decode(FHIRBundle.self, from: String(decoding: body, as: UTF8.self))
                guard bundle.type == "searchset" else { throw SyncFailure("the answer is a Bundle of type \(bundle.type), not searchset") }
                return bundle
            } catch let failure as SyncFailure {
                throw failure
            } catch {
                throw SyncFailure("the answer is not a FHIR Bundle")
            }
        case .retry(let reason, _):
            throw SyncFailure(reason)
        case .refused(_, let reason):
            throw SyncFailure(reason)
        }
    }

    /// A stable text for a set without a version (parameter, value, who, when).
    static func digest(_ set: PatientThresholds) -> String {
        "content:" + set.thresholds.sorted { $0.name < $1.name }.map { threshold in
            "\(threshold.name)=\(threshold.value.text)@\(FHIRInstant.text(threshold.changedAt))"
        }.joined(separator: ";")
    }
}

/// Why a request of the clinic sync failed, in words without patient data.
struct SyncFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
