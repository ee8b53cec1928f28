#!/usr/bin/env python3
"""Decode a CEF file with the independent PyPI parser `cefp` (0.0.2) and print the records as JSON.

Usage: cef_decode.py FILE

Records are split at LF only; each must be valid UTF-8 and free of raw CR. cefp needs the text to start at `CEF:`,
so a syslog prefix is cut off at the first `CEF:` (and reported as "prefix"). Output:
{"records": [{"prefix", "version", "vendor", "product", "deviceVersion", "classId", "name", "severity",
"extension": {key: value}}], "errors": ["line N: ..."]}. Exit status 1 when there are errors.
"""
import json
import sys

import cefp


def main(path):
    data = open(path, "rb").read()
    records, errors = [], []
    if data and not data.endswith(b"\n"):
        errors.append("file does not end with LF")
    for number, raw in enumerate(data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n"), 1):
        if b"\r" in raw:
            errors.append(f"line {number}: raw CR")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(f"line {number}: invalid UTF-8: {error}")
            continue
        start = line.find("CEF:")
        if start < 0:
            errors.append(f"line {number}: no CEF: header")
            continue
        try:
            parsed = cefp.parse(line[start:])
        except ValueError as error:
            errors.append(f"line {number}: cefp: {error}")
            continue
        records.append({
            "prefix": line[:start],
            "version": parsed["version"],
            "vendor": parsed["device"]["vendor"],
            "product": parsed["device"]["product"],
            "deviceVersion": parsed["device"]["version"],
            "classId": parsed["device"]["event_class_id"],
            "name": parsed["name"],
            "severity": parsed["severity"],
            "extension": parsed["extension"],
        })
    json.dump({"records": records, "errors": errors}, sys.stdout, ensure_ascii=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
