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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // carehubd's config file (TOML keeps technicians' comments); wraps toml++.
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
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

        // carehubd's config file as one typed value (TOML, or the older JSON), read by carehubd and the CLI.
        .target(name: "HubConfig", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // sd_notify(3) without libsystemd: READY, STATUS, WATCHDOG, RELOADING, STOPPING.
        .target(name: "Systemd"),

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
                "BlueZ", "GatewayStore", "Triage", "HealthProfiles", "Display", "CBluetooth",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: executables
        .executableTarget(
            name: "carehub",
            dependencies: [
                "HealthProfiles", "BlueZ", "DBus", "Gateway", "GatewayStore", "HubConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "carehubd",
            dependencies: [
                "Gateway", "Triage", "Display", "HubConfig", "Systemd", "DBus", "GatewayStore",
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
            dependencies: ["carehubd", "Gateway", "GatewayStore", "DBus", "TestSupport", "HubConfig", "Systemd"]
        ),
        .testTarget(
            name: "DisplayTests",
            dependencies: ["Display", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
