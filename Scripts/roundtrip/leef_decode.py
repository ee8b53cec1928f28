#!/usr/bin/env python3
"""Decode (and strictly check) a LEEF 1.0 / 2.0 file, independently of the exporter, and print the records as JSON.

Usage: leef_decode.py FILE [--schema Schemas/leef.schema.json]

LEEF has no escapes, so decoding is splitting (IBM QRadar LEEF format guide, version 2):
- records are split at LF; each must be valid UTF-8 with no raw CR and no C0 control other than TAB;
- an optional syslog prefix ends where `LEEF:` starts;
- `LEEF:1.0|Vendor|Product|Version|EventID|attributes` (5 header fields, TAB-delimited attributes) or
  `LEEF:2.0|Vendor|Product|Version|EventID|Delimiter|attributes` (6 fields; the delimiter is one character, or
  `x`/`0x` followed by 1-4 hex digits);
- attributes are split on the delimiter; each is `key=value` split at the first `=`; keys are alphanumeric;
  no key twice, no empty value.
With --schema: header field lengths, every key known, typed values (see schema_check.py).
Prints {"records": [{"prefix", "version", "vendor", "product", "deviceVersion", "eventId", "delimiter",
"attributes": {key: value}, "keys": [...]}], "errors": [...]} and exits 1 on any error.
"""
import json
import re
import sys

from schema_check import check_keys, check_value


def parse_delimiter(field):
    match = re.fullmatch(r"(?:0x|x)([0-9A-Fa-f]{1,4})", field)
    if match:
        return chr(int(match.group(1), 16))
    if len(field) == 1:
        return field
    return None


def check_record(line, schema):
    errors = []
    for index, char in enumerate(line):
        if ord(char) < 0x20 and char != "\t":
            errors.append(f"raw control character U+{ord(char):04X} at column {index + 1}")
            break
    start = line.find("LEEF:")
    if start < 0:
        return None, ["no LEEF: header"]
    prefix, text = line[:start], line[start:]
    if text.startswith("LEEF:1.0|"):
        parts = text.split("|", 5)
        if len(parts) != 6:
            return None, errors + ["LEEF 1.0 header needs 5 fields"]
        version, vendor, product, device_version, event_id, body = parts
        delimiter = "\t"
    elif text.startswith("LEEF:2.0|"):
        parts = text.split("|", 6)
        if len(parts) != 7:
            return None, errors + ["LEEF 2.0 header needs 6 fields"]
        version, vendor, product, device_version, event_id, delimiter_field, body = parts
        delimiter = parse_delimiter(delimiter_field)
        if delimiter is None:
            return None, errors + [f"invalid delimiter field {delimiter_field!r}"]
    else:
        return None, errors + ["version is neither LEEF:1.0 nor LEEF:2.0"]
    attributes, keys = {}, []
    for item in body.split(delimiter) if body else []:
        if "=" not in item:
            errors.append(f"attribute without '=': {item[:40]!r}")
            continue
        key, value = item.split("=", 1)
        if not re.fullmatch(r"[A-Za-z0-9]+", key):
            errors.append(f"invalid key {key!r}")
        if key in attributes:
            errors.append(f"key {key} twice")
        if value == "":
            errors.append(f"{key}: empty value")
        attributes[key] = value
        keys.append(key)
    if schema is not None:
        if version[5:] not in schema["leefVersions"]:
            errors.append(f"version {version!r}")
        for spec, value in zip(schema["header"]["fields"], [vendor, product, device_version, event_id]):
            errors += check_value("header " + spec["name"], spec, value)
        block = schema["attributes"]
        errors += check_keys(attributes, block["keys"], block.get("allowUnknownKeys", False))
    record = {
        "prefix": prefix, "version": version[5:], "vendor": vendor, "product": product,
        "deviceVersion": device_version, "eventId": event_id, "delimiter": delimiter,
        "attributes": attributes, "keys": keys,
    }
    return record, errors


def main(argv):
    path = argv[1]
    schema = None
    if len(argv) > 3 and argv[2] == "--schema":
        schema = json.load(open(argv[3], encoding="utf-8"))
    data = open(path, "rb").read()
    records, errors = [], []
    if data and not data.endswith(b"\n"):
        errors.append("file does not end with LF")
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines = lines[:-1]
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(f"line {number}: invalid UTF-8: {error}")
            continue
        record, problems = check_record(line, schema)
        errors += [f"line {number}: {problem}" for problem in problems]
        if record is not None:
            records.append(record)
    json.dump({"records": records, "errors": errors}, sys.stdout, ensure_ascii=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
