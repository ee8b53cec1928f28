// swift-tools-version: 6.1
// Benchmarks for kerio-siem, in their own package so the library never depends on the benchmark framework.
//
//   swift package benchmark                 # ordo-one/benchmark: Parse, Export.<format>, Convert.<format>
//   ../Scripts/bench.sh                     # end to end on a generated 1 M-line file, per format and job count

import PackageDescription

let package = Package(
    name: "kerio-siem-benchmarks",
    dependencies: [
        .package(name: "kerio-siem", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
    ],
    targets: [
        // `swift package benchmark` discovers this target through the plugin and the Benchmarks/Conversion folder.
        .executableTarget(
            name: "Conversion",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KerioSIEM", package: "kerio-siem"),
                .product(name: "KerioSIEMSampleData", package: "kerio-siem"),
            ],
            path: "Benchmarks/Conversion",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The generator and the end-to-end file → file runner behind Scripts/bench.sh.
        .executableTarget(
            name: "kerio-siem-bench",
            dependencies: [
                .product(name: "KerioSIEM", package: "kerio-siem"),
                .product(name: "KerioSIEMSampleData", package: "kerio-siem"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
    ]
)

for target in package.targets {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
