"""Validation of recorded requests against LINE's official OpenAPI spec (messaging-api.yml).

Used by the tests: whatever the bot sent to the fake LINE server must be a request the real API
documents. `SpecValidator(path).validate(recorded)` returns problems as strings (empty = valid).

Two details make the spec usable here:
- the spec's server is https://api.line.me; requests to our loopback fake are presented as if they
  went there (only the path, method, headers and body are checked);
- the spec models message, action, flex and template kinds as a base schema with a `discriminator`
  and sub-schemas that `allOf` the base. JSON Schema validators ignore such a discriminator, so a
  text message without `text` or a message of an unknown type would pass. On loading, every such
  base schema is rewritten to `oneOf` its mapped sub-schemas (keeping the discriminator, which
  openapi-schema-validator honours inside `oneOf`), and the sub-schemas `allOf` a copy of the
  original base instead, so nothing recurses.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl

import yaml
from jsonschema.exceptions import ValidationError
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.exceptions import ParameterValidationError
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_HOST_URL = "https://api.line.me"
SPEC_DATA_HOST_URL = "https://api-data.line.me"  # message content and rich menu images
_DATA_PATH_RE = re.compile(
    r"^/v2/bot/(message/[^/]+/content(/preview|/transcoding)?|richmenu/[^/]+/content)$"
)
SCHEMA_REF = "#/components/schemas/"
BASE_SUFFIX = "__Base"
MAX_PROBLEM_CHARS = 300


class RecordedLike(Protocol):
    """What `validate` needs of a request (devtools.fake_line.RecordedRequest fits)."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


SPEC_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "line-openapi"


def default_spec_path() -> Path:
    """messaging-api.yml kept in the repository (tests/data/line-openapi, see its SOURCE.md)."""
    return SPEC_DIR / "messaging-api.yml"


@dataclass
class _SpecRequest:
    """A request in the shape openapi-core's `Request` protocol asks for."""

    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters
    host_url: str = SPEC_HOST_URL


class SpecValidator:
    """Loads the spec once; `validate` checks path, method, headers and body of a request."""

    def __init__(self, spec_path: str | Path | None = None):
        self.spec_path = Path(spec_path) if spec_path else default_spec_path()
        with self.spec_path.open(encoding="utf-8") as f:
            spec = yaml.safe_load(f)
        enforce_discriminators(spec)
        self.openapi = OpenAPI.from_dict(spec, base_uri=self.spec_path.resolve().as_uri())

    def validate(self, recorded: RecordedLike) -> list[str]:
        """Problems of one recorded request against the spec (empty when valid)."""
        binary = getattr(recorded, "raw", b"") or None
        return self.validate_parts(
            recorded.method,
            recorded.path,
            recorded.json,
            recorded.headers,
            binary=binary,
            content_type=getattr(recorded, "content_type", ""),
        )

    def validate_parts(
        self,
        method: str,
        path: str,
        body: Any,
        headers: dict[str, str] | None = None,
        *,
        binary: bytes | None = None,
        content_type: str = "",
    ) -> list[str]:
        """Problems of a request given as parts; `path` may carry a mount prefix ("/fake-line/v2/...").
        A binary body (a rich menu image) is given as ``binary`` with its ``content_type``."""
        index = path.find("/v2/")
        path, _, query = (path[index:] if index >= 0 else path).partition("?")
        raw = (
            binary
            if binary is not None
            else None
            if body is None
            else json.dumps(body, ensure_ascii=False).encode()
        )
        spec_request = _SpecRequest(
            path=path,
            method=method.lower(),
            body=raw,
            content_type=(content_type if binary is not None else "application/json")
            if raw is not None
            else "",
            parameters=RequestParameters(
                query=ImmutableMultiDict(parse_qsl(query, keep_blank_values=True)),
                header=Headers(dict(headers or {})),
            ),
            # The data API's operations name their own server (api-data.line.me) in the spec.
            host_url=SPEC_DATA_HOST_URL if _DATA_PATH_RE.match(path) else SPEC_HOST_URL,
        )
        return [_describe(error) for error in self.openapi.iter_request_errors(spec_request)]


@lru_cache(maxsize=4)
def shared_validator(spec_path: str | None = None) -> SpecValidator:
    """One validator per spec path for the whole process (loading takes a few tenths of a second)."""
    return SpecValidator(spec_path)


def enforce_discriminators(spec: dict[str, Any]) -> None:
    """Rewrite base schemas with a `discriminator` so that validators dispatch on it (see module doc)."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    bases = [
        name
        for name, schema in schemas.items()
        if isinstance(schema, dict)
        and schema.get("discriminator", {}).get("mapping")
        and not any(key in schema for key in ("oneOf", "anyOf", "allOf"))
    ]
    for name in bases:
        base = schemas[name]
        copy_name = name + BASE_SUFFIX
        schemas[copy_name] = {k: copy.deepcopy(v) for k, v in base.items() if k != "discriminator"}
        _point_allof_at(schemas, SCHEMA_REF + name, SCHEMA_REF + copy_name)
        mapping = base["discriminator"]["mapping"]
        schemas[name] = {
            "type": "object",
            "oneOf": [{"$ref": ref} for ref in dict.fromkeys(mapping.values())],
            "discriminator": copy.deepcopy(base["discriminator"]),
        }


def _point_allof_at(schemas: dict[str, Any], old_ref: str, new_ref: str) -> None:
    """In every schema's top-level `allOf`, replace `$ref: old_ref` by `$ref: new_ref`."""
    for schema in schemas.values():
        for part in schema.get("allOf", []) if isinstance(schema, dict) else []:
            if isinstance(part, dict) and part.get("$ref") == old_ref:
                part["$ref"] = new_ref


def _describe(error: Exception) -> str:
    """One readable line for an openapi-core error, with the JSON path of schema errors."""
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if isinstance(error, ParameterValidationError):
        where = f"{error.location} {error.name}"
        if schema_errors:
            return _shorten(f"{where}: " + "; ".join(_deepest(e).message for e in schema_errors))
        return _shorten(str(error))
    if schema_errors:
        return "; ".join(_describe_schema_error(e) for e in schema_errors)
    text = str(error)
    if cause is not None and str(cause) not in text:
        text = f"{text}: {cause}"
    return _shorten(text)


def _describe_schema_error(error: ValidationError) -> str:
    leaf = _deepest(error)
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in leaf.absolute_path).lstrip(".")
    unknown = _unknown_kind(leaf)
    if unknown:
        return _shorten(f"{where + '.' if where else ''}{unknown}")
    return _shorten(f"{where or 'body'}: {leaf.message}")


def _unknown_kind(error: ValidationError) -> str | None:
    """A "type: unknown value ..." line when a discriminator value is not in the spec's mapping."""
    schema, instance = error.schema, error.instance
    if not isinstance(schema, dict) or "discriminator" not in schema or not isinstance(instance, dict):
        return None
    prop = schema["discriminator"]["propertyName"]
    mapping = schema["discriminator"].get("mapping", {})
    value = instance.get(prop)
    if not value or value in mapping:
        return None
    return f"{prop}: unknown value {value!r}, expected one of {', '.join(mapping)}"


def _deepest(error: ValidationError) -> ValidationError:
    """The most specific sub-error (oneOf/anyOf failures wrap the useful one)."""
    if not error.context:
        return error
    return max((_deepest(e) for e in error.context), key=lambda e: len(e.absolute_path))


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_PROBLEM_CHARS else text[: MAX_PROBLEM_CHARS - 1] + "…"
