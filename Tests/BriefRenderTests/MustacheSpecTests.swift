import Foundation
import Testing
@testable import BriefRender

private let specFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MustacheSpec")

/// A JSON value of the spec files, turned into what view models hold.
private enum JSONValue: Decodable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Numbers become the text the spec expects (`1.21`, `85`).
    var view: ViewValue {
        switch self {
        case .string(let text): .text(text)
        case .number(let number): .text(number == number.rounded() ? String(Int(number)) : String(number))
        case .bool(let flag): .flag(flag)
        case .null: .nothing
        case .array(let items): .list(items.map(\.view))
        case .object(let members):
            .node(members.reduce(into: ViewNode()) { node, member in node[member.key] = member.value.view })
        }
    }
}

private struct SpecFile: Decodable {
    struct Case: Decodable {
        var name: String
        var data: JSONValue
        var template: String
        var partials: [String: String]?
        var expected: String
    }
    var tests: [Case]
}

/// The official Mustache spec, for every feature our compiled templates support.
@Suite struct MustacheSpecTests {
    @Test(arguments: ["comments", "delimiters", "interpolation", "inverted", "partials", "sections"])
    func passesTheSpec(_ file: String) throws {
        let data = try Data(contentsOf: specFolder.appendingPathComponent(file + ".json"))
        let spec = try JSONDecoder().decode(SpecFile.self, from: data)
        #expect(!spec.tests.isEmpty)
        for test in spec.tests {
            var templates = ["test": try CompiledTemplate(test.template)]
            for (name, text) in test.partials ?? [:] { templates[name] = try CompiledTemplate(text) }
            let output = TemplateLibrary(templates: templates).render(test.data.view, template: "test")
            #expect(output == test.expected, "\(file): \(test.name)")
        }
    }

    /// A view model's `nil` (no next brief) keeps a template from finding the same name in an
    /// outer node, as the spec's `null` does; a name never given falls through to it.
    @Test func aNameGivenNoValueHidesTheSameNameFurtherOut() throws {
        let library = TemplateLibrary(templates: ["test": try CompiledTemplate("{{#inner}}[{{label}}]{{/inner}}")])
        let hidden: ViewNode = ["label": "outer", "inner": ["label": nil as String?] as ViewNode]
        let missing: ViewNode = ["label": "outer", "inner": ["other": "x"] as ViewNode]
        #expect(library.render(hidden, template: "test") == "[]")
        #expect(library.render(missing, template: "test") == "[outer]")
    }

    @Test(arguments: [
        ("{{#a}}never closed", 1, 1, "{{#a}} is never closed"),
        ("line\n  {{#a}}{{/b}}", 2, 9, "{{/b}} closes {{#a}}"),
        ("{{name", 1, 1, "tag is not closed with }}"),
        ("ok\n{{/x}}", 2, 1, "{{/x}} closes nothing"),
    ])
    func aBadTemplateNamesLineAndColumn(source: String, line: Int, column: Int, reason: String) {
        do {
            _ = try CompiledTemplate(source)
            Issue.record("compiled: \(source)")
        } catch {
            #expect(error.line == line && error.column == column && error.reason == reason, "\(error)")
        }
    }
}
