"""Every row of the hostile-input table, run as an attacker would: each case builds its
input (files made here, or pages and feeds served by a local server on 127.0.0.1), runs
the real reader in a child process whose address space is capped with
``resource.setrlimit``, and must end with the bound held, the reason printed and the
good documents beside it stored. The timeout is generous: it fails on a hang only.
"""

from __future__ import annotations

import pytest

from corroborate.bench.hostile import CASES, run_case

# Far below what the unbounded readers needed (5.8 GB for the entity feed, 4.3 GB and
# then out of memory for the WARC header line), far above what the bounded ones use.
CAP_MB = 1024
HANG = 600.0  # seconds

EXPECTED_REASON = {
    "feed-entity": "feed declares XML entities",
    "dns-rebinding": "resolves to the private or loopback address 127.0.0.1",
    "markup": "[/]",
    "warc-header": "header line is over the 65,536-byte limit",
    "deep-json": "JSON nested over 32 levels deep",
    "symlink": "symbolic link to /etc/passwd, outside the folder; skipped",
    "ipv6": "refused",
    "gzip-bomb": "inflates past the 5,242,880-byte limit",
    "jsonl-line": "line is over the 16,777,216-byte limit",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_case_is_bounded_named_and_loses_no_good_document(name: str) -> None:
    measured = run_case(name, cap_mb=CAP_MB, timeout=HANG)
    assert measured.ok, (measured.outcome, measured.reasons[:5])
    assert measured.exit_code == 0  # the child finished: no kill, no out-of-memory
    assert measured.seconds < HANG
    if measured.good != "-":
        stored, expected = measured.good.split("/")
        assert stored == expected, measured.good
    if name in EXPECTED_REASON:
        assert any(EXPECTED_REASON[name] in reason for reason in measured.reasons), (
            measured.reasons[:5]
        )
