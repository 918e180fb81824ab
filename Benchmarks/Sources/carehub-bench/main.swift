// Decode throughput per characteristic (payloads/s on one core) and heap allocations per decode.
import CMallocCounter
import HealthProfiles
#if canImport(Glibc)
import Glibc
#endif

/// CPU time of this thread in seconds: unaffected by other processes competing for the cores (a shared CI
/// machine), so payloads/s is "per core". Wall-clock rates are printed too.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// Keeps the optimiser from deleting work whose result is unused.
@_optimize(none)
func blackHole<T>(_ value: T) {}

/// Representative payloads (from fixtures/payloads): the richest valid one per characteristic.
let payloads: [(Characteristic, String)] = [
    (.bloodPressureMeasurement, "1E8A00580078000000041114293B3C00012700"),  // bpm-nordic-full-year-unknown, 19 B
    (.bloodPressureMeasurement, "00B5F425F33C00"),                          // bpm-spezi-basic-mmhg, 7 B
    (.intermediateCuffPressure, "1F510000000000E40705150A1E2D6400010600"),
    (.bloodPressureFeature, "FF01"),
    (.weightMeasurement, "0EB036E8070B17071E0001F500D606"),
    (.weightScaleFeature, "BF010000"),
    (.bodyCompositionMeasurement, "FE0FFA00E8070B17071E0001581B9001701704292823B01D8813B036D606"),
    (.bodyCompositionFeature, "FFBF0100"),
    (.dateTime, "CB0704180C051E"),
    (.currentTime, "E9070C1F173B3B07FF06"),
    (.batteryLevel, "22"),
    (.systemID, "0123456789ABCDEF"),
    (.manufacturerNameString, "4F4D524F4E4845414C544843415245"),          // "OMRONHEALTHCARE" (15 B: fits a small string)
    (.serialNumberString, "30303030303030303030303030303130340000"),   // 16 chars + padding: heap string
    (.pnpID, "010E0234120001"),
    (.temperatureMeasurement, "06B00E00FEDC070C050B321B04"),
    (.plxSpotCheckMeasurement, "0FACF3BEF5E8070B1D170839204022000066E3"),
    (.glucoseMeasurement, "1B0100E307021B0B0A1EFBFF1E00120501"),
    (.recordAccessControlPoint, "06000101"),
]

let arguments = CommandLine.arguments.dropFirst()
let seconds = arguments.first.flatMap(Double.init) ?? 0.5
let clock = ContinuousClock()

print("carehub-bench: release build, one thread, \(seconds) s of thread CPU time per row")
print("characteristic                      bytes   payloads/s     ns/decode  allocs/decode   wall payloads/s")
for (characteristic, hex) in payloads {
    guard let bytes = try? Hex.bytes(hex), (try? decode(characteristic, bytes)) != nil else {
        print("\(characteristic): fixture does not decode")
        continue
    }
    bytes.withUnsafeBytes { raw in
        // Allocations: count over a fixed number of decodes after a warm-up.
        for _ in 0..<1_000 { blackHole(try? decode(characteristic, raw)) }
        let allocationRuns = 100_000
        let before = carehub_allocation_count()
        for _ in 0..<allocationRuns { blackHole(try? decode(characteristic, raw)) }
        let allocations = Double(carehub_allocation_count() - before) / Double(allocationRuns)

        // Throughput: batches of 100k until `seconds` have passed.
        var decoded = 0
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        var cpu = 0.0
        while cpu < seconds {
            for _ in 0..<100_000 { blackHole(try? decode(characteristic, raw)) }
            decoded += 100_000
            cpu = threadCPUSeconds() - cpuStart
        }
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = Double(decoded) / cpu
        let name = "\(characteristic.name) 0x\(characteristic.uuidString)"
        print(
            name.padding(34) + String(bytes.count).leftPadding(6) + format(rate).leftPadding(13)
                + format(1e9 / rate, decimals: 1).leftPadding(14) + format(allocations, decimals: 2).leftPadding(15)
                + format(Double(decoded) / wall).leftPadding(18))
    }
}

// [UInt8] entry point (withContiguousStorageIfAvailable) for 0x2A35, as the daemon calls it.
if let bytes = try? Hex.bytes(payloads[0].1) {
    let before = carehub_allocation_count()
    for _ in 0..<100_000 { blackHole(try? decode(.bloodPressureMeasurement, bytes)) }
    let allocations = Double(carehub_allocation_count() - before) / 100_000
    let start = threadCPUSeconds()
    for _ in 0..<5_000_000 { blackHole(try? decode(.bloodPressureMeasurement, bytes)) }
    let rate = 5e6 / (threadCPUSeconds() - start)
    print("0x2A35 via decode(_:[UInt8]): \(format(rate)) payloads/s, \(format(allocations, decimals: 2)) allocs/decode")
}

// JSON rendering for comparison (allocates by nature: strings).
if let bytes = try? Hex.bytes(payloads[0].1), let measurement = try? decode(.bloodPressureMeasurement, bytes) {
    let before = carehub_allocation_count()
    let start = threadCPUSeconds()
    for _ in 0..<100_000 { blackHole(measurement.jsonString) }
    let rate = 1e5 / (threadCPUSeconds() - start)
    let allocations = Double(carehub_allocation_count() - before) / 100_000
    print("0x2A35 JSON rendering: \(format(rate)) objects/s, \(format(allocations, decimals: 1)) allocs/object")
}

func format(_ value: Double, decimals: Int = 0) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int(value * scale + 0.5)  // no libm: this package does not link Foundation
    if decimals == 0 { return String(scaled) }
    let whole = scaled / Int(scale)
    var fraction = String(scaled % Int(scale))
    while fraction.count < decimals { fraction = "0" + fraction }
    return "\(whole).\(fraction)"
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
