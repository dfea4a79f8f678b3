import BriefCore
import BriefRender
import Testing
@testable import BriefPublish

@Suite struct SitePlanTests {
    /// A publisher finds a linked file's group from its path alone: the layout and the groups agree.
    @Test func eachFileOfTheSiteIsInTheGroupItsPathNames() throws {
        let days = ["2025-07-30", "2025-07-31", "2025-08-01", "2025-09-01"].compactMap(Day.init)
        let entries = days.flatMap { day in [Asset.btc, .eth].map { SiteEntry(asset: $0, day: day, fingerprint: "test") } }
        let plan = SitePlan(renderer: try BriefRenderer(templatesDirectory: resources.templates.path), baseURL: "https://example.org/",
                            base: "test") { _, _, _ in throw CancellationError() }
        let groups = plan.groups(entries)
        #expect(groups.map(\.key) == ["2025-07", "2025-08", "2025-09", SiteGroup.wholeSiteKey])
        for group in groups {
            for job in group.jobs() {
                #expect(SiteLayout.group(of: job.path) == group.key, "\(job.path) is in the group \(group.key)")
            }
        }
    }
}
