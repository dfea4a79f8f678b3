import Foundation

/// Reads a `brief.json` of an earlier format as the current one, so an upgrade never makes the
/// briefs already written unreadable. What the earlier format did not record is filled the
/// way that format's briefs were read: no regimes, no ranks, no claims; the story is the
/// headline's first sentence.
enum BriefUpgrade {
    /// Version 1 (before regimes, ranks in the asset's own history, flow runs with their state,
    /// risk points and claims) as version 2.
    static func fromVersion1(_ data: Data) throws -> Data {
        guard var brief = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              var findings = brief["findings"] as? [String: Any] else {
            throw UnsupportedFormat(description: "a version 1 brief.json without its findings")
        }
        brief["formatVersion"] = 2
        let headline = brief["headline"] as? String ?? ""
        brief["story"] = headline.components(separatedBy: ". ").first.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 } ?? headline
        brief["claims"] = [Any]()
        findings["regimes"] = [Any]()
        findings["headlineFacts"] = [Any]()

        update(&findings, "price") { price in
            let changePct = price["changePct"] as? Double ?? 0
            price["isMultiDayStory"] = abs(changePct) >= 5
            price["isAtHigh"] = (price["belowHighPct"] as? Double).map { $0 == 0 } ?? false
        }
        update(&findings, "funding") { funding in
            funding["baselinePct"] = 0.01
            funding["isHigh"] = false
        }
        update(&findings, "liquidations") { liquidations in
            liquidations["isNotable"] = nil
            liquidations["isLight"] = false
            liquidations["isLargestShortInWindow"] = false
            liquidations["isShortsHeavy"] = (liquidations["shortUSD"] as? Double ?? 0) > (liquidations["longUSD"] as? Double ?? 0)
        }
        update(&findings, "openInterest") { openInterest in
            // Version 2 ranks open interest only with a year of history, as version 1 did not.
            openInterest["hasFullHistory"] = (openInterest["rangeDays"] as? Int ?? 0) >= 365
        }
        update(&findings, "divergence") { divergence in
            // Version 1 kept only the runs that made its case: an exchange inflow run, an ETF outflow run.
            let inflow = divergence.removeValue(forKey: "inflowStreak")
            let outflow = divergence.removeValue(forKey: "etfOutflowStreak")
            divergence["exchangeFlows"] = flow(current: inflow)
            divergence["etfFlows"] = flow(current: outflow)
            divergence["spotBuying"] = false
            divergence["spotJudged"] = inflow != nil || outflow != nil
        }
        update(&findings, "risk") { risk in
            risk["points"] = [Any]()
            risk["maxScore"] = 7
        }
        update(&findings, "stabilization") { stabilization in
            // Version 1 read every day's signals as the end of a sell-off, for every asset.
            stabilization["inSelloff"] = true
            stabilization["appliesETF"] = true
            stabilization["appliesRotation"] = true
        }
        let asset = findings["asset"] as? String ?? ""
        update(&findings, "whale") { whale in
            let sales = (whale["sales"] as? [[String: Any]] ?? []).map { sale in
                sale.merging(["asset": asset, "action": "sold"]) { current, _ in current }
            }
            whale["sales"] = sales
            whale["moves"] = [Any]()
            whale["inbound"] = [Any]()
            whale["isTrigger"] = !sales.isEmpty
        }
        brief["findings"] = findings
        return try JSONSerialization.data(withJSONObject: brief)
    }

    private static func update(_ findings: inout [String: Any], _ key: String, _ change: (inout [String: Any]) -> Void) {
        guard var value = findings[key] as? [String: Any] else { return }
        change(&value)
        findings[key] = value
    }

    /// A flow as version 2 records it, from version 1's run (reported, when there was one).
    private static func flow(current run: Any?) -> [String: Any] {
        var flow: [String: Any] = ["status": run == nil ? "notReported" : "reported", "marketClosedToday": false]
        if let run { flow["current"] = run }
        return flow
    }
}

/// A `brief.json` of a format this build cannot read.
public struct UnsupportedFormat: Error, CustomStringConvertible {
    public var version: Int?
    public var description: String

    init(version: Int? = nil, description: String) {
        self.version = version
        self.description = description
    }
}
