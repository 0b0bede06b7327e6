import PackagePlugin

@main
struct CheckExperiments: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        Diagnostics.remark("check-experiments: not implemented yet")
    }
}
