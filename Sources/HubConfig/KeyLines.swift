/// Where each key of a config file is written (1-based lines), so that an error about `display.port`
/// can name its line. TOMLKit reports lines only for syntax errors; this finds the rest by reading
/// the (already parsed) text once more.
struct KeyLines: Sendable {
    private(set) var lines: [String: Int] = [:]
    /// Every key written on a line (a key written twice has two lines).
    private(set) var keysByLine: [Int: String] = [:]
    /// Set by the JSON scan: the first key written twice in one object, with the line of its second use.
    private(set) var duplicate: (path: [String], line: Int)?

    /// The line of `path`, else of the nearest enclosing key or table that is written in the file.
    func line(for path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path.joined(separator: ".")] { return line }
            path.removeLast()
        }
        return nil
    }

    /// The key written on `line`, if one is.
    func key(atLine line: Int) -> String? {
        keysByLine[line]
    }

    mutating func record(_ path: [String], line: Int) {
        let key = path.joined(separator: ".")
        if lines[key] == nil { lines[key] = line }
        // The deepest key on a line (an inline table's last key rather than the table).
        if (keysByLine[line]?.count ?? 0) < key.count { keysByLine[line] = key }
    }
}

extension KeyLines {
    /// Key lines of a TOML document: `[table]` headers, `key = value` lines (dotted keys too) and the
    /// keys of one-line inline tables. Multi-line strings are skipped.
    static func toml(_ text: String) -> KeyLines {
        var result = KeyLines()
        var table: [String] = []
        var openString: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let delimiter = openString {
                if line.contains(delimiter) { openString = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = splitKey(String(inner))
                result.record(table, line: number)
                continue
            }
            guard let equals = indexOutsideQuotes(of: "=", in: line) else { continue }
            let path = table + splitKey(String(line[..<equals]))
            result.record(path, line: number)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                if !value.dropFirst(3).contains(delimiter) { openString = delimiter }
            }
            if value.hasPrefix("{") {
                for part in value.dropFirst().split(separator: ",") {
                    if let inner = indexOutsideQuotes(of: "=", in: String(part)) {
                        result.record(path + splitKey(String(String(part)[..<inner])), line: number)
                    }
                }
            }
        }
        return result
    }

    /// `a."b.c" . d` → ["a", "b.c", "d"].
    static func splitKey(_ key: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in key {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    static func indexOutsideQuotes(of target: Character, in text: String) -> String.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" && open == "\"" { index = text.index(after: index) } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == target {
                return index
            } else if character == "#" {
                return nil
            }
            if index < text.endIndex { index = text.index(after: index) }
        }
        return nil
    }
}

extension KeyLines {
    /// Key lines of a JSON document, and the first key written twice in one object (JSON parsers
    /// keep the last silently; a config with two values for one key is refused instead).
    static func json(_ text: String) -> KeyLines {
        var result = KeyLines()
        /// One open object or array: its key path, and for objects the keys seen and whether a key comes next.
        struct Frame { var path: [String]; var isObject: Bool; var seen: Set<String> = []; var expectsKey = true; var lastKey: String? }
        var stack: [Frame] = []
        var line = 1
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                line += 1
            case "{", "[":
                let parent = stack.last
                let path = parent.map { $0.isObject ? $0.path + [$0.lastKey ?? ""] : $0.path } ?? []
                stack.append(Frame(path: path, isObject: scalar == "{"))
            case "}", "]":
                if !stack.isEmpty { stack.removeLast() }
            case ",":
                if !stack.isEmpty, stack[stack.count - 1].isObject { stack[stack.count - 1].expectsKey = true }
            case "\"":
                var string = ""
                index += 1
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    if scalars[index] == "\n" { line += 1 }
                    string.unicodeScalars.append(scalars[index])
                    index += 1
                }
                if var frame = stack.popLast() {
                    if frame.isObject && frame.expectsKey {
                        let path = frame.path + [string]
                        if frame.seen.contains(string), result.duplicate == nil { result.duplicate = (path, line) }
                        frame.seen.insert(string)
                        frame.expectsKey = false
                        frame.lastKey = string
                        result.record(path, line: line)
                    }
                    stack.append(frame)
                }
            default:
                break
            }
            index += 1
        }
        return result
    }
}
