public import NIOSSL

/// TLS for listeners (`tls://` in `--listen`) and for outputs (`tls://`, `https` in `--to`); TLS 1.2 or later.
///
/// ```swift
/// var tls = TLSSettings()
/// tls.certificatePath = "/etc/kerio-siem/relay.pem"
/// tls.keyPath = "/etc/kerio-siem/relay.key"
/// let server = try tls.makeServerContext()
/// ```
public struct TLSSettings: Sendable, Hashable {
    /// The listener's certificate chain (PEM), `--tls-cert`.
    public var certificatePath: String?
    /// The listener's private key (PEM), `--tls-key`.
    public var keyPath: String?
    /// CA certificates (PEM) client certificates must chain to: mutual TLS, `--tls-client-ca`.
    public var clientCAPath: String?
    /// CA certificates (PEM) the output's server must chain to, instead of the system roots: `--tls-ca`.
    public var serverCAPath: String?
    /// The relay's own certificate and key when the output asks for one: `--tls-client-cert`, `--tls-client-key`.
    public var clientCertificatePath: String?
    /// See ``clientCertificatePath``.
    public var clientKeyPath: String?
    /// The name the output's certificate must show and SNI sends, when not the host of `--to`: `--tls-server-name`.
    public var serverName: String?
    /// No verification of the output's certificate (`--tls-insecure`), only when asked for.
    public var insecure = false

    /// Creates settings with nothing set.
    public init() {}

    /// The context of `tls://` listeners.
    /// - Throws: ``RelayConfigurationError`` when the certificate or key is missing or cannot be read.
    public func makeServerContext() throws(RelayConfigurationError) -> NIOSSLContext {
        guard let certificatePath, let keyPath else {
            throw .invalidSetting("--listen tls://", "a TLS listener needs --tls-cert and --tls-key")
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            var configuration: TLSConfiguration
            if let clientCAPath {
                configuration = .makeServerConfigurationWithMTLS(
                    certificateChain: chain, privateKey: .privateKey(key),
                    trustRoots: .certificates(try NIOSSLCertificate.fromPEMFile(clientCAPath)))
                configuration.certificateVerification = .noHostnameVerification
            } else {
                configuration = .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            }
            configuration.minimumTLSVersion = .tlsv12
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .invalidSetting("--tls-cert/--tls-key/--tls-client-ca", "cannot be used: \(error)")
        }
    }

    /// The configuration of `tls://` and `https` outputs: system roots (or ``serverCAPath``), hostname verification
    /// unless ``insecure``, a client certificate if given.
    /// - Throws: ``RelayConfigurationError`` when a file cannot be read.
    public func makeClientConfiguration() throws(RelayConfigurationError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        do {
            if let serverCAPath {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(serverCAPath))
            }
            if let clientCertificatePath, let clientKeyPath {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificatePath).map {
                    .certificate($0)
                }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientKeyPath, format: .pem))
            } else if (clientCertificatePath == nil) != (clientKeyPath == nil) {
                throw RelayConfigurationError.invalidSetting(
                    "--tls-client-cert/--tls-client-key", "give both, or neither")
            }
        } catch let error as RelayConfigurationError {
            throw error
        } catch {
            throw .invalidSetting("--tls-ca/--tls-client-cert/--tls-client-key", "cannot be used: \(error)")
        }
        if insecure { configuration.certificateVerification = .none }
        return configuration
    }
}
