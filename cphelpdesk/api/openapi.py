"""The OpenAPI schema made complete: every operation lists the problems it may answer (as
`application/problem+json`), its ETag header and its If-Match parameter; the operations mark what they need with
the `x-` keys below (`openapi_extra`), read and removed here."""

import json

from ninja import NinjaAPI

from cphelpdesk.api.problems import MEDIA_TYPE, Problem

ETAG = {"x-etag": True}
IF_MATCH_REQUIRED = {"x-if-match": "required"}
IF_MATCH_HONOURED = {"x-if-match": "honoured"}
# What signs every webhook the API sends (see communities.webhooks).
WEBHOOK_HEADERS = ("X-CPH-Timestamp", "X-CPH-Signature", "X-CPH-Event")

# status -> when it is answered (the same for every operation).
PROBLEM_STATUSES = {
    400: "The request cannot be carried out (an unknown code, a bad cursor, a refusal of the action)",
    401: "Missing, invalid or expired token",
    403: "Not allowed: who you are, a read-only token, or a staff account without two-factor authentication",
    404: "No such object, or not one you may see",
    409: "Not possible in the object's current state",
    412: "If-Match does not match: the object changed since you read it",
    413: "The request body is too large",
    422: "The request does not match the schema (each error listed)",
    428: "If-Match is missing: read the object first and send its ETag",
}


class HelpdeskAPI(NinjaAPI):
    """Ninja's API, its schema completed by `complete`, with the requests it sends out (`webhooks`: name ->
    (summary, description, body schema), published as OpenAPI 3.1 `webhooks`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.webhooks: dict[str, tuple[str, str, type]] = {}

    def get_openapi_operation_id(self, operation) -> str:
        # The view's name (unique in this API): it is the anchor of the operation on the documentation page.
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return complete(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params), self.webhooks)


def complete(schema: dict, webhooks: dict | None = None) -> dict:
    """Add the problem responses, ETag headers and If-Match parameters to every operation of `schema`, and the
    `webhooks` it sends."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, *(body for _summary, _description, body in (webhooks or {}).values())):
        model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(model_schema.pop("$defs", {}))
        components[model.__name__] = model_schema
    for name, (summary, description, body) in (webhooks or {}).items():
        schema.setdefault("webhooks", {})[name] = {"post": {
            "operationId": name, "summary": summary, "description": description,
            "parameters": [{"name": header, "in": "header", "required": True, "schema": {"type": "string"}}
                           for header in WEBHOOK_HEADERS],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{body.__name__}"}}}},
            "responses": {"2XX": {"description": "Taken; any other answer (or none in time) is tried again later"}},
        }}
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            statuses = {400, 401, 403, 422} | {int(status) for status in responses if int(status) >= 400}
            if "{" in path:
                statuses.add(404)
            if "requestBody" in operation:
                statuses.add(413)
            if_match = operation.pop("x-if-match", None)
            if if_match:
                statuses |= {412, 428} if if_match == "required" else {412}
                operation.setdefault("parameters", []).append({
                    "name": "If-Match", "in": "header", "required": if_match == "required",
                    "schema": {"type": "string"},
                    "description": "The ETag you last read" + ("" if if_match == "required" else " (optional)"),
                })
            if operation.pop("x-etag", False):
                for status, response in responses.items():
                    if 200 <= int(status) < 300:
                        response["headers"] = {"ETag": {
                            "description": "The version of what you read: send it as If-Match to change it",
                            "schema": {"type": "string"}, "required": True}}
            for status in list(responses):
                if int(status) >= 400:
                    del responses[status]
            for status in sorted(statuses):
                responses[status] = {"description": PROBLEM_STATUSES[status],
                                     "content": {MEDIA_TYPE: {"schema": reference}}}
    _drop_unused(components, schema)
    return schema


def _drop_unused(components: dict, schema: dict) -> None:
    """Remove the component schemas nothing refers to: ninja lists the models of query parameters (filters),
    whose fields the operations already list one by one."""
    while True:
        text = json.dumps(schema)
        unused = [name for name in components if f'"#/components/schemas/{name}"' not in text]
        if not unused:
            return
        for name in unused:
            del components[name]
