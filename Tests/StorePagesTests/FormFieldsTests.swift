import Testing

@testable import StorePages

@Suite struct FormFieldsTests {
    @Test func decodesPlusPercentAndUTF8() throws {
        let form = try FormFields(parsing: "a=1&b=hello+world&c=%C3%A5%2B%26%3D&d=%e2%9c%93")
        #expect(form.value("a") == "1")
        #expect(form.value("b") == "hello world")
        #expect(form.value("c") == "å+&=")
        #expect(form.value("d") == "✓")
        #expect(form.value("missing") == nil)
    }

    @Test func namesAreDecodedToo() throws {
        let form = try FormFields(parsing: "weight.gain_3d_kg=2%2C5&caf%C3%A9=1")
        #expect(form.value("weight.gain_3d_kg") == "2,5")
        #expect(form.value("café") == "1")
    }

    @Test func emptyPartsAndMissingEqualsSign() throws {
        let form = try FormFields(parsing: "&&a=&b&=c&")
        #expect(form.fields == [.init(name: "a", value: ""), .init(name: "b", value: ""), .init(name: "", value: "c")])
        #expect(try FormFields(parsing: "").fields.isEmpty)
    }

    @Test func repeatedNamesKeepOrder() throws {
        let form = try FormFields(parsing: "x=1&x=2&y=3&x=4")
        #expect(form.value("x") == "1")
        #expect(form.values("x") == ["1", "2", "4"])
    }

    @Test(arguments: [
        ("a=%", 2), ("a=%4", 2), ("a=%G1", 2), ("a=%1G", 2), ("ok=1&b=x%zz", 8), ("%=1", 0),
    ])
    func rejectsBadPercentEscapes(body: String, offset: Int) {
        #expect(throws: FormBodyError.badPercentEscape(offset: offset)) { try FormFields(parsing: body) }
    }

    @Test(arguments: ["a=%FF", "a=%C3", "a=%C3%28", "a=%ED%A0%80", "%80=1"])
    func rejectsInvalidUTF8(body: String) {
        do {
            let form = try FormFields(parsing: body)
            Issue.record("parsed \(form.fields) from invalid UTF-8")
        } catch {
            guard case .invalidUTF8 = error else {
                Issue.record("expected invalidUTF8, got \(error)")
                return
            }
        }
    }

    @Test func boundedInBytes() throws {
        let limit = FormFields.maximumBytes
        let exactly = "a=" + String(repeating: "x", count: limit - 2)
        #expect(try FormFields(parsing: exactly).value("a")?.count == limit - 2)
        #expect(throws: FormBodyError.tooLarge(limit: limit)) { try FormFields(parsing: exactly + "x") }
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
        #expect(throws: FormBodyError.tooLarge(limit: limit)) { try FormFields(parsing: huge) }
        #expect(throws: FormBodyError.tooLarge(limit: 8)) { try FormFields(parsing: "a=123456789", maximumBytes: 8) }
    }

    @Test func boundedInFields() throws {
        let many = (0...FormFields.maximumFields).map { "f\($0)=1" }.joined(separator: "&")
        #expect(throws: FormBodyError.tooManyFields(limit: FormFields.maximumFields)) { try FormFields(parsing: many) }
        let enough = (0..<FormFields.maximumFields).map { "f\($0)=1" }.joined(separator: "&")
        #expect(try FormFields(parsing: enough).fields.count == FormFields.maximumFields)
    }

    @Test func csrfTokenIsItsOwnField() throws {
        let form = try FormFields(parsing: "csrf_token=abc%2Bdef&item=1")
        #expect(form.csrfToken == "abc+def")
        #expect(try FormFields(parsing: "item=1").csrfToken == nil)
    }
}
