/// Commands run around the study and around each cell; each is an argv list.
public struct Hooks: Hashable, Sendable, Codable {
    public var beforeRun: [[Value]]
    public var beforeCell: [[Value]]
    public var afterCell: [[Value]]
    public var afterRun: [[Value]]
    /// The host (a name from `hosts`) every hook runs on, over ssh; `nil` is the controller.
    public var host: String?

    public init(
        beforeRun: [[Value]] = [], beforeCell: [[Value]] = [], afterCell: [[Value]] = [], afterRun: [[Value]] = [],
        host: String? = nil
    ) {
        self.host = host
        self.beforeRun = beforeRun
        self.beforeCell = beforeCell
        self.afterCell = afterCell
        self.afterRun = afterRun
    }

    public var isEmpty: Bool { beforeRun.isEmpty && beforeCell.isEmpty && afterCell.isEmpty && afterRun.isEmpty && host == nil }
}
