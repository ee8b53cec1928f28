#!/usr/bin/env python3
"""Every public declaration of the libraries that takes, returns or stores a raw pointer says why in its doc comment.

Reads the symbol graphs `swift package dump-symbol-graph --minimum-access-level public` writes (the compiler's own
list of the public API, protocol requirements and enum cases included) and fails, naming each one, for a
declaration whose signature mentions `Unsafe…Pointer` without a paragraph starting "Why a pointer:" in its
documentation. Symbols a module inherits from the standard library or another module are skipped.

    python3 Scripts/check-public-pointers.py .build/x86_64-unknown-linux-gnu/symbolgraph KerioSIEM KerioSIEMValidation
"""
import json
import os
import sys


def main():
    directory, modules = sys.argv[1], sys.argv[2:]
    failures, counted = [], 0
    for module in modules:
        with open(os.path.join(directory, f"{module}.symbols.json")) as file:
            graph = json.load(file)
        for symbol in graph["symbols"]:
            declaration = "".join(part["spelling"] for part in symbol.get("declarationFragments", []))
            if "Unsafe" not in declaration or "Pointer" not in declaration:
                continue
            location = symbol.get("location", {}).get("uri", "")
            if f"/Sources/{module}/" not in location:
                continue  # inherited (e.g. a standard-library protocol's default implementation)
            counted += 1
            doc = " ".join(line["text"] for line in symbol.get("docComment", {}).get("lines", []))
            if "Why a pointer:" not in doc:
                path = ".".join(symbol["pathComponents"])
                line = symbol["location"]["position"]["line"] + 1
                failures.append(f"{location.split('/Sources/')[-1]}:{line}: {path}: {declaration}")
    for failure in failures:
        print(f"error: raw pointer in public API without 'Why a pointer:' in its doc comment: {failure}")
    print(f"{counted} public declarations with raw pointers in {', '.join(modules)}; {len(failures)} without a reason")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
