import Foundation
import HTMLSupport
import Triage

enum PatientRenderer {
    static func render(_ page: PatientPage, _ context: PageContext) -> String {
        let texts = PageTexts.for(context.language)
        let name = page.patient.displayName.map { "\($0) (\(page.patient.id))" } ?? page.patient.id
        var body = "<h1>\(HTML.escape(texts.patientTitle)): \(HTML.escape(name))</h1>"
        body += "<p><a href=\"\(HTML.escape(context.paths.thresholds(page.patient.id)))\">\(HTML.escape(texts.editThresholds))</a></p>"
        body += "<section aria-labelledby=\"trends\"><h2 id=\"trends\">\(HTML.escape(texts.trendsTitle))</h2>"
        body += "<p class=\"muted\">\(HTML.escape(PageTexts.fill(texts.daysShown, ["n": String(page.days)])))</p><div class=\"charts\">"
        for chart in charts(page, context, texts) { body += chart }
        body += "</div></section>"
        body += messages(page, context, texts)
        body += devices(page, context, texts)
        return PageShell.document(title: name, body: body, context: context)
    }

    /// The three trend figures, each an SVG and the same values as a table (no script needed).
    static func charts(_ page: PatientPage, _ context: PageContext, _ texts: PageTexts) -> [String] {
        let language = context.language
        let end = context.now
        let start = end.addingTimeInterval(-Double(page.days) * 86_400)
        let p = page.thresholds
        func v(_ name: ParameterName) -> String { Format.number(p[name] ?? .nan, language) }
        let inWindow = { (time: Date) in time >= start && time <= end }

        let weights = page.weights.filter { inWindow($0.time) && $0.kg.isFinite }.sorted { $0.time < $1.time }
        var weightLines: [TrendChart.Line] = []
        if let target = p[.weightTarget] {
            weightLines.append(.init(value: target, label: texts.lineTarget, style: .target))
            if let margin = p[.weightAboveTarget] {
                weightLines.append(.init(value: target + margin, label: PageTexts.fill(texts.lineTargetMargin, ["v": v(.weightAboveTarget)]), style: .yellow))
            }
        }
        // The 3-day gain limit in context: the weight about 3 days before the newest plus the limit.
        if let newest = weights.last, let gain = p[.weightGain3d],
            let reference = weights.last(where: { $0.time <= newest.time.addingTimeInterval(-3 * 86_400 + 6 * 3_600) })
        {
            weightLines.append(.init(value: reference.kg + gain, label: PageTexts.fill(texts.lineGain3d, ["v": v(.weightGain3d)]), style: .yellow))
        }
        let weightChart = TrendChart(
            id: "weight", title: texts.weightChart,
            series: [.init(name: texts.kindWeight, points: weights.map { ($0.time, $0.kg) }, marker: .circle, colour: StorePalette.series)],
            lines: weightLines, start: start, end: end, step: 1, padding: 0.5, minimumSpan: 4)

        let pressures = page.bloodPressure.filter { inWindow($0.time) }.sorted { $0.time < $1.time }
        var bpLines: [TrendChart.Line] = []
        if let value = p[.sbpHighRed] { bpLines.append(.init(value: value, label: PageTexts.fill(texts.lineHighRed, ["v": v(.sbpHighRed)]), style: .red)) }
        if let value = p[.sbpHighYellow] { bpLines.append(.init(value: value, label: PageTexts.fill(texts.lineHighYellow, ["v": v(.sbpHighYellow)]), style: .yellow)) }
        if let value = p[.sbpLowYellow] { bpLines.append(.init(value: value, label: PageTexts.fill(texts.lineLowYellow, ["v": v(.sbpLowYellow)]), style: .yellow)) }
        if let value = p[.dbpHighYellow] { bpLines.append(.init(value: value, label: PageTexts.fill(texts.lineDiastolicHigh, ["v": v(.dbpHighYellow)]), style: .yellow)) }
        let bpChart = TrendChart(
            id: "bp", title: texts.bloodPressureChart,
            series: [
                .init(name: texts.systolic, points: pressures.map { ($0.time, $0.systolic) }, marker: .circle, colour: StorePalette.series),
                .init(name: texts.diastolic, points: pressures.map { ($0.time, $0.diastolic) }, marker: .square, colour: StorePalette.secondSeries),
            ],
            lines: bpLines, start: start, end: end, step: 10, padding: 5, minimumSpan: 60)

        let pulses = page.pulse.filter { inWindow($0.time) }.sorted { $0.time < $1.time }
        var pulseLines: [TrendChart.Line] = []
        if let value = p[.hrHighRed] { pulseLines.append(.init(value: value, label: PageTexts.fill(texts.lineHighRed, ["v": v(.hrHighRed)]), style: .red)) }
        if let value = p[.hrHighYellow] { pulseLines.append(.init(value: value, label: PageTexts.fill(texts.lineHighYellow, ["v": v(.hrHighYellow)]), style: .yellow)) }
        if let value = p[.hrLowYellow] { pulseLines.append(.init(value: value, label: PageTexts.fill(texts.lineLowYellow, ["v": v(.hrLowYellow)]), style: .yellow)) }
        if let value = p[.hrLowRed] { pulseLines.append(.init(value: value, label: PageTexts.fill(texts.lineLowRed, ["v": v(.hrLowRed)]), style: .red)) }
        let pulseChart = TrendChart(
            id: "pulse", title: texts.pulseChart,
            series: [.init(name: texts.kindPulse, points: pulses.map { ($0.time, $0.bpm) }, marker: .circle, colour: StorePalette.series)],
            lines: pulseLines, start: start, end: end, step: 10, padding: 5, minimumSpan: 40)

        return [weightChart, bpChart, pulseChart].map { figure($0, context, texts) }
    }

    private static func figure(_ chart: TrendChart, _ context: PageContext, _ texts: PageTexts) -> String {
        let language = context.language
        let lineText = chart.lines.map(\.label).joined(separator: ", ")
        let counts = chart.series.map { "\($0.name): \($0.points.count)" }.joined(separator: ", ")
        let summary = [counts, lineText].filter { !$0.isEmpty }.joined(separator: ". ")
        var out = "<figure aria-labelledby=\"caption-\(chart.id)\"><figcaption id=\"caption-\(chart.id)\"><h3>\(HTML.escape(chart.title))</h3></figcaption>"
        if chart.series.count > 1 {
            out += "<p class=\"legend\">" + chart.series.map { s in
                let mark = s.marker == .circle ? "●" : "■"
                return "<span class=\"legend-\(s.marker == .circle ? "circle" : "square")\">\(mark) \(HTML.escape(s.name))</span>"
            }.joined(separator: " ") + "</p>"
        }
        out += chart.svg(summary: summary, emptyText: texts.noData, zone: context.timeZone, language: language)
        // The same values as a table, for screen readers and for anyone who wants the numbers.
        let rows = chart.series.first?.points ?? []
        if !rows.isEmpty {
            out += "<details><summary>\(HTML.escape(texts.showTable))</summary><table><thead><tr><th scope=\"col\">\(HTML.escape(texts.columnTime))</th>"
            for s in chart.series { out += "<th scope=\"col\">\(HTML.escape(s.name))</th>" }
            out += "</tr></thead><tbody>"
            for (index, row) in rows.enumerated().reversed() {
                out += "<tr><td>\(Format.timeElement(row.time, context.timeZone))</td>"
                for s in chart.series {
                    let value = index < s.points.count ? Format.number(s.points[index].value, language) : ""
                    out += "<td>\(HTML.escape(value))</td>"
                }
                out += "</tr>"
            }
            out += "</tbody></table></details>"
        }
        return out + "</figure>"
    }

    private static func messages(_ page: PatientPage, _ context: PageContext, _ texts: PageTexts) -> String {
        var out = "<section aria-labelledby=\"messages\"><h2 id=\"messages\">\(HTML.escape(texts.recentMessages))</h2>"
        guard !page.messages.isEmpty else { return out + "<p>\(HTML.escape(texts.noMessages))</p></section>" }
        out += "<ul class=\"messages\">"
        for message in page.messages {
            out += "<li>\(Format.timeElement(message.sentAt, context.timeZone)) "
            switch message.direction {
            case .fromClinic(let author, _):
                out += "<strong>\(HTML.escape(texts.fromClinic))</strong> (\(HTML.escape(author))): \(HTML.escape(message.text))"
            case .contactRequest:
                out += "<strong>\(HTML.escape(texts.contactRequestMessage))</strong>"
            }
            out += "</li>"
        }
        return out + "</ul></section>"
    }

    private static func devices(_ page: PatientPage, _ context: PageContext, _ texts: PageTexts) -> String {
        let language = context.language
        var out = "<section aria-labelledby=\"devices\"><h2 id=\"devices\">\(HTML.escape(texts.devicesTitle))</h2>"
        guard !page.devices.isEmpty else { return out + "<p>\(HTML.escape(texts.noDevices))</p></section>" }
        out += "<table class=\"devices\"><thead><tr>"
        for column in [texts.columnDevice, texts.columnLastContact, texts.columnBattery, texts.columnClock] {
            out += "<th scope=\"col\">\(HTML.escape(column))</th>"
        }
        out += "</tr></thead><tbody>"
        for device in page.devices {
            let contact = device.lastContact.map { Format.timeElement($0, context.timeZone) } ?? HTML.escape(texts.never)
            let battery = device.batteryPercent.map { "\($0) %" } ?? "–"
            let clock = device.clockOffsetSeconds.map { "\($0 > 0 ? "+" : "")\(Format.number($0, language)) s" } ?? "–"
            out += "<tr><td>\(HTML.escape(device.name)) <span class=\"muted\">(\(HTML.escape(device.id)))</span></td><td>\(contact)</td><td>\(HTML.escape(battery))</td><td>\(HTML.escape(clock))</td></tr>"
        }
        return out + "</tbody></table></section>"
    }
}
