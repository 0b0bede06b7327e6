import Foundation
import SweepRecords
import SweepModel

/// What reading one cell gave.
struct CellReading: Sendable {
    var records: [ResultRecord] = []
    var problems: [(message: String, file: String)] = []
    var splitByJob = false
    var splitByDevice = false
    /// Whether a fio job group asked for fio's steady state (`ss`) and did not attain it.
    var steadyStateGaveUp = false
}
