"""The API's documentation as a plain page of the site, read from the OpenAPI schema.

django-ninja's Swagger UI weighs 1.6 MB, needs JavaScript and fails basic accessibility checks; this page
says the same (every operation, its parameters, bodies and answers, every schema, every kind of problem) in
light HTML, one page per section (the operations of a tag and the schemas they use) so that each stays light
as the API grows; the first page lists every operation and explains the problems.
"""

import json
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

from cphelpdesk.api.openapi import PROBLEM_STATUSES
from cphelpdesk.api.problems import MEDIA_TYPE, PROBLEM_TYPES

METHODS = ("get", "post", "put", "patch", "delete")
# The section of the operations without a tag: the query service's own.
DEFAULT_SECTION = "queries"
REF = re.compile(r'"#/components/schemas/([^"]+)"')


def type_of(schema: dict) -> str:
    """A short reading of a JSON schema's type: "string", "array of string", "Urgency", "date or null"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return " or ".join(type_of(part) for part in schema[combined])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if schema.get("type") == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    return schema.get("format") or schema.get("type") or "any"


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", []))
    return [{"name": name, "type": type_of(field), "required": name in required,
             "description": field.get("description", ""), "default": field.get("default")}
            for name, field in schema.get("properties", {}).items()]


def _body(content: dict) -> dict | None:
    """The first media type of a request or response body: its type, and the schema it names if any."""
    for media_type, body in content.items():
        schema = body.get("schema", {})
        return {"type": type_of(schema), "media_type": media_type,
                "schema": schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else ""}
    return None


def section_of(operation: dict) -> str:
    """The section of the page an operation is explained in: its tag (the query service's have none)."""
    return (operation.get("tags") or [DEFAULT_SECTION])[0]


def _operation(path: str, method: str, operation: dict) -> dict:
    return {
        "anchor": operation.get("operationId", f"{method}-{path}"), "method": method.upper(), "path": path,
        "section": section_of(operation), "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "parameters": [{"name": parameter["name"], "where": parameter["in"],
                        "required": parameter.get("required", False), "type": type_of(parameter.get("schema", {})),
                        "description": parameter.get("description", "")}
                       for parameter in operation.get("parameters", [])],
        "body": _body(operation.get("requestBody", {}).get("content", {})),
        "responses": [{"status": status, "description": response.get("description", ""),
                       "body": _body(response.get("content", {}))}
                      for status, response in operation.get("responses", {}).items()
                      if MEDIA_TYPE not in response.get("content", {})],
        # Problems are explained once, on the first page: here only their statuses.
        "problems": [status for status, response in operation.get("responses", {}).items()
                     if MEDIA_TYPE in response.get("content", {})],
    }


def _referenced(value, components: dict) -> set[str]:
    """The component schemas `value` refers to, and those they refer to in turn."""
    found: set[str] = set()
    pending = [value]
    while pending:
        text = json.dumps(pending.pop())
        for name in REF.findall(text):
            if name not in found and name in components:
                found.add(name)
                pending.append(components[name])
    return found


def reading(schema: dict, section: str | None = None) -> dict:
    """The OpenAPI schema rearranged for the template. The first page (no `section`) lists every operation by
    section, and the problems; a section's page explains its operations and the schemas they use."""
    components = schema.get("components", {}).get("schemas", {})
    operations, sections, used = [], {}, set()
    for path, items in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in items:
                continue
            operation = _operation(path, method, items[method])
            sections.setdefault(operation["section"], []).append(operation)
            if operation["section"] == section:
                operations.append(operation)
                used |= _referenced(items[method], components)
    if section is None:
        used = _referenced({"$ref": "#/components/schemas/Problem"}, components)
    schemas = [{"name": name, "description": item.get("description", ""), "fields": _fields(item),
                "values": item.get("enum", [])}
               for name, item in components.items() if name in used]
    return {"info": schema.get("info", {}), "section": section, "sections": sections, "operations": operations,
            "schemas": schemas, "problem_statuses": sorted(PROBLEM_STATUSES.items()),
            "problem_types": [{"slug": slug, "status": status, "title": title}
                              for slug, (status, title) in PROBLEM_TYPES.items()]}


class ReadableDocs(DocsBase):
    """django-ninja's docs hook: our own page instead of Swagger UI."""

    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        section = request.GET.get("section")
        page = reading(schema, section)
        if section is not None and not page["operations"]:
            raise Http404
        return render(request, "api/docs.html", {**page, "openapi_url": self.get_openapi_url(api, kwargs)})
