/// A machine a study uses besides the one iosweep runs on (the controller): a storage server whose pool or file
/// system is built over `ssh`, a load generator running a `fio --server`, a host whose collectors sample it.
///
/// ```yaml
/// hosts:
///   - { name: storage, ssh: root@10.20.0.2, ssh-options: [-i, keys/id_ed25519] }
///   - { name: c1, address: 10.20.0.3, ssh: root@10.20.0.3, fio-port: 8765 }
/// ```
public struct StudyHost: Hashable, Sendable, Codable {
    /// The name steps, collectors and `workload.fio.clients` use (`${hosts}` lists them).
    public var name: String
    /// The address fio's `--client=` connects to; `nil` is the host part of ``ssh`` (`10.20.0.3` of
    /// `root@10.20.0.3`), or `127.0.0.1` for the controller.
    public var address: String?
    /// The `ssh` destination (`root@10.20.0.2`, an `ssh_config` alias); `nil` is the controller itself.
    public var ssh: String?
    /// More `ssh` arguments, an argv list (`[-i, keys/id_ed25519, -p, "2222"]`), given before the destination.
    public var sshOptions: [String]
    /// The TCP port of the host's `fio --server`; `nil` is fio's default, 8765.
    public var fioPort: Int?

    /// fio's default server port.
    public static let defaultFioPort = 8765

    public init(name: String, address: String? = nil, ssh: String? = nil, sshOptions: [String] = [], fioPort: Int? = nil) {
        self.name = name
        self.address = address
        self.ssh = ssh
        self.sshOptions = sshOptions
        self.fioPort = fioPort
    }

    /// The address fio connects to: ``address``, else the host part of ``ssh`` (after `user@`), else `127.0.0.1`.
    public var fioAddress: String {
        if let address { return address }
        guard let ssh else { return "127.0.0.1" }
        let host = ssh.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ssh
        return host.isEmpty ? ssh : host
    }

    /// The port of the host's fio server.
    public var port: Int { fioPort ?? Self.defaultFioPort }

    /// Whether commands for this host run over ssh (else on the controller).
    public var isRemote: Bool { ssh != nil }
}
