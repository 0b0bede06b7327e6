import SweepModel

/// The `results` template when it is literals and bare names only (`${ndisks}-disks/${numjobs}-jobs`): each
/// cell's path is then joined from its values' text, without evaluating, as ``Template/evaluate(_:)`` makes it.
struct ResultPathTemplate {
    /// A piece of the path: fixed text, or the text of the cell's value at an index of its entries.
    private enum Piece {
        case text([UInt8])
        case value(Int)
    }

    private let template: String?
    private let base: [String: Value]
    /// Whether ``read(_:at:)`` has looked at the template (at the first cell, where its problems are reported).
    private(set) var isRead = false
    private var parts: [Template.Part]?
    /// The names of the cells' entries, and the pieces of the path for them: `nil` when some name is neither
    /// an entry nor in `base` (the evaluation reports it), or the template is not literals and names.
    private var names: [String] = []
    private var pieces: [Piece]?
    private var piecesMade = false
    private var bytes: [UInt8] = []

    /// The template `results` of cells that also see `base`.
    init(_ results: String?, base: [String: Value]) {
        template = results
        self.base = base
    }

    /// Parses the template (reporting its problems) and keeps it when it is literals and bare names.
    mutating func read(_ resolver: inout Resolver, at path: FieldPath) {
        isRead = true
        guard let template, template.containsMarker("$"), let parsed = resolver.template(template, at: path),
            parsed.parts.allSatisfy({ if case .expression(.name) = $0 { true } else if case .literal = $0 { true } else { false } })
        else { return }
        parts = parsed.parts
        piecesMade = false
    }

    /// Cells from now on have entries named `names`.
    mutating func use(names: [String]) {
        self.names = names
        piecesMade = false
    }

    /// The path of the cell with `entries` (named as ``use(names:)`` said) and its ``StringIndex/hash(_:)``,
    /// or `nil` when it has to be evaluated.
    mutating func path(_ entries: [Settings.Entry]) -> (path: String, hash: UInt64)? {
        if !piecesMade { makePieces() }
        guard let pieces else { return nil }
        bytes.removeAll(keepingCapacity: true)
        for piece in pieces {
            switch piece {
            case .text(let text): bytes.append(contentsOf: text)
            case .value(let index): Self.append(entries[index].value, to: &bytes)
            }
        }
        return bytes.withUnsafeBufferPointer { buffer in
            (String(decoding: buffer, as: UTF8.self), StringIndex.hash(UnsafeRawBufferPointer(buffer)))
        }
    }

    private mutating func makePieces() {
        piecesMade = true
        pieces = parts.flatMap { parts in
            var pieces: [Piece] = []
            for part in parts {
                switch part {
                case .literal(let literal):
                    pieces.append(.text(Array(literal.utf8)))
                case .expression(.name(let name, _)):
                    if let index = names.firstIndex(of: name) {
                        pieces.append(.value(index))
                    } else if let value = base[name] {
                        pieces.append(.text(Array(value.text.utf8)))
                    } else {
                        return nil
                    }
                case .expression:
                    return nil
                }
            }
            return pieces
        }
    }

    /// Appends ``Value/text`` of `value`.
    private static func append(_ value: Value, to bytes: inout [UInt8]) {
        switch value {
        case .string(let text):
            bytes.append(contentsOf: text.utf8)
        case .int(let number):
            bytes.appendDecimal(number)
        default:
            bytes.append(contentsOf: value.text.utf8)
        }
    }
}
