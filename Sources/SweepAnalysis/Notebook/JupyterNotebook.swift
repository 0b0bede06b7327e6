import Foundation

/// A Jupyter notebook in nbformat 4.5: markdown and code cells, no outputs, deterministic JSON.
public struct JupyterNotebook: Sendable, Hashable, Encodable {
    /// One notebook cell, without outputs.
    public struct Cell: Sendable, Hashable, Encodable {
        /// nbformat's `cell_type`.
        public enum Kind: String, Sendable, Hashable, Encodable {
            case markdown, code
        }

        public var id: String
        public var kind: Kind
        public var source: String

        public init(id: String, kind: Kind, source: String) {
            self.id = id
            self.kind = kind
            self.source = source
        }

        private enum CodingKeys: String, CodingKey {
            case id, cellType = "cell_type", source, metadata, outputs, executionCount = "execution_count"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(kind, forKey: .cellType)
            try container.encode([String: String](), forKey: .metadata)
            // nbformat stores source as a list of lines, each but the last ending in "\n".
            var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
            if let last = lines.popLast() { lines.append(String(last.dropLast())) }
            try container.encode(lines.filter { !$0.isEmpty }, forKey: .source)
            if kind == .code {
                try container.encode([String](), forKey: .outputs)
                try container.encodeNil(forKey: .executionCount)
            }
        }
    }

    public var cells: [Cell]

    public init(cells: [Cell]) {
        self.cells = cells
    }

    private enum CodingKeys: String, CodingKey {
        case cells, metadata, nbformat, nbformatMinor = "nbformat_minor"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cells, forKey: .cells)
        try container.encode(
            [
                "kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
                "language_info": ["name": "python"],
            ], forKey: .metadata)
        try container.encode(4, forKey: .nbformat)
        try container.encode(5, forKey: .nbformatMinor)
    }

    /// The `.ipynb` text: pretty-printed, keys sorted, so the same notebook gives the same bytes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
