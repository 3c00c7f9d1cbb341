"""Why a claim was read as it was: the CLI (`claims --explain`), the JSON API and the claim
page show the same rules, the ones the extractor recorded on the claim."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from corroborate.cli.app import app
from corroborate.extract.explain import AREAS
from corroborate.store.models import ClaimRow


def _db(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False).removeprefix("sqlite:///")


def _claims_with_rules(engine: Engine) -> list[tuple[int, list[str]]]:
    with engine.connect() as connection:
        rows = connection.execute(select(ClaimRow.id, ClaimRow.extras).order_by(ClaimRow.id))
        return [(i, list(e["rules"])) for i, e in rows if e and e.get("rules")]


def test_cli_api_and_page_show_the_recorded_rules(shared_engine: Engine, reader) -> None:  # type: ignore[no-untyped-def]
    explained = _claims_with_rules(shared_engine)
    assert explained, "the extractor records the rules that shaped its readings"
    for claim_id, rules in explained[:5]:
        result = CliRunner().invoke(
            app, ["claims", "--db", _db(shared_engine), "--explain", str(claim_id), "-f", "json"]
        )
        assert result.exit_code == 0, result.output
        (cli,) = json.loads(result.stdout)
        assert cli["rules"] == rules
        assert [line["area"] for line in cli["explanation"]][: len(AREAS)] == list(AREAS)
        api = reader.get(f"/api/claims/{claim_id}").json()
        assert api["rules"] == rules
        assert api["explanation"] == cli["explanation"]
        page = reader.get(f"/claims/{claim_id}").text
        assert "Why it was read this way" in page
        for rule in rules:
            assert f"<code>{rule}</code>" in page


def test_explain_names_an_unknown_claim(shared_engine: Engine) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", _db(shared_engine), "--explain", "999999"])
    assert result.exit_code == 1
    assert "no claim 999999" in result.output
