#!/usr/bin/env bash
# Regenerates the CEF and LEEF pair writers from Sources/KerioSIEM/Formats/Shared/CEFLEEFFieldTable.txt:
#
#   Scripts/generate-field-writers.sh
#
# writes Sources/KerioSIEM/Formats/CEF/CEFExtensionWriter.generated.swift and
# Sources/KerioSIEM/Formats/LEEF/LEEFAttributeWriter.generated.swift, then builds again and checks them: the generated
# code against the table, and its bytes against a slow interpreter of the table on every sample event
# (CEFLEEFFieldTableTests). The generator is Swift in the test target so that it reads the model (which fields are
# text, which are numbers) from the library itself; a table edit needs no other tool than swift.
set -euo pipefail
cd "$(dirname "$0")/.."
# The writing run fails on purpose ("wrote …"), like a golden-file recording: its output is checked by the second run.
KERIO_SIEM_GENERATE=1 swift test --filter CEFLEEFFieldTableTests/generatedFileIsUpToDate >/dev/null 2>&1 || true
swift test --filter CEFLEEFFieldTableTests
