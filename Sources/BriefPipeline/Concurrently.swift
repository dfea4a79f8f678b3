import Foundation

/// Work split across the cores, results in order: the steps of a publish that touch every file
/// (tens of thousands of `stat`s, two large manifests) take half the time on two cores.
public enum Concurrently {
    /// `transform` of every element of `items`, in order.
    public static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        let chunks = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        guard chunks > 1 else { return items.map(transform) }
        let results = Results<Result>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (items.count * chunk / chunks)..<(items.count * (chunk + 1) / chunks)
            for index in range { results.set(index, transform(items[index])) }
        }
        return results.values
    }

    /// `first()` and `second()` at the same time; an error of either is thrown (the first's first).
    public static func both<First: Sendable, Second: Sendable>(_ first: @Sendable () throws -> First,
                                                           _ second: @Sendable () throws -> Second) throws -> (First, Second) {
        let firstResult = Results<Swift.Result<First, any Error>>(count: 1)
        let secondResult = Results<Swift.Result<Second, any Error>>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                firstResult.set(0, Swift.Result { try first() })
            } else {
                secondResult.set(0, Swift.Result { try second() })
            }
        }
        return (try firstResult.values[0].get(), try secondResult.values[0].get())
    }

    /// Slots filled by the workers, each at its own index.
    private final class Results<Value>: @unchecked Sendable {
        private var slots: [Value?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }

        var values: [Value] { lock.withLock { slots.map { $0! } } }
    }
}
