"""Type checks shared by cef_strict.py and leef_decode.py: a decoded value against a key of our JSON-subset schemas
(Schemas/cef.schema.json, Schemas/leef.schema.json)."""
import ipaddress
import re

SEVERITY_WORDS = {"Unknown", "Low", "Medium", "High", "Very-High"}


def _ipv4(value):
    try:
        ipaddress.IPv4Address(value)
        return True
    except ValueError:
        return False


def _ipv6(value):
    if "%" in value:
        return False
    try:
        ipaddress.IPv6Address(value)
        return True
    except ValueError:
        return False


def _integer(value, low, high):
    if not re.fullmatch(r"-?[0-9]+", value):
        return False
    return low <= int(value) <= high


def check_value(name, spec, value):
    """Returns a list of problems with `value` for key `name` described by `spec`."""
    problems = []
    kind = spec.get("type", "string")
    ok = True
    if kind == "string":
        pass
    elif kind == "ipv4":
        ok = _ipv4(value)
    elif kind == "ipv6":
        ok = _ipv6(value)
    elif kind == "ip":
        ok = _ipv4(value) or _ipv6(value)
    elif kind == "port":
        ok = re.fullmatch(r"[0-9]+", value) is not None and int(value) <= 65535
    elif kind == "integer":
        ok = _integer(value, -2**31, 2**31 - 1)
    elif kind == "long":
        ok = _integer(value, -2**63, 2**63 - 1)
    elif kind == "timestamp":
        ok = re.fullmatch(r"[0-9]+", value) is not None
    elif kind == "epochMillis":
        ok = re.fullmatch(r"[0-9]{13}", value) is not None
    elif kind == "double":
        try:
            float(value)
        except ValueError:
            ok = False
    elif kind == "mac":
        ok = re.fullmatch(r"[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}", value) is not None
    elif kind == "severity":
        ok = value in SEVERITY_WORDS or (re.fullmatch(r"[0-9]+", value) is not None and int(value) <= 10)
    else:
        problems.append(f"{name}: unknown schema type {kind!r}")
    if not ok:
        problems.append(f"{name}: {value[:80]!r} is not a valid {kind}")
    limit = spec.get("maxLength")
    if limit is not None and (len(value) > limit or len(value.encode("utf-8")) > limit):
        problems.append(f"{name}: {len(value)} characters / {len(value.encode('utf-8'))} bytes exceed {limit}")
    if "minimum" in spec and ok and kind in ("integer", "long", "port") and int(value) < spec["minimum"]:
        problems.append(f"{name}: {value} < minimum {spec['minimum']}")
    if "maximum" in spec and ok and kind in ("integer", "long", "port") and int(value) > spec["maximum"]:
        problems.append(f"{name}: {value} > maximum {spec['maximum']}")
    if "enum" in spec and value not in spec["enum"]:
        problems.append(f"{name}: {value!r} not in {spec['enum']}")
    return problems


def check_keys(values, keys_spec, allow_unknown, label_context=""):
    """Checks a decoded key/value mapping against the schema's key table (unknown keys, types, labels, required)."""
    problems = []
    for key, value in values.items():
        spec = keys_spec.get(key)
        if spec is None:
            if not allow_unknown:
                problems.append(f"unknown key {key!r}")
            continue
        problems += check_value(key, spec, value)
        label = spec.get("labelKey")
        if label and label not in values:
            problems.append(f"{key} without its label {label}")
    for key, spec in keys_spec.items():
        if spec.get("required") and key not in values:
            problems.append(f"required key {key} missing")
    return problems
