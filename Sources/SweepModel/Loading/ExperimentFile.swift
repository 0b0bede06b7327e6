/// A loaded experiment file: the model, where each field was written, and the text it came from.
public struct ExperimentFile: Hashable, Sendable {
    public var experiment: Experiment
    public var sourceMap: SourceMap
    /// The path as given (`-` for standard input); relative `job-file`s are resolved against its directory.
    public var path: String
    /// The file's text, for rendering diagnostics with the source line.
    public var text: String

    public init(experiment: Experiment, sourceMap: SourceMap, path: String, text: String) {
        self.experiment = experiment
        self.sourceMap = sourceMap
        self.path = path
        self.text = text
    }

    /// The directory relative paths in the experiment (`job-file`) are resolved against.
    public var directory: String { ExperimentLoader.directory(of: path) }

    /// Locates diagnostics found after loading (the planner's: duplicate result paths, slices beyond the
    /// disk list …) through the source map, in source order. Diagnostics that already have a location are kept.
    public func locate(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        sourceMap.locate(diagnostics)
    }

    /// Renders diagnostics compiler style against this file's text.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticRenderer.render(locate(diagnostics), source: text, file: path)
    }
}
