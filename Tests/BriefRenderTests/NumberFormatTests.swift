import Testing
@testable import BriefRender

@Suite struct NumberFormatTests {
    @Test func roundsTheDecimalValueHalfAwayFromZero() {
        #expect(NumberFormat.fundingRate(0.00935) == "0.0094%", "0.00935 is a hair under in binary; its decimal rounds up")
        #expect(NumberFormat.fundingRate(0.0000935 * 100) == "0.0094%", "arithmetic noise does not change the rounding")
        #expect(NumberFormat.decimal(2.5, places: 0) == "3")
        #expect(NumberFormat.decimal(-2.5, places: 0) == "-3")
        #expect(NumberFormat.decimal(0.125, places: 2) == "0.13")
        #expect(NumberFormat.decimal(999.96, places: 1) == "1,000.0")
    }

    @Test func aSignIsNeverLost() {
        #expect(NumberFormat.fundingRate(-0.0003) == "-0.0003%")
        #expect(NumberFormat.fundingRate(-0.00001) == "-0.00001%")
        #expect(NumberFormat.fundingRate(0) == "0.000%")
    }

    @Test func anyFiniteNumberFormatsWithoutTrapping() {
        #expect(NumberFormat.price(9e18) == "$9,000,000,000,000,000,000")
        #expect(NumberFormat.money(1e40).hasSuffix("B"))
        #expect(NumberFormat.decimal(1e300, places: 0).count == 301 + 100)  // 301 digits and 100 commas
        #expect(NumberFormat.decimal(-1e-300, places: 2) == "0.00")
        #expect(NumberFormat.decimal(.greatestFiniteMagnitude, places: 2).hasPrefix("179,769,313,486,232,000,000"), "15 significant digits")
    }

    @Test func oneFormatEverywhere() {
        #expect(NumberFormat.price(117_000) == "$117,000")
        #expect(NumberFormat.price(4_955) == "$4,955")
        #expect(NumberFormat.price(0.0412) == "$0.0412")
        #expect(NumberFormat.price(0.0000123) == "$0.0000123", "a sub-cent price keeps three significant digits")
        #expect(NumberFormat.price(4.126) == "$4.13")
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
        #expect(NumberFormat.ordinal(99.9) == "99th", "only the top of a range is the 100th")
        #expect(NumberFormat.ordinal(97.8) == "98th", "rounded to the nearest")
        #expect(NumberFormat.ordinal(86.8) == "87th")
        #expect(NumberFormat.ordinal(100) == "100th")
        #expect(NumberFormat.ordinal(21) == "21st")
        #expect(NumberFormat.ordinal(12) == "12th")
    }
}
