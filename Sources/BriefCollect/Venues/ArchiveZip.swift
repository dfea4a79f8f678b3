import BriefCore
import CZlib
import Foundation

/// The one file inside a zip of Binance's archive, read in memory with every offset and size
/// checked against the bytes there before it is used: a zip that lies about where its parts
/// are, or how large they are, is refused with what it got wrong, never read past its end.
///
/// What the archive publishes is read: one entry, stored or deflated, not encrypted, not ZIP64
/// (its files are kilobytes), whose end-of-central-directory record ends the file.
struct ArchiveZip {
    /// The entry's name in the zip.
    let name: String
    /// The entry's bytes, unpacked and checked against its CRC-32 and size.
    let contents: Data

    /// Why a zip cannot be read: said after the zip's request.
    struct Problem: Error {
        let reason: String
    }

    private static let endRecordSignature: UInt32 = 0x0605_4b50
    private static let directoryEntrySignature: UInt32 = 0x0201_4b50
    private static let localHeaderSignature: UInt32 = 0x0403_4b50
    private static let endRecordSize = 22, directoryEntrySize = 46, localHeaderSize = 30

    /// Reads the one entry of `zip`, which may unpack to at most `limit` bytes.
    init(_ zip: Data, limit: Int) throws(Problem) {
        let bytes = ZipBytes([UInt8](zip))
        let end = try Self.endRecord(in: bytes)
        let entries = bytes.uint16(end + 10)
        guard bytes.uint16(end + 4) == 0, bytes.uint16(end + 6) == 0, bytes.uint16(end + 8) == entries else {
            throw Problem(reason: "a zip split over several disks")
        }
        guard entries == 1 else {
            throw Problem(reason: "the zip holds \(entries == 0 ? "no file" : "more than one entry"), expected one CSV")
        }
        let directorySize = Int(bytes.uint32(end + 12)), directoryStart = Int(bytes.uint32(end + 16))
        guard directorySize != 0xFFFF_FFFF, directoryStart != 0xFFFF_FFFF else { throw Problem(reason: Self.zip64) }
        guard directoryStart + directorySize <= end else {
            throw Problem(reason: "the central directory (\(directorySize) bytes at offset \(directoryStart)) "
                + "runs past its end record at \(end)")
        }
        let entry = try DirectoryEntry(bytes, at: directoryStart, within: directoryStart + directorySize)
        guard entry.uncompressedSize <= limit else {
            throw Problem(reason: "\(entry.name) unpacks to \(entry.uncompressedSize) bytes, over the limit of \(limit)")
        }
        let packed = try Self.packedBytes(of: entry, in: bytes, before: directoryStart)
        let contents = try Self.unpack(packed, as: entry)
        name = entry.name
        self.contents = contents
    }

    private static let zip64 = "a ZIP64 archive, not expected for a file of the archive's size"

    /// The offset of the end-of-central-directory record: the one that ends the file, after its
    /// comment (at most 65,535 bytes).
    private static func endRecord(in bytes: ZipBytes) throws(Problem) -> Int {
        let last = bytes.count - endRecordSize
        guard last >= 0 else { throw Problem(reason: "not a readable zip archive (\(bytes.count) bytes)") }
        for offset in stride(from: last, through: max(0, last - 0xFFFF), by: -1)
        where bytes.uint32(offset) == endRecordSignature && offset + endRecordSize + Int(bytes.uint16(offset + 20)) == bytes.count {
            return offset
        }
        throw Problem(reason: "not a readable zip archive (no end-of-central-directory record ends the file)")
    }

    /// The entry's packed bytes, found through its local header, which must lie before the
    /// central directory as must the bytes.
    private static func packedBytes(of entry: DirectoryEntry, in bytes: ZipBytes, before directoryStart: Int) throws(Problem) -> ArraySlice<UInt8> {
        let header = entry.localHeaderOffset
        guard header + localHeaderSize <= directoryStart, bytes.uint32(header) == localHeaderSignature else {
            throw Problem(reason: "\(entry.name): no local header at offset \(header), where the central directory says")
        }
        let nameLength = Int(bytes.uint16(header + 26))
        let start = header + localHeaderSize + nameLength + Int(bytes.uint16(header + 28))
        guard bytes.uint16(header + 8) == entry.method, start <= directoryStart,
              bytes.bytes[header + localHeaderSize..<header + localHeaderSize + nameLength].elementsEqual(entry.name.utf8) else {
            throw Problem(reason: "\(entry.name): its local header gives another name or method than the central directory")
        }
        guard start + entry.compressedSize <= directoryStart else {
            throw Problem(reason: "\(entry.name): \(entry.compressedSize) packed bytes from offset \(start) run past the central directory at \(directoryStart)")
        }
        return bytes.bytes[start..<start + entry.compressedSize]
    }

    /// The unpacked bytes: exactly the entry's size, with its CRC-32.
    private static func unpack(_ packed: ArraySlice<UInt8>, as entry: DirectoryEntry) throws(Problem) -> Data {
        let contents: [UInt8]
        switch entry.method {
        case 0:
            guard packed.count == entry.uncompressedSize else {
                throw Problem(reason: "\(entry.name): stored with \(packed.count) bytes, its header says \(entry.uncompressedSize)")
            }
            contents = Array(packed)
        case 8:
            contents = try inflate(packed, size: entry.uncompressedSize, name: entry.name)
        default:
            throw Problem(reason: "\(entry.name): compression method \(entry.method), not stored (0) or deflate (8)")
        }
        let checksum = contents.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        guard checksum == entry.crc32 else {
            throw Problem(reason: "\(entry.name): CRC-32 \(String(format: "%08x", checksum)), its header says \(String(format: "%08x", entry.crc32))")
        }
        return Data(contents)
    }

    /// Raw deflate of `packed`, which must end its stream having given exactly `size` bytes: one
    /// byte of room more tells a stream that gives more.
    private static func inflate(_ packed: ArraySlice<UInt8>, size: Int, name: String) throws(Problem) -> [UInt8] {
        var input = Array(packed)
        var output = [UInt8](repeating: 0, count: size + 1)
        var stream = z_stream()
        guard mb_inflate_init_raw(&stream) == Z_OK else { throw Problem(reason: "\(name): zlib cannot start inflating") }
        defer { inflateEnd(&stream) }
        let result = input.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                stream.next_in = input.baseAddress
                stream.avail_in = UInt32(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(output.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        let produced = Int(stream.total_out)
        switch result {
        case Z_STREAM_END where produced == size:
            return Array(output[..<size])
        case Z_STREAM_END, Z_OK, Z_BUF_ERROR:
            throw Problem(reason: produced > size
                ? "\(name) unpacks to more than the \(size) bytes its header says"
                : "\(name): the deflated bytes end after \(produced) of the \(size) bytes its header says")
        default:
            throw Problem(reason: "\(name) cannot be unpacked (corrupt deflate data after \(produced) bytes)")
        }
    }

    /// The central directory's record of the one entry.
    private struct DirectoryEntry {
        let name: String
        let method: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int

        init(_ bytes: ZipBytes, at offset: Int, within end: Int) throws(Problem) {
            guard offset + directoryEntrySize <= end, bytes.uint32(offset) == directoryEntrySignature else {
                throw Problem(reason: "no central directory entry at offset \(offset), where the end record says")
            }
            let nameLength = Int(bytes.uint16(offset + 28))
            let recordEnd = offset + directoryEntrySize + nameLength + Int(bytes.uint16(offset + 30)) + Int(bytes.uint16(offset + 32))
            guard recordEnd <= end else {
                throw Problem(reason: "the central directory entry at offset \(offset) runs past the directory's end at \(end)")
            }
            let nameBytes = bytes.bytes[offset + directoryEntrySize..<offset + directoryEntrySize + nameLength]
            guard let name = String(validating: nameBytes, as: UTF8.self), !name.isEmpty, PrintableText.unfitness(of: name) == nil,
                  name.utf8.count <= 255 else {
                throw Problem(reason: "an entry whose name (\(nameLength) bytes) is not printable UTF-8 of at most 255 bytes")
            }
            guard !name.hasSuffix("/") else { throw Problem(reason: "the zip holds no file, expected one CSV") }
            guard bytes.uint16(offset + 8) & 1 == 0 else { throw Problem(reason: "\(name) is encrypted") }
            self.name = name
            method = bytes.uint16(offset + 10)
            crc32 = bytes.uint32(offset + 16)
            let compressed = bytes.uint32(offset + 20), uncompressed = bytes.uint32(offset + 24), header = bytes.uint32(offset + 42)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, header != 0xFFFF_FFFF else { throw Problem(reason: ArchiveZip.zip64) }
            compressedSize = Int(compressed)
            uncompressedSize = Int(uncompressed)
            localHeaderOffset = Int(header)
        }
    }
}

/// A zip's bytes, read as little-endian integers; an offset past the end reads as zero, which
/// no signature is, so every read is in bounds whatever a header says.
private struct ZipBytes {
    let bytes: [UInt8]
    var count: Int { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func uint16(_ offset: Int) -> UInt16 {
        UInt16(byte(offset)) | UInt16(byte(offset + 1)) << 8
    }

    func uint32(_ offset: Int) -> UInt32 {
        UInt32(uint16(offset)) | UInt32(uint16(offset + 2)) << 16
    }

    private func byte(_ offset: Int) -> UInt8 {
        offset >= 0 && offset < bytes.count ? bytes[offset] : 0
    }
}
