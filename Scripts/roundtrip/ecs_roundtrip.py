#!/usr/bin/env python3
"""Read kerio-siem `ecs`, `csv` and `xml` output back with Python's standard parsers.

Used by the Swift round-trip tests (Tests/KerioSIEMTests/Export/*RoundTripTests.swift) as an independent consumer:
the output must parse with the strictest stdlib settings, and every value must come back as written.

Usage:
  ecs_roundtrip.py json FILE          NDJSON: json.loads per line; prints [[[dotted.name, value], ...], ...]
  ecs_roundtrip.py csv FILE           csv.reader(strict=True); prints {"header": [...], "rows": [[...], ...]}
  ecs_roundtrip.py xml FILE           xml.etree.ElementTree; prints {"root": {...}, "events": [[[path, text], ...], ...]}
  ecs_roundtrip.py jsonschema SCHEMA FILE
                                      validates every NDJSON line (Draft 2020-12, format checks on); prints the errors

The decoded data is printed as ASCII-only JSON (non-ASCII as \\u escapes), so no byte is lost on the way back.
Exit status: 0 when the file parsed (and validated), 1 otherwise (the reason on stderr).
"""

import csv
import io
import json
import sys
import xml.etree.ElementTree as ElementTree


def flatten(prefix, value, out):
    """Nested JSON objects → [dotted name, leaf value] pairs, in document order."""
    if isinstance(value, dict):
        for key, child in value.items():
            flatten(f"{prefix}.{key}" if prefix else key, child, out)
    else:
        out.append([prefix, value])


def read_json(path):
    records = []
    # Strict UTF-8: an invalid byte is an error, not a replacement.
    with open(path, "r", encoding="utf-8", newline="") as handle:
        data = handle.read()
    if data and not data.endswith("\n"):
        raise ValueError("the last record is not terminated by LF")
    for number, line in enumerate(data.split("\n")[:-1], start=1):
        if "\r" in line:
            raise ValueError(f"line {number}: raw CR inside a record")
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError(f"line {number}: not a JSON object")
        pairs = []
        flatten("", record, pairs)
        records.append(pairs)
    return records


def read_csv(path):
    with open(path, "r", encoding="utf-8", newline="") as handle:
        data = handle.read()
    if data and not data.endswith("\r\n"):
        raise ValueError("the last record is not terminated by CRLF")
    # newline="" keeps CR and LF inside quoted cells exactly as written.
    rows = list(csv.reader(io.StringIO(data, newline=""), strict=True))
    if not rows:
        raise ValueError("no header row")
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ValueError(f"record {number}: {len(row)} fields, the header has {len(header)}")
    return {"header": header, "rows": body}


def local_name(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def leaves(element, prefix, out):
    children = list(element)
    name = f"{prefix}.{local_name(element.tag)}" if prefix else local_name(element.tag)
    if children:
        if element.text and element.text.strip():
            raise ValueError(f"mixed content in <{name}>")
        for child in children:
            leaves(child, name, out)
    else:
        out.append([name, element.text or ""])


def read_xml(path):
    tree = ElementTree.parse(path)  # expat: rejects anything that is not well-formed XML 1.0
    root = tree.getroot()
    events = []
    for event in root:
        if local_name(event.tag) != "event":
            raise ValueError(f"unexpected <{local_name(event.tag)}> under the root")
        pairs = []
        for child in event:
            leaves(child, "", pairs)
        events.append(pairs)
    return {"root": {"tag": root.tag, "attributes": dict(root.attrib)}, "events": events}


def validate_json(schema_path, path):
    import jsonschema

    with open(schema_path, "r", encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = []
    with open(path, "r", encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            for error in validator.iter_errors(json.loads(line)):
                location = "/".join(str(part) for part in error.absolute_path)
                errors.append(f"line {number}: /{location}: {error.message}")
    return errors


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    mode = argv[1]
    try:
        if mode == "json":
            result = read_json(argv[2])
        elif mode == "csv":
            result = read_csv(argv[2])
        elif mode == "xml":
            result = read_xml(argv[2])
        elif mode == "jsonschema":
            errors = validate_json(argv[2], argv[3])
            for error in errors:
                print(error)
            return 1 if errors else 0
        else:
            print(f"unknown mode {mode!r}", file=sys.stderr)
            return 2
    except Exception as error:  # report any parser error as a failure with its message
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
