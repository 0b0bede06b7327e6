import Foundation

extension String {
    /// Natural order of cell ids: digit runs compare as numbers (`numjobs=9` before `numjobs=10`).
    func naturallyPrecedes(_ other: String) -> Bool {
        compare(other, options: .numeric) == .orderedAscending
    }
}
