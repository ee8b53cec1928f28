#!/usr/bin/env bash
# Formats the Swift sources with the checked-in .swift-format configuration, or checks them (what CI runs).
#
#   Scripts/format.sh           # rewrite in place
#   Scripts/format.sh --lint    # report every deviation and fail (swift format lint --strict)
#
# The paths are listed, not globbed from the top: Tests/Fuzz and Benchmarks are packages of their own, and their .build
# folders hold other people's sources.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests/KerioSIEMTests Tests/KerioSIEMValidationTests Tests/KerioSIEMCommandsTests Tests/KerioSIEMRelayTests
    Tests/ThirdPartyExporterTests Tests/Fuzz/Package.swift Tests/Fuzz/Sources Benchmarks/Package.swift
    Benchmarks/Sources Benchmarks/Benchmarks Schemas/KerioSIEMSchemas.swift)
if [[ "${1:-}" == "--lint" ]]; then
    swift format lint --strict --recursive --parallel "${paths[@]}"
else
    swift format format --in-place --recursive --parallel "${paths[@]}"
fi
