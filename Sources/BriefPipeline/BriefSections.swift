import BriefCore
import BriefRender
import Foundation

/// The ids every brief page must carry as sections.
public enum BriefSections {
    public static var ids: [String] { BriefSection.allCases.map(\.rawValue) }
}
