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

    /// The HTML part, made for mail clients: one column, inline styles only (clients drop
    /// `<style>` and external sheets), no script, no image: the charts are left out, with a
    /// link to the page that has them when the site has a public address.
    var html: String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&#39;")
        }
        func paragraphs(_ text: String) -> [String] {
            text.split(separator: "\n").map { "<p style=\"margin:0 0 12px;line-height:1.5\">\(escaped(String($0)))</p>" }
        }
        let font = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif"
        var body = [
            "<p style=\"margin:0 0 4px;color:#555555;font-size:13px\">\(escaped(asset.code)) market brief, \(day)</p>",
            "<h1 style=\"margin:0 0 16px;font-size:22px;line-height:1.3;color:#111111\">\(escaped(document.story))</h1>",
        ]
        body += paragraphs(document.headline)
        body.append("<table style=\"border-collapse:collapse;margin:8px 0 20px;font-size:14px\">")
        body.append("<caption style=\"text-align:left;font-weight:bold;padding:0 0 4px\">Key figures</caption>")
        for figure in keyFigures {
            body.append("<tr><th scope=\"row\" style=\"text-align:left;padding:4px 16px 4px 0;font-weight:normal;color:#555555\">"
                + "\(escaped(figure.label))</th><td style=\"padding:4px 0;font-variant-numeric:tabular-nums\">\(escaped(figure.value))</td></tr>")
        }
        body.append("</table>")
        for section in document.sections {
            let title = BriefSection(rawValue: section.id)?.title ?? section.id
            body.append("<h2 style=\"margin:20px 0 8px;font-size:17px;color:#111111\">\(escaped(title))</h2>")
            body += paragraphs(section.text)
        }
        if let pageURL {
            body.append("<p style=\"margin:20px 0 12px\"><a href=\"\(escaped(pageURL))\" style=\"color:#0b57d0\">"
                + "The brief with its charts, on the site</a></p>")
        }
        if !document.findings.sources.isEmpty {
            body.append("<p style=\"margin:20px 0 0;color:#555555;font-size:12px\">Sources: "
                + "\(escaped(document.findings.sources.joined(separator: ", ")))</p>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escaped(document.story))</title>
            </head>
            <body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a;\(font)">
            <div style="max-width:640px;margin:0 auto;padding:16px;font-size:15px">
            \(body.joined(separator: "\n"))
            </div>
            </body>
            </html>

            """
    }
}
