import ArgumentParser
import KerioSIEM
import KerioSIEMRelay

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The receiving side of `kerio-siem relay`: who may send, limits, TLS listeners, how messages are parsed.
struct ListenOptions: ParsableArguments {
    @Option(
        name: .customLong("allow"),
        help: ArgumentHelp("Accept only these senders: CIDR blocks (repeatable).", valueName: "cidr"))
    var allow: [String] = []

    @Option(
        help: ArgumentHelp(
            "Longest message, in bytes; longer ones become unparsed line_too_long records.", valueName: "bytes"))
    var maxMessageSize = 65_536

    @Option(
        help: ArgumentHelp("TCP/TLS connections accepted at once; more are closed and counted.", valueName: "count"))
    var maxConnections = 1_000

    @Option(help: ArgumentHelp("Close a connection that sent nothing for this long (0: never).", valueName: "seconds"))
    var idleTimeout: Double = 3_600

    @Flag(help: "Also deliver unparsed lines as records (as convert's --emit-unparsed); otherwise they are counted.")
    var emitUnparsed = false

    @Option(
        help: ArgumentHelp(
            "Year for RFC 3164 times, which carry none (default: inferred from the clock).", valueName: "year"))
    var syslogYear: Int?

    @Option(help: ArgumentHelp("Certificate chain (PEM) of tls:// listeners.", valueName: "file"), completion: .file())
    var tlsCert: String?

    @Option(help: ArgumentHelp("Private key (PEM) of tls:// listeners.", valueName: "file"), completion: .file())
    var tlsKey: String?

    @Option(
        help: ArgumentHelp("Require client certificates from this CA (PEM): mutual TLS.", valueName: "file"),
        completion: .file())
    var tlsClientCa: String?

    /// Refuses values that cannot work, before anything is bound.
    func check() throws {
        for (flag, value, minimum) in [
            ("--max-message-size", maxMessageSize, 480), ("--max-connections", maxConnections, 1),
        ]
        where value < minimum {
            throw ValidationError("\(flag) must be at least \(minimum)")
        }
        guard idleTimeout >= 0 && idleTimeout <= 604_800 else {
            throw ValidationError("--idle-timeout must be between 0 and 604800 seconds")
        }
        do { _ = try AllowList(allow) } catch { throw ValidationError(error.description) }
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("give --tls-cert and --tls-key together") }
        if tlsClientCa != nil && tlsCert == nil {
            throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key")
        }
        if let syslogYear, !(1...9_999).contains(syslogYear) {
            throw ValidationError("--syslog-year must be between 1 and 9999")
        }
    }

    /// The parser and conversion settings for received messages.
    func conversion(timeZone: KerioTimeZone) -> ConversionSettings {
        let parser = SecurityLogParser(
            limits: ParserLimits(maximumLineLength: maxMessageSize),
            syslogYear: syslogYear.map(SyslogYearRule.fixed) ?? .inferred(now: LineOptions.now()))
        var conversion = ConversionOptions()
        conversion.emitUnparsed = emitUnparsed
        return ConversionSettings(parser: parser, conversion: conversion, timeZone: timeZone)
    }

    /// Writes the listening settings into `configuration`.
    func apply(to configuration: inout RelayConfiguration) throws {
        configuration.allow = try AllowList(allow)
        configuration.maximumMessageSize = maxMessageSize
        configuration.maximumConnections = maxConnections
        configuration.idleTimeout = idleTimeout > 0 ? .milliseconds(Int64(idleTimeout * 1_000)) : nil
        configuration.tls.certificatePath = tlsCert
        configuration.tls.keyPath = tlsKey
        configuration.tls.clientCAPath = tlsClientCa
    }
}
