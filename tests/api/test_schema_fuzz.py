"""Schemathesis against the real server: requests generated from its own ``/openapi.json`` for
every operation, valid ones (positive) and ones that break the schema (negative), sent over TCP
to ``eventcoder serve`` on 127.0.0.1. No answer may be a 5xx, and each must be what the OpenAPI
document says (a declared status code, its content type, its schema: the JSON error shape).

Bounded and reproducible: a fixed number of examples per operation and mode, derandomized, no
example database, so every run sends the same requests.

Schemathesis's pytest integration (``schemathesis.pytest.from_fixture``) does not run under
pytest 9 (it sets a node attribute pytest 9 no longer has), so the schema is loaded in the test
and each operation's Hypothesis strategy is run by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, note, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from serving import Serving, serve

EXAMPLES = 20
"""Per operation and mode: 14 operations x 2 modes x 20, about 500 requests."""
NOTHING_TO_BREAK = {"GET /api/v1/health", "GET /api/v1/plover", "GET /api/v1/documents/{doc_id}"}
"""Operations with no constraint a request could break (no parameters, or only a path that any
text fits): negative mode finds no example for them (Hypothesis: Unsatisfiable)."""
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    with serve(tmp_path_factory.mktemp("schema")) as running:
        yield running


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_generated_requests_never_get_a_5xx_and_match_the_schema(
    served: Serving, mode: GenerationMode
) -> None:
    api = schemathesis.openapi.from_url(f"{served.url}/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"POST /api/v1/code", "GET /api/v1/events", "GET /api/v1/incidents/{incident_id}"} <= (
        labels
    )
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and operation.label in NOTHING_TO_BREAK:
            continue

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case: schemathesis.Case) -> None:
            note(case.as_curl_command())
            response = case.call(timeout=60)
            assert response.status_code < 500, (case.as_curl_command(), response.text[:2000])
            case.validate_response(response, checks=CHECKS)

        check()
