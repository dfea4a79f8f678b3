import Foundation

extension PageProblem: Error {}

extension HTMLValidator {
    /// The page at `path`, read only when it has at most `maxPageBytes` bytes: the size is
    /// checked before the read, and the read stops one byte past the limit (a file that grows,
    /// or reports no size). Else why it was not read, on line 0.
    public static func readPage(atPath path: String) -> Result<String, PageProblem> {
        var info = stat()
        guard stat(path, &info) == 0, let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(PageProblem(line: 0, message: "cannot be read"))
        }
        defer { try? handle.close() }
        if info.st_mode & S_IFMT == S_IFREG, let refusal = sizeRefusal(bytes: Int(info.st_size)) {
            return .failure(PageProblem(line: 0, message: refusal.message.replacingOccurrences(of: "parsed", with: "read")))
        }
        guard let data = try? handle.read(upToCount: maxPageBytes + 1) ?? Data() else {
            return .failure(PageProblem(line: 0, message: "cannot be read"))
        }
        guard data.count <= maxPageBytes else {
            return .failure(PageProblem(line: 0, message: "more than the \(maxPageBytes) bytes a page may have; the page was not read"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }
}
