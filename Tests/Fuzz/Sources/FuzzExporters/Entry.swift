import FuzzerEntry

// See FuzzParser's Entry.swift: SwiftPM's `--defsym main=<Target>_main` replaces libFuzzer's `main`, so the target
// defines `<Target>_main` and hands control to libFuzzer's driver.
@_cdecl("FuzzExporters_main")
func fuzzExportersMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    prepareValidators()
    return kerio_fuzz_run(argc, argv) { data, size in
        guard let data else { return withUnsafePointer(to: 0 as UInt8) { fuzz($0, 0) } }
        return fuzz(data, size)
    }
}
