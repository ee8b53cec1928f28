import KerioSIEM
import Testing

struct LineSplitterTests {
    /// Splits `input` fed in chunks of `chunkSize` bytes; returns each line with its full length.
    static func split(_ input: [UInt8], chunkSize: Int, limit: Int = 65_536) -> [([UInt8], Int)] {
        var splitter = LineSplitter(maximumLineLength: limit)
        var lines: [([UInt8], Int)] = []
        var start = 0
        input.withUnsafeBufferPointer { all in
            while start < all.count {
                let end = min(all.count, start + chunkSize)
                splitter.feed(UnsafeBufferPointer(rebasing: all[start..<end])) {
                    lines.append((Array($0.bytes), $0.fullLength))
                }
                start = end
            }
        }
        splitter.finish { lines.append((Array($0.bytes), $0.fullLength)) }
        return lines
    }

    static let inputs: [String] = [
        "a\nbb\nccc\n",
        "a\r\nbb\r\n\r\nccc",
        "no final newline",
        "\n\n\n",
        "cr\rinside\r\nand at end\r",
        "",
        "x",
    ]

    @Test("Every chunk size splits identically", arguments: inputs)
    func chunkingDoesNotMatter(_ text: String) {
        let bytes = Array(text.utf8)
        let whole = Self.split(bytes, chunkSize: max(bytes.count, 1)).map(\.0)
        for size in 1...max(bytes.count, 1) {
            #expect(Self.split(bytes, chunkSize: size).map(\.0) == whole, "chunk size \(size)")
        }
    }

    /// Where each line really starts in `bytes` (after the previous LF), for the lines the splitter emits.
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        if starts.last == bytes.count { starts.removeLast() }
        return starts
    }

    @Test("A line's offset is where it starts in the stream, at every chunk size", arguments: inputs)
    func offsetsAtEveryChunkSize(_ text: String) {
        let bytes = Array(text.utf8)
        for size in 1...max(bytes.count, 1) {
            var splitter = LineSplitter(maximumLineLength: 4)
            var offsets: [Int] = []
            var start = 0
            bytes.withUnsafeBufferPointer { all in
                while start < all.count {
                    let end = min(all.count, start + size)
                    splitter.feed(UnsafeBufferPointer(rebasing: all[start..<end])) { offsets.append($0.offset) }
                    start = end
                }
            }
            splitter.finish { offsets.append($0.offset) }
            #expect(offsets == Self.lineStarts(bytes), "chunk size \(size)")
        }
    }

    @Test func terminators() {
        let lines = Self.split(Array("a\r\nb\nc\rd\r\n\ne".utf8), chunkSize: 100).map {
            String(decoding: $0.0, as: UTF8.self)
        }
        // LF and CR LF end lines; a lone CR is data (it must not let a value start a forged record).
        #expect(lines == ["a", "b", "c\rd", "", "e"])
    }

    @Test("Samples split identically at every chunk size", arguments: Fixtures.sampleNames)
    func samplesAtEveryChunkSize(_ name: String) throws {
        let bytes = try Fixtures.sample(name)
        let expected = try Fixtures.sampleLines(name)
        for size in [1, 2, 3, 5, 7, 13, 64, 100, 333, 4096, bytes.count] {
            #expect(Self.split(bytes, chunkSize: size).map(\.0) == expected, "chunk size \(size)")
        }
    }

    @Test(arguments: [1, 2, 3, 9, 10, 11, 50])
    func longLinesAreCutAtTheLimit(chunkSize: Int) {
        let input = Array("0123456789ABCDEF\nshort\n0123456789\r\n".utf8)
        let lines = Self.split(input, chunkSize: chunkSize, limit: 10)
        #expect(lines.map { String(decoding: $0.0, as: UTF8.self) } == ["0123456789", "short", "0123456789"])
        #expect(lines.map(\.1) == [16, 5, 10])
    }
}
