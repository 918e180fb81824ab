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
        .library(name: "FHIR", targets: ["FHIR"]),
        // For the benchmarks package (Benchmarks/): the store and the uploader on their own.
        .library(name: "GatewayStore", targets: ["GatewayStore"]),
        .library(name: "Forwarding", targets: ["Forwarding"]),
        .executable(name: "carehub-store", targets: ["carehub-store"]),
        .library(name: "MonitoringStore", targets: ["MonitoringStore"]),
        .library(name: "StoreServer", targets: ["StoreServer"]),
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
        // carehubd's config file (TOML keeps technicians' comments); wraps toml++.
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        // The monitoring store (carehub-store): one SQLKit code path over SQLite and PostgreSQL.
        .package(url: "https://github.com/vapor/sql-kit", exact: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", exact: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", exact: "2.17.0"),
        // The connection pools of sqlite-kit and postgres-kit.
        .package(url: "https://github.com/vapor/async-kit", exact: "1.22.0"),
        // Staff passwords (bcrypt) for the store's pages.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // SHA-256 of hub tokens (already in the graph through postgres-nio).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // HTTP field names the store's staff pages set (already in the graph through Hummingbird).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // MARK: system libraries
        .systemLibrary(
            name: "CDBus",
            pkgConfig: "dbus-1",
            providers: [.apt(["libdbus-1-dev"])]
        ),
        // libbluetooth and the kernel's HCI sockets, for `carehub doctor` (the Doctor target only).
        .systemLibrary(
            name: "CBluetooth",
            pkgConfig: "bluez",
            providers: [.apt(["libbluetooth-dev"])]
        ),

        // MARK: pure core
        // Civil dates and local times by integer arithmetic: the one conversion the store, triage and the gateway share.
        .target(name: "CivilTime"),
        // The one JSON string escaper of every hand-written JSON text.
        .target(name: "JSONEscaping"),
        // HTML escaping and WCAG colour contrast: shared by the hub's display page and the store's staff pages.
        .target(name: "HTMLSupport"),
        .target(name: "HealthProfiles", dependencies: ["JSONEscaping"]),
        .target(name: "Triage", dependencies: ["CivilTime"]),
        // FHIR R4 resources and the HL7 PHD IG (STU 2) mapping of readings; shared by the hub and the store.
        .target(name: "FHIR", dependencies: ["HealthProfiles"]),

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
                "CivilTime", "JSONEscaping",
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
        // The hub's side of the clinic exchange beside the readings: messages and thresholds polled,
        // heartbeat and contact requests sent (docs/CLINIC-SYNC.md), through the uploader's client.
        .target(
            name: "ClinicSync",
            dependencies: [
                "Forwarding", "FHIR", "GatewayStore", "Triage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // carehubd's config file as one typed value (TOML, or the older JSON), read by carehubd and the CLI.
        .target(name: "HubConfig", dependencies: ["GatewayStore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // sd_notify(3) without libsystemd: READY, STATUS, WATCHDOG, RELOADING, STOPPING.
        .target(name: "Systemd"),

        .target(
            name: "Display",
            dependencies: [
                "HTMLSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // carehub-store's staff pages as pure renderers: view models → HTML5, form bodies → typed requests (no I/O).
        .target(name: "StorePages", dependencies: ["HTMLSupport", "CivilTime", "Triage"]),

        // `carehub doctor`: why Bluetooth does not work, in plain words (the one user of CBluetooth).
        .target(name: "Doctor", dependencies: ["CBluetooth", "DBus", "BlueZ", "HealthProfiles"]),

        // MARK: the control API
        // The control API's protocol, value types, errors, wire format and remote client: all the
        // CLI needs to talk to carehubd (docs/CONTROL-API.md).
        .target(name: "ControlAPI", dependencies: ["CivilTime", "DBus", "HealthProfiles"]),

        // MARK: orchestration
        // Device sessions (one state machine per device), quirks and the pairing workflow.
        .target(
            name: "DeviceSessions",
            dependencies: [
                "BlueZ", "DBus", "HealthProfiles", "GatewayStore", "ControlAPI",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A received value as the reading CareHub keeps (or why it is not one) and its effective time.
        .target(name: "Readings", dependencies: ["DeviceSessions", "FHIR", "GatewayStore", "HealthProfiles", "Triage"]),
        // The control API served in this process over the device sessions and the store: what
        // carehubd exports, and what the CLI runs itself when no daemon runs (direct mode).
        .target(
            name: "LocalControl",
            dependencies: [
                "ControlAPI", "DeviceSessions", "Readings", "GatewayStore", "HealthProfiles", "Triage", "BlueZ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The reading pipeline: decode → bind → assess → one commit → feedback (display texts, trends).
        .target(
            name: "ReadingPath",
            dependencies: [
                "CivilTime", "DeviceSessions", "FHIR", "Readings", "Forwarding", "GatewayStore", "HealthProfiles", "Triage", "Display",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What carehubd runs, in order: store, pipeline, bus, control API (server side), sessions, display.
        .target(
            name: "Gateway",
            dependencies: [
                "ControlAPI", "LocalControl", "DeviceSessions", "Readings", "ReadingPath", "Forwarding", "ClinicSync", "FHIR",
                "GatewayStore", "BlueZ", "DBus", "Display", "Triage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: executables
        .executableTarget(
            name: "carehub",
            dependencies: [
                "HealthProfiles", "FHIR", "BlueZ", "DBus", "Doctor", "ControlAPI", "LocalControl", "DeviceSessions", "GatewayStore", "HubConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "carehubd",
            dependencies: [
                "Gateway", "ControlAPI", "Readings", "GatewayStore", "Triage", "Display", "HubConfig", "Systemd", "DBus",
                "FHIR", "Forwarding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Writes sample staff pages into a directory, for looking at them in a browser (screenshots).
        .executableTarget(name: "StorePagesPreview", dependencies: ["StorePages", "Triage"]),

        .executableTarget(
            name: "bluez-sim",
            dependencies: [
                "BlueZSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: the monitoring store (carehub-store)
        // The store's storage: one protocol, one SQLKit implementation over SQLite and PostgreSQL, migrations, read models.
        .target(
            name: "MonitoringStore",
            dependencies: [
                "FHIR",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The store's HTTP server: the FHIR endpoint for hubs (auth, limits) and the staff pages (StorePages).
        .target(
            name: "StoreServer",
            dependencies: [
                "FHIR", "MonitoringStore", "StorePages", "Triage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "carehub-store",
            dependencies: [
                "MonitoringStore", "StoreServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),

        // MARK: tests
        // What the bus-level test targets share: a private dbus-daemon, awaiting with timeouts,
        // event logs, and the simulator harness.
        .target(name: "TestSupport", dependencies: ["DBus", "BlueZ", "BlueZSim"], path: "Tests/TestSupport"),
        // Headless Debian chromium over the DevTools protocol (a pipe, no port): the display page's and
        // the store's staff pages' browser tests. Foundation only, so it drags nothing into either.
        .target(name: "BrowserSupport", path: "Tests/BrowserSupport"),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"]),
        .testTarget(name: "JSONEscapingTests", dependencies: ["JSONEscaping"]),
        .testTarget(name: "HealthProfilesTests", dependencies: ["HealthProfiles"]),
        .testTarget(name: "TriageTests", dependencies: ["Triage"]),
        .testTarget(name: "FHIRTests", dependencies: ["FHIR", "HealthProfiles"]),
        .testTarget(name: "DBusTests", dependencies: ["DBus", "TestSupport"]),
        .testTarget(name: "BlueZSimTests", dependencies: ["BlueZSim", "DBus", "TestSupport"]),
        .testTarget(name: "BlueZTests", dependencies: ["BlueZ", "BlueZSim", "DBus", "TestSupport"]),
        .testTarget(name: "GatewayStoreTests", dependencies: ["GatewayStore", "CivilTime"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "ControlAPI", "LocalControl", "DeviceSessions", "Readings", "ReadingPath", "GatewayStore",
                "HealthProfiles", "Display", "BlueZ", "BlueZSim", "DBus", "TestSupport", "FHIR", "Forwarding",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "DoctorTests", dependencies: ["Doctor", "BlueZ", "DBus", "TestSupport"]),
        .testTarget(name: "LocalControlTests", dependencies: ["LocalControl", "ControlAPI"]),
        .testTarget(
            name: "ReadingPathTests",
            dependencies: [
                "ReadingPath", "Readings", "DeviceSessions", "GatewayStore", "HealthProfiles", "Triage", "Display",
                "BlueZ", "BlueZSim", "DBus", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CarehubCLITests",
            dependencies: [
                "HealthProfiles", "carehub", "Gateway", "ControlAPI", "LocalControl", "DeviceSessions", "Readings", "ReadingPath",
                "GatewayStore", "BlueZ", "BlueZSim", "DBus", "Display", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CarehubdTests",
            dependencies: [
                "carehubd", "Gateway", "ControlAPI", "GatewayStore", "DBus", "TestSupport", "HubConfig", "Systemd",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ForwardingTests",
            dependencies: [
                "Forwarding", "GatewayStore", "TestSupport",
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
            name: "ClinicSyncTests",
            dependencies: [
                "ClinicSync", "Forwarding", "FHIR", "GatewayStore", "ReadingPath", "Readings", "DeviceSessions", "Display",
                "HealthProfiles", "Triage", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "MonitoringStore", "StoreServer", "carehub-store", "FHIR", "HealthProfiles", "TestSupport", "Triage", "BrowserSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "DisplayTests",
            dependencies: ["Display", "HTMLSupport", "BrowserSupport", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
        .testTarget(name: "StorePagesTests", dependencies: ["StorePages", "HTMLSupport", "Triage"]),
        // The whole system from built executables: hubs (carehubd + bluez-sim) forwarding to carehub-store.
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "carehubd", "carehub-store", "carehub", "TestSupport", "ControlAPI", "DBus", "GatewayStore", "MonitoringStore", "FHIR",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
