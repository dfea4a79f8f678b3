import Testing
@testable import BriefCore

@Suite struct DayTests {
    @Test func parsesAndPrintsISODates() {
        #expect(Day("2025-08-26")?.description == "2025-08-26")
        #expect(Day("1970-01-01")?.ordinal == 0)
        #expect(Day("2024-02-29") != nil)
    }

    @Test(arguments: ["2025-02-30", "2025-13-01", "2023-02-29", "2025-8-26", "2025/08/26", "", "20250826xx", "2025-00-10"])
    func refusesImpossibleOrMalformedDates(_ text: String) {
        #expect(Day(text) == nil)
    }

    @Test func arithmeticAndWeekdays() {
        let day = Day("2025-08-26")!
        #expect(day.adding(days: 6).description == "2025-09-01")
        #expect(Day("2024-12-31")!.days(to: Day("2025-03-01")!) == 60)
        #expect(day.isoWeekday == 2)  // a Tuesday
        #expect(Day("2025-08-24")!.isoWeekday == 7)
    }

    @Test func assetCodesAreChecked() {
        #expect(Asset("BTC") != nil)
        #expect(Asset("../../x") == nil)
        #expect(Asset("btc") == nil)
        #expect(Asset("B") == nil)
    }
}
