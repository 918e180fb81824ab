import HealthProfiles

/// The mapping of one stored reading to FHIR R4 per the HL7 Personal Health Device IG **STU 2
/// (2.0.0)**, with the R4 vital-signs profiles where they apply (docs/FHIR.md).
///
/// Two steps, so retries are idempotent: ``identifiers(for:phdIdentifier:)`` once at commit (store
/// the result with the outbox row), ``entries(for:identifiers:)`` at every send; then
/// ``TransactionBundle`` puts several readings into one transaction. Pure: no clock, no I/O.
public enum PhdMapping {
    /// The PHD IG version the profiles and the identifier algorithm follow.
    public static let igVersion = "2.0.0"

    /// True when `measurement` is a reading CareHub forwards (the stored kinds: BP, weight, body
    /// composition, temperature, SpO2, glucose; not features, battery, time, live cuff pressure,
    /// demonstration or control-solution values).
    public static func forwards(_ measurement: HealthProfiles.Measurement) -> Bool {
        (try? plan(measurement)) != nil
    }

    /// The MDC codes of the Observations a measurement becomes, the main one first (its code is the
    /// type part of the PHD identifier the hub stores: 150020, 188736, 188748, 150364, 150456, glucose).
    public static func observationCodes(for measurement: HealthProfiles.Measurement) throws(FHIRMappingError) -> [Int] {
        try plan(measurement).observations.map(\.code.mdc)
    }

    /// Every identifier of the reading's entries. `phdIdentifier` is the identifier the hub stored
    /// with the reading (``PhdObservationIdentifier``, `<device>-<patient>-<mdc>-<timestamp>`); the
    /// other observations of the reading get the same identifier with their own MDC code.
    public static func identifiers(
        for reading: ReadingInput, phdIdentifier: String
    ) throws(FHIRMappingError) -> ReadingIdentifiers {
        let plan = try plan(reading.measurement)
        guard let main = plan.observations.first else { throw .notForwarded(reading.measurement.typeName) }
        let device = try hex(reading.device.address, bytes: 6, what: "device address")
        let prefix = "\(device)-\(reading.patientID)-"
        let mainType = "\(main.code.mdc)-"
        guard !reading.patientID.isEmpty, phdIdentifier.hasPrefix(prefix + mainType) else {
            throw .invalidIdentifier("the stored PHD identifier does not start with \(prefix + mainType)")
        }
        let timestamp = phdIdentifier.dropFirst(prefix.count + mainType.count)
        func sameReading(_ mdc: Int) -> String { "\(prefix)\(mdc)-\(timestamp)" }
        if let clock = reading.coincidentTime?.deviceClock, !isWallClock(clock) {
            throw .invalidIdentifier("the coincident device clock is not YYYY-MM-DDTHH:MM:SS")
        }
        let coincident = reading.coincidentTime.flatMap { time in
            plan.deviceTimestamp
                ? "\(device)-\(DeviceCode.absoluteTime.0)-\(PhdObservationIdentifier.timestampPart(.hubReceipt(time.hubTime.date)))"
                : nil
        }
        return ReadingIdentifiers(
            observations: plan.observations.map { .init(mdc: $0.code.mdc, value: sameReading($0.code.mdc)) },
            measurementStatus: plan.cuffStatus.map { _ in sameReading(ObservationCode.cuffStatus.mdc) },
            coincidentTimeStamp: coincident,
            detectedIssue: reading.assessment?.deviates == true ? phdIdentifier : nil,
            phdDevice: try deviceIdentifier(address: reading.device.address, systemID: reading.device.systemID.map(eui64)),
            phgDevice: try deviceIdentifier(address: reading.hub.bluetoothAddress, systemID: reading.hub.systemID))
    }

    /// The reading's transaction entries: PHG and PHD Devices, the coincident timestamp (when the
    /// device sent a timestamp and the clocks were compared), the Observations, the cuff status, and
    /// a DetectedIssue for a deviating reading. Every entry is a conditional create on its identifier.
    /// `issued` is left out: ``TransactionBundle`` sets it to the upload time.
    public static func entries(
        for reading: ReadingInput, identifiers: ReadingIdentifiers
    ) throws(FHIRMappingError) -> [FHIRBundle.Entry] {
        let plan = try plan(reading.measurement)
        let phg = entry(phgDevice(reading.hub, identifier: identifiers.phgDevice), system: identifiers.phgDevice.system,
                        value: identifiers.phgDevice.value, url: "Device")
        let phd = entry(phdDevice(reading.device, identifier: identifiers.phdDevice, specialization: plan.specialization),
                        system: identifiers.phdDevice.system, value: identifiers.phdDevice.value, url: "Device")
        var entries = [phg, phd]
        let context = ObservationContext(
            patient: Reference(reference: "Patient/\(reading.patientID)"), phg: Reference(reference: phg.fullUrl),
            phd: Reference(reference: phd.fullUrl), effective: reading.effective.dateTime)
        var coincidentReference: Reference?
        if plan.deviceTimestamp, let time = reading.coincidentTime {
            guard let value = identifiers.coincidentTimeStamp else { throw .missingIdentifier("coincident timestamp") }
            let coincident = entry(
                .observation(coincidentTimeStamp(time, context: context, identifier: value)),
                system: CareHubURI.coincidentTimeStampIdentifier, value: value, url: "Observation")
            coincidentReference = Reference(reference: coincident.fullUrl)
            entries.append(coincident)
        }
        var observationURLs: [String] = []
        for planned in plan.observations {
            guard let value = identifiers.observation(planned.code.mdc) else { throw .missingIdentifier("MDC \(planned.code.mdc)") }
            let resource = observation(planned, context: context, coincident: coincidentReference, identifier: value)
            let new = entry(.observation(resource), system: PhdObservationIdentifier.system, value: value, url: "Observation")
            observationURLs.append(new.fullUrl ?? "")
            entries.append(new)
        }
        if let status = plan.cuffStatus {
            guard let value = identifiers.measurementStatus else { throw .missingIdentifier("measurement status") }
            let resource = cuffStatus(status, context: context, coincident: coincidentReference, identifier: value,
                                      derivedFrom: Reference(reference: observationURLs.first))
            entries.append(entry(.observation(resource), system: PhdObservationIdentifier.system, value: value, url: "Observation"))
        }
        if let assessment = reading.assessment, assessment.deviates {
            guard let value = identifiers.detectedIssue else { throw .missingIdentifier("detected issue") }
            let issue = detectedIssue(assessment, context: context, identifier: value,
                                      implicated: observationURLs.map { Reference(reference: $0) })
            entries.append(entry(.detectedIssue(issue), system: CareHubURI.assessmentIdentifier, value: value, url: "DetectedIssue"))
        }
        return entries
    }

    /// `YYYY-MM-DDTHH:MM:SS` with digits in place (the dateTime it becomes is checked by the store).
    static func isWallClock(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 19 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            switch index {
            case 4, 7: byte == UInt8(ascii: "-")
            case 10: byte == UInt8(ascii: "T")
            case 13, 16: byte == UInt8(ascii: ":")
            default: (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
        }
    }

    /// References every Observation of a reading shares.
    struct ObservationContext {
        var patient: Reference
        var phg: Reference
        var phd: Reference
        var effective: String
    }

    static func entry(_ resource: Resource, system: String, value: String, url: String) -> FHIRBundle.Entry {
        FHIRBundle.Entry(
            fullUrl: ReadingIdentifiers.fullUrl(system: system, value: value), resource: resource,
            request: FHIRBundle.Request(method: "POST", url: url, ifNoneExist: ReadingIdentifiers.ifNoneExist(system: system, value: value)))
    }

    static func observation(
        _ planned: ReadingPlan.PlannedObservation, context: ObservationContext, coincident: Reference?, identifier: String
    ) -> Observation {
        var observation = base(code: planned.code.concept, context: context, coincident: coincident, identifier: identifier)
        observation.meta = Meta(profile: [planned.phdProfile] + (planned.vitalSignsProfile.map { [$0] } ?? []))
        let vital = CodeableConcept(coding: [Coding(system: FHIRURI.observationCategory, code: "vital-signs", display: "Vital Signs")])
        // The vital-signs category where an R4 vital-signs profile applies (PHD IG glucose example: phd only).
        observation.category = (planned.vitalSignsProfile == nil ? [] : [vital]) + [phdCategory]
        switch planned.value {
        case .quantity(let quantity): observation.valueQuantity = quantity
        case .absent(let reason): observation.dataAbsentReason = dataAbsentReason(reason)
        case .components(let components): observation.component = components
        }
        return observation
    }

    static let phdCategory = CodeableConcept(coding: [Coding(system: FHIRURI.phdCategory, code: "phd")])

    static func base(code: CodeableConcept, context: ObservationContext, coincident: Reference?, identifier: String) -> Observation {
        var observation = Observation(status: "final", code: code)
        var gateway = Extension(url: FHIRURI.gatewayDeviceExtension)
        gateway.valueReference = context.phg
        observation.extension = [gateway]
        if let coincident {
            var reference = Extension(url: FHIRURI.coincidentTimeStampExtension)
            reference.valueReference = coincident
            observation.extension?.append(reference)
        }
        observation.identifier = [Identifier(system: PhdObservationIdentifier.system, value: identifier)]
        observation.subject = context.patient
        observation.effectiveDateTime = context.effective
        observation.device = context.phd
        return observation
    }

    /// PhdBitsEnumerationObservation of the BLP Measurement Status: one component per defined bit
    /// (8410608.0–.5, ASN1ToHL7), set or not; bits 3/4 from the pulse-rate-range field.
    static func cuffStatus(
        _ status: BloodPressureMeasurementStatus, context: ObservationContext, coincident: Reference?, identifier: String,
        derivedFrom: Reference
    ) -> Observation {
        var observation = base(code: ObservationCode.cuffStatus.concept, context: context, coincident: coincident, identifier: identifier)
        observation.code.text = nil
        observation.meta = Meta(profile: [FHIRURI.phdProfile("PhdBitsEnumerationObservation")])
        observation.category = [phdCategory]
        observation.derivedFrom = [derivedFrom]
        let bits: [(String, Bool)] = [
            ("body-movement", status.bodyMovement), ("cuff-too-loose", status.cuffTooLoose),
            ("irregular-pulse", status.irregularPulse), ("pulse-over-range-limit", status.pulseRateRange == .aboveUpper),
            ("pulse-under-range-limit", status.pulseRateRange == .belowLower),
            ("improper-body-position", status.improperPosition),
        ]
        observation.component = bits.enumerated().map { index, bit in
            var component = Observation.Component(
                code: CodeableConcept(coding: [Coding(system: FHIRURI.asn1ToHL7, code: "8410608.\(index)", display: bit.0)]))
            component.valueBoolean = bit.1
            return component
        }
        return observation
    }

    /// PhdCoincidentTimeStampObservation: the hub's time (effective) against the device's wall clock
    /// (value, printed with the hub's offset since the device's clock has none: 67975 MDC_ATTR_TIME_ABS).
    static func coincidentTimeStamp(_ time: CoincidentTime, context: ObservationContext, identifier: String) -> Observation {
        var observation = Observation(
            status: "final", code: DeviceCode.concept(DeviceCode.absoluteTime, text: "Wall clock without time zone or DST offset"))
        observation.meta = Meta(profile: [FHIRURI.phdProfile("PhdCoincidentTimeStampObservation")])
        observation.identifier = [Identifier(system: CareHubURI.coincidentTimeStampIdentifier, value: identifier)]
        observation.category = [phdCategory]
        observation.subject = context.phd
        observation.effectiveDateTime = time.hubTime.dateTime
        observation.valueDateTime = time.deviceClock + time.hubTime.offsetText
        observation.device = context.phg
        return observation
    }
}
