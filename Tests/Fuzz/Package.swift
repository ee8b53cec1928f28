// swift-tools-version: 6.2
// libFuzzer targets for kerio-siem. A package of its own, so the root package's `swift build`/`swift test` never
// compiles them: they only link with `-sanitize=fuzzer`. Build and run with `Scripts/fuzz.sh`, which passes
// `-Xswiftc -sanitize=fuzzer,address` so coverage and AddressSanitizer reach the library too.

import PackageDescription

let package = Package(
    name: "kerio-siem-fuzz",
    dependencies: [
        .package(name: "kerio-siem", path: "../..")
    ],
    targets: [
        // Hands `main` to libFuzzer's driver (see Entry.swift in each target for why).
        .target(name: "FuzzerEntry"),
        .executableTarget(
            name: "FuzzParser",
            dependencies: [
                "FuzzerEntry",
                .product(name: "KerioSIEM", package: "kerio-siem"),
                .product(name: "KerioSIEMSampleData", package: "kerio-siem"),
            ]
        ),
        .executableTarget(
            name: "FuzzExporters",
            dependencies: [
                "FuzzerEntry",
                .product(name: "KerioSIEM", package: "kerio-siem"),
                .product(name: "KerioSIEMCommands", package: "kerio-siem"),
            ]
        ),
    ]
)

for target in package.targets where target.type == .executable {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            // No top-level code: the entry points are `@_cdecl` functions (`LLVMFuzzerTestOneInput`, `<Target>_main`).
            .unsafeFlags(["-parse-as-library"]),
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
