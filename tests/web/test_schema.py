"""schemathesis: requests generated from the OpenAPI schema never get a server error,
with and without the write token, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from corroborate.web import create_app

from .conftest import TOKEN

EXAMPLES = 12  # per operation: enough to reach the edge cases, quick enough for every run


def test_no_server_error_for_generated_requests(engine: Engine) -> None:
    app = create_app(engine, token=TOKEN)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        _fuzz(operation, authorised=operation.method.upper() == "POST", failures=failures)
    assert failures == []


def _fuzz(operation, *, authorised: bool, failures: list[str]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:  # type: ignore[no-untyped-def]
        if authorised:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKEN}"}
        response = case.call()
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query} -> "
                f"{response.status_code}: {response.text[:300]}"
            )

    check()


@pytest.mark.parametrize("path", ["/api/questions", "/api/claims", "/api/search?q=troops"])
def test_pages_are_bounded(reader, path: str) -> None:  # type: ignore[no-untyped-def]
    separator = "&" if "?" in path else "?"
    assert reader.get(f"{path}{separator}limit=100000").status_code == 422
