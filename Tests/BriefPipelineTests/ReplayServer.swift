import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP/1.1 server for tests: each GET is answered by `handler` (path, query),
/// one connection per request. Replies can carry any status, headers and body, or cut the
/// body short to simulate a dropped connection. Nothing leaves the machine.
final class ReplayServer: @unchecked Sendable {
    struct Reply {
        var status = 200
        var headers: [String: String] = [:]
        var body = Data()
        /// Announce a longer body than is sent, then close.
        var truncated = false
        /// Send the body, if any, again and again, for as long as the client reads.
        var stream: Stream?

        enum Stream {
            /// A chunked body that never ends.
            case endless
            /// One byte every `milliseconds` of a body announced as 1 MB.
            case drip(milliseconds: Int)
        }

        static func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> Reply {
            Reply(status: status, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: Data(text.utf8))
        }
    }

    typealias Handler = @Sendable (_ path: String, _ query: [String: String]) -> Reply

    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var handler: Handler
    private var log: [String] = []
    private var bodyLog: [(target: String, body: Data)] = []
    private var stopped = false

    init(handler: @escaping Handler) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in serve() }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests served so far, as `path?query`.
    var requests: [String] {
        lock.lock()
        defer { lock.unlock() }
        return log
    }

    /// The requests that carried a body (a POST), each with its target and its body.
    var bodies: [(target: String, body: Data)] {
        lock.lock()
        defer { lock.unlock() }
        return bodyLog
    }

    /// Answers later requests with `handler`.
    func replace(_ handler: @escaping Handler) {
        lock.lock()
        self.handler = handler
        lock.unlock()
    }

    /// Stops accepting. The listening socket is closed by the serving thread itself, so its
    /// number cannot be reused by another server while this one might still accept on it.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            lock.lock()
            let done = stopped
            lock.unlock()
            guard connection >= 0, !done else {
                if connection >= 0 { close(connection) }
                close(listener)
                return
            }
            answer(connection)
            close(connection)
        }
    }

    private func answer(_ connection: Int32) {
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            request += buffer[0..<count]
        }
        let headEnd = request.firstRange(of: Array("\r\n\r\n".utf8))!.upperBound
        let requestHead = String(decoding: request[..<headEnd], as: UTF8.self)
        let line = requestHead.split(separator: "\r\n").first ?? ""
        let target = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        // A body (a POST's) is read whole, as its Content-Length says.
        let length = requestHead.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
        if let length {
            var body = Array(request[headEnd...])
            while body.count < length {
                let count = read(connection, &buffer, buffer.count)
                guard count > 0 else { return }
                body += buffer[0..<count]
            }
            lock.lock()
            bodyLog.append((target, Data(body)))
            lock.unlock()
        }
        let components = URLComponents(string: target)
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        lock.lock()
        log.append(target)
        let handler = self.handler
        lock.unlock()
        let reply = handler(components?.path ?? target, query)
        if let stream = reply.stream {
            return answer(connection, streaming: stream, reply)
        }
        var head = "HTTP/1.1 \(reply.status) Replay\r\nConnection: close\r\n"
        head += "Content-Length: \(reply.body.count + (reply.truncated ? 100 : 0))\r\n"
        for (name, value) in reply.headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + Array(reply.body)
        bytes.withUnsafeBytes { _ = write(connection, $0.baseAddress, $0.count) }
    }
}

extension ReplayServer {
    /// Streams `reply` until the client hangs up (a failed send, never SIGPIPE, ends it).
    private func answer(_ connection: Int32, streaming stream: Reply.Stream, _ reply: Reply) {
        func send(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) == $0.count }
        }
        let headers = reply.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
        switch stream {
        case .endless:
            let chunk = reply.body.isEmpty ? [UInt8](repeating: UInt8(ascii: "x"), count: 65_536) : Array(reply.body)
            let framed = Array(String(chunk.count, radix: 16).utf8) + Array("\r\n".utf8) + chunk + Array("\r\n".utf8)
            guard send(Array("HTTP/1.1 \(reply.status) Replay\r\nTransfer-Encoding: chunked\r\n\(headers)\r\n".utf8)) else { return }
            while send(framed) {}
        case .drip(let milliseconds):
            guard send(Array("HTTP/1.1 \(reply.status) Replay\r\nContent-Length: 1048576\r\n\(headers)\r\n".utf8)) else { return }
            while send([UInt8(ascii: "[")]) { usleep(useconds_t(milliseconds * 1000)) }
        }
    }
}
