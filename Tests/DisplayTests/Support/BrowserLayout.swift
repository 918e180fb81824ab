import BrowserSupport
import Foundation
import Testing

/// Layout checks and screenshots shared by the browser tests.
enum BrowserLayout {
    /// Where screenshots go: `$CAREHUB_SCREENSHOT_DIR` (`make screenshots` points it at docs/), else a
    /// fresh temporary directory, so `make test` never writes into tracked files.
    static let screenshotDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["CAREHUB_SCREENSHOT_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        return FileManager.default.temporaryDirectory.appendingPathComponent("carehub-screenshots-\(getpid())")
    }()

    /// Plots are drawn at this fraction of their 440×150 viewBox or more: 352×120 px, axis labels
    /// (16 px in the viewBox) at ≥ 12.8 px, what an elderly patient can read at arm's length.
    static let minimumPlotScale = 0.8

    /// One plot as drawn: its background rectangle's box, which is what the SVG shows after
    /// `preserveAspectRatio` fitted the 440×150 viewBox into the element (the element's own box
    /// can be much larger than what is drawn).
    struct Plot {
        var id: String
        var width: Double, height: Double
        var tickFontPixels: Double
        var inViewport: Bool
        var clearOfTheBox: Bool
    }

    static func plots(_ page: BrowserPage) async throws -> [Plot] {
        let raw = try await page.evaluate("""
            JSON.stringify(Array.prototype.map.call(document.querySelectorAll('#trends svg.plot'), function (svg) {
              var r = svg.querySelector('rect').getBoundingClientRect(), box = document.getElementById('latest').getBoundingClientRect();
              var tick = svg.querySelector('.plot-tick, .plot-empty');
              var scale = r.width / svg.viewBox.baseVal.width;
              return {id: svg.id, width: r.width, height: r.height,
                tick: tick ? parseFloat(getComputedStyle(tick).fontSize) * scale : 0,
                inViewport: r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth + 0.5 && r.bottom <= window.innerHeight + 0.5,
                clear: r.top >= box.bottom - 0.5 || r.bottom <= box.top + 0.5 || r.left >= box.right - 0.5 || r.right <= box.left + 0.5};
            }))
            """) as? String ?? "[]"
        let objects = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [[String: Any]] ?? []
        return objects.map {
            Plot(id: $0["id"] as? String ?? "?", width: $0["width"] as? Double ?? 0, height: $0["height"] as? Double ?? 0,
                 tickFontPixels: $0["tick"] as? Double ?? 0, inViewport: $0["inViewport"] as? Bool ?? false,
                 clearOfTheBox: $0["clear"] as? Bool ?? false)
        }
    }

    /// Nothing an elderly patient needs is cut off, the box text is ≥ 28 px, and both plots are
    /// drawn at a readable size (`minimumPlotScale`), inside the screen and beside or below the box.
    static func expectReadable(_ page: BrowserPage, width: Int, height: Int, _ state: String,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await page.resize(width: width, height: height)
        let fits = try await page.waitFor("""
            (function () {
              var box = document.getElementById('latest'), side = document.querySelector('.side');
              var layout = document.querySelector('.layout');
              return window.innerWidth === \(width) && box.scrollHeight <= box.clientHeight + 1
                && side.scrollHeight <= side.clientHeight + 1 && layout.scrollHeight <= layout.clientHeight + 1;
            })()
            """, seconds: 5)
        #expect(fits, "\(state): content fits without scrolling at \(width)×\(height)", sourceLocation: sourceLocation)
        let minimumBoxFont = try await page.evaluate("""
            Math.min.apply(null, Array.prototype.map.call(document.querySelectorAll('#latest p, #latest li'),
              function (e) { return parseFloat(getComputedStyle(e).fontSize); }))
            """) as? Double
        #expect(minimumBoxFont ?? 0 >= 28, "\(state): box text ≥ 28 px at \(width)×\(height)", sourceLocation: sourceLocation)
        let plots = try await plots(page)
        #expect(plots.map(\.id) == ["plot-weight", "plot-bp"], "\(state): both plots are on the page", sourceLocation: sourceLocation)
        for plot in plots {
            let size = "\(Int(plot.width))×\(Int(plot.height)) px, axis text \(String(format: "%.1f", plot.tickFontPixels)) px"
            #expect(plot.width >= 440 * minimumPlotScale - 0.5 && plot.height >= 150 * minimumPlotScale - 0.5,
                    "\(state) at \(width)×\(height): \(plot.id) drawn \(size), needs ≥ \(Int(440 * minimumPlotScale))×\(Int(150 * minimumPlotScale))",
                    sourceLocation: sourceLocation)
            #expect(plot.tickFontPixels >= 16 * minimumPlotScale - 0.05, "\(state): \(plot.id) \(size)", sourceLocation: sourceLocation)
            #expect(plot.inViewport && plot.clearOfTheBox, "\(state): \(plot.id) on screen and clear of the box", sourceLocation: sourceLocation)
        }
    }

    static func saveScreenshot(_ page: BrowserPage, width: Int, height: Int, name: String, in directory: URL = screenshotDirectory) async throws {
        let png = try await page.screenshot()
        #expect(pngSize(png).map { [$0.width, $0.height] } == [width, height])
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try png.write(to: directory.appendingPathComponent(name))
    }
}
