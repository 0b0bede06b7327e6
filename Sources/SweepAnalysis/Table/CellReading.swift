import Foundation
import SweepRecords
import SweepModel

/// What reading one cell gave.
struct CellReading: Sendable {
    var records: [ResultRecord] = []
    var problems: [(message: String, file: String)] = []
    var splitByJob = false
    var splitByDevice = false
}
