import { describe, expect, it } from "vitest";
import { makeContact, makeField } from "../../test/fixtures";
import { draftOf, missingRequired, patchOf, type CardDraft } from "./cardForm";

const fields = [
  makeField({ key: "visits", type: "integer" }),
  makeField({ key: "tags", type: "multi_select" }),
  makeField({ key: "fee", type: "money" }),
  makeField({ key: "note" }),
];

const contact = makeContact({
  first_name: "Jan",
  last_name: "Kowalski",
  gender: "male",
  birthday: "1980-02-03",
  region: "mazowieckie",
  emails: [
    { address: "jan@work.example", label: "work", primary: true },
    { address: "jan@home.example", label: "home", primary: false },
  ],
  phones: [{ number: "600 100 200", label: "mobile", primary: true }],
  custom: { visits: 3, tags: ["vip", "partner"], fee: { amount: "12.50", currency: "PLN" } },
});

function edited(change: Partial<CardDraft>): CardDraft {
  return { ...draftOf(contact, fields), ...change };
}

describe("draftOf", () => {
  it("gives the card's values as form text", () => {
    expect(draftOf(contact, fields)).toEqual({
      first_name: "Jan",
      middle_name: "",
      last_name: "Kowalski",
      company_name: "",
      region: "mazowieckie",
      source: "",
      description: "",
      gender: "male",
      birthday: "1980-02-03",
      emails: ["jan@work.example", "jan@home.example"],
      phones: ["600 100 200"],
      custom: { visits: "3", tags: "vip, partner", fee: "12.50 PLN", note: "" },
    });
  });

  it("gives empty text for no gender and no birthday", () => {
    const draft = draftOf(makeContact({ gender: null, birthday: null }), []);
    expect(draft.gender).toBe("");
    expect(draft.birthday).toBe("");
  });
});

describe("patchOf", () => {
  it("is empty for an unchanged draft", () => {
    expect(patchOf(contact, draftOf(contact, fields), fields)).toEqual({});
  });

  it("has only the changed text fields, trimmed", () => {
    expect(patchOf(contact, edited({ last_name: " Nowak ", source: "fair" }), fields)).toEqual({
      last_name: "Nowak",
      source: "fair",
    });
  });

  it("ignores blanks added around an unchanged value", () => {
    expect(patchOf(contact, edited({ first_name: "  Jan  " }), fields)).toEqual({});
  });

  it("clears gender and birthday with null", () => {
    expect(patchOf(contact, edited({ gender: "", birthday: "" }), fields)).toEqual({
      gender: null,
      birthday: null,
    });
    expect(patchOf(contact, edited({ gender: "female" }), fields)).toEqual({ gender: "female" });
  });

  it("sends the whole email list, labels and primary marks staying by position", () => {
    const draft = edited({
      emails: ["jan@work.example", " jan@new.example ", "third@example.com"],
    });
    expect(patchOf(contact, draft, fields)).toEqual({
      emails: [
        { address: "jan@work.example", label: "work", primary: true },
        { address: "jan@new.example", label: "home", primary: false },
        { address: "third@example.com", label: "", primary: false },
      ],
    });
  });

  it("ignores empty email and phone rows", () => {
    const draft = edited({
      emails: ["jan@work.example", "  ", "jan@home.example", ""],
      phones: ["", "600 100 200"],
    });
    expect(patchOf(contact, draft, fields)).toEqual({});
  });

  it("sends an empty list when every email is removed", () => {
    expect(patchOf(contact, edited({ emails: [""] }), fields)).toEqual({ emails: [] });
  });

  it("sends the phone list when a phone changes", () => {
    const draft = edited({ phones: ["600 100 201", "22 333 44 55"] });
    expect(patchOf(contact, draft, fields)).toEqual({
      phones: [
        { number: "600 100 201", label: "mobile", primary: true },
        { number: "22 333 44 55", label: "", primary: false },
      ],
    });
  });

  it("has only the changed custom values, as the API takes them", () => {
    const draft = edited({
      custom: { visits: "4", tags: "vip; new", fee: "12.50 PLN", note: "" },
    });
    expect(patchOf(contact, draft, fields)).toEqual({
      custom: { visits: "4", tags: ["vip", "new"] },
    });
  });

  it("clears an emptied custom value with null", () => {
    const draft = edited({ custom: { visits: " ", tags: "vip, partner", fee: "12.50 PLN" } });
    expect(patchOf(contact, draft, fields)).toEqual({ custom: { visits: null } });
  });

  it("leaves out custom values of fields it is not given", () => {
    const draft = edited({ custom: { visits: "3", tags: "vip, partner", secret: "x" } });
    expect(patchOf(contact, draft, fields.slice(0, 2))).toEqual({});
  });
});

describe("missingRequired", () => {
  const blank = draftOf(makeContact({ first_name: "", last_name: "" }), []);

  it("enforces the card layout's required standard and custom fields", () => {
    const named = { ...blank, first_name: "Ewa", region: " ", emails: ["", " "] };
    const tier = makeField({ key: "tier" });
    const layoutRequired = ["region", "emails", "birthday", "custom.tier", "company_id"];
    expect(missingRequired("person", named, [tier], layoutRequired)).toEqual(
      new Map([
        ["custom.tier", "card.required"],
        ["region", "card.required"],
        ["emails", "card.required"],
        ["birthday", "card.required"],
      ]),
    );
    const complete = {
      ...named,
      region: "pomorskie",
      emails: ["ewa@example.pl"],
      birthday: "1990-01-02",
      custom: { tier: "gold" },
    };
    expect(missingRequired("person", complete, [tier], layoutRequired).size).toBe(0);
  });

  it("asks a person for a first or a last name, on both fields", () => {
    expect(missingRequired("person", { ...blank, first_name: " " }, [])).toEqual(
      new Map([
        ["first_name", "card.personNeedsName"],
        ["last_name", "card.personNeedsName"],
      ]),
    );
  });

  it("is content with either name of a person", () => {
    expect(missingRequired("person", { ...blank, last_name: "Nowak" }, []).size).toBe(0);
    expect(missingRequired("person", { ...blank, first_name: "Anna" }, []).size).toBe(0);
  });

  it("asks a company for its name, not for a person's names", () => {
    expect(missingRequired("company", blank, [])).toEqual(
      new Map([["company_name", "card.companyNeedsName"]]),
    );
    expect(missingRequired("company", { ...blank, company_name: "ACME" }, []).size).toBe(0);
  });

  it("asks for required custom fields left empty, and only those", () => {
    const custom = [
      makeField({ key: "nip", required: true }),
      makeField({ key: "segment", required: true }),
      makeField({ key: "optional" }),
      makeField({ key: "absent", required: true }),
    ];
    const draft = { ...blank, company_name: "ACME", custom: { nip: "  ", segment: "B2B" } };
    expect(missingRequired("company", draft, custom)).toEqual(
      new Map([
        ["custom.nip", "card.required"],
        ["custom.absent", "card.required"],
      ]),
    );
  });
});
