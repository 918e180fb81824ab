import Foundation
import HubConfig
import Testing

/// carehubd's config file read in-process: each bad file is one error naming the key and its line;
/// README's reference and the shipped example agree with the typed config.
@Suite struct ConfigFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let badFiles: [(name: String, text: String, line: Int?, key: String?, says: String)] = [
        ("unknown key", "database = \"/x.sqlite\"\ndatabse = \"/y\"\n", 2, "databse", "is not a setting"),
        ("unknown key in a table", "[display]\ncolour = \"red\"\n", 2, "display.colour", "is not a setting"),
        ("wrong type", "# c\nmax_connections = \"two\"\n", 2, "max_connections", "must be 1–10"),
        ("boolean for a number", "max_connections = true\n", 1, "max_connections", "must be 1–10"),
        ("out of range", "\n\nmax_connections = 11\n", 3, "max_connections", "from 1 to 10"),
        ("duplicate key", "[display]\nport = 1\nport = 2\n", 3, "display.port", "given twice (first on line 2)"),
        ("relative database", "database = \"hub.sqlite\"\n", 1, "database", "must be an absolute path"),
        ("display open to the network", "[display]\nhost = \"0.0.0.0\"\n", 2, "display.host", "must be a loopback address"),
        ("display host garbage", "[display]\nhost = \"hub.local\"\n", 2, "display.host", "must be a loopback address"),
        ("port out of range", "[display]\nport = 70000\n", 2, "display.port", "from 0 to 65535"),
        ("table as a value", "display = 3\n", 1, "display", "must be a table"),
        ("language", "language = \"de\"\n", 1, "language", "must be \"sv\" or \"en\""),
        ("time zone", "time_zone = \"Mars/Olympus\"\n", 1, "time_zone", "IANA time zone"),
        ("log level", "log_level = \"loud\"\n", 1, "log_level", "must be one of"),
        ("forwarding without url", "\n[forwarding]\nbatch_size = 5\n", 2, "forwarding", "needs url"),
        ("forwarding over http", "[forwarding]\nurl = \"http://fhir.example.org/fhir\"\n", 2, "forwarding.url", "must use https"),
        ("forwarding relative token", "[forwarding]\nurl = \"https://a.example/fhir\"\ntoken_file = \"token\"\n", 3, "forwarding.token_file", "absolute path"),
        ("certificate without key", "[forwarding]\nurl = \"https://a.example\"\nclient_certificate = \"/c.pem\"\n", 3,
         "forwarding.client_certificate", "needs client_key"),
        ("batch size", "[forwarding]\nurl = \"https://a.example\"\nbatch_size = 0\n", 3, "forwarding.batch_size", "from 1 to 1000"),
        ("TOML syntax", "a = [\n", 1, "a", "is not valid TOML"),
        ("JSON duplicate", "{\"display\": {\"port\": 1},\n \"display\": {\"port\": 2}}", 2, "display", "given twice"),
        ("JSON unknown key", "{\n  \"max_connections\": 2,\n  \"colour\": 1\n}", 3, "colour", "is not a setting"),
        ("JSON wrong type", "{\n  \"display\": {\n    \"port\": \"80\"}}", 3, "display.port", "must be 0–65535"),
    ]

    @Test("a bad config is one error naming the key and its line", arguments: badFiles.indices)
    func badFile(_ index: Int) {
        let bad = Self.badFiles[index]
        do {
            _ = try ConfigFile.parse(bad.text, file: "/etc/carehub/carehubd.toml")
            Issue.record("\(bad.name): accepted")
        } catch {
            #expect(error.line == bad.line, "\(bad.name): \(error)")
            #expect(error.key == bad.key, "\(bad.name): \(error)")
            #expect(error.problem.contains(bad.says), "\(bad.name): \(error)")
            let place = "/etc/carehub/carehubd.toml:\(bad.line.map(String.init) ?? "")"
            #expect(error.description.hasPrefix(place), "\(bad.name): \(error)")
        }
    }

    @Test("0 and 1 are numbers (the JSON reader took them for booleans); loopback hosts are accepted")
    func smallNumbersAndLoopback() throws {
        let json = try ConfigFile.parse(#"{"display": {"port": 1, "host": "::1"}, "max_connections": 1}"#, file: "old.json")
        #expect(json.format == .json)
        #expect(json.config.display.port == 1 && json.config.maxConnections == 1 && json.config.display.host == "::1")
        let toml = try ConfigFile.parse("max_connections = 1\n[display]\nport = 0\nhost = \"127.3.2.1\"\n", file: "new.toml")
        #expect(toml.format == .toml)
        #expect(toml.config.display.port == 0 && toml.config.maxConnections == 1)
        for host in ["localhost", "127.0.0.1", "[::1]"] { #expect(LoopbackHost.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "10.0.0.1", "::", "128.0.0.1", "localhost.example.org", ""] { #expect(!LoopbackHost.isLoopback(host), "\(host)") }
    }

    @Test("a complete TOML file with comments is read into the typed config")
    func completeFile() throws {
        let text = """
            # the hub in room 4
            database = "/srv/hub.sqlite"  # moved to the SD card
            database_group = "adm"
            bus_address = "unix:path=/run/dbus/system_bus_socket"
            language = "en"
            time_zone = "Europe/Oslo"
            max_connections = 2
            log_level = "debug"
            [display]
            host = "localhost"
            port = 8099
            [forwarding]
            url = "https://fhir.example.org/fhir"
            token_file = "/etc/carehub/token"
            batch_size = 1000
            backlog_warning_age = 3600
            """
        let config = try ConfigFile.parse(text, file: "hub.toml").config
        var expected = HubConfig()
        expected.database = "/srv/hub.sqlite"
        expected.databaseGroup = "adm"
        expected.busAddress = "unix:path=/run/dbus/system_bus_socket"
        expected.language = "en"
        expected.timeZone = "Europe/Oslo"
        expected.maxConnections = 2
        expected.logLevel = "debug"
        expected.display.host = "localhost"
        expected.display.port = 8099
        var forwarding = ForwardingSection()
        forwarding.url = "https://fhir.example.org/fhir"
        forwarding.tokenFile = "/etc/carehub/token"
        forwarding.batchSize = 1000
        forwarding.backlogWarningAge = 3600
        expected.forwarding = forwarding
        #expect(config == expected)
        #expect(config.changedKeys(from: HubConfig()).contains("display.port"))
        #expect(HubConfig().changedKeys(from: HubConfig()).isEmpty)
    }

    @Test("README's configuration table is the one generated from HubConfig's fields")
    func readmeTable() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- config-reference: generated from HubConfig, checked by ConfigFileTests -->\n"))
        let end = try #require(readme.range(of: "\n<!-- /config-reference -->", range: start.upperBound..<readme.endIndex))
        let table = String(readme[start.upperBound..<end.lowerBound])
        #expect(table == HubConfig.referenceMarkdown, "README's table differs; the generated one is:\n\(HubConfig.referenceMarkdown)")
    }

    @Test("the example config parses, comments every key, and its commented-out lines parse too")
    func exampleConfig() throws {
        let url = Self.repository.appendingPathComponent("config/carehubd.toml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(try ConfigFile.load(path: url.path).config == HubConfig(), "the example shows the defaults")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for row in HubConfig.reference where row.type != "table" {
            let name = String(row.key.split(separator: ".").last ?? "")
            let index = try #require(lines.firstIndex { $0.hasPrefix("\(name) = ") || $0.hasPrefix("# \(name) = ") }, "\(row.key) is in the example")
            #expect(index > 0 && lines[index - 1].hasPrefix("#"), "\(row.key) has a comment above it")
        }
        // Uncommented, the examples are a valid file too (forwarding's files are carehubd's check).
        let uncommented = lines.map { line in
            line.hasPrefix("# ") && (line.dropFirst(2).first.map { $0.isLetter && $0.isLowercase } == true && line.contains(" = ")
                                     || line == "# [forwarding]") ? String(line.dropFirst(2)) : line
        }.joined(separator: "\n")
        let all = try ConfigFile.parse(uncommented, file: "uncommented")
        #expect(all.config.forwarding?.url == "https://fhir.example.org/fhir")
        #expect(all.config.databaseGroup == "carehub-admin")
    }
}
