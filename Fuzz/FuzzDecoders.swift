// libFuzzer entry over every HealthProfiles decoder, the JSON renderer and the encoders.
// Built by Fuzz/run.sh together with Sources/HealthProfiles/*.swift as one module (no import needed).
#if canImport(Glibc)
import Glibc
#endif

/// Set by CAREHUB_FUZZ_CHARACTERISTIC (e.g. "2A35"): fuzz that decoder with the whole input as payload.
/// Unset: the first input byte selects the characteristic and the rest is the payload.
nonisolated(unsafe) private var fixedCharacteristic: Characteristic?
nonisolated(unsafe) private var configured = false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if !configured {
        configured = true
        if let name = getenv("CAREHUB_FUZZ_CHARACTERISTIC") {
            fixedCharacteristic = Characteristic(parsing: String(cString: name))
        }
    }
    guard let data else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let characteristic: Characteristic
    let payload: UnsafeRawBufferPointer
    if let fixedCharacteristic {
        characteristic = fixedCharacteristic
        payload = input
    } else {
        guard size > 0 else { return 0 }
        let all = Characteristic.allCases
        characteristic = all[Int(input[0]) % all.count]
        payload = UnsafeRawBufferPointer(rebasing: input[1...])
    }
    check(characteristic, payload)
    return 0
}

/// Decodes; on success renders JSON and checks decode → encode → decode gives the same value.
private func check(_ characteristic: Characteristic, _ payload: UnsafeRawBufferPointer) {
    let first: Measurement
    do {
        first = try decode(characteristic, payload)
    } catch {
        // Errors must describe themselves and point inside (or just past) the payload.
        let text = error.description
        if text.isEmpty || error.offset < 0 || error.offset > payload.count { fail("bad error \(error) for \(characteristic)") }
        return
    }
    let json = first.jsonString
    if !json.hasPrefix("{\"characteristic\":\"\(characteristic.uuidString)\"") { fail("bad JSON \(json)") }
    let bytes = first.encoded()
    do {
        let second = try decode(characteristic, bytes)
        if second != first { fail("round trip changed the value: \(Hex.string(bytes))") }
        if second.jsonString != json { fail("round trip changed the JSON: \(json)") }
    } catch {
        fail("re-encoded payload \(Hex.string(bytes)) does not decode: \(error)")
    }
}

private func fail(_ message: String) -> Never {
    fputs("fuzz check failed: \(message)\n", stderr)
    abort()
}
