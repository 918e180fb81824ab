// swift-tools-version:6.1
// CareHub benchmarks: a separate package so nothing benchmark-only (the malloc-counting shim) is linked
// into the product. Run with `make bench` (release build).
import Foundation
import PackageDescription

// A path dependency's identity is its directory name (the clone's or worktree's name), so derive it.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "CareHubBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // Counts heap allocations by wrapping malloc & co. (glibc's __libc_* entry points).
        .target(name: "CMallocCounter"),
        .executableTarget(
            name: "carehub-bench",
            dependencies: ["CMallocCounter", .product(name: "HealthProfiles", package: rootPackage)]
        ),
        // Indication on the bus → DisplayHub event through the reading pipeline (needs bluez-sim built).
        .executableTarget(
            name: "carehub-pipeline-bench",
            dependencies: [.product(name: "Gateway", package: rootPackage)]
        ),
        // Queued outbox → Forwarder → a loopback FHIR store (a child process of its own).
        .executableTarget(
            name: "carehub-forward-bench",
            dependencies: [
                .product(name: "Forwarding", package: rootPackage),
                .product(name: "GatewayStore", package: rootPackage),
                .product(name: "Gateway", package: rootPackage),
                .product(name: "FHIR", package: rootPackage),
                .product(name: "HealthProfiles", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
