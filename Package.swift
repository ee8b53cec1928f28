// swift-tools-version: 6.2
// kerio-siem: Kerio Control security logs → CEF, LEEF, ECS JSON, CSV and XML.

import PackageDescription

let package = Package(
    name: "kerio-siem",
    products: [
        .library(name: "KerioSIEM", targets: ["KerioSIEM"]),
        .library(name: "KerioSIEMValidation", targets: ["KerioSIEMValidation"]),
        .library(name: "KerioSIEMRelay", targets: ["KerioSIEMRelay"]),
        .library(name: "KerioSIEMCommands", targets: ["KerioSIEMCommands"]),
        .library(name: "KerioSIEMTesting", targets: ["KerioSIEMTesting"]),
        .library(name: "KerioSIEMSampleData", targets: ["KerioSIEMSampleData"]),
        .executable(name: "kerio-siem", targets: ["kerio-siem"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The relay's network layer (KerioSIEMRelay only; the core stays free of NIO and Foundation).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
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
        // `kerio-siem relay`: syslog over UDP/TCP/TLS in, the shared parser and exporters, syslog, Splunk HEC,
        // Elasticsearch or a file out; one bounded queue between them.
        .target(
            name: "KerioSIEMRelay",
            dependencies: [
                "KerioSIEM",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "KerioSIEMCommands",
            dependencies: [
                "KerioSIEM",
                "KerioSIEMRelay",
                "KerioSIEMValidation",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
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
                "KerioSIEMSampleData",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KerioSIEMCommandsTests",
            dependencies: ["KerioSIEMCommands", "KerioSIEM"]
        ),
        .testTarget(
            name: "KerioSIEMRelayTests",
            dependencies: [
                "KerioSIEMRelay", "KerioSIEM",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
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
