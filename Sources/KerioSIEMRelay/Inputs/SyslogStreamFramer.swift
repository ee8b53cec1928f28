#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a syslog byte stream (TCP, TLS) into messages, detecting the framing of RFC 6587 frame by frame.
///
/// A frame that starts with a digit 1–9 followed by up to eight more digits and a space is octet-counted
/// (`MSG-LEN SP SYSLOG-MSG`, RFC 5425 §4.3); anything else is LF-framed (non-transparent framing: the message ends at
/// LF). The first digits of a file-format line (`2026-12-03T…`) are not followed by a space, so such lines stay
/// LF-framed. Runs of LF frames go to the converter in one call; an octet-counted message is streamed to it in pieces
/// as it arrives, never buffered whole here, so a frame cannot make memory grow (the parser's line limit cuts it).
///
/// ```swift
/// var framer = SyslogStreamFramer()
/// framer.feed(bytes, into: converter)   // any chunking
/// ```
public struct SyslogStreamFramer: Sendable {
    enum State: Sendable, Equatable {
        /// At the first byte of a frame.
        case frameStart
        /// Inside an LF frame (its start was fed already).
        case lineFrame
        /// Reading the length of an octet-counted frame: the digits so far.
        case length(Int, digits: Int)
        /// Inside an octet-counted frame: bytes still to come.
        case octets(Int)
    }

    var state = State.frameStart
    /// Octet-counted frames seen (for tests and metrics).
    public private(set) var octetCountedFrames = 0

    /// Creates a framer at the start of a stream.
    public init() {}

    /// Feeds the next bytes of the stream.
    ///
    /// Why a pointer: the bytes of a socket read are framed and converted in place, without a copy; they are only
    /// read during the call.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into converter: any MessageConverter) {
        var index = 0
        let count = bytes.count
        while index < count {
            switch state {
            case .frameStart:
                let byte = bytes[index]
                if byte >= 0x31 && byte <= 0x39 {
                    state = .length(Int(byte - 0x30), digits: 1)
                    index += 1
                } else {
                    index = feedLineFrames(bytes, from: index, into: converter)
                }
            case .lineFrame:
                index = feedLineFrames(bytes, from: index, into: converter)
            case .length(let value, let digits):
                let byte = bytes[index]
                if byte == 0x20 {
                    octetCountedFrames += 1
                    state = value == 0 ? .frameStart : .octets(value)
                    index += 1
                } else if byte >= 0x30 && byte <= 0x39 && digits < 9 {
                    state = .length(value * 10 + Int(byte - 0x30), digits: digits + 1)
                    index += 1
                } else {
                    // Not a length after all: the digits begin an LF-framed line.
                    Self.withDigits(value, count: digits) { converter.addStream($0) }
                    state = .lineFrame
                }
            case .octets(let remaining):
                let take = min(remaining, count - index)
                converter.addMessagePart(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                if take == remaining {
                    converter.endMessage()
                    state = .frameStart
                } else {
                    state = .octets(remaining - take)
                }
            }
        }
    }

    /// Feeds LF frames from `start` as one run, up to the first frame that may be octet-counted (a digit 1–9 right
    /// after an LF) or the end of the bytes. Returns where it stopped.
    private mutating func feedLineFrames(
        _ bytes: UnsafeRawBufferPointer, from start: Int, into converter: any MessageConverter
    ) -> Int {
        var index = start
        let count = bytes.count
        var end = count
        state = .lineFrame
        while index < count {
            guard let lineFeed = Self.firstLineFeed(bytes, from: index) else { break }
            index = lineFeed + 1
            if index == count {
                state = .frameStart
                break
            }
            let next = bytes[index]
            if next >= 0x31 && next <= 0x39 {
                end = index
                state = .frameStart
                break
            }
        }
        converter.addStream(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        return end
    }

    private static func firstLineFeed(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private static func withDigits(_ value: Int, count: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        var digits = [UInt8](repeating: 0x30, count: count)
        var rest = value
        for position in stride(from: count - 1, through: 0, by: -1) {
            digits[position] = UInt8(0x30 + rest % 10)
            rest /= 10
        }
        digits.withUnsafeBytes(body)
    }

    /// Whether the stream ended inside a frame (the rest of that message was lost with the connection).
    public var isInsideFrame: Bool {
        switch state {
        case .frameStart: false
        case .lineFrame, .length, .octets: true
        }
    }
}
