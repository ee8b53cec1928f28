#!/usr/bin/env python3
"""Validates every line of an NDJSON file against a JSON Schema (draft 2020-12) with the `jsonschema` package.

Usage: validate_ecs.py SCHEMA.json OUTPUT.ndjson   — exits 1 and prints file:line: error for each invalid record.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, data_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = 0
    with open(data_path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            record = json.loads(line)
            for error in validator.iter_errors(record):
                errors += 1
                path = "/" + "/".join(str(p) for p in error.absolute_path)
                print(f"{data_path}:{number}: error: {path}: {error.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
