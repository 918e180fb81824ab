import Testing
import Triage

@testable import StorePages

/// Decodes a body, or records why not.
func fields(_ body: String) -> FormFields {
    (try? FormFields(parsing: body)) ?? FormFields([])
}

/// The problems a decoder reported, or [] when it accepted the form.
func problems<T>(_ decode: () throws(FormErrors) -> T) -> [FieldError] {
    do {
        _ = try decode()
        return []
    } catch {
        return error.errors
    }
}

@Suite struct LoginAndAcknowledgeFormTests {
    @Test func loginKeepsThePasswordAsTyped() throws {
        let login = try LoginForm(fields("username=+sara+&password=+secret+%C3%A5"))
        #expect(login.username == "sara")
        #expect(login.password == " secret å")
    }

    @Test func loginNamesEachMissingField() {
        #expect(problems { () throws(FormErrors) in try LoginForm(fields("")) } == [FieldError(.username, .missing), FieldError(.password, .missing)])
        #expect(problems { () throws(FormErrors) in try LoginForm(fields("username=%20&password=x")) } == [FieldError(.username, .missing)])
    }

    @Test func acknowledgeNoteIsOptionalAndBounded() throws {
        let plain = try AcknowledgeForm(fields("item=issue-1"))
        #expect(plain.item == "issue-1" && plain.note == nil)
        let blank = try AcknowledgeForm(fields("item=issue-1&note=+%0D%0A+"))
        #expect(blank.note == nil)
        let note = String(repeating: "å", count: 1000)
        #expect(try AcknowledgeForm(FormFields([.init(name: "item", value: "i"), .init(name: "note", value: note)])).note == note)
        #expect(problems { () throws(FormErrors) in
            try AcknowledgeForm(FormFields([.init(name: "item", value: "i"), .init(name: "note", value: note + "x")]))
        } == [FieldError(.note, .tooLong(maximum: 1000))])
        #expect(problems { () throws(FormErrors) in try AcknowledgeForm(fields("note=hej")) } == [FieldError(.item, .missing)])
    }

    @Test func noteLineEndingsBecomeLF() throws {
        #expect(try AcknowledgeForm(fields("item=1&note=a%0D%0Ab%0Dc")).note == "a\nb\nc")
    }
}

@Suite struct MessageFormTests {
    let groups: Set<String> = ["hjartsvikt", "nord"]

    @Test func audiences() throws {
        #expect(try MessageForm(fields("audience=patient&patient=pat-1&text=Hej"), groups: groups).audience == .patient("pat-1"))
        #expect(try MessageForm(fields("audience=group&group=nord&text=Hej"), groups: groups).audience == .group("nord"))
        #expect(try MessageForm(fields("audience=all&text=Hej+alla"), groups: groups) == MessageForm(fields("audience=all&text=%20Hej alla%20"), groups: groups))
    }

    @Test(arguments: [
        ("audience=patient&text=x", FieldError(.patient, .missing)),
        ("audience=patient&patient=..%2Fx%3Cy&text=x", FieldError(.patient, .malformed)),
        ("audience=group&group=south&text=x", FieldError(.group, .unknownChoice)),
        ("audience=group&text=x", FieldError(.group, .missing)),
        ("audience=everyone&text=x", FieldError(.audience, .unknownChoice)),
        ("text=x", FieldError(.audience, .missing)),
        ("audience=all&text=+++", FieldError(.text, .missing)),
    ])
    func rejected(body: String, expected: FieldError) {
        #expect(problems { () throws(FormErrors) in try MessageForm(fields(body), groups: groups) } == [expected])
    }

    @Test func textIsCountedInCharactersUpTo1000() throws {
        let family = String(repeating: "👨‍👩‍👧", count: 1000)  // 1000 characters, many more bytes
        #expect(try MessageForm(FormFields([.init(name: "audience", value: "all"), .init(name: "text", value: family)]), groups: []).text == family)
        #expect(problems { () throws(FormErrors) in
            try MessageForm(FormFields([.init(name: "audience", value: "all"), .init(name: "text", value: family + "x")]), groups: [])
        } == [FieldError(.text, .tooLong(maximum: 1000))])
    }

    @Test func everyProblemIsReportedAtOnce() {
        #expect(problems { () throws(FormErrors) in try MessageForm(fields("audience=group&group=x"), groups: groups) }
            == [FieldError(.group, .unknownChoice), FieldError(.text, .missing)])
    }
}

@Suite struct ThresholdsFormTests {
    @Test func acceptsCommaAndPointAndLeavesBlanksToTheDefault() throws {
        let form = try ThresholdsForm(fields("weight.gain_3d_kg=2%2C5&sbp.low_yellow=95&hr.high_red=&reason=Ordination+dr+Lind&csrf_token=t"))
        #expect(form.overrides == [.weightGain3d: 2.5, .sbpLowYellow: 95])
        #expect(form.reason == "Ordination dr Lind")
        #expect(try ThresholdsForm(fields("weight.gain_3d_kg=2.5&reason=x")).overrides == [.weightGain3d: 2.5])
    }

    @Test(arguments: [
        ("weight.gain_3d_kg=nan", FieldError.Problem.notANumber),
        ("weight.gain_3d_kg=inf", .notANumber),
        ("weight.gain_3d_kg=Infinity", .notANumber),
        ("weight.gain_3d_kg=1e400", .notFinite),
        ("weight.gain_3d_kg=-1e999", .notFinite),
        ("weight.gain_3d_kg=0x10", .notANumber),
        ("weight.gain_3d_kg=2%2C5%2C1", .notANumber),
        ("weight.gain_3d_kg=2+kg", .notANumber),
        ("weight.gain_3d_kg=0.1", .outOfRange(minimum: 0.5, maximum: 10)),
        ("weight.gain_3d_kg=11", .outOfRange(minimum: 0.5, maximum: 10)),
        ("weight.gain_3d_kg=-2", .outOfRange(minimum: 0.5, maximum: 10)),
    ])
    func rejectsBadNumbers(body: String, problem: FieldError.Problem) {
        #expect(problems { () throws(FormErrors) in try ThresholdsForm(fields(body + "&reason=x")) } == [FieldError(.parameter(.weightGain3d), problem)])
    }

    @Test func wholeNumbersOnlyWhereTheTableSaysSo() {
        #expect(problems { () throws(FormErrors) in try ThresholdsForm(fields("missing.weight_days=2.5&reason=x")) }
            == [FieldError(.parameter(.missingWeightDays), .notWhole)])
    }

    @Test func orderedPairsStayOrdered() {
        // sbp.low_yellow must stay strictly below sbp.high_yellow (135 by default).
        #expect(problems { () throws(FormErrors) in try ThresholdsForm(fields("sbp.low_yellow=135&reason=x")) }
            == [FieldError(.parameter(.sbpLowYellow), .mustNotExceed(.parameter(.sbpHighYellow), strict: true))])
        // sbp.high_yellow may equal sbp.high_red, not exceed it.
        #expect(problems { () throws(FormErrors) in try ThresholdsForm(fields("sbp.high_yellow=180&reason=x")) } == [])
        #expect(problems { () throws(FormErrors) in try ThresholdsForm(fields("sbp.high_yellow=190&reason=x")) }
            == [FieldError(.parameter(.sbpHighYellow), .mustNotExceed(.parameter(.sbpHighRed), strict: false))])
    }

    @Test func reasonIsRequiredAndBounded() {
        #expect(problems { () throws(FormErrors) in try ThresholdsForm(fields("weight.gain_3d_kg=3")) } == [FieldError(.reason, .missing)])
        let long = String(repeating: "x", count: 1001)
        #expect(problems { () throws(FormErrors) in
            try ThresholdsForm(FormFields([.init(name: "reason", value: long)]))
        } == [FieldError(.reason, .tooLong(maximum: 1000))])
    }

    @Test func unknownFieldsAreIgnored() throws {
        #expect(try ThresholdsForm(fields("evil.param=5&reason=x")).overrides.isEmpty)
    }
}

@Suite struct FieldErrorTextTests {
    @Test(arguments: [
        (FieldError(.note, .tooLong(maximum: 1000)), "Anteckning: högst 1000 tecken.", "Note: at most 1000 characters."),
        (FieldError(.reason, .missing), "Orsak: måste fyllas i.", "Reason: required."),
        (FieldError(.parameter(.weightGain3d), .outOfRange(minimum: 0.5, maximum: 10)),
         "Viktökning på 3 dygn (W1): måste vara mellan 0,5 och 10.", "Weight gain over 3 days (W1): must be between 0.5 and 10."),
        (FieldError(.parameter(.sbpLowYellow), .mustNotExceed(.parameter(.sbpHighYellow), strict: true)),
         "Systoliskt gul under (B1): måste vara mindre än Systoliskt gul från (B1).",
         "Systolic yellow below (B1): must be smaller than Systolic yellow from (B1)."),
    ])
    func messagesNameTheField(error: FieldError, swedish: String, english: String) {
        #expect(error.message(.swedish) == swedish)
        #expect(error.message(.english) == english)
    }

    @Test func everyParameterHasALabelInBothLanguages() {
        for spec in ParameterTable.all {
            #expect(ParameterLabels.table[spec.name] != nil, "no label for \(spec.name)")
        }
        #expect(ParameterLabels.table.count == ParameterTable.all.count)
    }
}
