// swift-tools-version: 6.2
// kerio-siem: Kerio Control security logs → CEF, LEEF, ECS JSON, CSV and XML.

import PackageDescription

let package = Package(
    name: "kerio-siem",
    products: [
        .library(name: "KerioSIEM", targets: ["KerioSIEM"]),
        .library(name: "KerioSIEMValidation", targets: ["KerioSIEMValidation"]),
        .library(name: "KerioSIEMCommands", targets: ["KerioSIEMCommands"]),
        .library(name: "KerioSIEMTesting", targets: ["KerioSIEMTesting"]),
        .library(name: "KerioSIEMSampleData", targets: ["KerioSIEMSampleData"]),
        .executable(name: "kerio-siem", targets: ["kerio-siem"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // Only for `swift package generate-documentation` (the DocC catalog in Sources/KerioSIEM/KerioSIEM.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The core: event model, parser, exporter interface and built-in formats, conversion pipeline and file I/O. Standard library, swift-system and zlib.
        .target(
            name: "KerioSIEM",
            dependencies: ["CZlib", .product(name: "SystemPackage", package: "swift-system")],
            // The CEF/LEEF field table: the source of the two generated writers, read by the generator, not compiled.
            exclude: ["Formats/Shared/CEFLEEFFieldTable.txt"]
        ),
        // zlib, used only to read gzip-compressed inputs (rotated logs).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The schemas in Schemas/, compiled into the binary so validation needs no resource bundle at run time.
        .target(
            name: "KerioSIEMSchemas",
            path: "Schemas",
            exclude: ["README.md"],
            resources: [
                .embedInCode("kerio-siem-events.xsd"),
                .embedInCode("ecs-event.schema.json"),
                .embedInCode("csv.schema.json"),
                .embedInCode("cef.schema.json"),
                .embedInCode("leef.schema.json"),
            ]
        ),
        // libxml2, used only by KerioSIEMValidation's XML Schema validator.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "KerioSIEMValidation",
            dependencies: ["KerioSIEM", "KerioSIEMSchemas", "CLibXML2"]
        ),
        .target(
            name: "KerioSIEMCommands",
            dependencies: [
                "KerioSIEM",
                "KerioSIEMValidation",
                "KerioSIEMSampleData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The conformance kit third-party exporters (and our own five) must pass.
        .target(name: "KerioSIEMTesting", dependencies: ["KerioSIEM"]),
        // Realistic generated Kerio logs for `kerio-siem sample`, benchmarks and property tests — not the core's API.
        .target(name: "KerioSIEMSampleData", dependencies: ["KerioSIEM"]),
        .executableTarget(name: "kerio-siem", dependencies: ["KerioSIEMCommands"]),

        .testTarget(
            name: "KerioSIEMTests",
            dependencies: ["KerioSIEM", "KerioSIEMTesting", "KerioSIEMSampleData"],
            exclude: ["Golden", "Resources"]
        ),
        .testTarget(
            name: "KerioSIEMValidationTests",
            dependencies: [
                "KerioSIEM", "KerioSIEMValidation", "KerioSIEMSchemas", "KerioSIEMCommands", "KerioSIEMTesting",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KerioSIEMCommandsTests",
            dependencies: ["KerioSIEMCommands", "KerioSIEM"]
        ),
        // Shows how a third party adds its own format from its own module, and runs it through the CLI's registry.
        .testTarget(
            name: "ThirdPartyExporterTests",
            dependencies: ["KerioSIEM", "KerioSIEMTesting", "KerioSIEMCommands"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
