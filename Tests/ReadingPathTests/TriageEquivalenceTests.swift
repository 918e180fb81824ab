import Foundation
import Testing

/// Proves that triage, the store's assessment record and the trends are unchanged by work meant to
/// be invisible (performance): a generated corpus of ~6,000 outcomes (TriageCorpus) hashed per
/// patient and compared with the hashes the code produced before the change.
///
/// To see what differs: run once with CAREHUB_TRIAGE_CORPUS_DUMP=/tmp/old on the old code and once
/// with /tmp/new on the new code, then diff the two files.
@Suite struct TriageEquivalenceTests {
    @Test("the generated corpus yields the recorded outcomes, byte for byte")
    func corpusUnchanged() throws {
        var hashes: [UInt64] = []
        var all: [String] = []
        var lineCount = 0
        for patient in 0..<TriageCorpusExpected.hashes.count {
            let lines = TriageCorpus.lines(patient: patient)
            lineCount += lines.count
            hashes.append(TriageCorpus.hash(lines))
            all += lines
        }
        if let path = ProcessInfo.processInfo.environment["CAREHUB_TRIAGE_CORPUS_DUMP"] {
            try (all.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            print("hashes:", hashes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", "))
        }
        #expect(lineCount > 8_000)
        for (patient, (got, expected)) in zip(hashes, TriageCorpusExpected.hashes).enumerated() {
            #expect(got == expected, "patient \(patient): outcomes differ from the recorded ones")
        }
    }

    @Test("the corpus covers every colour and rule, and skips")
    func corpusCoverage() {
        let text = (0..<12).flatMap { TriageCorpus.lines(patient: $0) }.joined(separator: "\n")
        for colour in ["green", "grey", "yellow", "red"] { #expect(text.contains("\"colour\":\"\(colour)\"")) }
        for rule in ["W1", "W2", "W3", "W4", "W5", "W6", "B1", "B2", "B3", "H1", "H2", "Q1", "M1", "C1"] {
            #expect(text.contains("\"rule\":\"\(rule)\",\"colour\":\"yellow\"") || text.contains("\"rule\":\"\(rule)\",\"colour\":\"red\"")
                || text.contains("\"rule\":\"\(rule)\",\"colour\":\"grey\""), "rule \(rule) never fires")
        }
        #expect(text.contains("awaitingConfirmation\":true"))
        #expect(text.contains("\"repeated\":true"))
    }
}
