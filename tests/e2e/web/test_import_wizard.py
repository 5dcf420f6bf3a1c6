"""The import wizard: upload, confirm the mapping, rehearse, import, fix the bad rows, undo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.web.conftest import DESKTOP, PHONE, WebData, screenshot, sign_in

# A worker picks the job up, then commits it; the shared 2-core machine can be slow at it.
JOB_TIMEOUT_MS = 30_000
LONG_ROWS = 30_000


@pytest.fixture
def polish_csv(tmp_path: Path, data: WebData) -> Path:
    """A Windows-1250, semicolon-separated file as Polish Excel saves it: a row that updates
    Zofia (same name and email), a new person, and a row with a bad email. "Adres e-mail"
    repeats the email column (a problem the API reports); "Skąd" matches no field."""
    tag = data.tag
    zofia_email = data.zofia["emails"][0]["address"]
    lines = [
        ["Imię", "Nazwisko", "E-mail", "Adres e-mail", "Notatka", "Skąd", data.field_label],
        ["Zofia", f"Web{tag}", zofia_email, zofia_email, "VIP", "", ""],
        ["Marta", f"Nowa{tag}", f"marta.{tag}@example.pl", "", "", "targi", "3"],
        ["Piotr", f"Zły{tag}", "zły-adres", "", "", "", ""],
    ]
    path = tmp_path / f"klienci-{tag}.csv"
    path.write_bytes("\r\n".join(";".join(cells) for cells in lines).encode("cp1250"))
    return path


@pytest.fixture
def two_sheet_xlsx(tmp_path: Path, data: WebData) -> Path:
    """A workbook whose first sheet is notes and whose second holds the contacts: Jan (matched
    by name and phone) moves region, and a person nobody has yet."""
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notatki"
    notes.append(["Uwagi"])
    notes.append(["Lista z targów, do uzupełnienia"])
    people = book.create_sheet("Klienci")
    people.append(["First name", "Last name", "Phone", "Region"])
    people.append(["Jan", f"Web{data.tag}", data.jan["phones"][0]["number"], "lubelskie"])
    people.append(["Ewa", f"Brak{data.tag}", "", "śląskie"])
    path = tmp_path / f"targi-{data.tag}.xlsx"
    book.save(path)
    return path


@pytest.fixture
def long_csv(tmp_path: Path, data: WebData) -> Path:
    """Enough new people that the import runs for a while: batches commit 1,000 rows each."""
    lines = ["First name,Last name,Source"]
    lines += [f"Osoba{i},Długi{data.tag},{data.tag}" for i in range(LONG_ROWS)]
    path = tmp_path / f"long-{data.tag}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def count(scope: Locator, name: str) -> Locator:
    """The number a job's counts show for `name` (processed, created, updated, ...)."""
    return scope.get_by_test_id(f"count-{name}").get_by_role("definition")


def open_wizard(page: Page) -> None:
    sign_in(page, "/import")
    expect(page.get_by_role("heading", name="Choose a file")).to_be_visible()


def upload(page: Page, path: Path) -> None:
    page.get_by_label("Spreadsheet file").set_input_files(path)
    expect(page.get_by_role("heading", name="Columns and fields")).to_be_visible()


def field(page: Page, header: str, letter: str) -> Locator:
    return page.get_by_label(f"Field for {header} (column {letter})")


def job_id_in(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"[?&]job="))
    match = re.search(r"[?&]job=([^&]+)", page.url)
    assert match is not None
    return match.group(1)


def search(admin_api: httpx.Client, text: str) -> list[dict[str, Any]]:
    response = admin_api.post(
        "/api/v1/contacts/search", json={"filter": {"search": text}, "page_size": 10}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_a_csv_is_mapped_rehearsed_imported_and_its_bad_rows_downloaded(
    page: Page, data: WebData, admin_api: httpx.Client, polish_csv: Path, tmp_path: Path
) -> None:
    open_wizard(page)
    expect(page.get_by_text("XLSX, XLS or CSV; or drop the file here")).to_be_visible()
    screenshot(page, "30-import-upload")
    upload(page, polish_csv)

    # What the API found the file to be, and the first rows as read.
    expect(page.get_by_test_id("file-format")).to_have_text("CSV")
    expect(page.get_by_test_id("file-delimiter")).to_have_text(";")
    expect(page.get_by_test_id("file-encoding")).not_to_be_empty()
    preview = page.get_by_role("region", name="First rows")
    expect(preview.get_by_role("cell", name=f"Zły{data.tag}")).to_be_visible()  # decoded

    # The proposal, with the API's problem shown on the column it left out.
    expect(field(page, "Imię", "A")).to_have_value("first_name")
    expect(field(page, "E-mail", "C")).to_have_value("emails")
    expect(field(page, "Notatka", "E")).to_have_value("description")
    expect(field(page, data.field_label, "G")).to_have_value(f"custom.{data.field_key}")
    expect(field(page, "Adres e-mail", "D")).to_have_value("")
    expect(page.get_by_test_id("mapping-problems")).to_be_visible()
    rows = page.get_by_test_id("mapping-row")
    expect(rows.filter(has_text="Adres e-mail")).to_contain_text("earlier column already fills")
    expect(field(page, "Skąd", "F")).to_have_value("")
    screenshot(page, "31-import-mapping")

    # A field takes one column: choosing Email twice is flagged and blocks the next step.
    field(page, "Adres e-mail", "D").select_option(label="Emails")
    expect(rows.filter(has_text="Adres e-mail")).to_contain_text("also chosen for column C")
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    field(page, "Adres e-mail", "D").select_option(label="Skip this column")
    field(page, "Skąd", "F").select_option(label="Source")
    expect(preview.get_by_role("columnheader", name=re.compile(r"Skąd.*Source"))).to_be_visible()
    expect(page.get_by_test_id("mapped-count")).to_have_text("Columns mapped: 6 of 7")

    page.set_viewport_size(PHONE)
    screenshot(page, "32-import-mapping-phone")
    page.set_viewport_size(DESKTOP)

    # In Polish the standard fields have Polish names; custom fields keep their own label.
    page.get_by_label("Language").select_option("pl")
    polish = page.get_by_label("Pole dla kolumny Imię (A)")
    expect(polish.locator("option:checked")).to_have_text("Imię")
    expect(page.get_by_label("Pole dla kolumny Skąd (F)").locator("option:checked")).to_have_text(
        "Źródło"
    )
    screenshot(page, "32-import-mapping-pl")
    page.get_by_label("Język").select_option("en")
    page.get_by_role("button", name="Next").click()

    options = page.get_by_role("region", name="How to import")
    expect(options.get_by_role("radio", name="Update or create")).to_be_checked()
    for key in ("Name", "Phone", "Email", "Company"):
        expect(options.get_by_role("checkbox", name=key)).to_be_checked()
    expect(options).to_contain_text("A row with an ID updates that contact")
    screenshot(page, "33-import-options")
    options.get_by_role("button", name="Dry run").click()

    report = page.get_by_test_id("dry-run-report")
    expect(report).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(count(report, "created")).to_have_text("1")
    expect(count(report, "updated")).to_have_text("1")
    expect(count(report, "skipped")).to_have_text("0")
    expect(count(report, "failed")).to_have_text("1")
    failures = report.get_by_role("table", name="Refused rows").get_by_test_id("failure-row")
    expect(failures).to_have_count(1)
    expect(failures.first.get_by_role("cell").nth(0)).to_have_text("4")
    expect(failures.first.get_by_role("cell").nth(1)).to_have_text("E-mail")
    screenshot(page, "34-import-dry-run")
    assert search(admin_api, f"Nowa{data.tag}") == []  # a rehearsal writes nothing

    page.get_by_role("region", name="Dry run").get_by_role("button", name="Import").click()
    job_id = job_id_in(page)
    result = page.get_by_test_id("import-result")
    expect(result).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(result).to_contain_text("The import is finished.")
    expect(count(result, "processed")).to_have_text("3")
    expect(count(result, "created")).to_have_text("1")
    expect(count(result, "updated")).to_have_text("1")
    expect(count(result, "failed")).to_have_text("1")
    expect(page.get_by_role("progressbar", name="Import progress")).to_have_count(0)
    screenshot(page, "35-import-result")

    zofia = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert zofia["description"] == "VIP"
    [marta] = search(admin_api, f"Nowa{data.tag}")
    assert (marta["first_name"], marta["source"]) == ("Marta", "targi")
    assert marta["custom"][data.field_key] == 3
    assert search(admin_api, f"Zły{data.tag}") == []
    job = admin_api.get(f"/api/v1/jobs/{job_id}").json()
    assert job["params"]["mapping"] == [
        "first_name",
        "last_name",
        "emails",
        None,
        "description",
        "source",
        f"custom.{data.field_key}",
    ]

    # The refused row as the file had it, plus why, ready to fix and import again.
    with page.expect_download() as download_info:
        result.get_by_role("button", name="Refused rows as XLSX").click()
    download = download_info.value
    assert download.suggested_filename == f"klienci-{data.tag}-failed-rows.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert sheet is not None
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][-1] == "Error"
    assert cells[1][:3] == ["Piotr", f"Zły{data.tag}", "zły-adres"]
    assert "row 4" in str(cells[1][-1])


def test_an_xlsx_sheet_is_chosen_updated_only_and_undone(
    page: Page, data: WebData, admin_api: httpx.Client, two_sheet_xlsx: Path
) -> None:
    open_wizard(page)
    upload(page, two_sheet_xlsx)
    expect(page.get_by_test_id("file-format")).to_have_text("XLSX")
    expect(page.get_by_test_id("file-delimiter")).to_have_count(0)
    sheet = page.get_by_label("Sheet", exact=True)
    expect(sheet).to_have_value("Notatki")  # the first sheet is read first

    sheet.select_option("Klienci")
    preview = page.get_by_role("region", name="First rows")
    expect(preview.get_by_role("cell", name=f"Brak{data.tag}")).to_be_visible()
    expect(field(page, "Phone", "C")).to_have_value("phones")
    expect(field(page, "Region", "D")).to_have_value("region")
    screenshot(page, "36-import-xlsx-sheet")
    page.get_by_role("button", name="Next").click()

    options = page.get_by_role("region", name="How to import")
    options.get_by_role("radio", name="Update only").check()
    options.get_by_role("checkbox", name="Email").uncheck()
    options.get_by_role("checkbox", name="Company").uncheck()
    # Without a dry run this time.
    options.get_by_role("button", name="Import", exact=True).click()

    job_id = job_id_in(page)
    result = page.get_by_test_id("import-result")
    expect(result).to_be_visible(timeout=JOB_TIMEOUT_MS)
    expect(count(result, "updated")).to_have_text("1")
    expect(count(result, "skipped")).to_have_text("1")  # Ewa matches no one
    expect(count(result, "created")).to_have_text("0")
    expect(result.get_by_role("table", name="Refused rows")).to_have_count(0)
    job = admin_api.get(f"/api/v1/jobs/{job_id}").json()
    assert (job["params"]["mode"], job["params"]["match_keys"]) == ("update", ["name", "phone"])
    assert job["params"]["sheet"] == "Klienci"
    assert admin_api.get(f"/api/v1/contacts/{data.jan['id']}").json()["region"] == "lubelskie"
    assert search(admin_api, f"Brak{data.tag}") == []

    # A reload finds the import again through its address.
    page.reload()
    expect(count(page.get_by_test_id("import-result"), "updated")).to_have_text("1")

    page.get_by_role("button", name="Undo this import").click()
    page.get_by_role(
        "group", name=re.compile("Remove the contacts this import created")
    ).get_by_role("button", name="Undo the import").click()
    expect(page.get_by_test_id("undo-result")).to_contain_text(
        "Contacts reverted: 1", timeout=JOB_TIMEOUT_MS
    )
    expect(page.get_by_test_id("import-result")).to_contain_text("This import was undone.")
    screenshot(page, "37-import-undone")
    assert admin_api.get(f"/api/v1/contacts/{data.jan['id']}").json()["region"] == "pomorskie"


def test_a_long_import_shows_live_progress_and_can_be_cancelled(
    page: Page, data: WebData, admin_api: httpx.Client, long_csv: Path
) -> None:
    open_wizard(page)
    upload(page, long_csv)
    page.get_by_role("button", name="Next").click()
    options = page.get_by_role("region", name="How to import")
    options.get_by_role("radio", name="Create only").check()
    options.get_by_role("button", name="Import", exact=True).click()

    job_id = job_id_in(page)
    bar = page.get_by_role("progressbar", name="Import progress")
    expect(bar).to_be_visible()
    # An import learns its row count at the end of the file: until then rows done, and the rate.
    details = page.get_by_test_id("progress-details")
    expect(details).to_have_text(re.compile(r"Rows done: [1-9][\d,]* · [\d.,]+ rows/s"))
    expect(
        count(page.get_by_role("region", name=re.compile("Import of")), "created")
    ).not_to_have_text("0")
    screenshot(page, "38-import-progress")
    page.get_by_role("button", name="Cancel import").click()

    result = page.get_by_test_id("import-result")
    expect(result).to_contain_text("The import was cancelled", timeout=JOB_TIMEOUT_MS)
    expect(bar).to_have_count(0)
    job = admin_api.get(f"/api/v1/jobs/{job_id}").json()
    assert job["state"] == "cancelled"
    assert 0 < job["created"] < LONG_ROWS
    # What the page shows is what the job counted.
    expect(count(result, "created")).to_have_text(f"{job['created']:,}")

    # Undo takes the cancelled import's cards away again.
    page.get_by_role("button", name="Undo this import").click()
    page.get_by_role("button", name="Undo the import").click()
    expect(page.get_by_test_id("undo-result")).to_contain_text(
        f"Contacts reverted: {job['created']:,}", timeout=JOB_TIMEOUT_MS
    )
    assert search(admin_api, f"Długi{data.tag}") == []
