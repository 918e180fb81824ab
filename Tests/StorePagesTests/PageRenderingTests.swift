import Foundation
import HTMLSupport
import Testing
import Triage

@testable import StorePages

@Suite struct PatientPageTests {
    @Test func threeChartsWithThresholdLinesAndTables() {
        let html = StaffPages.patient(Fixtures.patientPage, context: Fixtures.context())
        #expect(html.occurrences(of: "<svg class=\"chart\"") == 3)
        for id in ["weight", "bp", "pulse"] {
            #expect(html.contains("id=\"chart-\(id)\"") && html.contains("aria-labelledby=\"chart-\(id)-title chart-\(id)-desc\""))
        }
        // Weight: target 73 (individual), target + 2 kg, and the 3-day gain limit above the weight 3 days ago (74 + 2).
        #expect(html.contains(">Målvikt</text>") && html.contains(">Mål +2</text>") && html.contains(">Gräns +2/3 d</text>"))
        // Blood pressure and pulse: the default limits.
        #expect(html.contains(">Röd ≥180</text>") && html.contains(">Gul ≥135</text>") && html.contains(">Gul &lt;100</text>") && html.contains(">Dia gul ≥85</text>"))
        #expect(html.contains(">Röd ≥120</text>") && html.contains(">Gul &lt;50</text>") && html.contains(">Röd &lt;40</text>"))
        #expect(html.occurrences(of: "<details>") == 3)
        // 14 days shown: 15 daily points fall inside the window (days 0…14).
        #expect(html.components(separatedBy: "id=\"chart-weight\"")[1].components(separatedBy: "</svg>")[0].occurrences(of: "<circle") == 15)
    }

    @Test func thresholdLinesLandAtTheirValue() {
        let start = Fixtures.now.addingTimeInterval(-14 * 86_400)
        let chart = TrendChart(
            id: "t", title: "t", series: [.init(name: "w", points: [(Fixtures.now, 75)], marker: .circle, colour: StorePalette.series)],
            lines: [.init(value: 76, label: "x", style: .yellow)],
            start: start, end: Fixtures.now, step: 1, padding: 0.5, minimumSpan: 4)
        // 75…76 padded by 0.5 and snapped to whole kg is 74…77, widened to the 4 kg minimum: 73…77.
        #expect(chart.range == (73, 77))
        #expect(chart.y(76) == TrendChart.bottom - 0.75 * (TrendChart.bottom - TrendChart.top))
        #expect(chart.x(Fixtures.now) == TrendChart.right && chart.x(start) == TrendChart.left)
        let svg = chart.svg(summary: "s", emptyText: "e", zone: Fixtures.zone, language: .swedish)
        #expect(svg.contains("class=\"limit limit-yellow\" x1=\"48.0\" x2=\"530.0\" y1=\"62.0\" y2=\"62.0\""))
        let html = StaffPages.patient(Fixtures.patientPage, context: Fixtures.context(.english))
        #expect(html.contains(">Limit +2/3 d</text>"))
        #expect(html.contains(">Target</text>") && html.contains(">Target +2</text>"))
    }

    @Test func closeLabelsAreMovedApart() {
        #expect(TrendChart.spread([100, 105, 50], gap: 14) == [100, 114, 50])
    }

    @Test func emptyTrendsSayNoData() {
        var page = Fixtures.patientPage
        page.weights = []
        page.bloodPressure = []
        page.pulse = []
        let html = StaffPages.patient(page, context: Fixtures.context())
        #expect(html.occurrences(of: "Inga mätningar under perioden.") == 3)
        #expect(!html.contains("<details>"))
    }

    @Test func daysAreClampedTo14Through30() {
        let p = Fixtures.patientPage
        #expect(PatientPage(patient: p.patient, days: 3, weights: [], bloodPressure: [], pulse: [], thresholds: .defaults, messages: [], devices: []).days == 14)
        #expect(PatientPage(patient: p.patient, days: 90, weights: [], bloodPressure: [], pulse: [], thresholds: .defaults, messages: [], devices: []).days == 30)
    }

    @Test func devicesAndMessages() {
        let html = StaffPages.patient(Fixtures.patientPage, context: Fixtures.context())
        #expect(html.contains("<td>15 %</td><td>-90 s</td>"))
        #expect(html.contains("Från mottagningen"))
        #expect(html.contains("href=\"/patients/pat-1/thresholds\""))
    }
}

@Suite struct FormPageTests {
    @Test func thresholdsFormHasOneLabelledInputPerParameterAndARequiredReason() {
        let html = StaffPages.thresholds(Fixtures.thresholds, context: Fixtures.context())
        #expect(html.occurrences(of: "<input type=\"text\" inputmode=\"decimal\"") == ParameterTable.all.count)
        #expect(html.contains("name=\"weight.gain_3d_kg\" value=\"2,5\""))
        #expect(html.contains("name=\"sbp.low_yellow\" value=\"\""))
        #expect(html.contains("<textarea id=\"reason\" name=\"reason\" required maxlength=\"1000\""))
        #expect(html.contains("action=\"/patients/pat-1/thresholds\""))
        #expect(html.contains("<td>standard → 2,5 kg</td>"))
        #expect(html.occurrences(of: "<fieldset>") == 4)
    }

    @Test func rejectedThresholdsShowWhatWasTypedAndWhy() {
        var page = Fixtures.thresholds
        page.errors = FormErrors([FieldError(.parameter(.weightGain3d), .notANumber), FieldError(.reason, .missing)])
        page.entered = ["weight.gain_3d_kg": "två" + Fixtures.evil]
        let html = StaffPages.thresholds(page, context: Fixtures.context())
        #expect(html.contains("role=\"alert\""))
        #expect(html.contains("Viktökning på 3 dygn (W1): skriv ett tal, till exempel 2,5."))
        #expect(html.contains("Orsak: måste fyllas i."))
        #expect(html.contains("value=\"två\(HTML.escape(Fixtures.evil))\""))
        #expect(html.contains("aria-invalid=\"true\" aria-describedby=\"p-weight-gain_3d_kg-error\""))
        #expect(html.contains("aria-describedby=\"reason-hint reason-error\""))
    }

    @Test func messageFormOffersPatientGroupAndAll() {
        let html = StaffPages.messages(Fixtures.messages, context: Fixtures.context())
        for value in ["patient", "group", "all"] {
            #expect(html.contains("name=\"audience\" value=\"\(value)\""))
        }
        #expect(html.contains("<option value=\"g\(HTML.escape(Fixtures.evil))\">"))
        #expect(html.contains("(diagnos, 3 patienter)"))
        #expect(html.contains("<textarea id=\"text\" name=\"text\" required maxlength=\"1000\""))
    }

    @Test func rejectedMessageKeepsTheChoice() {
        var page = Fixtures.messages
        page.errors = FormErrors([FieldError(.group, .unknownChoice)])
        page.entered = ["audience": "all", "text": "Hej"]
        let html = StaffPages.messages(page, context: Fixtures.context(.english))
        #expect(html.contains("value=\"all\" checked"))
        #expect(!html.contains("value=\"patient\" checked"))
        #expect(html.contains(">Hej</textarea>"))
        #expect(html.contains("Group: choose one of the options."))
    }

    @Test func loginProblems() {
        let context = Fixtures.context(staff: false)
        #expect(StaffPages.login(LoginPage(problem: .invalidCredentials), context: context).contains("Fel användarnamn eller lösenord."))
        #expect(StaffPages.login(LoginPage(problem: .sessionExpired), context: context).contains("Logga in igen."))
        let blank = StaffPages.login(LoginPage(problem: .form(FormErrors([FieldError(.password, .missing)]))), context: context)
        #expect(blank.contains("Lösenord: måste fyllas i."))
        #expect(!StaffPages.login(LoginPage(), context: context).contains("role=\"alert\""))
    }

    @Test func fleetListsEachProblemInWords() {
        let html = StaffPages.fleet(Fixtures.fleet, context: Fixtures.context())
        #expect(html.contains("Hubben har inte hörts av <span class=\"muted\">(senast aldrig)</span>"))
        #expect(html.contains("Lågt batteri: 12 %"))
        #expect(html.contains("Klockan går fel: +95 s"))
        #expect(html.contains("Mätaren har slutat skicka <span class=\"muted\">(senast <time"))
        #expect(html.contains("inte hörts av på 24 timmar, mätare med batteri under 20 %"))
        #expect(html.occurrences(of: "<tr class=\"fleet-issue\">") == 4)
        let empty = StaffPages.fleet(FleetPage(hubSilentAfter: 3_600, lowBatteryPercent: 20, clockToleranceSeconds: 60, issues: []), context: Fixtures.context(.english))
        #expect(empty.contains("Nothing needs attention."))
    }
}

@Suite struct StorePagesLookTests {
    @Test func textContrastMeetsWCAGAA() {
        for pair in StorePalette.textPairs {
            #expect(RGB.contrast(pair.foreground, pair.background) >= 4.5, "\(pair.name)")
        }
        for pair in StorePalette.graphicPairs {
            #expect(RGB.contrast(pair.foreground, pair.background) >= 3, "\(pair.name)")
        }
    }

    @Test(arguments: [
        (2.5, Language.swedish, "2,5"), (2.5, .english, "2.5"), (135, .swedish, "135"), (0.35, .swedish, "0,35"),
        (-90, .english, "-90"), (Double.nan, .swedish, "–"), (Double.infinity, .english, "–"), (1.999, .swedish, "2"),
    ])
    func numbers(value: Double, language: Language, text: String) {
        #expect(Format.number(value, language) == text)
    }

    @Test func timesInTheClinicZoneAcrossDST() {
        let summer = Date(timeIntervalSince1970: 1_782_864_000)  // 2026-07-01 00:00 UTC
        #expect(Format.dateTime(summer, Fixtures.zone) == "2026-07-01 02:00")
        #expect(Format.dateTime(Fixtures.now, Fixtures.zone) == "2026-12-07 11:00")
    }

    @Test func textTablesAreComplete() {
        for language in Language.allCases {
            let texts = PageTexts.for(language)
            #expect(texts.language == language)
            #expect(Set(texts.ruleTitles.keys) == Set(RuleID.allCases))
            #expect(Set(texts.colourWords.keys) == Set(DeviationColour.allCases))
            #expect(Set(texts.priorityWords.keys) == Set(DeviationColour.allCases))
            #expect(texts.groupTitles.count == 4)
            #expect(Set(texts.notices.keys) == Set(StaffNotice.allCases))
            #expect(Set(texts.problemTitles.keys) == Set(StaffProblem.allCases))
            #expect(Set(texts.problemTexts.keys) == Set(StaffProblem.allCases))
        }
    }

    @Test func problemPagesAndUnknownRulesAndGroupsWithoutKind() {
        let context = PageContext(language: .english, csrfToken: "t", staff: nil, timeZone: .gmt, now: Date(timeIntervalSince1970: 0))
        let page = StaffPages.problem(.adminOnly, context: context)
        #expect(page.contains("<h1>Not allowed</h1>") && page.contains("Only an administrator"))
        #expect(StaffNotice.acknowledged.text(.swedish) == "Kvitterat.")
        let item = WorklistItem(id: "i", colour: .yellow, patient: PatientRef(id: "p"), value: .weight(kg: 80), measuredAt: context.now,
                                rule: nil, reason: "[X9] something new")
        let worklist = StaffPages.worklist(WorklistPage(items: [item], contactRequests: []), context: context)
        #expect(worklist.contains("<strong>–</strong>") && worklist.contains("[X9] something new"))
        let messages = StaffPages.messages(MessagePage(groups: [MessageGroup(id: "g", name: "Group", kind: nil, memberCount: 2)], sent: []),
                                           context: context)
        #expect(messages.contains(#"<option value="g">Group (2 patients)</option>"#))
        #expect(FieldError(.patient, .notFound).message(.swedish) == "Patientens id: finns inte.")
    }

    @Test func patientPathsAreEncoded() {
        #expect(PagePaths().patient("a b/ö") == "/patients/a%20b%2F%C3%B6")
        #expect(PagePaths().thresholds("pat-1") == "/patients/pat-1/thresholds")
    }
}
