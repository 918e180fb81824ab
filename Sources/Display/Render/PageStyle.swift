/// The page's stylesheet, built from `Palette` so the colours tested for contrast are the ones used.
/// Sized for a 7-inch screen (1024×600 and 800×480) read at arm's length: no scrolling, the big box
/// text never below 28 px, and the trend plots a fixed band at the bottom: the top row (box and side
/// column) gets what is left, so a long text can never squeeze the plots (issue 14: with the long red
/// advice they shrank to 200×68 px at 800×480). The small screen gets a tighter box and a wider one.
enum PageStyle {
    static let css: String = {
        var tones = ""
        for tone in DisplayTone.allCases {
            let c = Palette.tone(tone)
            tones += ".tone-\(tone.rawValue){background:\(c.background);color:\(c.foreground)}"
        }
        return """
            *{box-sizing:border-box}
            html,body{margin:0;height:100%;overflow:hidden}
            body{background:\(Palette.page);color:\(Palette.text);font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:20px;line-height:1.25}
            p,ul,h2{margin:0;padding:0}
            ul{list-style:none}
            .layout{display:flex;flex-direction:column;gap:10px;height:100vh;padding:10px}
            .top{flex:1 1 0;min-height:0;display:grid;grid-template-columns:57fr 43fr;grid-template-rows:minmax(0,1fr);gap:12px}
            .latest{border-radius:18px;padding:14px 22px;display:flex;flex-direction:column;gap:6px;overflow:hidden;font-size:28px;line-height:1.2}
            .tone-none{background:#FFFFFF;color:\(Palette.text);border:3px solid \(Palette.mutedText)}
            \(tones)
            .badge{display:flex;align-items:center;gap:14px;font-size:44px;font-weight:700;line-height:1.1}
            .badge .icon{width:56px;height:56px;flex:none}
            .latest .value{font-size:42px;font-weight:700;line-height:1.15}
            .latest .kind{font-size:28px;font-weight:400}
            .latest .headline{font-size:30px;font-weight:700}
            .latest .detail,.latest .reasons,.latest .time{font-size:28px}
            .latest .time{margin-top:auto}
            .side{display:flex;flex-direction:column;gap:8px;min-width:0}
            h2{font-size:19px;font-weight:700;color:\(Palette.mutedText)}
            .status{font-size:19px;color:\(Palette.mutedText);display:flex;align-items:center;gap:8px}
            .status .dot{width:14px;height:14px;border-radius:50%;border:2px solid \(Palette.mutedText);flex:none}
            .status-connected .dot{background:\(Palette.tone(.green).background);border-color:\(Palette.tone(.green).background)}
            .status-storage{background:\(Palette.tone(.grey).background);color:\(Palette.tone(.grey).foreground);font-weight:700;border-radius:8px;padding:4px 10px}
            .status-storage .icon{width:24px;height:24px;flex:none}
            .reconnecting{display:none}
            html[data-live="0"] .reconnecting{display:inline}
            .messages{background:\(Palette.messageBackground);border-radius:12px;padding:8px 12px}
            .messages.empty{display:none}
            .messages li+li{margin-top:6px}
            .message-text{font-size:22px}
            .message-meta{font-size:17px;color:\(Palette.mutedText)}
            .contact{display:flex;flex-direction:column;gap:6px}
            .contact button{font:inherit;font-weight:700;border-radius:12px;cursor:pointer;min-height:52px;padding:6px 14px}
            .contact-button{font-size:24px!important;background:\(Palette.text);color:#FFFFFF;border:3px solid \(Palette.text)}
            .contact-confirm{display:none;flex-wrap:wrap;gap:8px;align-items:center}
            .contact[data-confirm="1"] .contact-confirm{display:flex}
            .contact[data-confirm="1"] .contact-button,.contact[data-contact="sending"] .contact-button{display:none}
            .contact-question{flex-basis:100%;font-size:20px;font-weight:700}
            .contact-yes{background:\(Palette.text);color:#FFFFFF;border:3px solid \(Palette.text);font-size:22px}
            .contact-no{background:#FFFFFF;color:\(Palette.text);border:3px solid \(Palette.text);font-size:22px}
            .contact-note{font-size:19px;font-weight:700}
            .recent li:nth-child(n+3),.messages:not(.empty)~.contact~.recent li:nth-child(n+2){display:none}
            .recent li{display:grid;grid-template-columns:auto 1fr;column-gap:10px;align-items:center;padding:4px 0;border-bottom:1px solid \(Palette.plotGrid)}
            .chip{grid-row:span 2;display:inline-flex;align-items:center;gap:6px;border-radius:8px;padding:3px 8px;font-size:17px;font-weight:700}
            .chip .icon{width:22px;height:22px}
            .reading-value{font-size:21px;font-weight:700}
            .reading-time,.none{font-size:17px;color:\(Palette.mutedText)}
            .messages:not(.empty)~.recent li:nth-child(n+3){display:none}
            .trends{flex:0 0 160px;min-height:0;display:flex;gap:12px}
            .plot{flex:1 1 0;min-width:0;height:100%;display:block}
            .plot-title{font-size:19px;font-weight:700}
            .plot-tick,.plot-label{font-size:16px}
            .plot-label{font-weight:700}
            .plot-empty{font-size:18px}
            @media (max-width:880px),(max-height:520px){
            .layout{gap:8px;padding:8px}
            .top{gap:8px;grid-template-columns:65fr 35fr}
            .latest{padding:8px 14px;gap:2px;line-height:1.12}
            .badge{font-size:32px;gap:10px}.badge .icon{width:40px;height:40px}
            .latest .value{font-size:30px}
            .latest .headline{font-size:28px}
            .trends{flex-basis:128px;gap:8px}
            .side{gap:6px}
            .messages{padding:6px 10px}
            .message-text,.reading-value{font-size:18px;line-height:1.2}
            h2,.status,.chip,.reading-time,.message-meta{font-size:15px}
            .recent li:nth-child(n+2),.messages:not(.empty)~.contact~.recent li{display:none}
            .contact button{min-height:44px;padding:4px 10px}.contact-button{font-size:20px!important}
            }
            @media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
            @media (prefers-reduced-motion:no-preference){.latest{transition:background-color .4s}}
            """
    }()
}
