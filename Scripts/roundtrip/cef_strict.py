#!/usr/bin/env python3
"""A strict CEF checker and decoder after Elastic Filebeat's decode_cef grammar (cef.rl), which cefp is not.

Usage: cef_strict.py FILE [--schema Schemas/cef.schema.json]

Per record (split at LF; valid UTF-8; no raw CR, LF, TAB or other C0 control anywhere):
- an optional syslog prefix (RFC 3164 `<PRI>Mmm dd hh:mm:ss HOST ` or RFC 5424 `<PRI>1 TS HOST APP - - - `), then
  `CEF:<digits>|`;
- six header fields after the version; in them the only escapes are `\\\\` and `\\|`, any other backslash is an
  error; Severity is `[A-Za-z0-9-]+` and 0-10 or Unknown/Low/Medium/High/Very-High;
- extension: pairs `key=value` separated by one space, keys `[A-Za-z0-9_][A-Za-z0-9_.,\\[\\]]*`; in values the only
  escapes are `\\=`, `\\\\`, `\\n`, `\\r`; an unescaped `=` must end a key; no empty value, no leading or trailing space
  in a value, no key twice, every csN/cnN/cfpN/c6aN with its label.
With --schema: header field lengths, every key known, typed values (see schema_check.py).
Prints {"records": [...same shape as cef_decode.py...], "errors": [...]} and exits 1 on any error.
"""
import json
import re
import sys

from schema_check import check_keys, check_value

KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.,\[\]]*")
PREFIX = re.compile(
    r"<[0-9]{1,3}>(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [!-~]+ "
    r"|1 (?:-|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})) "
    r"[!-~]+ [!-~]+ - - - )")
LABELLED = re.compile(
    r"(cs[1-6]|cn[1-3]|cfp[1-4]|c6a[1-4]|deviceCustomDate[12]|flexString[12]|flexNumber[12]|flexDate1)")


def split_header(text, errors):
    """Splits `CEF:0|a|b|c|d|e|f|rest` into 7 unescaped header values and the extension text."""
    fields, current, index = [], [], 0
    while index < len(text) and len(fields) < 7:
        char = text[index]
        if char == "\\":
            following = text[index + 1:index + 2]
            if following in ("\\", "|"):
                current.append(following)
                index += 2
                continue
            errors.append(f"header: invalid escape \\{following!r} at column {index + 1}")
            current.append(following)
            index += 2
            continue
        if char == "|":
            fields.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    if len(fields) < 7:
        errors.append("header: fewer than 7 fields")
        return None, None
    return fields, text[index:]


def decode_value(raw, key, errors):
    out, index = [], 0
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            following = raw[index + 1:index + 2]
            mapped = {"=": "=", "\\": "\\", "n": "\n", "r": "\r"}.get(following)
            if mapped is None:
                errors.append(f"{key}: invalid escape \\{following!r}")
                mapped = following
            out.append(mapped)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def unescaped_equals(text):
    """Indexes of `=` not preceded by an escaping backslash."""
    positions, index = [], 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "=":
            positions.append(index)
        index += 1
    return positions


def split_extension(text, errors):
    pairs = []
    if not text:
        return pairs
    if text[0] == " ":
        errors.append("extension starts with a space")
    equals = unescaped_equals(text)
    if not equals:
        errors.append("extension without any key=value pair")
        return pairs
    key = text[:equals[0]]
    for number, position in enumerate(equals):
        end = equals[number + 1] if number + 1 < len(equals) else None
        segment = text[position + 1:end] if end is not None else text[position + 1:]
        if end is not None:
            space = segment.rfind(" ")
            if space < 0:
                errors.append(f"{key}: unescaped '=' inside the value")
                value, next_key = segment, ""
            else:
                value, next_key = segment[:space], segment[space + 1:]
        else:
            value, next_key = segment, None
        if not KEY.fullmatch(key):
            errors.append(f"invalid key {key!r}")
        if value == "":
            errors.append(f"{key}: empty value")
        elif value[0] == " " or value[-1] == " ":
            errors.append(f"{key}: leading or trailing space in value {value[:40]!r}")
        pairs.append((key, decode_value(value, key, errors)))
        key = next_key
    return pairs


def check_record(line, schema):
    errors = []
    for index, char in enumerate(line):
        if ord(char) < 0x20:
            errors.append(f"raw control character U+{ord(char):04X} at column {index + 1}")
            break
    start = line.find("CEF:")
    if start < 0:
        return None, ["no CEF: header"]
    prefix = line[:start]
    if prefix and not PREFIX.fullmatch(prefix):
        errors.append(f"prefix {prefix!r} is not an RFC 3164/5424 syslog header")
    if not re.match(r"CEF:[0-9]+\|", line[start:]):
        errors.append("version is not CEF:<digits>")
    fields, extension = split_header(line[start:], errors)
    if fields is None:
        return None, errors
    version, vendor, product, device_version, class_id, name, severity = fields
    if not re.fullmatch(r"[A-Za-z0-9-]+", severity):
        errors.append(f"severity {severity!r} has characters outside [A-Za-z0-9-]")
    pairs = split_extension(extension, errors)
    values = {}
    for key, value in pairs:
        if key in values:
            errors.append(f"key {key} twice")
        values[key] = value
    for key in values:
        match = LABELLED.fullmatch(key)
        if match and key + "Label" not in values:
            errors.append(f"{key} without {key}Label")
        if key.endswith("Label") and key[:-5] not in values and LABELLED.fullmatch(key[:-5]):
            errors.append(f"{key} without {key[:-5]}")
    if schema is not None:
        header_values = [vendor, product, device_version, class_id, name, severity]
        for spec, value in zip(schema["header"]["fields"], header_values):
            errors += check_value("header " + spec["name"], spec, value)
        if version[4:] != str(schema["header"]["cefVersion"]):
            errors.append(f"version {version!r}")
        ext = schema["extension"]
        errors += check_keys(values, ext["keys"], ext.get("allowUnknownKeys", False))
    record = {
        "prefix": prefix, "version": version[4:], "vendor": vendor, "product": product,
        "deviceVersion": device_version, "classId": class_id, "name": name, "severity": severity,
        "extension": values, "keys": [key for key, _ in pairs],
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
