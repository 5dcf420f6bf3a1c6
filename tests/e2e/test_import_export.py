"""Import and export end to end: through the gateway, run by the worker, files both ways."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx
import openpyxl
import pytest

from tests.e2e.conftest import person, wait_until

pytestmark = pytest.mark.e2e


def settled(api: httpx.Client, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] = {}

    def done() -> bool:
        job.update(api.get(f"/api/v1/jobs/{job_id}").json())
        return job["state"] in ("done", "failed", "cancelled", "undone")

    wait_until(done, timeout=60, message=f"job {job_id} to settle")
    return job


def upload(api: httpx.Client, name: str, content: bytes, media: str) -> dict[str, Any]:
    response = api.post("/api/v1/imports/files", files={"file": (name, content, media)})
    assert response.status_code == 201, response.text
    return dict(response.json())


def run_import(api: httpx.Client, analysis: dict[str, Any], **options: Any) -> dict[str, Any]:
    started = api.post(
        "/api/v1/imports",
        json={"file_id": analysis["file_id"], "mapping": analysis["proposed_mapping"], **options},
    )
    assert started.status_code == 202, started.text
    return settled(api, started.json()["id"])


def test_export_to_csv_then_import_it_back_changes_nothing(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    region = f"export-{tag}"
    ids = {
        api.post("/api/v1/contacts", json={**person(i, tag), "region": region}).json()["id"]
        for i in range(3)
    }
    started = api.post(
        "/api/v1/contacts/export",
        json={
            "selection": {"filter": {"field": "region", "op": "eq", "value": region}},
            "format": "csv",
        },
    )
    assert started.status_code == 202, started.text
    job = settled(api, started.json()["id"])
    assert (job["state"], job["total"], job["result"]["rows"]) == ("done", 3, 3)

    download = api.get(f"/api/v1/jobs/{job['id']}/export-file")

    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == ids
    analysis = upload(api, "export.csv", download.content, "text/csv")
    assert analysis["format"] == "csv"
    assert analysis["proposed_mapping"][0] == "id"
    assert None not in analysis["proposed_mapping"]
    again = run_import(api, analysis)
    assert (again["state"], again["processed"], again["created"], again["updated"]) == (
        "done",
        3,
        0,
        0,
    )


def test_import_a_polish_windows_1250_csv_report_bad_rows_and_undo(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    lines = [
        "Imię;Nazwisko;E-mail;Województwo",
        f"Łucja;Żółć-{tag};lucja.{tag}@example.pl;Śląskie",
        f"Grzegorz;Brzęczyszczykiewicz-{tag};zły-adres;Łódzkie",
    ]
    content = "\r\n".join(lines).encode("cp1250")
    analysis = upload(api, "klienci.csv", content, "text/csv")
    assert analysis["delimiter"] == ";"
    assert analysis["proposed_mapping"] == ["first_name", "last_name", "emails", "region"]
    assert analysis["preview"][0][1] == f"Żółć-{tag}"

    job = run_import(api, analysis, mode="create")

    assert (job["state"], job["created"], job["failed"]) == ("done", 1, 1)
    failures = api.get(f"/api/v1/jobs/{job['id']}/failures").json()
    assert [(f["row"], f["column"], f["code"]) for f in failures] == [
        (3, "E-mail", "invalid_email")
    ]
    report = api.get(f"/api/v1/jobs/{job['id']}/failed-rows", params={"format": "xlsx"})
    assert report.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["Imię", "Nazwisko", "E-mail", "Województwo", "Error"]
    assert cells[1][:3] == ["Grzegorz", f"Brzęczyszczykiewicz-{tag}", "zły-adres"]
    assert "row 3" in str(cells[1][4])
    found = api.post(
        "/api/v1/contacts/search", json={"filter": {"search": f"lucja.{tag}"}, "page_size": 5}
    ).json()["items"]
    assert [item["region"] for item in found] == ["Śląskie"]

    undo = api.post(f"/api/v1/jobs/{job['id']}/undo")

    assert undo.status_code == 202, undo.text
    assert settled(api, undo.json()["id"])["updated"] == 1
    assert api.get(f"/api/v1/contacts/{found[0]['id']}").status_code == 404


def test_an_xlsx_upload_with_a_dry_run_writes_nothing(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["First name", "Last name", "Phone"])
    sheet.append(["Oskar", f"Dry-{tag}", "+48 512 345 678"])
    buffer = io.BytesIO()
    book.save(buffer)
    analysis = upload(
        api,
        "people.xlsx",
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert (analysis["format"], analysis["sheets"]) == ("xlsx", ["Sheet"])

    rehearsal = run_import(api, analysis, dry_run=True)

    assert (rehearsal["state"], rehearsal["created"]) == ("done", 1)
    found = api.post(
        "/api/v1/contacts/search", json={"filter": {"search": f"Dry-{tag}"}, "page_size": 5}
    ).json()["items"]
    assert found == []
    bad = api.post("/api/v1/imports/files", files={"file": ("x.xlsx", b"", "text/plain")})
    assert (bad.status_code, bad.json()["code"], bad.json().get("field")) == (
        422,
        "file_empty",
        "file",
    ), bad.text


def test_a_spreadsheet_larger_than_an_api_body_uploads_and_dry_runs(api: httpx.Client) -> None:
    # 40,000 rows, about 3 MiB: over the 2 MiB every other request body is held to.
    tag = uuid.uuid4().hex[:8]
    rows = [["First name", "Last name", "Email", "Description"]] + [
        ["Duża", f"Lista{i}", f"duza.{tag}.{i}@example.pl", "x" * 20] for i in range(40_000)
    ]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    content = out.getvalue().encode()
    assert len(content) > 2 * 1024 * 1024

    analysis = upload(api, "big.csv", content, "text/csv")

    assert analysis["size"] == len(content)
    assert analysis["headers"] == rows[0]
    job = run_import(api, analysis, dry_run=True)
    assert (job["state"], job["processed"], job["created"]) == ("done", 40_000, 40_000)
