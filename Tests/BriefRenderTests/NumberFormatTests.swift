import Testing
@testable import BriefRender

@Suite struct NumberFormatTests {
    @Test func oneFormatEverywhere() {
        #expect(NumberFormat.price(117_000) == "$117,000")
        #expect(NumberFormat.price(4_955) == "$4,955")
        #expect(NumberFormat.price(0.0412) == "$0.04")
        #expect(NumberFormat.money(477_000_000) == "$477M")
        #expect(NumberFormat.money(2_551_360_000) == "$2.6B")
        #expect(NumberFormat.money(-1_059_200_000) == "-$1.1B")
        #expect(NumberFormat.money(8_300_000) == "$8.3M")
        #expect(NumberFormat.money(999_999_999) == "$1.0B")
        #expect(NumberFormat.signedMoney(88_200_000) == "+$88M")
        #expect(NumberFormat.fundingRate(0.008) == "0.008%")
        #expect(NumberFormat.fundingRate(0.0095) == "0.0095%")
        #expect(NumberFormat.fundingRate(0.01) == "0.010%")
        #expect(NumberFormat.percent(8.76) == "8.76%")
        #expect(NumberFormat.coins(310_600, "BTC") == "310,600 BTC")
        #expect(NumberFormat.decimal(-0.004, places: 2) == "0.00")
        #expect(NumberFormat.decimal(1_234_567.891, places: 2) == "1,234,567.89")
        #expect(NumberFormat.ordinal(99.9) == "99th")
        #expect(NumberFormat.ordinal(100) == "100th")
        #expect(NumberFormat.ordinal(21) == "21st")
        #expect(NumberFormat.ordinal(12) == "12th")
    }
}
