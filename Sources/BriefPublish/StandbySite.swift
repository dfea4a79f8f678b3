import BriefPipeline
import Foundation

/// What a published folder holds: the identity of the folder itself and, for each group of
/// files published together (`SiteGroup`: a month, the whole-site pages), the fingerprint of
/// the group's inputs and, for each of its files, the fingerprint of the inputs it was made
/// from and the identity of the file.
///
/// A group's lines are kept as read and parsed only when asked for: a publish reads and
/// rewrites the record of every month but works on those of the months a new day touched.
struct SiteManifest: Equatable {
    struct Page: Equatable {
        var inputs: String
        var identity: String
    }

    /// One group's record: its inputs and its files' lines (`path\tinputs\tidentity\n`, by path).
    struct Group: Equatable {
        var inputs: String
        var lines: ArraySlice<UInt8>
        /// The number of files (lines).
        private(set) var count: Int

        init(inputs: String, lines: ArraySlice<UInt8>, count: Int) {
            self.inputs = inputs
            self.lines = lines
            self.count = count
        }

        init(inputs: String, pages: [String: Page]) {
            self.inputs = inputs
            count = pages.count
            var bytes: [UInt8] = []
            bytes.reserveCapacity(pages.count * 96)
            for path in pages.keys.sorted() {
                let page = pages[path]!
                bytes += path.utf8
                bytes.append(UInt8(ascii: "\t"))
                bytes += page.inputs.utf8
                bytes.append(UInt8(ascii: "\t"))
                bytes += page.identity.utf8
                bytes.append(UInt8(ascii: "\n"))
            }
            lines = bytes[...]
        }

        /// The fields of each line, as bytes.
        private var files: [(path: ArraySlice<UInt8>, inputs: ArraySlice<UInt8>, identity: ArraySlice<UInt8>)] {
            lines.split(separator: UInt8(ascii: "\n")).map { line in
                let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                return (fields[0], fields[1], fields[2])
            }
        }

        /// The group's files.
        var pages: [String: Page] {
            Dictionary(uniqueKeysWithValues: files.map { file in
                (String(decoding: file.path, as: UTF8.self),
                 Page(inputs: String(decoding: file.inputs, as: UTF8.self), identity: String(decoding: file.identity, as: UTF8.self)))
            })
        }

        /// The paths of the group's files.
        var paths: [String] { files.map { String(decoding: $0.path, as: UTF8.self) } }

        /// Whether `other` records the same files (paths and identities), whatever they were made from.
        func holdsSameFiles(as other: Group) -> Bool {
            guard count == other.count else { return false }
            // Nearly always the very same lines (a month nothing touched): compared as bytes first.
            let sameLines = lines.count == other.lines.count && lines.withUnsafeBufferPointer { mine in
                other.lines.withUnsafeBufferPointer { theirs in mine.isEmpty || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0 }
            }
            return sameLines || zip(files, other.files).allSatisfy { $0.path == $1.path && $0.identity == $1.identity }
        }

        /// Whether the group has a file at `path`, found in its lines as they are.
        func contains(_ path: String) -> Bool {
            var path = path
            return path.withUTF8 { wanted in
                lines.withUnsafeBufferPointer { bytes in
                    var start = 0
                    while start < bytes.count {
                        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                        let length = wanted.count
                        if end - start > length, bytes[start + length] == UInt8(ascii: "\t"),
                           memcmp(bytes.baseAddress! + start, wanted.baseAddress!, length) == 0 {
                            return true
                        }
                        start = end + 1
                    }
                    return false
                }
            }
        }
    }

    /// `FileIdentity.ofFolder` of the folder described: a manifest describes no other folder.
    var root: String
    var groups: [String: Group]

    private static let header = "marketbrief site manifest 3"
    private static let groupPrefix = Array("group ".utf8)

    /// The manifest at `url`; `nil` when missing or not in this format.
    static func read(_ url: URL) -> SiteManifest? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false).makeIterator()
        guard let first = lines.next(), String(decoding: first, as: UTF8.self) == header,
              let rootLine = lines.next().map({ String(decoding: $0, as: UTF8.self) }), rootLine.hasPrefix("root ") else { return nil }
        let rest = lines.next() ?? []
        var groups: [String: Group] = [:]
        // Each group: its line `group KEY INPUTS`, then its files' lines (two tabs each) up to the next group's.
        let valid = rest.withUnsafeBufferPointer { buffer -> Bool in
            let offset = rest.startIndex
            var current: (key: String, inputs: String, start: Int, count: Int)?
            func close(at end: Int) {
                if let current {
                    groups[current.key] = Group(inputs: current.inputs, lines: rest[(offset + current.start)..<(offset + end)], count: current.count)
                }
            }
            var start = 0
            while start < buffer.count {
                guard let newline = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return false }
                let end = buffer.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                if line.starts(with: groupPrefix) {
                    let fields = line.split(separator: UInt8(ascii: " "))
                    guard fields.count == 3 else { return false }
                    close(at: start)
                    current = (String(decoding: fields[1], as: UTF8.self), String(decoding: fields[2], as: UTF8.self), end + 1, 0)
                } else {
                    guard current != nil, let tab = line.firstIndex(of: 0x09), let second = line[(tab + 1)...].firstIndex(of: 0x09),
                          !line[(second + 1)...].contains(0x09) else { return false }
                    current!.count += 1
                }
                start = end + 1
            }
            close(at: buffer.count)
            return true
        }
        guard valid else { return nil }
        return SiteManifest(root: String(rootLine.dropFirst("root ".count)), groups: groups)
    }

    /// Writes the manifest (groups by key, each group's files by path), atomically.
    func write(to url: URL) throws {
        var bytes = Array((Self.header + "\nroot " + root + "\n").utf8)
        bytes.reserveCapacity(bytes.count + groups.values.reduce(0) { $0 + $1.lines.count + 64 })
        for key in groups.keys.sorted() {
            let group = groups[key]!
            bytes += "group \(key) \(group.inputs)\n".utf8
            bytes += group.lines
        }
        try AtomicFile.write(Data(bytes), to: url)
    }
}

/// The second copy of the site, beside the live one (`OUT/.site-standby`, never served): the
/// site as it was before the last publish, its unchanged files hard links to the live ones.
///
/// A publish brings the standby up to date, touching only the files that differ from what it
/// should hold, then exchanges it with the live folder in one atomic step; the old live folder
/// becomes the next standby. Publishing one new day therefore costs what that day changed, not
/// the whole site. The standby's manifest is removed before its first change, so a publish
/// killed half-way leaves a standby that is not trusted and is rebuilt from scratch next time.
/// What the standby holds is known group by group (`SiteManifest.Group`): a publish loads the
/// groups it changes, and the others are not read.
struct StandbySite {
    let folder: URL
    private let manifestURL: URL
    /// The standby's record of each group, while `trusted`.
    private(set) var records: [String: SiteManifest.Group] = [:]
    private var loaded: Set<String> = []
    /// The identity of each file of the loaded groups.
    private var files: [String: String] = [:]
    private var folders: Set<String> = []
    private var touchedFolders: Set<String> = []
    private var writtenFiles: [String] = []
    /// Folders checked, in this publish, to be folders and not links.
    private var checkedFolders: Set<String> = []
    private var trusted: Bool
    private var isOpen = false

    init(folder: URL, manifestURL: URL) {
        self.folder = folder
        self.manifestURL = manifestURL
        if let manifest = SiteManifest.read(manifestURL), manifest.root == FileIdentity.ofFolder(folder.path) {
            trusted = true
            records = manifest.groups
        } else {
            trusted = false
        }
    }

    /// Reads what the standby holds of the group `key`, before its files are written, linked
    /// or removed.
    mutating func load(_ key: String) {
        guard loaded.insert(key).inserted, let record = records[key] else { return }
        for (path, page) in record.pages {
            files[path] = page.identity
            folders.insert(Self.parent(path))
        }
    }

    /// Makes the standby ready for changes: marks it untrusted on disk, and empties it unless
    /// its contents are known exactly.
    mutating func open() throws {
        guard !isOpen else { return }
        isOpen = true
        try removeIfPresent(manifestURL.path)
        guard !trusted else {
            try FileTree.requireFolder(folder.path)
            return
        }
        try FileTree.remove(folder)
        try FileTree.makeFolder(folder.path)
        records = [:]
        files = [:]
        folders = [""]
        trusted = true
    }

    /// Makes `path` a hard link to the live file `live` of that identity (nothing to do when it already is).
    mutating func link(_ path: String, to live: String, identity: String) throws {
        guard files[path] != identity else { return }
        try replace(path) { temporary in
            guard hardLink(live, temporary) == 0 else {
                throw PipelineError.output("cannot link \(temporary) to \(live): \(String(cString: strerror(errno)))")
            }
        }
        files[path] = identity
    }

    /// Writes `data` as `path` (a new file; `flush` makes it durable) and returns its identity.
    mutating func write(_ path: String, _ data: Data) throws -> String {
        try replace(path) { temporary in try FileTree.write(data, to: temporary) }
        writtenFiles.append(path)
        let identity = FileIdentity.of(folder.path + "/" + path)
        files[path] = identity
        return identity
    }

    /// Removes every file of the loaded groups the new site does not `keep`, and the folders left empty.
    mutating func remove(allBut keep: (String) -> Bool) throws {
        for path in files.keys.sorted() where !keep(path) {
            try checkFolders(Self.parent(path))
            try removeIfPresent(folder.appendingPathComponent(path).path)
            files[path] = nil
            var parent = Self.parent(path)
            touchedFolders.insert(parent)
            while !parent.isEmpty, rmdir(folder.appendingPathComponent(parent).path) == 0 {
                folders.remove(parent)
                parent = Self.parent(parent)
                touchedFolders.insert(parent)
            }
        }
    }

    /// Flushes what was written and the folders whose entries changed, so the standby survives
    /// a power cut once it is live: file by file after a few changes, all at once after many.
    func flush() {
        guard writtenFiles.count + touchedFolders.count <= 256 else {
            sync()
            return
        }
        for path in writtenFiles { FileTree.flush(folder.appendingPathComponent(path).path) }
        for relative in touchedFolders {
            FileTree.flush(relative.isEmpty ? folder.path : folder.appendingPathComponent(relative).path)
        }
    }

    /// Puts a new file at `path` through a temporary name in the same folder and a rename.
    private mutating func replace(_ path: String, _ make: (String) throws -> Void) throws {
        let target = folder.path + "/" + path
        let parent = Self.parent(path)
        if !folders.contains(parent) {
            try FileTree.makeFolders(parent, under: folder.path)
            var created = parent
            while !created.isEmpty, folders.insert(created).inserted {
                touchedFolders.insert(Self.parent(created))
                created = Self.parent(created)
            }
        }
        touchedFolders.insert(parent)
        try checkFolders(parent)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = folder.path + "/" + (parent.isEmpty ? "" : parent + "/") + "." + name + ".tmp"
        try removeIfPresent(temporary)
        try make(temporary)
        guard rename(temporary, target) == 0 else {
            throw PipelineError.output("cannot move \(temporary) to \(target): \(String(cString: strerror(errno)))")
        }
    }

    /// Checks, once per publish, that each folder down to `relative` is a folder and not a link
    /// planted in the standby, so nothing is written through one.
    private mutating func checkFolders(_ relative: String) throws {
        var path = ""
        for part in relative.split(separator: "/") {
            path = path.isEmpty ? String(part) : path + "/" + part
            if checkedFolders.insert(path).inserted { try FileTree.requireFolder(folder.path + "/" + path) }
        }
    }

    private func removeIfPresent(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw PipelineError.output("cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The folder of a path from the site root (`""` for the root).
    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// The C library's `link(2)` (inside `StandbySite`, `link` names the method).
private func hardLink(_ existing: String, _ new: String) -> Int32 {
    link(existing, new)
}
