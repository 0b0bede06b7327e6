import SweepModel
import SweepPlanner

/// The machines a run's steps go to: the controller (``LocalHost``), and an ``SSHHost`` for every host of the plan
/// with an `ssh` destination, each with one multiplexed connection for the run (`ControlPath` under the results
/// directory, closed at the end by ``closeConnections()``).
package struct RunHosts: Sendable {
    package let local: any Host
    private let remote: [String: SSHHost]
    private let declared: [String: StudyHost]

    /// Seconds `ssh` waits for a connection: a lost host fails fast.
    package static let connectTimeout = 10

    package init(plan: Plan, directory: String, local: any Host = LocalHost()) {
        self.local = local
        var remote: [String: SSHHost] = [:]
        for host in plan.hosts where host.isRemote {
            remote[host.name] = SSHHost(
                destination: host.ssh ?? host.name, options: host.sshOptions, controlPath: Self.controlPath(directory, host.name),
                connectTimeout: Self.connectTimeout, local: local)
        }
        self.remote = remote
        declared = Dictionary(plan.hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The host named `name` (a step's ``Step/host``): over ssh when it has a destination, else the controller.
    package subscript(_ name: String?) -> any Host {
        name.flatMap { remote[$0] } ?? local
    }

    /// The ssh host named `name`, `nil` for the controller and hosts without `ssh`.
    package func ssh(_ name: String?) -> SSHHost? { name.flatMap { remote[$0] } }

    /// The managed fio server of run `runID` on host `name`: at the host's declared address and port.
    package func fioServer(_ name: String, runID: String) -> FioServer {
        let declared = declared[name]
        return FioServer(
            host: self[name], hostName: name, address: declared?.fioAddress ?? name, port: declared?.port ?? StudyHost.defaultFioPort,
            runID: runID)
    }

    /// The names of the hosts reached over ssh, sorted.
    package var remoteNames: [String] { remote.keys.sorted() }

    /// Ends every multiplexed connection.
    package func closeConnections() async {
        for name in remoteNames { await remote[name]?.closeConnection() }
    }

    /// `RESULTS/.ssh-NAME` while it fits a socket path (108 bytes), else ssh's hashed `/tmp/iosweep-ssh-%C`.
    private static func controlPath(_ directory: String, _ name: String) -> String {
        let path = directory + "/.ssh-" + name
        return path.utf8.count < 100 ? path : "/tmp/iosweep-ssh-%C"
    }
}
