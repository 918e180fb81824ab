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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
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
        // 200 simulated hubs → a release `carehub-store serve` (a child process) on SQLite and PostgreSQL;
        // `make bench-store` builds carehub-store in this package too, so the shared modules compile once.
        .executableTarget(
            name: "carehub-store-bench",
            dependencies: [
                .product(name: "FHIR", package: rootPackage),
                .product(name: "HealthProfiles", package: rootPackage),
                .product(name: "MonitoringStore", package: rootPackage),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
