import Testing
@testable import BriefCore

@Suite struct ChartAnalysisTests {
    /// Open interest is drawn as weekly closes counting back from the brief's day: each point
    /// is the last value reported in the seven days ending on it; a week without one is a gap.
    @Test func openInterestIsDrawnAsWeeklyClosesWithinItsWindow() {
        var builder = HistoryBuilder()
        // Day 0 to 799: value = the day's number, except days 700 to 713 (two weeks) and 790 (a Tuesday-like hole).
        builder.series(.openInterestCoins, (0..<800).map { day in (700...713).contains(day) || day == 790 ? nil : Double(day) })
        var thresholds = Thresholds()
        thresholds.openInterestWindowDays = 30
        let series = ChartAnalysis.analyze(builder.history(asOf: 799), asset: .btc, thresholds: thresholds).openInterest
        #expect(series.stepDays == 7)
        #expect(series.values.count == 5, "29 days back from day 799 hold 5 weekly points")
        #expect(series.start == HistoryBuilder.day(799 - 28))
        #expect(series.end == HistoryBuilder.day(799))
        #expect(series.spanDays == 29)
        #expect(series.values == [771, 778, 785, 792, 799])
        #expect(series.index(of: HistoryBuilder.day(792)) == 3)
        #expect(series.index(of: HistoryBuilder.day(793)) == nil)

        let gap = ChartAnalysis.analyze(builder.history(asOf: 720), asset: .btc, thresholds: thresholds).openInterest
        // Points on days 692, 699, 706, 713, 720: days 700–713 reported nothing.
        #expect(gap.values == [692, 699, nil, nil, 720])
    }
}
