#!/usr/bin/env python3
"""Writes docs/brief.schema.json (JSON Schema 2020-12) for brief.json from the Swift model it is
encoded from (Sources/BriefCore/Model): each Codable struct becomes a definition whose
properties are its stored properties, required unless optional (nil is left out of the file),
with its doc comment as description; each String enum becomes an enum of its cases. Types the
model encodes by hand are written here: Day, Asset, Metric, DailySeries, and the document itself.

    scripts/brief-schema.py            # rewrite docs/brief.schema.json
    scripts/brief-schema.py --check    # exit 1 if the committed schema is not what the model gives
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "Sources/BriefCore/Model"
FILES = ["Findings.swift", "Readings.swift", "Claim.swift", "Transfer.swift", "MarketVenues.swift"]
OUTPUT = ROOT / "docs/brief.schema.json"

DAY = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A UTC day, YYYY-MM-DD."}
HAND_WRITTEN = {
    "Day": DAY,
    "Asset": {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,9}$", "description": "A ticker: 2–10 of A–Z and 0–9, starting with a letter."},
    "DailySeries": {
        "type": "object",
        "description": "One value every stepDays days from start; null where nothing was reported (a gap, never a zero).",
        "properties": {
            "start": {"$ref": "#/$defs/Day"},
            "stepDays": {"type": "integer", "minimum": 2, "description": "Days from one value to the next; left out when 1 (daily)."},
            "values": {"type": "array", "items": {"type": ["number", "null"]}},
        },
        "required": ["start", "values"],
        "additionalProperties": False,
    },
}
# Properties the model reads only when present (decodeIfPresent): briefs written before they
# existed lack them, so they are not required.
READ_IF_PRESENT = {("ChartData", "longLiquidations"), ("ChartData", "shortLiquidations")}
# Nested types whose own name says too little.
RENAMED = {"Kind": "ClaimKind", "Action": "TransferAction"}
SCALARS = {"Double": {"type": "number"}, "Int": {"type": "integer"}, "Bool": {"type": "boolean"}, "String": {"type": "string"}}


def parse(text):
    """Structs (name -> description, [(property, type, optional, description)]) and String enums
    (name -> cases), nested ones named by their last component."""
    structs, enums = {}, {}
    stack = []  # (kind, name, depth)
    depth = 0
    comment = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("///"):
            comment.append(stripped[3:].strip())
            continue
        opened = re.match(r"(?:public )?struct (\w+)\b.*Codable.*\{", stripped)
        enum = re.match(r"(?:public )?enum (\w+): String\b.*\{", stripped)
        if opened:
            structs[opened.group(1)] = (" ".join(comment), [])
            stack.append(("struct", opened.group(1), depth))
        elif enum:
            enums[enum.group(1)] = []
            stack.append(("enum", enum.group(1), depth))
        elif stack and depth == stack[-1][2] + 1:
            kind, name, _ = stack[-1]
            prop = re.match(r"public (?:private\(set\) )?(?:var|let) (\w+): ([^{=]+?)\s*(=.*)?$", stripped)
            if kind == "struct" and prop and "{" not in stripped:
                type_ = prop.group(2).strip()
                structs[name][1].append((prop.group(1), type_.rstrip("?"), type_.endswith("?"), " ".join(comment)))
            case = re.match(r"case ([\w, ]+)$", stripped)
            if kind == "enum" and case:
                enums[name] += [c.strip() for c in case.group(1).split(",")]
        if not stripped.startswith("///"):
            comment = []
        depth += line.count("{") - line.count("}")
        while stack and depth <= stack[-1][2]:
            stack.pop()
    return structs, enums


def schema_of(type_, known):
    if type_ in SCALARS:
        return dict(SCALARS[type_])
    if type_.startswith("[") and type_.endswith("]"):
        inner = type_[1:-1]
        if inner.endswith("?"):
            return {"type": "array", "items": {"anyOf": [schema_of(inner[:-1], known), {"type": "null"}]}}
        return {"type": "array", "items": schema_of(inner, known)}
    name = RENAMED.get(type_.split(".")[-1], type_.split(".")[-1])
    if name not in known:
        sys.exit(f"brief-schema.py: no schema for the type {type_}")
    return {"$ref": f"#/$defs/{name}"}


def build():
    structs, enums = {}, {}
    for file in FILES:
        found_structs, found_enums = parse((MODEL / file).read_text())
        structs.update(found_structs)
        enums.update(found_enums)
    enums = {RENAMED.get(name, name): cases for name, cases in enums.items()}
    known = set(structs) | set(enums) | set(HAND_WRITTEN)
    defs = dict(HAND_WRITTEN)
    for name, cases in enums.items():
        defs[name] = {"type": "string", "enum": cases}
    for name, (description, properties) in structs.items():
        if name in HAND_WRITTEN:
            continue
        definition = {"type": "object"}
        if description:
            definition["description"] = description
        definition["properties"] = {}
        for prop, type_, _, prop_description in properties:
            schema = schema_of(type_, known)
            if prop_description:
                schema = {"description": prop_description, **schema}
            definition["properties"][prop] = schema
        definition["required"] = [prop for prop, _, optional, _ in properties if not optional and (name, prop) not in READ_IF_PRESENT]
        definition["additionalProperties"] = False
        defs[name] = definition
    section_ids = ["leverage", "whale-trigger", "divergence", "short-term-risk", "stabilization"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://marketbrief.invalid/brief.schema.json",
        "title": "marketbrief brief.json",
        "description": "The findings, the story, the headline, the five sections and the claims of one brief "
                       "(formatVersion 2). Written by scripts/brief-schema.py from Sources/BriefCore/Model.",
        "type": "object",
        "properties": {
            "formatVersion": {"const": 2},
            "findings": {"$ref": "#/$defs/Findings"},
            "story": {"type": "string", "minLength": 1, "description": "The day's story in one line (the page's title)."},
            "headline": {"type": "string", "minLength": 1, "description": "The opening paragraphs, before the sections."},
            "sections": {
                "type": "array",
                "description": "The five sections, in reading order.",
                "prefixItems": [{
                    "type": "object",
                    "properties": {"id": {"const": id_}, "text": {"type": "string", "minLength": 1}},
                    "required": ["id", "text"],
                    "additionalProperties": False,
                } for id_ in section_ids],
                "items": False,
                "minItems": len(section_ids),
            },
            "claims": {"type": "array", "items": {"$ref": "#/$defs/Claim"}},
            "generator": {"type": "string", "description": "The program that wrote it (marketbrief 0.6.0); absent in briefs of earlier builds."},
        },
        "required": ["formatVersion", "findings", "story", "headline", "sections", "claims"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


if __name__ == "__main__":
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if OUTPUT.read_text() != text:
            sys.exit("docs/brief.schema.json is not what the model gives: run scripts/brief-schema.py")
        print("docs/brief.schema.json matches the model")
    else:
        OUTPUT.write_text(text)
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
