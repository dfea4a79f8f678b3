import Foundation
import Testing
@testable import BriefPipeline

@Suite struct HandOffTests {
    private struct Stop: Error, Equatable { var at: Int }

    @Test func everyItemArrivesInOrderAcrossManyBatches() throws {
        var received: [Int] = []
        try HandOff.run(produce: { send in
            for item in 0..<20_000 { try send(item) }
        }, consume: { received.append($0) })
        #expect(received == Array(0..<20_000))
    }

    @Test func aConsumerErrorStopsTheProducerAndIsRethrown() throws {
        let sent = Counter()
        #expect(throws: Stop(at: 5)) {
            try HandOff.run(produce: { send in
                for item in 0..<1_000_000 {
                    try send(item)
                    sent.add()
                }
            }, consume: { item in if item == 5 { throw Stop(at: 5) } })
        }
        // The producer stopped long before its million items: at most the queue's worth past the error.
        #expect(sent.value < 100_000)
    }

    @Test func aProducerErrorIsRethrownAfterWhatWasSentBeforeIt() throws {
        var received: [Int] = []
        #expect(throws: Stop(at: 3)) {
            try HandOff.run(produce: { send in
                for item in 0..<3 { try send(item) }
                throw Stop(at: 3)
            }, consume: { received.append($0) })
        }
        #expect(received == [0, 1, 2])
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
