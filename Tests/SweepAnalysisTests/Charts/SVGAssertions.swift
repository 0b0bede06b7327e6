import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

/// Parses SVG text as XML (fails the test when it is not well-formed) and answers questions about it.
struct ParsedSVG {
    let document: XMLDocument
    /// Whether the root declares the SVG namespace.
    let declaresSVGNamespace: Bool

    init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            _ = try XMLDocument(xmlString: text, options: [])
            // Queries run on a copy without the default namespace: FoundationXML's attribute lookup ignores
            // attributes of namespaced elements.
            let namespace = " xmlns=\"http://www.w3.org/2000/svg\""
            declaresSVGNamespace = text.contains("<svg\(namespace)")
            document = try XMLDocument(xmlString: text.replacingOccurrences(of: namespace, with: ""), options: [])
        } catch {
            Issue.record("SVG is not well-formed XML: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    var root: XMLElement? { document.rootElement() }

    /// Every element named `name`, anywhere.
    func elements(_ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func walk(_ node: XMLNode) {
            if let element = node as? XMLElement, element.localName == name || element.name == name { found.append(element) }
            for child in node.children ?? [] { walk(child) }
        }
        if let root { walk(root) }
        return found
    }

    /// The string values of every `<text>` element.
    var texts: [String] { elements("text").compactMap(\.stringValue) }
}
