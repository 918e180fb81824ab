import Foundation

// The clinic's exchange with hubs, beside the readings: messages and individual thresholds (store →
// hub), the patient's contact request and the hub's heartbeat (hub → store). Both sides build and
// read these resources only through the types here, so the two ends cannot drift apart. The HTTP
// side (searches, paths, who may read what) is in docs/STORE-API.md.

/// A resource of the clinic exchange that lacks an element it needs, or has one of the wrong form.
public struct ClinicExchangeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Whom a clinic message was written to.
public enum MessageAudience: Hashable, Sendable {
    case patient(String)
    /// A group of patients (a diagnosis or a clinic), by the store's group name.
    case group(String)
    case all
}

/// A clinic's message to patients, as the store sends it and the hub shows it: a `Communication`
/// with category `clinic-message`.
public struct ClinicMessageContent: Hashable, Sendable {
    /// The store's logical id of the Communication (the hub keeps it to store each message once).
    public var id: String
    public var audience: MessageAudience
    public var text: String
    public var sentAt: Date
    /// Who wrote it, as staff should be named to the patient ("Hjärtmottagningen, Anna").
    public var sender: String?

    public init(id: String, audience: MessageAudience, text: String, sentAt: Date, sender: String?) {
        self.id = id
        self.audience = audience
        self.text = text
        self.sentAt = sentAt
        self.sender = sender
    }

    /// The Communication: `recipient` is `Patient/<id>` or `Group/<name>` (none for everyone), with the
    /// audience also in the `message-scope` extension.
    public func communication() -> Communication {
        var resource = Communication(status: "completed")
        resource.id = id
        resource.category = [ClinicCodes.category("clinic-message")]
        let (scope, recipient): (String, Reference?) = switch audience {
        case .patient(let patient): ("patient", Reference(reference: "Patient/\(patient)"))
        case .group(let group): ("group", Reference(reference: "Group/\(group)"))
        case .all: ("all", nil)
        }
        var scopeExtension = Extension(url: CareHubURI.messageScopeExtension)
        scopeExtension.valueCode = scope
        resource.extension = [scopeExtension]
        resource.recipient = recipient.map { [$0] }
        resource.sent = FHIRInstant.text(sentAt)
        resource.sender = sender.map { Reference(reference: nil, display: $0) }
        resource.payload = [.init(contentString: text)]
        return resource
    }

    /// Reads a clinic message the store sent.
    public init(_ resource: Communication) throws(ClinicExchangeError) {
        guard ClinicCodes.hasCategory(resource.category, "clinic-message") else {
            throw ClinicExchangeError("Communication is not a clinic-message")
        }
        guard let id = resource.id, !id.isEmpty else { throw ClinicExchangeError("Communication without id") }
        guard let text = resource.payload?.compactMap(\.contentString).joined(separator: "\n"), !text.isEmpty else {
            throw ClinicExchangeError("Communication \(id) has no text payload")
        }
        guard let sentText = resource.sent, let sentAt = FHIRInstant.date(sentText) else {
            throw ClinicExchangeError("Communication \(id) has no valid sent time")
        }
        let scope = resource.extension?.first { $0.url == CareHubURI.messageScopeExtension }?.valueCode
        let recipient = resource.recipient?.first?.reference ?? ""
        let audience: MessageAudience
        switch scope {
        case "patient" where recipient.hasPrefix("Patient/") && recipient.count > 8:
            audience = .patient(String(recipient.dropFirst(8)))
        case "group" where recipient.hasPrefix("Group/") && recipient.count > 6:
            audience = .group(String(recipient.dropFirst(6)))
        case "all": audience = .all
        default: throw ClinicExchangeError("Communication \(id): message-scope \(scope ?? "missing") does not match recipient")
        }
        self.init(id: id, audience: audience, text: text, sentAt: sentAt, sender: resource.sender?.display)
    }
}

/// One individual threshold of a patient, with who set it, when and why.
public struct PatientThreshold: Hashable, Sendable {
    /// A triage parameter name, e.g. `weight.gain_3d_kg` (docs/TRIAGE.md).
    public var name: String
    public var value: FHIRDecimal
    public var changedBy: String
    public var changedAt: Date
    public var reason: String

    public init(name: String, value: FHIRDecimal, changedBy: String, changedAt: Date, reason: String) {
        self.name = name
        self.value = value
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

/// A patient's individual thresholds as a whole: the hub makes its overrides exactly this set (a
/// parameter absent here uses the rule set's default). One `Basic` per patient, code `patient-thresholds`.
public struct PatientThresholds: Hashable, Sendable {
    public var patientID: String
    public var thresholds: [PatientThreshold]
    /// The store's version of the set (`meta.versionId`); the hub applies a set once per version.
    public var version: String?

    public init(patientID: String, thresholds: [PatientThreshold], version: String? = nil) {
        self.patientID = patientID
        self.thresholds = thresholds
        self.version = version
    }

    public func basic() -> Basic {
        var resource = Basic(code: CodeableConcept(coding: [
            Coding(system: CareHubURI.basicCode, code: "patient-thresholds", display: "Individual triage thresholds")]))
        resource.identifier = [Identifier(system: CareHubURI.thresholdsIdentifier, value: patientID)]
        resource.subject = Reference(reference: "Patient/\(patientID)")
        if let version {
            var meta = Meta(profile: nil)
            meta.versionId = version
            resource.meta = meta
        }
        resource.created = thresholds.map(\.changedAt).max().map(FHIRInstant.text)
        resource.extension = thresholds.map { threshold in
            var outer = Extension(url: CareHubURI.patientThresholdExtension)
            var name = Extension(url: "name"); name.valueCode = threshold.name
            var value = Extension(url: "value"); value.valueDecimal = threshold.value
            var by = Extension(url: "changedBy"); by.valueString = threshold.changedBy
            var at = Extension(url: "changedAt"); at.valueDateTime = FHIRInstant.text(threshold.changedAt)
            var reason = Extension(url: "reason"); reason.valueString = threshold.reason
            outer.extension = [name, value, by, at, reason]
            return outer
        }
        return resource
    }

    public init(_ resource: Basic) throws(ClinicExchangeError) {
        guard resource.code.coding?.contains(where: { $0.system == CareHubURI.basicCode && $0.code == "patient-thresholds" }) == true
        else { throw ClinicExchangeError("Basic is not patient-thresholds") }
        guard let subject = resource.subject?.reference, subject.hasPrefix("Patient/"), subject.count > 8 else {
            throw ClinicExchangeError("patient-thresholds without a Patient subject")
        }
        var thresholds: [PatientThreshold] = []
        for outer in resource.extension ?? [] where outer.url == CareHubURI.patientThresholdExtension {
            func part(_ url: String) -> Extension? { outer.extension?.first { $0.url == url } }
            guard let name = part("name")?.valueCode, !name.isEmpty, let value = part("value")?.valueDecimal,
                  value.doubleValue.isFinite
            else { throw ClinicExchangeError("patient-threshold without name or value") }
            guard let atText = part("changedAt")?.valueDateTime, let changedAt = FHIRInstant.date(atText) else {
                throw ClinicExchangeError("patient-threshold \(name) without a valid changedAt")
            }
            thresholds.append(PatientThreshold(
                name: name, value: value, changedBy: part("changedBy")?.valueString ?? "",
                changedAt: changedAt, reason: part("reason")?.valueString ?? ""))
        }
        self.init(patientID: String(subject.dropFirst(8)), thresholds: thresholds, version: resource.meta?.versionId)
    }
}

/// The patient's "please call me" from the hub's display page: a `Communication` with category
/// `contact-request`, sent by conditional create on its identifier (a re-send is stored once).
public struct ContactRequest: Hashable, Sendable {
    /// The hub's id (its PHG system id, or any stable id of the hub).
    public var hubID: String
    public var patientID: String
    public var requestedAt: Date
    public var text: String

    public init(hubID: String, patientID: String, requestedAt: Date, text: String) {
        self.hubID = hubID
        self.patientID = patientID
        self.requestedAt = requestedAt
        self.text = text
    }

    /// `<hub>-<patient>-<milliseconds since 1970>`.
    public var identifierValue: String {
        "\(hubID)-\(patientID)-\(Int64((requestedAt.timeIntervalSince1970 * 1000).rounded(.down)))"
    }

    public func communication() -> Communication {
        var resource = Communication(status: "completed")
        resource.identifier = [Identifier(system: CareHubURI.contactRequestIdentifier, value: identifierValue)]
        resource.category = [ClinicCodes.category("contact-request")]
        resource.subject = Reference(reference: "Patient/\(patientID)")
        resource.sender = Reference(reference: "Patient/\(patientID)")
        resource.sent = FHIRInstant.text(requestedAt)
        resource.payload = [.init(contentString: text)]
        return resource
    }

    /// The transaction Bundle the hub POSTs (one entry, `ifNoneExist` on the identifier).
    public func bundle() -> FHIRBundle {
        let key = "\(CareHubURI.contactRequestIdentifier)|\(identifierValue)"
        return FHIRBundle(type: "transaction", entry: [.init(
            fullUrl: "urn:uuid:" + NameBasedUUID.v5(name: key), resource: .communication(communication()),
            request: .init(method: "POST", url: "Communication", ifNoneExist: "identifier=\(key)"))])
    }

    /// Reads a contact request a hub sent (the store's side).
    public init(_ resource: Communication) throws(ClinicExchangeError) {
        guard ClinicCodes.hasCategory(resource.category, "contact-request") else {
            throw ClinicExchangeError("Communication is not a contact-request")
        }
        guard let value = resource.identifier?.first(where: { $0.system == CareHubURI.contactRequestIdentifier })?.value,
              let subject = resource.subject?.reference, subject.hasPrefix("Patient/"), subject.count > 8,
              let sent = resource.sent.flatMap(FHIRInstant.date)
        else { throw ClinicExchangeError("contact-request needs identifier, Patient subject and sent") }
        let patient = String(subject.dropFirst(8))
        guard let cut = value.range(of: "-\(patient)-", options: .backwards) else {
            throw ClinicExchangeError("contact-request identifier \(value) does not name its patient")
        }
        let hub = String(value[..<cut.lowerBound])
        self.init(hubID: hub, patientID: patient, requestedAt: sent,
                  text: resource.payload?.compactMap(\.contentString).joined(separator: "\n") ?? "")
    }
}

/// What one assigned device told the hub lately, for the store's "needs a technician visit" list.
public struct DeviceStatus: Hashable, Sendable {
    /// Bluetooth address, `C4:7C:8D:6A:12:34` or 12 hex digits.
    public var bluetoothAddress: String
    public var patientID: String?
    public var lastContact: Date?
    /// Percent, from the Battery Service.
    public var batteryLevel: Int?
    /// The device's clock minus the hub's, in seconds, at the last comparison.
    public var clockOffsetSeconds: Double?

    public init(bluetoothAddress: String, patientID: String?, lastContact: Date?, batteryLevel: Int?, clockOffsetSeconds: Double?) {
        self.bluetoothAddress = bluetoothAddress
        self.patientID = patientID
        self.lastContact = lastContact
        self.batteryLevel = batteryLevel
        self.clockOffsetSeconds = clockOffsetSeconds
    }
}

/// The hub's small periodic report: a transaction of conditional updates (`PUT Device?identifier=…`)
/// of the hub's PHG Device and of each assigned PHD Device, with CareHub's status extensions.
public struct HubHeartbeat: Hashable, Sendable {
    /// The hub's id: the value of its PHG Device's SYSID identifier.
    public var hubID: String
    public var sentAt: Date
    public var softwareVersion: String
    /// Readings stored on the hub and not yet delivered.
    public var backlog: Int
    public var lastReadingAt: Date?
    public var devices: [DeviceStatus]

    public init(hubID: String, sentAt: Date, softwareVersion: String, backlog: Int, lastReadingAt: Date?, devices: [DeviceStatus]) {
        self.hubID = hubID
        self.sentAt = sentAt
        self.softwareVersion = softwareVersion
        self.backlog = backlog
        self.lastReadingAt = lastReadingAt
        self.devices = devices
    }

    static let sysid = "urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680"
    static let btmac = "http://hl7.org/fhir/sid/eui-48/bluetooth"

    public func bundle() throws(ClinicExchangeError) -> FHIRBundle {
        var hub = Device()
        hub.identifier = [Identifier(system: Self.sysid, value: hubID)]
        hub.status = "active"
        var beat = Extension(url: CareHubURI.hubHeartbeatExtension)
        var parts: [Extension] = []
        var sent = Extension(url: "sentAt"); sent.valueDateTime = FHIRInstant.text(sentAt); parts.append(sent)
        var version = Extension(url: "softwareVersion"); version.valueString = softwareVersion; parts.append(version)
        var backlog = Extension(url: "backlog"); backlog.valueInteger = self.backlog; parts.append(backlog)
        if let lastReadingAt {
            var last = Extension(url: "lastReadingAt"); last.valueDateTime = FHIRInstant.text(lastReadingAt); parts.append(last)
        }
        beat.extension = parts
        hub.extension = [beat]
        var entries = [Self.put(hub, system: Self.sysid, value: hubID)]
        for status in devices {
            let hex = status.bluetoothAddress.filter(\.isHexDigit).uppercased()
            guard hex.count == 12 else { throw ClinicExchangeError("device address \(status.bluetoothAddress) is not 6 bytes") }
            let dashed = stride(from: 0, to: 12, by: 2).map { offset in
                String(hex[hex.index(hex.startIndex, offsetBy: offset)...].prefix(2))
            }.joined(separator: "-")
            var device = Device()
            device.identifier = [Identifier(system: Self.btmac, value: dashed)]
            device.status = "active"
            device.patient = status.patientID.map { Reference(reference: "Patient/\($0)") }
            var outer = Extension(url: CareHubURI.deviceStatusExtension)
            var inner: [Extension] = []
            if let lastContact = status.lastContact {
                var part = Extension(url: "lastContact"); part.valueDateTime = FHIRInstant.text(lastContact); inner.append(part)
            }
            if let battery = status.batteryLevel {
                var part = Extension(url: "batteryLevel"); part.valueInteger = battery; inner.append(part)
            }
            if let offset = status.clockOffsetSeconds, let decimal = FHIRDecimal(offset.rounded()) {
                var part = Extension(url: "clockOffsetSeconds"); part.valueDecimal = decimal; inner.append(part)
            }
            outer.extension = inner
            device.extension = [outer]
            entries.append(Self.put(device, system: Self.btmac, value: dashed))
        }
        return FHIRBundle(type: "transaction", timestamp: FHIRInstant.text(sentAt), entry: entries)
    }

    private static func put(_ device: Device, system: String, value: String) -> FHIRBundle.Entry {
        .init(fullUrl: "urn:uuid:" + NameBasedUUID.v5(name: "\(system)|\(value)"), resource: .device(device),
              request: .init(method: "PUT", url: "Device?identifier=\(system)|\(value)"))
    }

    /// Reads a heartbeat transaction (the store's side): the Bundle's first Device carries the
    /// hub-heartbeat extension; the others are the devices' statuses.
    public init(_ bundle: FHIRBundle) throws(ClinicExchangeError) {
        var devices: [Device] = []
        for entry in bundle.entry ?? [] {
            guard case .device(let device)? = entry.resource else { throw ClinicExchangeError("heartbeat entry is not a Device") }
            devices.append(device)
        }
        guard let hub = devices.first, let beat = hub.extension?.first(where: { $0.url == CareHubURI.hubHeartbeatExtension }),
              let hubID = hub.identifier?.first(where: { $0.system == Self.sysid })?.value
        else { throw ClinicExchangeError("heartbeat without the hub's Device and its hub-heartbeat extension") }
        func part(_ parent: Extension, _ url: String) -> Extension? { parent.extension?.first { $0.url == url } }
        guard let sentAt = part(beat, "sentAt")?.valueDateTime.flatMap(FHIRInstant.date) else {
            throw ClinicExchangeError("heartbeat without a valid sentAt")
        }
        var statuses: [DeviceStatus] = []
        for device in devices.dropFirst() {
            guard let address = device.identifier?.first(where: { $0.system == Self.btmac })?.value else {
                throw ClinicExchangeError("heartbeat device without a Bluetooth identifier")
            }
            let status = device.extension?.first { $0.url == CareHubURI.deviceStatusExtension }
            let patient = device.patient?.reference.flatMap { $0.hasPrefix("Patient/") ? String($0.dropFirst(8)) : nil }
            statuses.append(DeviceStatus(
                bluetoothAddress: address, patientID: patient,
                lastContact: status.flatMap { part($0, "lastContact")?.valueDateTime }.flatMap(FHIRInstant.date),
                batteryLevel: status.flatMap { part($0, "batteryLevel")?.valueInteger },
                clockOffsetSeconds: status.flatMap { part($0, "clockOffsetSeconds")?.valueDecimal?.doubleValue }))
        }
        self.init(hubID: hubID, sentAt: sentAt, softwareVersion: part(beat, "softwareVersion")?.valueString ?? "",
                  backlog: part(beat, "backlog")?.valueInteger ?? 0,
                  lastReadingAt: part(beat, "lastReadingAt")?.valueDateTime.flatMap(FHIRInstant.date), devices: statuses)
    }
}

enum ClinicCodes {
    static func category(_ code: String) -> CodeableConcept {
        CodeableConcept(coding: [Coding(system: CareHubURI.communicationCategory, code: code)])
    }

    static func hasCategory(_ categories: [CodeableConcept]?, _ code: String) -> Bool {
        categories?.contains { $0.coding?.contains { $0.system == CareHubURI.communicationCategory && $0.code == code } == true } == true
    }
}
