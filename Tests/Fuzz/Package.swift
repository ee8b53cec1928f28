// swift-tools-version: 6.2
// libFuzzer targets for kerio-siem. A package of its own, so the root package's `swift build`/`swift test` never
// compiles them: they need `-sanitize=fuzzer`, which provides `main`. Build and run with `Scripts/fuzz.sh`.

import PackageDescription

let package = Package(
    name: "kerio-siem-fuzz",
    dependencies: [
        .package(name: "kerio-siem", path: "../.."),
    ],
    targets: [
        .target(name: "FuzzerEntry"),
        .executableTarget(
            name: "FuzzParser",
            dependencies: ["FuzzerEntry", .product(name: "KerioSIEM", package: "kerio-siem")]
        ),
        .executableTarget(
            name: "FuzzExporters",
            dependencies: [
                "FuzzerEntry",
                .product(name: "KerioSIEM", package: "kerio-siem"),
                .product(name: "KerioSIEMValidation", package: "kerio-siem"),
            ]
        ),
    ]
)

for target in package.targets where target.type == .executable {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        // libFuzzer supplies `main`; the entry point is `LLVMFuzzerTestOneInput`.
        .unsafeFlags(["-parse-as-library"]),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
