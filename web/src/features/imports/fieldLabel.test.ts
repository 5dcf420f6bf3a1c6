import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { fieldLabel, fieldMessageKey } from "./fieldLabel";
import { importMessages } from "./messages";

async function instance(language: "en" | "pl") {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { translation: importMessages[language] } },
  });
  return i18n;
}

describe("fieldLabel", () => {
  it("keys a column's name without nesting on its dots", () => {
    expect(fieldMessageKey("address.postal_code")).toBe("imports.fields.address_postal_code");
  });

  it("names standard fields in the reader's language", async () => {
    const pl = await instance("pl");
    expect(fieldLabel({ key: "first_name", header: "First name" }, pl.t, pl)).toBe("Imię");
    expect(fieldLabel({ key: "address.city", header: "City" }, pl.t, pl)).toBe("Miejscowość");
  });

  it("uses the English names the API writes as headers", async () => {
    const en = await instance("en");
    const columns = [
      { key: "emails", header: "Emails" },
      { key: "address.street", header: "Street" },
      { key: "addresses.other", header: "Other addresses" },
    ];
    for (const column of columns) expect(fieldLabel(column, en.t, en)).toBe(column.header);
  });

  it("keeps the API's header for custom fields and legal identifiers", async () => {
    const pl = await instance("pl");
    // A custom field keyed like a standard one still shows its own label.
    expect(fieldLabel({ key: "custom.first_name", header: "Pseudonim" }, pl.t, pl)).toBe(
      "Pseudonim",
    );
    expect(fieldLabel({ key: "legal.nip", header: "NIP" }, pl.t, pl)).toBe("NIP");
  });
});
