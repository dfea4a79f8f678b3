/// A value's place in a JSON document as marketbrief's errors name it: `transactions[0].amount`,
/// where Swift's coding path reads `transactions.Index 0.amount`.
public enum JSONPath {
    /// `codingPath` as a JSON path; "" for the document's top value.
    public static func of(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            // An array's element: the decoders name it "Index N" and give its number.
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return path
    }

    /// What is wrong at one place of a JSON document.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// The value's path; "" for the whole document.
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        /// `path: reason`, or the reason alone for the whole document.
        public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
    }

    /// Where a decoding `error` is and what it says, in JSON's words (`transactions[0].amount`:
    /// `a number expected`; `transactions`: `missing`); `nil` when `error` is no `DecodingError`
    /// or says the bytes are no JSON at all (`JSONDecoder`'s data corrupted at the top).
    public static func problem(of error: any Error) -> Problem? {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            Problem(path: of(context.codingPath + [key]), reason: "missing")
        case .typeMismatch(let type, let context)?:
            Problem(path: of(context.codingPath), reason: kind(type).map { "\($0) expected" } ?? context.debugDescription)
        case .valueNotFound(let type, let context)?:
            Problem(path: of(context.codingPath), reason: "\(kind(type) ?? "a value") expected, not null")
        case .dataCorrupted(let context)? where !context.codingPath.isEmpty:
            Problem(path: of(context.codingPath), reason: context.debugDescription)
        default:
            nil
        }
    }

    /// The JSON kind of value a Swift type is decoded from; `nil` for a type of its own, whose
    /// error says what it expects.
    private static func kind(_ type: Any.Type) -> String? {
        switch type {
        case is String.Type: "text"
        case is any Numeric.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        case is [String: Any].Type: "an object"
        default: nil
        }
    }
}
