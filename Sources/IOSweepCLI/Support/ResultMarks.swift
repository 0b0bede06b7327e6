import Foundation
import SweepPlanner

/// Marks for `plan --results DIR`: where each cell stands in an existing results directory.
///
/// SHIM until the runner branch lands on main: then this becomes
/// `RunDirectory(root: dir).states(of: plan)` mapped by raw value, so `plan`, `run` and `status` agree.
/// Meanwhile it reads the documented `<result path>/cell.json` (`fingerprint`, `status`) itself.
enum ResultMarks {
    static func read(plan: SweepPlanner.Plan, resultsDirectory: String) -> [String: CellMark] {
        struct Record: Decodable {
            var fingerprint: String?
            var status: String?
        }
        var marks: [String: CellMark] = [:]
        for cell in plan.cells {
            let path = resultsDirectory + "/" + cell.resultPath + "/cell.json"
            guard let data = FileManager.default.contents(atPath: path),
                  let record = try? JSONDecoder().decode(Record.self, from: data)
            else {
                marks[cell.id] = .pending
                continue
            }
            if record.fingerprint != cell.fingerprint {
                marks[cell.id] = .stale
            } else {
                marks[cell.id] = record.status == "ok" ? .done : .failed
            }
        }
        return marks
    }
}
