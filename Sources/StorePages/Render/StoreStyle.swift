/// The pages' one inline stylesheet, generated from `StorePalette`. No external resource, no
/// `style` attributes (a strict CSP can allow this block by nonce or hash).
enum StoreStyle {
    static let css: String = {
        let p = StorePalette.self
        var css = """
            *{box-sizing:border-box}
            body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:\(p.text);background:\(p.page)}
            a{color:\(p.link)}
            a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid \(p.link);outline-offset:2px}
            .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:\(p.page);padding:4px}
            header.top{background:\(p.nav);color:\(p.navText);padding:8px 16px;display:flex;flex-wrap:wrap;gap:12px 24px;align-items:center}
            header.top a,header.top .who{color:\(p.navText)}
            header.top .app{font-weight:700;margin-right:auto}
            header.top ul{list-style:none;margin:0;padding:0;display:flex;gap:16px}
            header.top form{display:inline;margin:0}
            header.top button{background:transparent;color:\(p.navText);border:1px solid \(p.navText);border-radius:4px;padding:2px 10px;font:inherit;cursor:pointer}
            main{max-width:1200px;margin:0 auto;padding:16px}
            h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
            .muted{color:\(p.mutedText)}
            .notice{background:\(p.noticeBackground);color:\(p.notice);padding:8px 12px;border-radius:4px}
            .errors{background:\(p.errorBackground);color:\(p.error);padding:8px 12px;border-radius:4px}
            .field-error{color:\(p.error);background:\(p.errorBackground);display:block;font-size:.9rem}
            table{border-collapse:collapse;width:100%}
            th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid \(p.rule)}
            th{font-weight:600}
            td time{white-space:nowrap}
            .badge{display:inline-block;font-weight:700;padding:2px 8px;border-radius:4px;white-space:nowrap}
            .badge .priority{font-weight:400}
            label{font-weight:600}
            input[type=text],input[type=password],input[type=number],select,textarea{font:inherit;padding:4px 6px;border:1px solid \(p.mutedText);border-radius:4px;max-width:100%}
            textarea{width:100%}
            button.primary{background:\(p.button);color:\(p.buttonText);border:0;border-radius:4px;padding:6px 16px;font:inherit;cursor:pointer}
            .ack textarea{min-height:2.5rem}
            .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
            figure{margin:0}svg.chart{width:100%;height:auto}
            .chart text{font-size:12px}
            fieldset{border:1px solid \(p.rule);border-radius:4px;margin:0 0 12px}
            .stack>*{display:block;margin-bottom:8px}
            """
        for colour in DeviationColour.allCases {
            let badge = p.badge(colour)
            css += "\n.badge-\(colour.rawValue){background:\(badge.background);color:\(badge.foreground)}"
        }
        return css
    }()
}
