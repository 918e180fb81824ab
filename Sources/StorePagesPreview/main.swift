import Foundation
import StorePages
import Triage

// Writes the staff pages, with made-up sample data, in Swedish and English into the directory given
// (default: a new temporary directory), for a browser or screenshots. Never into the source tree.
let arguments = CommandLine.arguments.dropFirst()
let directory = arguments.first.map { URL(fileURLWithPath: $0) }
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("carehub-store-pages-\(ProcessInfo.processInfo.processIdentifier)")
do {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for language in Language.allCases {
        let context = Samples.context(language)
        var loginContext = context
        loginContext.staff = nil
        let pages: [(String, String)] = [
            ("login", StaffPages.login(LoginPage(problem: .invalidCredentials, username: "sara"), context: loginContext)),
            ("worklist", StaffPages.worklist(Samples.worklist, context: context)),
            ("patient", StaffPages.patient(Samples.patient, context: context)),
            ("thresholds", StaffPages.thresholds(Samples.thresholds, context: context)),
            ("messages", StaffPages.messages(Samples.messages, context: context)),
            ("fleet", StaffPages.fleet(Samples.fleet, context: context)),
        ]
        for (name, html) in pages {
            let file = directory.appendingPathComponent("\(name)-\(language.rawValue).html")
            try Data(html.utf8).write(to: file)
        }
    }
    print(directory.path)
} catch {
    FileHandle.standardError.write(Data("StorePagesPreview: \(error)\n".utf8))
    exit(1)
}
