import Foundation
import Yams

/// Holds a composed YAML document to ``ExperimentLimits/yamlNodes`` nodes and ``ExperimentLimits/yamlDepth``
/// levels, counting what its aliases repeat.
///
/// Yams resolves an alias (`*name`) to its anchor's node, shared, not copied: a few lines of nested aliases
/// (the "billion laughs") compose in microseconds into a tree that every later walk — restoring expressions,
/// recording locations, decoding — would visit 10⁹ times. This walk visits each node as those do, with an
/// explicit stack, and stops at the first node beyond the budget.
enum NodeBudget {
    /// Documents over budget, kept alive on purpose (see ``ExpressionShield/compose(yaml:)``).
    final class Rejected: @unchecked Sendable {
        private let lock = NSLock()
        private var nodes: [Node] = []

        func keep(_ node: Node) { lock.withLock { nodes.append(node) } }
    }

    static let rejected = Rejected()

    /// The document is over budget: where the outermost alias on the way to the node beyond it was used.
    struct Exceeded: Error, Hashable, Sendable {
        var message: String
        var hint: String
        var line: Int
        var column: Int

        /// The error as a diagnostic of `file`.
        func diagnostic(file: String) -> Diagnostic {
            Diagnostic(.error, message, hint: hint, location: SourceLocation(file: file, line: line, column: column))
        }
    }

    /// Where an alias was used: the mark of the key it is the value of, or of the list it is an item of.
    private struct Use {
        /// The anchor's name, when the composed node still carries it.
        var anchor: String?
        var line: Int
        var column: Int
    }

    private struct Visit {
        var node: Node
        var depth: Int
        var use: Use?
    }

    static func check(
        _ root: Node, nodes limit: Int = ExperimentLimits.yamlNodes, depth depthLimit: Int = ExperimentLimits.yamlDepth
    ) throws(Exceeded) {
        var stack = [Visit(node: root, depth: 1, use: nil)]
        var visited = 0
        while let visit = stack.popLast() {
            visited += 1
            if visited > limit || visit.depth > depthLimit {
                let position = visit.use.map { ($0.line, $0.column) } ?? (visit.node.mark?.line ?? 1, visit.node.mark?.column ?? 1)
                let alias = visit.use.map { use in use.anchor.map { " through the alias '*\($0)'" } ?? " through an alias" } ?? ""
                let message =
                    visited > limit
                    ? "the YAML document expands to more than \(limit.groupedDigits) nodes\(alias)"
                    : "the YAML document nests more than \(depthLimit.groupedDigits) levels deep\(alias)"
                throw Exceeded(
                    message: message, hint: "an alias repeats all of its anchor's content: use fewer or smaller aliases",
                    line: max(position.0, 1), column: max(position.1, 1))
            }
            let parent = visit.node
            func push(_ child: Node, usedAt mark: Mark?) {
                var use = visit.use
                // Anchors come before their aliases: a child written before its parent is an alias's target (the
                // composed node may have lost its anchor's name; its mark is the anchor's place).
                if use == nil, let childMark = child.mark, let parentMark = parent.mark,
                    (childMark.line, childMark.column) < (parentMark.line, parentMark.column)
                {
                    let at = mark ?? parentMark
                    use = Use(anchor: child.anchor?.rawValue, line: at.line, column: at.column)
                }
                stack.append(Visit(node: child, depth: visit.depth + 1, use: use))
            }
            switch parent {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    push(value, usedAt: key.mark)
                    push(key, usedAt: key.mark)
                }
            case .sequence(let sequence):
                for item in sequence.reversed() { push(item, usedAt: nil) }
            case .scalar, .alias:
                break
            }
        }
    }

}
