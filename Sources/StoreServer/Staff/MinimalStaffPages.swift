import FHIR
import Foundation
import MonitoringStore

/// Plain built-in pages (no scripts, no external assets), so the routes work and can be tested
/// before the `StorePages` renderers are plugged in. Swedish first, English after.
public struct MinimalStaffPages: StaffPageRenderer {
    public init() {}

    public func login(error: String?) -> String {
        page("Logga in / Log in", session: nil, """
            \(error.map { "<p role=\"alert\">\(escape($0))</p>" } ?? "")
            <form method="post" action="/login">
            <label>Användarnamn / User name <input name="username" autocomplete="username" required></label>
            <label>Lösenord / Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button>Logga in / Log in</button></form>
            """)
    }

    public func worklist(_ items: [WorklistItem], session: StaffSession) -> String {
        let rows = items.map { item in
            """
            <tr class="\(escape(item.colour))"><td>\(escape(item.colour))</td><td><a href="/patients/\(escape(item.patientID))">\(escape(item.patientID))</a></td>
            <td>\(escape(FHIRInstant.text(item.occurredAt)))</td><td>\(escape(item.values.joined(separator: "; ")))</td>
            <td>\(escape(item.rules.joined(separator: ", ")))</td><td>\(escape(item.detail))</td><td>\(escape(item.parameters.joined(separator: ", ")))</td>
            <td><form method="post" action="/worklist/\(escape(item.id))/acknowledge">\(csrf(session))
            <input name="note" placeholder="Anteckning / note"><button>Kvittera / Acknowledge</button></form></td></tr>
            """
        }.joined(separator: "\n")
        return page("Arbetslista / Worklist", session: session, """
            <table><thead><tr><th>Färg / Colour</th><th>Patient</th><th>Tid / Time</th><th>Värde / Value</th><th>Regel / Rule</th>
            <th>Orsak / Reason</th><th>Gränser / Thresholds</th><th></th></tr></thead><tbody>
            \(rows)
            </tbody></table>
            \(messageForm(session: session, patient: nil))
            """)
    }

    public func patient(_ overview: PatientOverview, session: StaffSession) -> String {
        func series(_ name: String, _ points: [SeriesPoint]) -> String {
            "<h3>\(name)</h3><ul>" + points.suffix(30).map { "<li>\(escape(FHIRInstant.text($0.at))): \($0.value) \(escape($0.unit))</li>" }.joined() + "</ul>"
        }
        let thresholds = (overview.thresholds?.thresholds ?? []).map { "\($0.name)=\($0.value.text)" }.joined(separator: "\n")
        let messages = overview.messages.map { "<li>\(escape(FHIRInstant.text($0.sentAt))): \(escape($0.text))</li>" }.joined()
        let devices = overview.devices.map { device in
            "<li>\(escape(device.address)): \(device.lastContact.map(FHIRInstant.text) ?? "–") \(device.batteryLevel.map { "\($0) %" } ?? "") \(escape(device.problems.joined(separator: ", ")))</li>"
        }.joined()
        return page("Patient \(overview.patientID)", session: session, """
            <p>Grupper / Groups: \(escape(overview.groups.joined(separator: ", ")))</p>
            \(series("Vikt / Weight", overview.weight))\(series("Systoliskt / Systolic", overview.systolic))
            \(series("Diastoliskt / Diastolic", overview.diastolic))\(series("Puls / Pulse", overview.pulse))
            <h3>Gränser / Thresholds (version \(escape(overview.thresholds?.version ?? "–")))</h3>
            <form method="post" action="/patients/\(escape(overview.patientID))/thresholds">\(csrf(session))
            <textarea name="thresholds" rows="5">\(escape(thresholds))</textarea>
            <label>Varför / Why <input name="reason" required></label><button>Spara / Save</button></form>
            <h3>Meddelanden / Messages</h3><ul>\(messages)</ul>
            \(messageForm(session: session, patient: overview.patientID))
            <h3>Enheter / Devices</h3><ul>\(devices)</ul>
            """)
    }

    public func fleet(_ health: FleetHealth, policy: FleetPolicy, session: StaffSession) -> String {
        let visit = health.needsVisit
        let hubs = visit.hubs.map { "<li>\(escape($0.hubID)): \(escape($0.problems.joined(separator: ", ")))</li>" }.joined()
        let devices = visit.devices.map { "<li>\(escape($0.address)) (\(escape($0.hubID ?? "–"))): \(escape($0.problems.joined(separator: ", ")))</li>" }.joined()
        return page("Teknikerbesök / Needs a technician visit", session: session, "<h3>Hubbar / Hubs</h3><ul>\(hubs)</ul><h3>Enheter / Devices</h3><ul>\(devices)</ul>")
    }

    public func message(_ text: String, session: StaffSession?) -> String {
        page("CareHub", session: session, "<p>\(escape(text))</p><p><a href=\"/\">Tillbaka / Back</a></p>")
    }

    private func messageForm(session: StaffSession, patient: String?) -> String {
        """
        <h3>Skicka meddelande / Send a message</h3>
        <form method="post" action="/messages">\(csrf(session))
        <select name="audience"><option value="patient">Patient</option><option value="group">Grupp / Group</option><option value="all">Alla / Everyone</option></select>
        <input name="target" value="\(escape(patient ?? ""))" placeholder="Patient / grupp">
        <textarea name="text" required></textarea><button>Skicka / Send</button></form>
        """
    }

    private func csrf(_ session: StaffSession) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(session.csrfToken))\">"
    }

    private func page(_ title: String, session: StaffSession?, _ body: String) -> String {
        let nav = session.map { session in
            """
            <nav><a href="/">Arbetslista / Worklist</a> <a href="/fleet">Teknik / Fleet</a> \(escape(session.username))
            <form method="post" action="/logout">\(csrf(session))<button>Logga ut / Log out</button></form></nav>
            """
        } ?? ""
        return """
            <!doctype html><html lang="sv"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
            <body>\(nav)<h1>\(escape(title))</h1>
            \(body)
            </body></html>
            """
    }
}

/// HTML text escaping.
func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
