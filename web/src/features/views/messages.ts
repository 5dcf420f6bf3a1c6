/** Texts of the saved views menu. */
import type { FeatureMessages } from "../../i18n/texts";

const en = {
  savedViews: {
    label: "Saved views",
    none: "All contacts",
    mine: "My views",
    shared: "Shared views",
    save: "Save view",
    name: "View name",
    share: "Share with everyone",
    confirm: "Save",
    cancel: "Cancel",
    delete: "Delete this view",
    saved: "Saved as “{{name}}”.",
    failed: "Could not save the view: {{detail}}",
  },
  sorting: {
    label: "Sort by",
    display_name: "Name",
    last_name: "Last name",
    region: "Region",
    created_at: "Created",
    updated_at: "Updated",
    birthday: "Birthday",
    ascending: "Ascending",
    descending: "Descending",
  },
} as const;

export const viewMessages: FeatureMessages<typeof en> = {
  en,
  pl: {
    savedViews: {
      label: "Zapisane widoki",
      none: "Wszystkie kontakty",
      mine: "Moje widoki",
      shared: "Widoki wspólne",
      save: "Zapisz widok",
      name: "Nazwa widoku",
      share: "Udostępnij wszystkim",
      confirm: "Zapisz",
      cancel: "Anuluj",
      delete: "Usuń ten widok",
      saved: "Zapisano jako „{{name}}”.",
      failed: "Nie udało się zapisać widoku: {{detail}}",
    },
    sorting: {
      label: "Sortuj według",
      display_name: "Nazwa",
      last_name: "Nazwisko",
      region: "Region",
      created_at: "Utworzono",
      updated_at: "Zmieniono",
      birthday: "Urodziny",
      ascending: "Rosnąco",
      descending: "Malejąco",
    },
  },
};
