import Foundation
import HTMLSupport

enum FleetRenderer {
    static func render(_ page: FleetPage, _ context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        let language = context.language
        var body = "<h1>\(HTML.escape(texts.fleetTitle))</h1>"
        let intro = PageTexts.fill(texts.fleetIntro, [
            "h": Format.number(page.hubSilentAfter / 3_600, language), "p": String(page.lowBatteryPercent),
            "s": Format.number(page.clockToleranceSeconds, language),
        ])
        body += "<p class=\"muted\">\(HTML.escape(intro))</p>"
        guard !page.issues.isEmpty else {
            return PageShell.document(title: texts.fleetTitle, body: body + "<p>\(HTML.escape(texts.fleetEmpty))</p>", context: context)
        }
        body += "<table class=\"fleet\"><thead><tr>"
        for column in [texts.columnHub, texts.columnPatient, texts.columnDevice, texts.columnProblem] {
            body += "<th scope=\"col\">\(HTML.escape(column))</th>"
        }
        body += "</tr></thead><tbody>"
        for issue in page.issues {
            let patients = issue.patients.map { WorklistRenderer.patientLink($0, context) }.joined(separator: ", ")
            let device = issue.device.map { HTML.escape($0) } ?? "<span class=\"muted\">\(HTML.escape(texts.hubItself))</span>"
            body += "<tr class=\"fleet-issue\"><td>\(HTML.escape(issue.hubID))</td><td>\(patients)</td><td>\(device)</td><td>\(problem(issue.problem, context, texts))</td></tr>"
        }
        body += "</tbody></table>"
        return PageShell.document(title: texts.fleetTitle, body: body, context: context)
    }

    private static func problem(_ problem: FleetIssue.Problem, _ context: PageContext, _ texts: PageTexts) -> String {
        let language = context.language
        func since(_ date: Date?) -> String {
            let time = date.map { Format.timeElement($0, context.timeZone) } ?? HTML.escape(texts.never)
            // The template's words are escaped; the time element is markup of our own.
            let parts = texts.lastHeard.components(separatedBy: "{t}").map(HTML.escape)
            return " <span class=\"muted\">(\(parts.joined(separator: time)))</span>"
        }
        switch problem {
        case .hubSilent(let lastHeard):
            return HTML.escape(texts.problemHubSilent) + since(lastHeard)
        case .lowBattery(let percent):
            return HTML.escape(PageTexts.fill(texts.problemLowBattery, ["p": String(percent)]))
        case .clockOff(let seconds):
            let signed = (seconds > 0 ? "+" : "") + Format.number(seconds, language)
            return HTML.escape(PageTexts.fill(texts.problemClockOff, ["s": signed]))
        case .deviceSilent(let lastReading):
            return HTML.escape(texts.problemDeviceSilent) + since(lastReading)
        }
    }
}
