import Foundation
import KerioSIEM
import SystemPackage
import Testing

/// ``AtomicFileOutput``: temporary file and rename for regular files, in place for everything else.
struct AtomicFileOutputTests {
    private func write(_ text: String, to output: AtomicFileOutput) throws {
        var text = text
        try text.withUTF8 { try output.write($0) }
    }

    @Test func aNewFileAppearsOnlyOnCommit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = try AtomicFileOutput(path: FilePath(directory.path("out.txt")))
        try write("hello\n", to: output)

        let temporary = try #require(output.temporaryPath)
        #expect(!output.writesInPlace)
        #expect(temporary.removingLastComponent() == FilePath(directory.url.path))
        #expect(directory.contents() == [temporary.lastComponent!.string])
        #expect(output.bytesWritten == 6)

        try output.commit()
        #expect(directory.contents() == ["out.txt"])
        #expect(directory.read("out.txt") == Array("hello\n".utf8))
        try output.commit()  // a second commit does nothing
    }

    @Test func discardKeepsTheOldFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("out.txt", "old\n")
        let output = try AtomicFileOutput(path: FilePath(directory.path("out.txt")))
        try write("new\n", to: output)

        output.discard()

        #expect(directory.contents() == ["out.txt"])
        #expect(directory.read("out.txt") == Array("old\n".utf8))
    }

    @Test func droppingAnUncommittedOutputDeletesTheTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let output = try AtomicFileOutput(path: FilePath(directory.path("out.txt")))
            try write("partial", to: output)
            #expect(directory.contents().count == 1)
        }
        #expect(directory.contents().isEmpty)
    }

    @Test func relativePathsUseTheCurrentDirectory() throws {
        let output = try AtomicFileOutput(path: FilePath("kerio-siem-relative-\(UUID().uuidString).txt"))
        defer { output.discard() }
        let temporary = try #require(output.temporaryPath)
        #expect(temporary.components.count == 1)
        #expect(FileManager.default.fileExists(atPath: temporary.string))
    }

    @Test(arguments: ["/dev/null", "/dev/stdout", "/dev/stderr", "/proc/self/fd/2", "/dev/fd/1"])
    func specialFilesAreWrittenInPlace(path: String) throws {
        let output = try AtomicFileOutput(path: FilePath(path))
        #expect(output.writesInPlace)
        #expect(output.temporaryPath == nil)
        if path == "/dev/null" { try write("nothing", to: output) }
        try output.commit()
    }

    @Test func inheritedDescriptorsAreNotClosed() throws {
        let output = try AtomicFileOutput(path: "/dev/stderr")
        #expect(output.fileDescriptor == .standardError)
        try output.commit()
        #expect(fcntl(STDERR_FILENO, F_GETFD) != -1)
    }

    @Test func aDirectoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: FileIOError.isDirectory(path: directory.url.path)) {
            _ = try AtomicFileOutput(path: FilePath(directory.url.path))
        }
    }

    @Test func aMissingDirectoryIsACreateError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("missing/out.txt")
        #expect(throws: FileIOError.failed(.create, path: path, .noSuchFileOrDirectory)) {
            _ = try AtomicFileOutput(path: FilePath(path))
        }
    }

    @Test func aFullDeviceIsNoSpace() throws {
        let output = try AtomicFileOutput(path: "/dev/full")
        #expect(throws: FileIOError.noSpace(path: "/dev/full")) { try write("x", to: output) }
        output.discard()
    }

    @Test func veryLongNamesStillGetATemporaryFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let name = String(repeating: "n", count: 250)
        let output = try AtomicFileOutput(path: FilePath(directory.path(name)))
        try output.commit()
        #expect(directory.contents() == [name])
    }
}
