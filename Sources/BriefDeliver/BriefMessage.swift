import BriefCore
import BriefRender
import Foundation

/// What a brief says when it is sent: the mail's subject, text and HTML, and the chat line.
/// Everything comes from the brief's own files (`brief.json` and `brief.txt`); nothing is
/// analysed again.
struct BriefMessage {
    var document: BriefDocument
    /// `brief.txt`, the mail's plain-text part.
    var text: String
    /// The brief's page on the site, when the project has a `base_url`.
    var pageURL: String?

    var asset: Asset { document.findings.asset }
    var day: Day { document.findings.day }

    var subject: String { "\(asset.code) \(day): \(document.story)" }

    /// The key figures, each a label and its value, as the chat line and the mail's table show them.
    var keyFigures: [(label: String, value: String)] {
        let findings = document.findings
        var figures: [(String, String)] = []
        if let close = findings.price.close {
            let change = findings.price.dayChangePct.map { " (" + ($0 > 0 ? "+" : "") + NumberFormat.percent($0, places: 1) + " on the day)" } ?? ""
            figures.append(("Close", NumberFormat.price(close) + change))
        }
        let risk = findings.risk
        figures.append(("Short-term risk", "\(risk.level.rawValue) (\(risk.score) of \(risk.maxScore) points)"))
        let signals = findings.stabilization
        figures.append(("Stabilization signals", "\(signals.metCount) of \(signals.total) met"))
        if let support = risk.support { figures.append(("Support", NumberFormat.price(support.value))) }
        return figures
    }

    /// The chat message: the story, the key figures, the page. `escape` makes each piece of
    /// the brief's text safe for the chat's format.
    func chatText(escape: (String) -> String) -> String {
        var lines = [escape("\(asset.code) \(day): \(document.story)"),
                     escape(keyFigures.map { "\($0.label): \($0.value)" }.joined(separator: " · "))]
        if let pageURL { lines.append(pageURL) }
        return lines.joined(separator: "\n")
    }

    /// Slack's mrkdwn: `&`, `<` and `>` are the only characters it reads as markup in plain text.
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The HTML part, made for mail clients by the template `mail.html`.
    func html(_ renderer: BriefRenderer) throws -> String {
        try renderer.mailHTML(document, keyFigures: keyFigures, pageURL: pageURL)
    }
}
