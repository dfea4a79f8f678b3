/// A linear look at a page's bytes before libxml2 reads it, refusing what would cost libxml2 time
/// growing with the square of the page.
///
/// libxml2 2.9 checks each attribute of an element against every earlier one and appends it to the
/// end of the element's list: one `<p>` of 30,000 attributes took 5 s to validate, one of 300,000
/// (2.4 MB) over two minutes. The default attributes a DTD's `<!ATTLIST` gives an element cost the
/// same. So a page is refused, unparsed, when an element has more than `maxAttributes` attributes
/// as either parser would read them, or when it holds a DTD declaration.
///
/// The count follows each parser's own reading of a tag. The XML parser ends an attribute value at
/// a `<`, and after an error reads on from the next `<`, so its count is made from each `<` on.
/// The HTML parser reads a quoted value, and a tag, across a `<`; so a `<` inside a tag, which
/// no sound page has there (it writes `&lt;`), is refused, and every element the HTML parser
/// sees starts where this scan starts one. A name longer than the HTML parser reads whole
/// (100 bytes, the rest read as another attribute) is refused for the same reason.
///
/// A comment holding `--` before its end (`-->`), which XML forbids, is refused too: libxml2's
/// XML parser raises, and copies, one error per `--` and rescans the comment for each, so a
/// comment of 256 KiB of dashes took 14 s and one of 1 MiB over two minutes. So is a comment
/// that never ends. marketbrief's templates have no comment.
enum HTMLTagScan {
    /// Attributes an element may have; marketbrief's templates give an element 6 at most.
    static let maxAttributes = 256
    /// The longest element or attribute name: the HTML parser reads a longer one in pieces.
    static let maxNameBytes = 100

    /// Why `html` must not be parsed, on the line where it shows; `nil` when it may be.
    static func refusal(in html: String) -> PageProblem? {
        var html = html
        return html.withUTF8 { bytes in
            guard let (offset, message) = comments(in: bytes) ?? declaration(in: bytes) ?? htmlTags(in: bytes) ?? xmlTags(in: bytes)
            else { return nil }
            let line = 1 + bytes[..<offset].count { $0 == newline }
            return PageProblem(line: line, message: message + "; the page was not parsed")
        }
    }

    /// A comment (`<!--` … `-->`) holding `--` before its end, or never ended.
    private static func comments(in bytes: UnsafeBufferPointer<UInt8>) -> (Int, String)? {
        var index = 0
        while let open = bytes[index...].firstIndex(of: lessThan) {
            index = open + 1
            guard bytes[index...].starts(with: "!--".utf8) else { continue }
            index += 3
            // The first `--` past `<!--` must be the end of the comment, `-->`.
            while true {
                guard let dash = bytes[index...].firstIndex(of: hyphen) else {
                    return (open, "a comment that is never closed (no '-->' after its '<!--')")
                }
                index = dash + 1
                guard index < bytes.count, bytes[index] == hyphen else { continue }
                guard index + 1 < bytes.count, bytes[index + 1] == greaterThan else {
                    return (dash, "'--' inside a comment, before its end '-->' (XML forbids it; libxml2 would report each one)")
                }
                index += 2
                break
            }
        }
        return nil
    }

    /// `<!ATTLIST`, `<!ENTITY`, `<!ELEMENT` or `<!NOTATION`: an HTML page has no DTD of its own.
    private static func declaration(in bytes: UnsafeBufferPointer<UInt8>) -> (Int, String)? {
        var index = 0
        while let open = bytes[index...].firstIndex(of: lessThan) {
            index = open + 1
            guard index < bytes.count, bytes[index] == UInt8(ascii: "!") else { continue }
            for keyword in ["ATTLIST", "ENTITY", "ELEMENT", "NOTATION"] where bytes[(index + 1)...].starts(with: keyword.utf8) {
                return (open, "a DTD declaration (<!\(keyword)), which an HTML page does not have: libxml2 would apply it to every element")
            }
        }
        return nil
    }

    /// Tags as libxml2's HTML parser reads them (`htmlParseStartTag`): a name, then attributes
    /// each a name with or without `=` and a value (quoted, or up to a blank or `>`), or any other
    /// run up to a blank or `>`, which it skips and this counts; the tag ends at `>` or `/>`.
    private static func htmlTags(in bytes: UnsafeBufferPointer<UInt8>) -> (Int, String)? {
        var index = 0
        while let open = bytes[index...].firstIndex(of: lessThan) {
            index = open + 1
            guard index < bytes.count, isASCIILetter(bytes[index]) || bytes[index] == underscore || bytes[index] == colon else { continue }
            let nameEnd = htmlNameEnd(bytes, from: index)
            let tag = String(decoding: bytes[index..<min(nameEnd, index + maxNameBytes)], as: UTF8.self)
            if nameEnd - index > maxNameBytes { return (open, longName(tag)) }
            index = nameEnd
            var attributes = 0
            /// Moves `index` past the bytes `inside` takes, reporting a `<` among them.
            func advance(while inside: (UInt8) -> Bool) -> (Int, String)? {
                while index < bytes.count, inside(bytes[index]) {
                    if bytes[index] == lessThan { return (index, "a '<' inside the tag <\(tag)> (write &lt; in a value, or close the tag)") }
                    index += 1
                }
                return nil
            }
            func skipBlanks() {
                while index < bytes.count, isBlank(bytes[index]) { index += 1 }
            }
            tagLoop: while true {
                skipBlanks()
                guard index < bytes.count else { break }
                switch bytes[index] {
                case greaterThan:
                    break tagLoop
                case slash where index + 1 < bytes.count && bytes[index + 1] == greaterThan:
                    break tagLoop
                case lessThan:
                    return (index, "a '<' inside the tag <\(tag)> (write &lt; in a value, or close the tag)")
                default:
                    break
                }
                attributes += 1
                if attributes > maxAttributes { return (open, tooMany(tag)) }
                guard isHTMLNameStart(bytes[index]) else {
                    if let stray = advance(while: { !isBlank($0) && $0 != greaterThan && !($0 == slash && index + 1 < bytes.count && bytes[index + 1] == greaterThan) }) {
                        return stray
                    }
                    continue
                }
                let attributeEnd = htmlNameEnd(bytes, from: index)
                if attributeEnd - index > maxNameBytes { return (index, longName(tag)) }
                index = attributeEnd
                skipBlanks()
                guard index < bytes.count, bytes[index] == equals else { continue }
                index += 1
                skipBlanks()
                guard index < bytes.count else { break }
                if bytes[index] == quote || bytes[index] == apostrophe {
                    let closing = bytes[index]
                    index += 1
                    if let stray = advance(while: { $0 != closing }) { return stray }
                    index = min(index + 1, bytes.count)
                } else if let stray = advance(while: { !isBlank($0) && $0 != greaterThan }) {
                    return stray
                }
            }
        }
        return nil
    }

    /// Tags as libxml2's XML parser reads them (`xmlParseStartTag2`): a name, then attributes each
    /// a name, `=` and a quoted value, after a blank; a value ends at its quote or a `<`. Where the
    /// parser finds an error it stops reading the tag, and goes on from the next `<`; this reads
    /// on past a name without a value, and takes every byte past ASCII for a name, so it counts
    /// at least the attributes the parser keeps.
    private static func xmlTags(in bytes: UnsafeBufferPointer<UInt8>) -> (Int, String)? {
        var index = 0
        func skipBlanks() -> Bool {
            let start = index
            while index < bytes.count, isBlank(bytes[index]) { index += 1 }
            return index > start
        }
        while let open = bytes[index...].firstIndex(of: lessThan) {
            index = open + 1
            guard index < bytes.count, isXMLNameStart(bytes[index]) else { continue }
            let nameEnd = xmlNameEnd(bytes, from: index)
            let tag = String(decoding: bytes[index..<min(nameEnd, index + maxNameBytes)], as: UTF8.self)
            index = nameEnd
            var attributes = 0
            var separated = false
            while true {
                separated = skipBlanks() || separated
                guard separated, index < bytes.count, isXMLNameStart(bytes[index]) else { break }
                index = xmlNameEnd(bytes, from: index)
                separated = skipBlanks()
                guard index < bytes.count, bytes[index] == equals else { continue }
                index += 1
                _ = skipBlanks()
                separated = false
                guard index < bytes.count, bytes[index] == quote || bytes[index] == apostrophe else { continue }
                let closing = bytes[index]
                index += 1
                while index < bytes.count, bytes[index] != closing, bytes[index] != lessThan { index += 1 }
                attributes += 1
                if attributes > maxAttributes { return (open, tooMany(tag)) }
                guard index < bytes.count, bytes[index] == closing else { break }
                index += 1
            }
        }
        return nil
    }

    private static func tooMany(_ tag: String) -> String {
        "<\(tag)> has more than \(maxAttributes) attributes, the most an element may have"
    }

    private static func longName(_ tag: String) -> String {
        "a name longer than \(maxNameBytes) bytes in the tag <\(tag)>"
    }

    /// `htmlParseHTMLName`'s bytes: letters, digits, `:`, `-`, `_` and `.`.
    private static func htmlNameEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, isASCIILetter(bytes[end]) || isASCIIDigit(bytes[end])
            || bytes[end] == colon || bytes[end] == hyphen || bytes[end] == underscore || bytes[end] == period {
            end += 1
        }
        return end
    }

    private static func xmlNameEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, isXMLNameStart(bytes[end]) || isASCIIDigit(bytes[end]) || bytes[end] == hyphen || bytes[end] == period {
            end += 1
        }
        return end
    }

    private static func isHTMLNameStart(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || byte == underscore || byte == colon || byte == period
    }

    private static func isXMLNameStart(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || byte == underscore || byte == colon || byte >= 0x80
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isASCIIDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    /// libxml2's `IS_BLANK_CH`: space, tab, line feed, carriage return.
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    private static let equals = UInt8(ascii: "="), quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'")
    private static let colon = UInt8(ascii: ":"), hyphen = UInt8(ascii: "-"), underscore = UInt8(ascii: "_")
    private static let period = UInt8(ascii: "."), newline = UInt8(ascii: "\n")
}
