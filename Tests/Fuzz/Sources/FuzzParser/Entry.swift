import FuzzerEntry

// SwiftPM links every executable with `--defsym main=<Target>_main` (so tests can link executables), which collides
// with the `main` libFuzzer brings. So the target defines `<Target>_main` itself and hands control to libFuzzer's
// driver, which parses `-max_total_time=…` and the corpus directories as usual.
@_cdecl("FuzzParser_main")
func fuzzParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    kerio_fuzz_run(argc, argv) { data, size in
        // libFuzzer may pass a null pointer for the empty input.
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
