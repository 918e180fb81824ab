import FHIR
import Foundation

/// Everything the store keeps, behind one protocol: the server and the CLI use only this, and
/// ``SQLMonitoringStore`` implements it for SQLite and PostgreSQL alike.
public protocol MonitoringStorage: Sendable {
    /// Applies the schema steps not yet applied; idempotent.
    func migrate() async throws -> (from: Int, to: Int)

    // MARK: hubs and patients
    /// Registers a hub with the SHA-256 of its token and its patients (creating unknown patients).
    func addHub(id: String, tokenSHA256: String, patients: [String]) async throws
    /// The hub whose token has this SHA-256, with its patients.
    func hub(tokenSHA256: String) async throws -> HubIdentity?
    /// Creates the patient if needed and adds it to `groups` (a diagnosis or a clinic).
    func addPatient(id: String, groups: [String]) async throws

    // MARK: FHIR
    /// Stores a planned transaction all-or-nothing for `hub`; the transaction-response entries.
    func ingest(_ plan: TransactionPlan, hub: String, now: Date) async throws -> [FHIRBundle.Entry]
    /// A patient's stored resources of `type` as JSON text, effective time within the bounds, oldest first.
    func resources(type: String, patient: String, from: Date?, to: Date?, limit: Int) async throws -> [String]
    /// The clinic messages `patient` should see (its own, its groups', everyone's) updated after `after`, oldest first.
    func messages(forPatient patient: String, after: Date?) async throws -> [ClinicMessageContent]
    /// The patient's current individual thresholds; nil when none were ever set.
    func thresholds(patient: String) async throws -> PatientThresholds?

    // MARK: staff
    func addStaff(username: String, passwordHash: String, role: StaffRole) async throws
    func staff(username: String) async throws -> StaffUser?
    func createSession(_ session: StaffSession, now: Date) async throws
    func session(id: String, now: Date) async throws -> StaffSession?
    func deleteSession(id: String) async throws

    // MARK: the clinic's work
    /// Open items, most severe then oldest first.
    func worklist(limit: Int) async throws -> [WorklistItem]
    /// Marks an item seen; false when it does not exist or was already acknowledged.
    func acknowledge(item: String, by: String, note: String, at: Date) async throws -> Bool
    /// Makes `values` the patient's whole set (nil value: back to the default), recorded as one
    /// change by `by` with `reason`; the new version.
    func setThresholds(patient: String, values: [String: FHIRDecimal?], by: String, reason: String, at: Date) async throws -> Int
    /// Stores a clinic message; its id.
    func postMessage(audience: MessageAudience, text: String, author: String, sender: String?, at: Date) async throws -> String
    func patientExists(_ id: String) async throws -> Bool
    /// A patient's trends since `since`, messages, contact requests, devices (judged by `policy` at `now`) and open items.
    func patientOverview(patient: String, since: Date, policy: FleetPolicy, now: Date) async throws -> PatientOverview
    /// The recorded threshold changes of a patient, newest first.
    func thresholdHistory(patient: String, limit: Int) async throws -> [ThresholdAuditEntry]
    /// The clinic messages sent lately, newest first.
    func recentMessages(limit: Int) async throws -> [ClinicMessage]
    /// Every group with at least one patient, by name: what a group message can go to.
    func groups() async throws -> [PatientGroup]
    func fleetHealth(policy: FleetPolicy, now: Date) async throws -> FleetHealth
}
