/** Texts of the duplicate warning and the merge screen. */
import type { FeatureMessages } from "../../i18n/texts";

const en = {
  duplicates: {
    warningOne: "This {{kind}} is already on another card:",
    warningMany: "These phones or emails are already on other cards:",
    email: "email",
    phone: "phone",
    open: "Open that card",
    merge: "Merge with it",
  },
  merge: {
    title: "Merge duplicates",
    intro:
      "Pick the value that wins for each field. Emails, phones and addresses of both cards are kept; groups and references move to the card that stays.",
    keep: "Card that stays",
    swap: "Keep {{name}} instead",
    field: "Field",
    preview: "Preview",
    previewing: "Preparing the preview…",
    result: "The merged card",
    confirm: "Merge",
    merging: "Merging…",
    merged: "Merged: {{memberships}} group memberships and {{references}} references moved.",
    failed: "Could not merge: {{detail}}",
    missing: "Choose two cards to merge.",
    same: "A card cannot be merged with itself.",
    empty: "(empty)",
  },
} as const;

export const duplicateMessages: FeatureMessages<typeof en> = {
  en,
  pl: {
    duplicates: {
      warningOne: "Ten {{kind}} jest już na innej karcie:",
      warningMany: "Te telefony lub e-maile są już na innych kartach:",
      email: "e-mail",
      phone: "telefon",
      open: "Otwórz tamtą kartę",
      merge: "Scal z nią",
    },
    merge: {
      title: "Scalanie duplikatów",
      intro:
        "Wybierz wartość, która wygrywa w każdym polu. E-maile, telefony i adresy obu kart zostają; grupy i odwołania przechodzą na kartę, która zostaje.",
      keep: "Karta, która zostaje",
      swap: "Zostaw kartę {{name}}",
      field: "Pole",
      preview: "Podgląd",
      previewing: "Przygotowuję podgląd…",
      result: "Scalona karta",
      confirm: "Scal",
      merging: "Scalanie…",
      merged:
        "Scalono: przeniesiono {{memberships}} przynależności do grup i {{references}} odwołań.",
      failed: "Nie udało się scalić: {{detail}}",
      missing: "Wybierz dwie karty do scalenia.",
      same: "Karty nie można scalić z nią samą.",
      empty: "(puste)",
    },
  },
};
