import BriefCollect
import BriefCore
import Foundation

/// Reads a thresholds config file (`docs/config.md`): a flat JSON object of settings.
public enum ThresholdsFile {
    public static func load(_ path: String) throws -> Thresholds {
        let data = try SettingsFile.read(path, what: "thresholds file")
        if let problem = JSONSyntax.problem(in: data) { throw PipelineError.setup("\(path): \(problem); not valid JSON") }
        do {
            let thresholds = try JSONDecoder().decode(Thresholds.self, from: data)
            if let key = DuplicateKeys.first(in: data) {
                throw PipelineError.setup("\(path): \(key) is given twice; keep one")
            }
            return thresholds
        } catch let error as PipelineError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw PipelineError.setup("\(path): \(describe(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw PipelineError.setup("\(path): \(describe(context))")
        } catch {
            throw PipelineError.setup("\(path): not a JSON object of settings (\(error))")
        }
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        let key = JSONPath.of(context.codingPath)
        let underlying = (context.underlyingError as NSError?).map { ": \($0.localizedDescription)" } ?? ""
        return (key.isEmpty ? "" : key + ": ") + context.debugDescription + underlying
    }
}
