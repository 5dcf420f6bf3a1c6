/** Texts of the group settings. */
import type { FeatureMessages } from "../../i18n/texts";

const en = {
  groupSettings: {
    title: "Groups",
    intro:
      "The group tree. A group's priority decides whose card layout a contact in several groups gets; its discount is what the finance service applies to its members.",
    new: "New group",
    empty: "No groups yet.",
    name: "Name",
    nameRequired: "A group needs a name.",
    parent: "Inside",
    topLevel: "— top level —",
    members: "Members",
    discount: "Discount %",
    discountHint: "0 to 100, up to two decimals; empty for none.",
    discountInvalid: "A discount is a percent from 0 to 100 with at most two decimals.",
    priority: "Priority",
    priorityHint: "A contact in several groups gets the card layout of the highest priority.",
    priorityInvalid: "A priority is a whole number.",
    layout: "Card layout",
    noLayout: "none of its own (the default applies).",
    makeLayout: "Make one",
    confirmDelete: "Delete the group “{{name}}”? Only an empty group without subgroups can go.",
  },
} as const;

export const groupSettingsMessages: FeatureMessages<typeof en> = {
  en,
  pl: {
    groupSettings: {
      title: "Grupy",
      intro:
        "Drzewo grup. Priorytet grupy decyduje, czyj układ karty dostaje kontakt należący do kilku grup; rabat to ten, który serwis finansowy stosuje dla jej członków.",
      new: "Nowa grupa",
      empty: "Nie ma jeszcze grup.",
      name: "Nazwa",
      nameRequired: "Grupa musi mieć nazwę.",
      parent: "Wewnątrz",
      topLevel: "— najwyższy poziom —",
      members: "Członkowie",
      discount: "Rabat %",
      discountHint: "Od 0 do 100, najwyżej dwa miejsca po przecinku; puste: brak.",
      discountInvalid: "Rabat to procent od 0 do 100, najwyżej z dwoma miejscami po przecinku.",
      priority: "Priorytet",
      priorityHint: "Kontakt w kilku grupach dostaje układ karty grupy o najwyższym priorytecie.",
      priorityInvalid: "Priorytet to liczba całkowita.",
      layout: "Układ karty",
      noLayout: "brak własnego (obowiązuje domyślny).",
      makeLayout: "Utwórz",
      confirmDelete: "Usunąć grupę „{{name}}”? Usunąć można tylko pustą grupę bez podgrup.",
    },
  },
};
