/// The notebook `iosweep notebook` writes: loads the tidy CSV beside it with pandas and redraws the
/// report's charts with seaborn — a starting point for analysis in Jupyter, as the seed did by hand.
public struct AnalysisNotebook: Sendable, Hashable {
    /// A metric column of the CSV.
    public struct MetricColumn: Sendable, Hashable {
        public var name: String
        public var unit: String
        public init(name: String, unit: String) {
            self.name = name
            self.unit = unit
        }
    }

    public var title: String
    public var description: String
    /// The CSV's file name, relative to the notebook.
    public var csvFileName: String
    /// Axis columns of the CSV, in order.
    public var axes: [String]
    public var metrics: [MetricColumn]
    /// The x axis of the charts (`numjobs`), the axis drawn as one line per value (`disks`), and up to two
    /// more shown as facet columns and rows; other axes are averaged by seaborn (with a confidence band).
    public var x: String?
    public var hue: String?
    public var facets: [String]
    /// Draw the x axis in log₂ (doubling sweeps).
    public var logX: Bool

    public init(
        title: String, description: String = "", csvFileName: String, axes: [String], metrics: [MetricColumn],
        x: String?, hue: String?, facets: [String] = [], logX: Bool
    ) {
        self.title = title
        self.description = description
        self.csvFileName = csvFileName
        self.axes = axes
        self.metrics = metrics
        self.x = x
        self.hue = hue
        self.facets = Array(facets.prefix(2))
        self.logX = logX
    }

    public var notebook: JupyterNotebook {
        var cells: [JupyterNotebook.Cell] = []
        func add(_ kind: JupyterNotebook.Cell.Kind, _ source: String) {
            cells.append(.init(id: "cell-\(cells.count + 1)", kind: kind, source: source))
        }
        var intro = "# \(title)\n\n"
        if !description.isEmpty { intro += "\(description)\n\n" }
        intro +=
            "Exported by `iosweep notebook`: one row per cell in `\(csvFileName)`, axis columns "
            + axes.map { "`\($0)`" }.joined(separator: ", ") + ", then one column per metric."
        add(.markdown, intro)
        add(
            .code,
            """
            import pandas as pd
            import matplotlib.pyplot as plt
            import seaborn as sns

            sns.set_theme(style="whitegrid", palette="colorblind")
            df = pd.read_csv(\(Self.python(csvFileName)))
            AXES = \(Self.python(axes))
            UNITS = {\(metrics.map { "\(Self.python($0.name)): \(Self.python($0.unit))" }.joined(separator: ", "))}
            df
            """)
        guard let x else { return JupyterNotebook(cells: cells) }
        var setup = """
            # Axis values as ordered categories for colours and facets; the x axis stays numeric.
            def ordered(column):
                values = sorted(df[column].dropna().unique(), key=lambda v: (isinstance(v, str), v))
                return pd.Categorical(df[column].map(str), categories=[str(v) for v in values], ordered=True)

            plot = df.copy()

            """
        for axis in ([hue].compactMap { $0 } + facets) { setup += "plot[\(Self.python(axis))] = ordered(\(Self.python(axis)))\n" }
        add(.code, setup)
        for metric in metrics {
            add(.markdown, "## \(metric.name)" + (metric.unit.isEmpty ? "" : " (\(metric.unit))"))
            var arguments = ["data=plot", "x=\(Self.python(x))", "y=\(Self.python(metric.name))", "kind=\"line\"", "markers=True"]
            if let hue { arguments += ["hue=\(Self.python(hue))", "style=\(Self.python(hue))", "dashes=True"] }
            if let column = facets.first { arguments.append("col=\(Self.python(column))") }
            if facets.count > 1 { arguments.append("row=\(Self.python(facets[1]))") }
            var code = "g = sns.relplot(\(arguments.joined(separator: ", ")), height=4, aspect=1.3)\n"
            let label = metric.unit.isEmpty ? metric.name : "\(metric.name) (\(metric.unit))"
            code += "g.set_axis_labels(\(Self.python(x)), \(Self.python(label)))\n"
            if logX {
                code += """
                    ticks = sorted(df[\(Self.python(x))].dropna().unique())
                    for ax in g.axes.flat:
                        ax.set_xscale("log", base=2)
                        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])

                    """
            }
            code += "plt.show()"
            add(.code, code)
            if let hue {
                var index = [x] + facets
                index = index.filter { $0 != hue }
                add(.code, "df.pivot_table(index=\(Self.python(index)), columns=\(Self.python(hue)), values=\(Self.python(metric.name)))")
            }
        }
        return JupyterNotebook(cells: cells)
    }

    /// A Python string or list literal.
    static func python(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "\"": literal += "\\\""
            case "\n": literal += "\\n"
            default:
                if scalar.value < 0x20 {
                    literal += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }

    static func python(_ list: [String]) -> String {
        "[" + list.map { python($0) }.joined(separator: ", ") + "]"
    }
}
