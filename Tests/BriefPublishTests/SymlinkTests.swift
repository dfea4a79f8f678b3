import BriefCore
import BriefPipeline
import Foundation
import Testing
@testable import BriefPublish

/// A symbolic link planted where marketbrief keeps a folder or file of its own never makes a
/// command write, truncate or remove anything outside the output folder.
@Suite struct SymlinkTests {
    /// A folder outside the output folder, holding one file whose bytes must survive.
    private func outside() throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("precious.txt")
        try Data("keep me\n".utf8).write(to: file)
        return (folder, file)
    }

    private func untouched(_ target: (folder: URL, file: URL)) throws -> Bool {
        let names = try FileManager.default.contentsOfDirectory(atPath: target.folder.path)
        return names == ["precious.txt"] && FileManager.default.contents(atPath: target.file.path) == Data("keep me\n".utf8)
    }

    @Test func aLinkInPlaceOfTheSiteIsRefusedAndItsTargetKept() throws {
        let output = try outputWithBriefs()
        let target = try outside()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: target.folder) }
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent("site"), withDestinationURL: target.folder)
        #expect { try publisher(output).publish(baseURL: nil) } throws: { "\($0)".contains("is a symbolic link") }
        #expect(try untouched(target))
    }

    @Test func aLinkInPlaceOfTheStandbyIsRemovedItselfAndItsTargetKept() throws {
        let output = try outputWithBriefs()
        let target = try outside()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: target.folder) }
        try publisher(output).publish(baseURL: nil)
        try FileTree.remove(output.appendingPathComponent(".site-standby"))
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(".site-standby"), withDestinationURL: target.folder)
        try publisher(output).publish(baseURL: nil)
        #expect(try untouched(target))
        var info = stat()
        let standby = lstat(output.appendingPathComponent(".site-standby").path, &info) == 0 ? info.st_mode & S_IFMT : 0
        #expect(standby != S_IFLNK, "the link itself is gone")
    }

    @Test func aLinkPlantedInsideTheStandbyIsNotWrittenThrough() throws {
        let output = try outputWithBriefs(leaving: ["BTC/2025-08-31"])
        let target = try outside()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: target.folder) }
        try publisher(output).publish(baseURL: nil)
        try publisher(output).publish(baseURL: nil)  // the standby is now trusted and complete
        // The folder of a page the next publish rewrites (the index's month) replaced by a link.
        let planted = output.appendingPathComponent(".site-standby/archive")
        try FileTree.remove(planted)
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: target.folder)
        try addBrief("BTC/2025-08-31", to: output)
        #expect { try publisher(output).publish(baseURL: nil) } throws: { "\($0)".contains("is a symbolic link") }
        #expect(try untouched(target))
    }

    @Test func aLinkWithAStagingNameIsRemovedItselfNotWhatItPointsTo() throws {
        let output = try outputWithBriefs()
        let target = try outside()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: target.folder) }
        let staging = output.appendingPathComponent("briefs/BTC/.staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: staging.appendingPathComponent("2025-08-26.1"), withDestinationURL: target.folder)
        _ = try BriefWriter(output: output, assets: [.btc])
        #expect(try untouched(target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.path).isEmpty)
    }

    @Test func removingAFolderNeverDescendsThroughALink() throws {
        let output = try outputWithBriefs()
        let target = try outside()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: target.folder) }
        let folder = output.appendingPathComponent("doomed/inner")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("link"), withDestinationURL: target.folder)
        try FileTree.remove(output.appendingPathComponent("doomed"))
        #expect(try untouched(target))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("doomed").path))
    }

    @Test func aLinkInPlaceOfThePublishLockIsRefusedAndItsTargetKept() throws {
        let output = try outputWithBriefs()
        let target = try outside()
        defer { try? FileManager.default.removeItem(at: output); try? FileManager.default.removeItem(at: target.folder) }
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(".publish.lock"), withDestinationURL: target.file)
        #expect(throws: PipelineError.self) { try publisher(output).publish(baseURL: nil) }
        #expect(try untouched(target))
    }
}
