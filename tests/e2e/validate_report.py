#!/usr/bin/env python3
"""validate_report.py SCHEMA DOCUMENT: checks a report document against the
JSON Schema with the keywords the schema uses; prints "valid" or the first
problems."""
import json, sys
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}

def check(node, s, where, errors):
    if "$ref" in s:
        s = schema["$defs"][s["$ref"].split("/")[-1]]
    if "oneOf" in s:
        fits = [sub for sub in s["oneOf"] if not check(node, sub, where, [])]
        if len(fits) != 1:
            errors.append(f"{where}: fits {len(fits)} of oneOf")
        return errors
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        ok = any((tt == "number" and isinstance(node, (int, float)) and not isinstance(node, bool)) or
                 (tt == "integer" and isinstance(node, int) and not isinstance(node, bool)) or
                 (tt in types and isinstance(node, types[tt])) for tt in ts)
        if not ok:
            errors.append(f"{where}: expected {t}")
            return errors
    if "const" in s and node != s["const"]:
        errors.append(f"{where}: expected {s['const']!r}")
    if "enum" in s and node not in s["enum"]:
        errors.append(f"{where}: {node!r} not in {s['enum']}")
    if "minimum" in s and isinstance(node, (int, float)) and node < s["minimum"]:
        errors.append(f"{where}: below {s['minimum']}")
    if "pattern" in s and isinstance(node, str):
        import re
        if not re.search(s["pattern"], node):
            errors.append(f"{where}: {node!r} does not match {s['pattern']}")
    if isinstance(node, dict):
        for key in s.get("required", []):
            if key not in node:
                errors.append(f"{where}: missing {key}")
        for key, value in node.items():
            if key in s.get("properties", {}):
                check(value, s["properties"][key], f"{where}/{key}", errors)
            elif s.get("additionalProperties") is False:
                errors.append(f"{where}: unexpected {key}")
    if isinstance(node, list) and "items" in s:
        for i, item in enumerate(node):
            check(item, s["items"], f"{where}/{i}", errors)
    return errors

errors = check(doc, schema, "", [])
print("\n".join(errors[:10]) if errors else "valid")
