import BriefCore
import BriefDeliver
import BriefPipeline
import Foundation

/// Tells the project's `alert` destination that a morning failed or fell short: the steps
/// that did, each with its message and details.
public enum MorningAlert {
    /// The alert's subject: the day, how the morning ended, the steps at fault.
    public static func subject(of morning: MorningReport) -> String {
        "marketbrief daily \(morning.day): \(morning.status == .failed ? "failed" : "partial"): "
            + morning.shortfalls.joined(separator: ", ")
    }

    /// The alert's text: one line per step that fell short, its details indented below.
    public static func text(of morning: MorningReport) -> String {
        var lines = [subject(of: morning), ""]
        for step in morning.steps where step.outcome.fellShort {
            lines.append("\(step.name): \(step.outcome.message)")
            lines += step.outcome.details.map { "  " + $0 }
        }
        return lines.map(PrintableText.of).joined(separator: "\n") + "\n"
    }

    /// Sends the alert of `morning` to `destination`; throws why it could not.
    public static func send(_ morning: MorningReport, to destination: Project.Destination, project: Project,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let text = text(of: morning)
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"/><title>marketbrief daily \(morning.day)</title></head>
            <body><pre style="font-family:Menlo,Consolas,monospace;font-size:13px;white-space:pre-wrap">\(escaped)</pre></body>
            </html>

            """
        let identity = "alert.\(morning.day).\(Int(Date().timeIntervalSince1970))"
        try Destinations(project: project, environment: environment)
            .send(subject: subject(of: morning), text: text, html: html, chat: { escape in escape(text) },
                  identity: identity, to: destination)
    }
}
