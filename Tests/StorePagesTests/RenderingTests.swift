import Foundation
import HTMLSupport
import Testing
import Triage

@testable import StorePages

@Suite struct PageSafetyTests {
    @Test(arguments: Language.allCases)
    func outsideTextIsEscapedEverywhere(language: Language) {
        for (name, html) in Fixtures.allPages(language) {
            #expect(!html.contains("<script"), "\(name): script element")
            #expect(!html.contains("<img"), "\(name): injected element")
            #expect(!html.contains(" onerror=alert(2)>"), "\(name): injected attribute")
            #expect(!html.contains("\"'>"), "\(name): quote broke out")
            #expect(html.contains(HTML.escape("<script>alert(1)</script>")), "\(name): evil text not shown escaped")
        }
    }

    @Test(arguments: Language.allCases)
    func everyFormCarriesTheCSRFToken(language: Language) {
        let field = "<input type=\"hidden\" name=\"csrf_token\" value=\"\(HTML.escape("tok\"en<1>"))\">"
        for (name, html) in Fixtures.allPages(language) {
            let forms = html.occurrences(of: "<form ")
            #expect(forms >= 1, "\(name): no form (at least logout or login)")
            #expect(html.occurrences(of: field) == forms, "\(name): \(forms) forms, \(html.occurrences(of: field)) CSRF fields")
            #expect(html.occurrences(of: "<form ") == html.occurrences(of: "method=\"post\""), "\(name): a form that does not POST")
        }
    }

    @Test(arguments: Language.allCases)
    func pagesAreSelfContainedAndNeedNoScript(language: Language) {
        for (name, html) in Fixtures.allPages(language) {
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"), "\(name)")
            #expect(html.hasSuffix("</html>"), "\(name)")
            #expect(!html.contains("http://") && !html.contains("https://"), "\(name): external resource")
            #expect(!html.contains("<script") && !html.contains(" style=\""), "\(name): script or style attribute")
            #expect(html.occurrences(of: "<h1>") == 1, "\(name): one h1")
        }
    }

    @Test func staffPagesHaveALogoutFormTheLoginPageHasNone() {
        let pages = Fixtures.allPages(.swedish)
        for (name, html) in pages where name != "login" {
            #expect(html.contains("<form method=\"post\" action=\"/logout\">"), "\(name)")
            #expect(html.contains(">Logga ut</button>"), "\(name)")
        }
        let login = pages.first { $0.name == "login" }?.html ?? ""
        #expect(!login.contains("/logout") && login.contains("action=\"/login\""))
    }

    @Test func everyInputHasALabel() {
        for (name, html) in Fixtures.allPages(.english) {
            let ids = html.components(separatedBy: " id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            for tag in ["<input type=\"text\"", "<input type=\"password\"", "<textarea", "<select", "<input type=\"radio\""] {
                for chunk in html.components(separatedBy: tag).dropFirst() {
                    let id = chunk.components(separatedBy: "id=\"").dropFirst().first?.split(separator: "\"").first.map(String.init) ?? ""
                    #expect(!id.isEmpty && html.contains("<label for=\"\(id)\">"), "\(name): \(tag) \(id) without a label")
                }
            }
            #expect(Set(ids).count == ids.count, "\(name): duplicate id")
        }
    }

    @Test func styleNonceIsEscapedAndApplied() {
        var context = Fixtures.context()
        context.styleNonce = "n\"1"
        let html = StaffPages.plain(title: "t", text: "x", context: context)
        #expect(html.contains("<style nonce=\"n&quot;1\">"))
        #expect(StaffPages.plain(title: "t", text: "x", context: Fixtures.context()).contains("<style>"))
    }
}

@Suite struct WorklistRenderingTests {
    @Test func greenCannotBeAWorklistItem() {
        #expect(DeviationColour(.green) == nil)
        #expect(WorklistItem(
            id: "g", triageColour: .green, patient: Fixtures.patient, value: .weight(kg: 70), measuredAt: Fixtures.now,
            rule: .w1, reason: "fine") == nil)
        #expect(WorklistItem(
            id: "y", triageColour: .yellow, patient: Fixtures.patient, value: .weight(kg: 70), measuredAt: Fixtures.now,
            rule: .w1, reason: "gain")?.colour == .yellow)
        #expect(!DeviationColour.allCases.map(\.rawValue).contains("green"))
    }

    @Test func mostSevereFirstThenOldest() {
        #expect(Fixtures.worklist.items.map(\.id) == ["r", "y-old", "y-new", "g"])
        let html = StaffPages.worklist(Fixtures.worklist, context: Fixtures.context())
        let order = ["item-r\"", "item-y-old\"", "item-y-new\"", "item-g\""].compactMap { html.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted())
    }

    @Test func anItemShowsValueRuleReasonThresholdAndColourInWords() {
        let html = StaffPages.worklist(Fixtures.worklist, context: Fixtures.context())
        #expect(html.contains("<span class=\"badge badge-red\">Röd <span class=\"priority\">· hög prioritet</span></span>"))
        #expect(html.contains("<span class=\"badge badge-grey\">Grå <span class=\"priority\">· mät igen</span></span><br><span class=\"repeat\">3 gånger i rad</span>"))
        #expect(html.contains("<span class=\"kind\">Vikt</span>: <span class=\"value\">76,4 kg</span>"))
        #expect(html.contains("<strong>W1 Viktökning på 3 dygn</strong>"))
        #expect(html.contains("Viktökning på 3 dygn (W1): 2 kg <span class=\"muted\">(individuell)</span>"))
        #expect(html.contains("<time datetime=\"2026-12-07T09:00:00Z\">2026-12-07 10:00</time>"))
        #expect(html.occurrences(of: "name=\"item\"") == 5)
        #expect(html.occurrences(of: "<textarea") == 5 && html.occurrences(of: "name=\"note\" maxlength=\"1000\"") == 5)
    }

    @Test func englishToo() {
        let html = StaffPages.worklist(Fixtures.worklist, context: Fixtures.context(.english))
        #expect(html.contains("<h1>Worklist</h1>") && html.contains("Red <span class=\"priority\">· high priority</span>"))
        #expect(html.contains("76.4 kg") && !html.contains("Arbetslista"))
    }

    @Test func emptyWorklist() {
        let html = StaffPages.worklist(WorklistPage(items: [], contactRequests: []), context: Fixtures.context())
        #expect(html.contains("Inga avvikande värden att hantera.") && !html.contains("<table"))
        #expect(html.occurrences(of: "<form ") == 1)
    }
}
