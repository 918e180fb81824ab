// swift-tools-version:6.1
// CareHub: a Linux home-hub gateway for BLE blood-pressure cuffs and scales.
// Target layout and the direction of dependencies are described in docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "CareHub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "carehub", targets: ["carehub"]),
        .executable(name: "carehubd", targets: ["carehubd"]),
        .library(name: "HealthProfiles", targets: ["HealthProfiles"]),
        .library(name: "Gateway", targets: ["Gateway"]),
        // For the benchmarks package (Benchmarks/): the store and the uploader on their own.
        .library(name: "GatewayStore", targets: ["GatewayStore"]),
        .library(name: "Forwarding", targets: ["Forwarding"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // NIOCore/NIOSSL for the uploader's TLS configuration and bodies (async-http-client's own).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: system libraries
        .systemLibrary(
            name: "CDBus",
            pkgConfig: "dbus-1",
            providers: [.apt(["libdbus-1-dev"])]
        ),
        // libbluetooth and the kernel's HCI sockets, for `carehub doctor` (Gateway/Doctor).
        .systemLibrary(
            name: "CBluetooth",
            pkgConfig: "bluez",
            providers: [.apt(["libbluetooth-dev"])]
        ),

        // MARK: pure core
        .target(name: "HealthProfiles"),
        .target(name: "Triage"),

        // MARK: I/O layers
        .target(name: "DBus", dependencies: ["CDBus"]),
        // BlueZ simulator core: scenario files and a pure, clock-driven model of bluetoothd.
        .target(name: "BlueZSim", dependencies: ["DBus"]),
        // Typed async client of org.bluez (ObjectManager mirror, operations, pairing agent).
        .target(
            name: "BlueZ",
            dependencies: ["DBus", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "GatewayStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // For sqlite3_file_control (persistent WAL) and the SQLite result codes.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The uploader: outbox → FHIR transaction Bundles → the monitoring store over HTTPS.
        .target(
            name: "Forwarding",
            dependencies: [
                "GatewayStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .target(
            name: "Display",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: orchestration
        // Device sessions, the reading pipeline, feedback; shared by carehubd and the CLI.
        .target(
            name: "Gateway",
            dependencies: [
                "BlueZ", "GatewayStore", "Triage", "HealthProfiles", "Display", "Forwarding", "CBluetooth",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: executables
        .executableTarget(
            name: "carehub",
            dependencies: [
                "HealthProfiles", "BlueZ", "DBus", "Gateway", "GatewayStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "carehubd",
            dependencies: [
                "Gateway", "Triage", "Display",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        .executableTarget(
            name: "bluez-sim",
            dependencies: [
                "BlueZSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: tests
        // What the bus-level test targets share: a private dbus-daemon, awaiting with timeouts,
        // event logs, and the simulator harness.
        .target(name: "TestSupport", dependencies: ["DBus", "BlueZ", "BlueZSim"], path: "Tests/TestSupport"),
        .testTarget(name: "HealthProfilesTests", dependencies: ["HealthProfiles"]),
        .testTarget(name: "TriageTests", dependencies: ["Triage"]),
        .testTarget(name: "DBusTests", dependencies: ["DBus", "TestSupport"]),
        .testTarget(name: "BlueZSimTests", dependencies: ["BlueZSim", "DBus", "TestSupport"]),
        .testTarget(name: "BlueZTests", dependencies: ["BlueZ", "BlueZSim", "DBus", "TestSupport"]),
        .testTarget(name: "GatewayStoreTests", dependencies: ["GatewayStore"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "BlueZSim", "DBus", "TestSupport"]),
        .testTarget(
            name: "CarehubCLITests",
            dependencies: [
                "HealthProfiles", "carehub", "Gateway", "GatewayStore", "BlueZ", "BlueZSim", "DBus", "Display", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CarehubdTests",
            dependencies: ["carehubd", "Gateway", "GatewayStore", "DBus", "TestSupport"]
        ),
        .testTarget(
            name: "ForwardingTests",
            dependencies: [
                "Forwarding", "GatewayStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "DisplayTests",
            dependencies: ["Display", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
