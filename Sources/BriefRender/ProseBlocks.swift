import Foundation

/// Splits rendered text into the blocks an HTML page shows: a paragraph per line, and
/// consecutive lines starting with `- ` as one list.
enum ProseBlocks {
    static func blocks(_ text: String) -> [[String: Any]] {
        var blocks: [[String: Any]] = []
        var items: [String] = []
        func flushList() {
            if !items.isEmpty { blocks.append(["list": true, "items": items]) }
            items = []
        }
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- ") {
                items.append(String(trimmed.dropFirst(2)))
            } else if !trimmed.isEmpty {
                flushList()
                blocks.append(["paragraph": trimmed])
            }
        }
        flushList()
        return blocks
    }
}
