"""schemathesis over the whole OpenAPI document, against a real server on 127.0.0.1 serving
a wiki with the starter content: every check schemathesis has, every phase (coverage,
fuzzing, stateful), a bounded, deterministic set of examples (the run is the same every
time), and no failure allowed.

It runs schemathesis' own command line, as a user would: its pytest plugin reaches into a
private attribute of pytest's test items that pytest 9 no longer has. The JSON report it
writes says what was tested; the test reads that rather than the console text.

Every check is enabled, and each runs where it applies. Those that find nothing to do here
say so themselves: the API has no authentication (ignored_auth, object-level
authorization), no required headers (missing_required_header) and creates no resources
(use_after_free, ensure_resource_availability).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from aiwiki.services import importing
from tests.conftest import open_test_wiki
from tests.web.live import serve

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 25
CONFIG = Path(__file__).with_name("schemathesis.toml")


def run_schemathesis(base: str, report: Path) -> dict[str, Any]:
    command = [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run",
               f"{base}/api/v1/openapi.json", "--checks", "all",
               "--max-examples", str(MAX_EXAMPLES), "--generation-deterministic",
               "--workers", "1", "--no-color", "--report", "json",
               "--report-json-path", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900,
                          cwd=report.parent, check=False)
    assert report.exists(), done.stdout[-4000:] + done.stderr[-2000:]
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    result["console"] = done.stdout[-8000:]
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """SQLite only: the contract is the web layer's; both databases are covered by the
    answers test_openapi.py checks one by one."""
    if not SCHEMATHESIS.exists():
        pytest.skip(f"schemathesis is not installed beside {sys.executable}")
    folder = Path(tmp_path_factory.mktemp("schemathesis"))
    wiki, cleanup = open_test_wiki("sqlite", folder)
    importing.import_files(wiki, [importing.STARTER])
    try:
        with serve(wiki) as base:
            operations = sum(len(item) for item in
                             httpx.get(f"{base}/api/v1/openapi.json").json()["paths"].values())
            result = run_schemathesis(base, folder / "report.json")
    finally:
        wiki.close()
        cleanup()  # type: ignore[operator]
    result["documented"] = operations
    return result


def test_api_matches_its_openapi_document(report: dict[str, Any]) -> None:
    console = report["console"]
    assert report["failures"] == [] and report["errors"] == [], console
    assert report["exit_code"] == 0 and report["complete"], console
    assert report["test_cases"]["with_failures"] == 0, console


def test_the_whole_document_was_tested(report: dict[str, Any]) -> None:
    """Nothing filtered, skipped or errored away: every operation, every phase that applies."""
    operations = report["operations"]
    assert operations["tested"] == operations["total"] == report["documented"] > 10
    assert operations["skipped"] == operations["errored"] == 0
    phases = report["phases"]
    assert all(phases[name]["status"] == "success"
               for name in ("coverage", "fuzzing", "stateful")), phases
    assert report["test_cases"]["generated"] > report["documented"] * 10
    assert "--checks all" in report["command"]
