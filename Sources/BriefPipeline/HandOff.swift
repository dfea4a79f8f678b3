import Foundation

/// Runs a producer on its own thread and a consumer on the calling one, handing items over in
/// batches through a bounded queue: an import parses the next rows while SQLite stores the last
/// ones, on two cores, in constant memory.
enum HandOff {
    /// Items per batch, and batches that may wait in the queue.
    private static let batchSize = 4096
    private static let queueLimit = 4

    /// Calls `produce` on a second thread with a `send` function and `consume` here with every
    /// item sent, in order. An error thrown by `consume` stops the producer (its next `send`
    /// throws); an error of either side is rethrown once both have stopped, the consumer's first.
    static func run<Item: Sendable>(produce: @escaping @Sendable (_ send: (Item) throws -> Void) throws -> Void,
                          consume: (Item) throws -> Void) throws {
        let channel = Channel<Item>()
        let producer = Thread {
            var batch: [Item] = []
            batch.reserveCapacity(batchSize)
            do {
                try produce { item in
                    batch.append(item)
                    if batch.count == batchSize {
                        try channel.put(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                try channel.put(batch)
                channel.finish(error: nil)
            } catch {
                if !(error is Cancelled) { try? channel.put(batch) }
                channel.finish(error: error)
            }
        }
        producer.start()
        var consumerError: (any Error)?
        while let batch = channel.take() {
            guard consumerError == nil else { continue }
            do {
                for item in batch { try consume(item) }
            } catch {
                consumerError = error
                channel.cancel()
            }
        }
        if let consumerError { throw consumerError }
        if let producerError = channel.producerError { throw producerError }
    }

    private struct Cancelled: Error {}

    /// The bounded queue between the two threads.
    private final class Channel<Item>: @unchecked Sendable {
        private let condition = NSCondition()
        private var batches: [[Item]] = []
        private var finished = false
        private var cancelled = false
        private(set) var producerError: (any Error)?

        func put(_ batch: [Item]) throws {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= queueLimit, !cancelled { condition.wait() }
            guard !cancelled else { throw Cancelled() }
            batches.append(batch)
            condition.broadcast()
        }

        func finish(error: (any Error)?) {
            condition.lock()
            defer { condition.unlock() }
            if !(error is Cancelled) { producerError = error }
            finished = true
            condition.broadcast()
        }

        func cancel() {
            condition.lock()
            defer { condition.unlock() }
            cancelled = true
            batches.removeAll()
            condition.broadcast()
        }

        /// The next batch, `nil` once the producer has finished and the queue is empty.
        func take() -> [Item]? {
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty, !finished { condition.wait() }
            guard !batches.isEmpty else { return nil }
            condition.broadcast()
            return batches.removeFirst()
        }
    }
}
