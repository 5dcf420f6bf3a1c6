/** Texts of the add-contact dialog. */
import type { FeatureMessages } from "../../i18n/texts";

const en = {
  create: {
    button: "Add contact",
    shortcut: "Add contact (N)",
    title: "New contact",
    person: "Person",
    company: "Company",
    kind: "Kind",
    email: "Email",
    phone: "Phone",
    submit: "Create",
    creating: "Creating…",
    cancel: "Cancel",
    createAnyway: "Create anyway",
    failed: "Could not create the contact: {{detail}}",
  },
} as const;

export const createMessages: FeatureMessages<typeof en> = {
  en,
  pl: {
    create: {
      button: "Dodaj kontakt",
      shortcut: "Dodaj kontakt (N)",
      title: "Nowy kontakt",
      person: "Osoba",
      company: "Firma",
      kind: "Rodzaj",
      email: "E-mail",
      phone: "Telefon",
      submit: "Utwórz",
      creating: "Tworzenie…",
      cancel: "Anuluj",
      createAnyway: "Utwórz mimo to",
      failed: "Nie udało się utworzyć kontaktu: {{detail}}",
    },
  },
};
