import BriefCore
import Foundation
import Testing
@testable import BriefPipeline

@Suite struct BackfillTests {
    @Test func aCutHistoryAnalyzesLikeAFreshlyReadOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try sampleStore(in: folder)
        let full = try store.history(asOf: Day("2025-08-31")!)
        let generator = try generator()
        for text in ["2023-09-01", "2024-06-01", "2025-08-22", "2025-08-26"] {
            let day = Day(text)!
            for asset in [Asset.btc, .eth] {
                let cut = try generator.generate(asset: asset, history: full.cut(at: day))
                let fresh = try generator.generate(asset: asset, history: store.history(asOf: day))
                #expect(cut.json == fresh.json, "\(asset) \(day)")
                #expect(cut.html == fresh.html, "\(asset) \(day)")
            }
        }
    }

    @Test func readingOnlyTheDaysABriefLooksBackAtChangesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try sampleStore(in: folder)
        // Short windows, so the days read are well inside the sample's two years.
        var thresholds = Thresholds()
        thresholds.openInterestWindowDays = 90
        thresholds.rotationHighWindowDays = 90
        thresholds.swingLookbackDays = 90
        thresholds.flowRunMaxDays = 90
        let generator = try BriefGenerator(templates: resources.templates, thresholds: thresholds)
        for text in ["2025-08-26", "2025-08-15"] {
            let day = Day(text)!
            #expect(day.adding(days: -thresholds.historyDays) > Day("2023-09-01")!, "the window leaves out the sample's first days")
            let windowed = try generator.generate(asset: .btc, history: store.history(asOf: day, from: day.adding(days: -thresholds.historyDays)))
            let full = try generator.generate(asset: .btc, history: store.history(asOf: day))
            #expect(windowed.json == full.json, "\(day)")
        }
    }

    @Test func backfillWritesWhatGenerateWritesAndSkipsDaysWithoutAClose() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try sampleStore(in: folder)
        let output = folder.appendingPathComponent("out")
        var reported: [Int] = []
        let summary = try Backfill.run(from: Day("2025-08-20")!, through: Day("2025-09-02")!, assets: [.btc, .eth],
                                       store: store, generator: generator(), output: output,
                                       progress: { done, total, _ in reported.append(done); #expect(total == 28) })
        #expect(summary.written == 24)
        #expect(summary.skipped == ["BTC 2025-09-01", "ETH 2025-09-01", "BTC 2025-09-02", "ETH 2025-09-02"])
        #expect(reported == Array(1...28))
        let single = try generator().generate(asset: .eth, history: store.history(asOf: Day("2025-08-24")!))
        let written = try Data(contentsOf: output.appendingPathComponent("briefs/ETH/2025-08-24/brief.json"))
        #expect(written == single.json)
    }

    @Test func aRangeBackwardsIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: PipelineError.self) {
            try Backfill.run(from: Day("2025-08-02")!, through: Day("2025-08-01")!, assets: [.btc],
                             store: sampleStore(in: folder), generator: generator(), output: folder)
        }
    }
}
