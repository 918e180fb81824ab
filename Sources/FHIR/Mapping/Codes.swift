/// One Observation code: the MDC code (IEEE 11073-10101) and, where one exists, the LOINC code the
/// FHIR vital-signs profile requires. Every code names the source it was checked against
/// (docs/FHIR.md, "What was verified where"). "PHD IG" = github.com/HL7/phd at 5af8412 (STU 2 source);
/// "10101" = the nomenclature constants published in public IEEE 11073-20601 stacks (e.g. Antidote's
/// nomenclature.h), code = partition × 65536 + term code (SCADA partition 2, INFRA partition 8).
struct ObservationCode: Hashable, Sendable {
    var mdc: Int
    var mdcName: String
    var loinc: String?
    var loincDisplay: String?
    var text: String

    var concept: CodeableConcept {
        var coding = [Coding(system: FHIRURI.mdc, code: String(mdc), display: mdcName)]
        if let loinc { coding.append(Coding(system: FHIRURI.loinc, code: loinc, display: loincDisplay)) }
        return CodeableConcept(coding: coding, text: text)
    }

    // PHD IG compound-numeric-blood-pressure.json (150020…150023); LOINC 85354-9, 8480-6, 8462-4:
    // R4 vital-signs `bp` profile.
    static let bloodPressure = ObservationCode(
        mdc: 150_020, mdcName: "MDC_PRESS_BLD_NONINV", loinc: "85354-9",
        loincDisplay: "Blood pressure panel with all children optional", text: "Blood pressure")
    static let systolic = ObservationCode(
        mdc: 150_021, mdcName: "MDC_PRESS_BLD_NONINV_SYS", loinc: "8480-6", loincDisplay: "Systolic blood pressure",
        text: "Systolic blood pressure")
    static let diastolic = ObservationCode(
        mdc: 150_022, mdcName: "MDC_PRESS_BLD_NONINV_DIA", loinc: "8462-4", loincDisplay: "Diastolic blood pressure",
        text: "Diastolic blood pressure")
    // LOINC 8478-0 "Mean blood pressure": public FHIR profiles fix the MAP component to it (e.g. a
    // StructureDefinition with component:MeanArterialPressure fixedCode 8478-0); not in the PHD IG example.
    static let meanPressure = ObservationCode(
        mdc: 150_023, mdcName: "MDC_PRESS_BLD_NONINV_MEAN", loinc: "8478-0", loincDisplay: "Mean blood pressure",
        text: "Mean blood pressure")
    // PHD IG ProfileConsumers.md: 149546 (cuff) and 149530 (oximeter) both map to LOINC 8867-4.
    static let cuffPulse = ObservationCode(
        mdc: 149_546, mdcName: "MDC_PULS_RATE_NON_INV", loinc: "8867-4", loincDisplay: "Heart rate",
        text: "Pulse rate (blood pressure cuff)")
    static let oximeterPulse = ObservationCode(
        mdc: 149_530, mdcName: "MDC_PULS_OXIM_PULS_RATE", loinc: "8867-4", loincDisplay: "Heart rate",
        text: "Pulse rate (pulse oximeter)")
    // PHD IG CodeSystem.ASN1ToHL7.fsh (8410608.0–.5) and bpm-status.json.
    static let cuffStatus = ObservationCode(
        mdc: 8_410_608, mdcName: "MDC_BLOOD_PRESSURE_MEASUREMENT_STATUS", loinc: nil, loincDisplay: nil,
        text: "Blood pressure measurement status")
    // 10101: MDC_MASS_BODY_ACTUAL 57664 (SCADA) = 188736; LOINC 29463-7: R4 `bodyweight` profile.
    static let bodyWeight = ObservationCode(
        mdc: 188_736, mdcName: "MDC_MASS_BODY_ACTUAL", loinc: "29463-7", loincDisplay: "Body weight", text: "Body weight")
    // 10101: MDC_RATIO_MASS_BODY_LEN_SQ 57680 = 188752 (also the IEEE 11073-10101 FSH code system
    // "$IEEEx73#188752" and an HL7 v2 PCD-01 OBX example); LOINC 39156-5: R4 `bmi` profile.
    static let bmi = ObservationCode(
        mdc: 188_752, mdcName: "MDC_RATIO_MASS_BODY_LEN_SQ", loinc: "39156-5",
        loincDisplay: "Body mass index (BMI) [Ratio]", text: "Body mass index")
    // 10101: MDC_LEN_BODY_ACTUAL 57668 = 188740; LOINC 8302-2: R4 `bodyheight` profile.
    static let bodyHeight = ObservationCode(
        mdc: 188_740, mdcName: "MDC_LEN_BODY_ACTUAL", loinc: "8302-2", loincDisplay: "Body height", text: "Body height")
    // 10101: MDC_BODY_FAT 57676 (SCADA) = 188748; LOINC 41982-0 "Percentage of body fat Measured"
    // (Open mHealth FHIR profiles, HealthKit-to-LOINC mappings). No vital-signs profile.
    static let bodyFat = ObservationCode(
        mdc: 188_748, mdcName: "MDC_BODY_FAT", loinc: "41982-0", loincDisplay: "Percentage of body fat Measured",
        text: "Body fat")
    // PHD IG temperature-observation.json: 150364 MDC_TEMP_BODY + LOINC 8310-5 (R4 `bodytemp`).
    static let bodyTemperature = ObservationCode(
        mdc: 150_364, mdcName: "MDC_TEMP_BODY", loinc: "8310-5", loincDisplay: "Body temperature", text: "Body temperature")
    // PHD IG numeric-spo2-alarm.json: 150456 MDC_PULS_OXIM_SAT_O2 + LOINC 2708-6 (R4 `oxygensat`).
    static let spo2 = ObservationCode(
        mdc: 150_456, mdcName: "MDC_PULS_OXIM_SAT_O2", loinc: "2708-6", loincDisplay: "Oxygen saturation in Arterial blood",
        text: "Oxygen saturation (SpO2)")

    /// Glucose by the 0x2A18 type nibble and unit. MDC, 10101 (SCADA): capillary whole blood 29112,
    /// capillary plasma 29116, venous whole blood 29120, venous plasma 29124, arterial whole blood
    /// 29128, arterial plasma 29132, ISF 29140, undetermined whole blood 29292, undetermined plasma
    /// 29296 (+131072; 160184 and 160368 also in PHD IG examples). LOINC by specimen and property:
    /// plasma 2345-7 (mass) / 14749-6 (moles), from LOINC's IEEE mapping table (2345-7 ↔
    /// MDC_CONC_GLU_UNDETERMINED_PLASMA, MDC_CONC_GLU_VENOUS_PLASMA); whole blood 2339-0 (mass) /
    /// 15074-8 (moles). Interstitial fluid: no LOINC (dropped). Reserved types: undetermined whole blood.
    static func glucose(type: UInt8, molar: Bool) -> ObservationCode {
        let (mdc, name, plasma): (Int, String, Bool?) = switch type {
        case 1: (160_184, "MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD", false)
        case 2: (160_188, "MDC_CONC_GLU_CAPILLARY_PLASMA", true)
        case 3: (160_192, "MDC_CONC_GLU_VENOUS_WHOLEBLOOD", false)
        case 4: (160_196, "MDC_CONC_GLU_VENOUS_PLASMA", true)
        case 5: (160_200, "MDC_CONC_GLU_ARTERIAL_WHOLEBLOOD", false)
        case 6: (160_204, "MDC_CONC_GLU_ARTERIAL_PLASMA", true)
        case 8: (160_368, "MDC_CONC_GLU_UNDETERMINED_PLASMA", true)
        case 9: (160_212, "MDC_CONC_GLU_ISF", nil)
        default: (160_364, "MDC_CONC_GLU_UNDETERMINED_WHOLEBLOOD", false)
        }
        let loinc: (String, String)? = switch (plasma, molar) {
        case (true?, false): ("2345-7", "Glucose [Mass/volume] in Serum or Plasma")
        case (true?, true): ("14749-6", "Glucose [Moles/volume] in Serum or Plasma")
        case (false?, false): ("2339-0", "Glucose [Mass/volume] in Blood")
        case (false?, true): ("15074-8", "Glucose [Moles/volume] in Blood")
        case (nil, _): nil
        }
        return ObservationCode(mdc: mdc, mdcName: name, loinc: loinc?.0, loincDisplay: loinc?.1, text: "Glucose")
    }
}

/// MDC codes of devices and clocks. PHD IG: 65573, 531981, 531974–531976, 68220, 532226 (examples
/// phd-711000FEFF5F49B0…, phg-ecde3d4e58532d31…), 67975 (coin-example-1.json), 528391/528399
/// (ValueSet.DeviceTypes11073MDC.fsh). Specialisations, 10101 (INFRA, +524288): PULS_OXIM 4100,
/// BP 4103, TEMP 4104, SCALE 4111, GLUCOSE 4113 (also HL7 v2 OBX "528401^MDC_DEV_SPEC_PROFILE_GLUCOSE"),
/// BCA 4116; all six are in the IG's DeviceTypes11073MDC value set.
enum DeviceCode {
    static let phd = (65_573, "MDC_MOC_VMS_MDS_SIMP")
    static let phg = (531_981, "MDC_MOC_VMS_MDS_AHD")
    static let hardwareRevision = (531_974, "MDC_ID_PROD_SPEC_HW")
    static let softwareRevision = (531_975, "MDC_ID_PROD_SPEC_SW")
    static let firmwareRevision = (531_976, "MDC_ID_PROD_SPEC_FW")
    static let timeSyncProtocol = (68_220, "MDC_TIME_SYNC_PROTOCOL")
    static let timeSyncNTPv4 = (532_226, "MDC_TIME_SYNC_NTPV4")
    static let absoluteTime = (67_975, "MDC_ATTR_TIME_ABS")
    static let pulseOximeter = (528_388, "MDC_DEV_SPEC_PROFILE_PULS_OXIM")
    static let bloodPressure = (528_391, "MDC_DEV_SPEC_PROFILE_BP")
    static let thermometer = (528_392, "MDC_DEV_SPEC_PROFILE_TEMP")
    static let scale = (528_399, "MDC_DEV_SPEC_PROFILE_SCALE")
    static let glucose = (528_401, "MDC_DEV_SPEC_PROFILE_GLUCOSE")
    static let bodyComposition = (528_404, "MDC_DEV_SPEC_PROFILE_BCA")

    static func concept(_ code: (Int, String), text: String? = nil) -> CodeableConcept {
        CodeableConcept(coding: [Coding(system: FHIRURI.mdc, code: String(code.0), display: code.1)], text: text)
    }
}
