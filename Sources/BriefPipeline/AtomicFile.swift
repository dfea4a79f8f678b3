import Foundation

/// Writes files so that a reader sees the old bytes or the new ones, never a mix:
/// the data goes to a temporary file in the same folder, is flushed, then renamed over.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw PipelineError.output("cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw PipelineError.output("cannot move \(temporary.path) to \(url.path): \(reason)")
            }
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.output("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
