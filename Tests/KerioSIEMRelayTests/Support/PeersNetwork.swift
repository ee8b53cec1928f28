import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Loopback sockets for the real-peer tests, in plain POSIX calls: a free port, bytes sent over TCP, connections
/// held open, an HTTP GET of the relay's `/metrics`. Every call is bounded by a timeout.
enum PeerNetwork {
    /// A TCP port free on `host` right now (bound to port 0, read back, closed): for daemons that need a fixed port.
    static func freePort(host: String = "127.0.0.1") throws -> Int {
        let socket = try connectable(host: host, port: 0)
        defer { close(socket.descriptor) }
        var address = socket.address
        var length = socklen_t(address.count)
        let bound = address.withUnsafeMutableBytes { raw in
            raw.baseAddress!.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                Glibc.bind(socket.descriptor, pointer, length) == 0
                    && getsockname(socket.descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw PeerNetworkError("cannot bind \(host):0: errno \(errno)") }
        // sin_port and sin6_port are both at offset 2, in network byte order.
        return Int(address[2]) << 8 | Int(address[3])
    }

    /// Sends `bytes` to `host:port` over TCP and closes (the peer sees the end of the stream).
    static func send(_ bytes: [UInt8], host: String = "127.0.0.1", port: Int) throws {
        let descriptor = try connect(host: host, port: port)
        defer { close(descriptor) }
        try write(bytes, to: descriptor)
    }

    /// Opens a TCP connection and returns its descriptor (the caller closes it).
    static func connect(host: String, port: Int, timeout: Duration = .seconds(5)) throws -> Int32 {
        let socket = try connectable(host: host, port: port)
        setTimeouts(socket.descriptor, timeout)
        let connected = socket.address.withUnsafeBytes { raw in
            raw.baseAddress!.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket.descriptor, $0, socklen_t(raw.count)) == 0
            }
        }
        guard connected else {
            let code = errno
            close(socket.descriptor)
            throw PeerNetworkError("cannot connect to \(host):\(port): errno \(code)")
        }
        return socket.descriptor
    }

    /// Writes every byte (a blocking socket with a send timeout).
    static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw PeerNetworkError("send failed: errno \(errno)") }
            offset += written
        }
    }

    /// Reads until the peer closes (or the receive timeout): what a one-request HTTP server answered.
    static func readToEnd(_ descriptor: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            result.append(contentsOf: buffer[..<count])
        }
        return result
    }

    /// Whether the peer closed the connection within `timeout` (a read returns end of stream or a reset).
    static func closedByPeer(_ descriptor: Int32, within timeout: Duration) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1_000)
        guard poll(&poller, 1, milliseconds) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }

    /// `GET path` on `host:port`: the status code and the body.
    static func get(_ path: String, host: String = "127.0.0.1", port: Int) throws -> (status: Int, body: String) {
        let descriptor = try connect(host: host, port: port)
        defer { close(descriptor) }
        try write(Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8), to: descriptor)
        let text = String(decoding: readToEnd(descriptor), as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let statusLine = parts.first?.split(separator: "\r\n").first ?? ""
        let fields = statusLine.split(separator: " ")
        guard fields.count >= 2, let status = Int(fields[1]) else {
            throw PeerNetworkError("no HTTP answer from \(host):\(port)\(path): \(text.prefix(200))")
        }
        return (status, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The resident set size of process `pid` in KiB (VmRSS in /proc), or nil.
    static func residentKiB(of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    private static func setTimeouts(_ descriptor: Int32, _ timeout: Duration) {
        var value = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// A TCP socket for `host` (an IPv4 or IPv6 literal) and its address bytes.
    private static func connectable(host: String, port: Int) throws -> (descriptor: Int32, address: [UInt8]) {
        var address: [UInt8]
        let family: Int32
        if host.contains(":") {
            var ipv6 = sockaddr_in6()
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, host, &ipv6.sin6_addr) == 1 else { throw PeerNetworkError("bad address \(host)") }
            address = withUnsafeBytes(of: ipv6) { Array($0) }
            family = AF_INET6
        } else {
            var ipv4 = sockaddr_in()
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, host, &ipv4.sin_addr) == 1 else { throw PeerNetworkError("bad address \(host)") }
            address = withUnsafeBytes(of: ipv4) { Array($0) }
            family = AF_INET
        }
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PeerNetworkError("socket failed: errno \(errno)") }
        return (descriptor, address)
    }
}

/// A loopback socket call that failed.
struct PeerNetworkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
