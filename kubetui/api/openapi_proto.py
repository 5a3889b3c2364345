"""OpenAPI v2 in the protobuf form kubectl before 1.29 asks for (`Accept:
application/com.github.proto-openapi.spec.v2@v1.0+protobuf`) and cannot read as JSON: `explain`,
`edit` and `apply` read the schema from it. The message is gnostic's openapi_v2.Document; only
what kubectl reads is encoded (info, definitions, the schemas' vendor extensions), and extension
values travel as YAML text (JSON is YAML), as gnostic's Any does."""

from __future__ import annotations

import json
import struct

MIME = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
"""What the answer is labelled (the client's media-type parser refuses the '@' it asks with)."""

SCHEMA_STRINGS = {"$ref": 1, "format": 2, "title": 3, "description": 4, "pattern": 13, "discriminator": 26}
SCHEMA_NUMBERS = {"multipleOf": 6, "maximum": 7, "minimum": 9}
SCHEMA_INTS = {"maxLength": 11, "minLength": 12, "maxItems": 14, "minItems": 15, "maxProperties": 17,
               "minProperties": 18}
SCHEMA_BOOLS = {"exclusiveMaximum": 8, "exclusiveMinimum": 10, "uniqueItems": 16, "readOnly": 27}


def wants_proto(accept: str) -> bool:
    return MIME in accept


def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _bytes(field: int, data: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _str(field: int, text: str) -> bytes:
    return _bytes(field, text.encode())


def _any(field: int, value) -> bytes:
    return _bytes(field, _str(2, json.dumps(value)))


def _named_any(field: int, name: str, value) -> bytes:
    return _bytes(field, _str(1, name) + _any(2, value))


def schema(s: dict) -> bytes:
    out = bytearray()
    for key, value in s.items():
        if key in SCHEMA_STRINGS:
            out += _str(SCHEMA_STRINGS[key], value)
        elif key in SCHEMA_NUMBERS:
            out += _varint(SCHEMA_NUMBERS[key] << 3 | 1) + struct.pack("<d", float(value))
        elif key in SCHEMA_INTS:
            out += _varint(SCHEMA_INTS[key] << 3) + _varint(int(value))
        elif key in SCHEMA_BOOLS:
            if value:
                out += _varint(SCHEMA_BOOLS[key] << 3) + _varint(1)
        elif key == "default":
            out += _any(5, value)
        elif key == "required":
            out += b"".join(_str(19, name) for name in value)
        elif key == "enum":
            out += b"".join(_any(20, v) for v in value)
        elif key == "additionalProperties":
            item = _varint(2 << 3) + _varint(1 if value else 0) if isinstance(value, bool) else _bytes(1, schema(value))
            out += _bytes(21, item)
        elif key == "type":
            out += _bytes(22, b"".join(_str(1, t) for t in ([value] if isinstance(value, str) else value)))
        elif key == "items":
            out += _bytes(23, b"".join(_bytes(1, schema(i)) for i in (value if isinstance(value, list) else [value])))
        elif key == "allOf":
            out += b"".join(_bytes(24, schema(i)) for i in value)
        elif key == "properties":
            out += _bytes(25, b"".join(_bytes(1, _str(1, name) + _bytes(2, schema(sub)))
                                       for name, sub in value.items()))
        elif key == "example":
            out += _any(30, value)
        elif key.startswith("x-"):
            out += _named_any(31, key, value)
    return bytes(out)


def document(doc: dict) -> bytes:
    """gnostic's openapi_v2.Document for the swagger JSON `doc`."""
    info = doc.get("info", {})
    out = _str(1, doc.get("swagger", "2.0"))
    out += _bytes(2, _str(1, info.get("title", "")) + _str(2, info.get("version", "")))
    out += _bytes(8, b"")
    out += _bytes(9, b"".join(_bytes(1, _str(1, name) + _bytes(2, schema(s)))
                              for name, s in doc.get("definitions", {}).items()))
    return out
