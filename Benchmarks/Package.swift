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
    dependencies: [.package(path: "..")],
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
    ],
    swiftLanguageModes: [.v6]
)
