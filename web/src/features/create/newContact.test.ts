import { describe, expect, it } from "vitest";
import { makeField } from "../../test/fixtures";
import { bodyOf, createFields, emptyDraft, formFieldOf, missingOnCreate } from "./newContact";

const tier = makeField({ key: "tier", type: "dropdown", show_on_create: true, position: 2 });
const vip = makeField({ key: "vip_since", type: "date", required: true, position: 1 });
const hobbies = makeField({ key: "hobbies", type: "multi_select", show_on_create: true });
const hidden = makeField({ key: "notes", type: "long_text", show_on_create: false });

describe("createFields", () => {
  it("asks for fields shown on the create form and every required one, in their order", () => {
    const keys = createFields([tier, hidden, vip, hobbies]).map((field) => field.key);
    expect(keys).toEqual(["hobbies", "vip_since", "tier"]);
  });
});

describe("bodyOf", () => {
  it("sends a person's names, a primary email and phone, trimmed, and no empty fields", () => {
    const draft = {
      ...emptyDraft("person"),
      first_name: " Zofia ",
      last_name: "Wójcik",
      company_name: "ignored for a person",
      email: " zofia@example.pl ",
      phone: "600 100 200",
    };
    expect(bodyOf(draft, [])).toEqual({
      kind: "person",
      first_name: "Zofia",
      last_name: "Wójcik",
      emails: [{ address: "zofia@example.pl", primary: true }],
      phones: [{ number: "600 100 200", primary: true }],
    });
  });

  it("sends a company's name only, and the region when given", () => {
    const draft = {
      ...emptyDraft("company"),
      first_name: "ignored",
      company_name: "Firma Sp. z o.o.",
      region: "pomorskie",
    };
    expect(bodyOf(draft, [])).toEqual({
      kind: "company",
      company_name: "Firma Sp. z o.o.",
      region: "pomorskie",
    });
  });

  it("converts custom values by type and leaves empty ones out", () => {
    const draft = {
      ...emptyDraft("person"),
      last_name: "Nowak",
      custom: { tier: "gold", hobbies: "sail; chess", vip_since: "  " },
    };
    expect(bodyOf(draft, [tier, hobbies, vip]).custom).toEqual({
      tier: "gold",
      hobbies: ["sail", "chess"],
    });
    expect(bodyOf({ ...draft, custom: {} }, [tier]).custom).toBeUndefined();
  });
});

describe("missingOnCreate", () => {
  it("wants a first or last name for a person", () => {
    expect([...missingOnCreate(emptyDraft("person"), []).keys()]).toEqual([
      "first_name",
      "last_name",
    ]);
    expect(missingOnCreate({ ...emptyDraft("person"), last_name: "Nowak" }, []).size).toBe(0);
  });

  it("wants a company name for a company, not a person's names", () => {
    const missing = missingOnCreate({ ...emptyDraft("company"), first_name: "Jan" }, []);
    expect([...missing.entries()]).toEqual([["company_name", "card.companyNeedsName"]]);
  });

  it("wants every required custom field, blank text counting as empty", () => {
    const draft = { ...emptyDraft("company"), company_name: "Firma", custom: { vip_since: " " } };
    expect([...missingOnCreate(draft, [tier, vip]).keys()]).toEqual(["custom.vip_since"]);
  });
});

describe("formFieldOf", () => {
  it("names the form's single email and phone inputs for the API's lists", () => {
    expect(formFieldOf("emails")).toBe("email");
    expect(formFieldOf("phones")).toBe("phone");
    expect(formFieldOf("custom.tier")).toBe("custom.tier");
  });
});
