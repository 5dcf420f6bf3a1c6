/** i18next set up with both languages bundled (a few KB): switching needs no request. */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { FEATURE_MESSAGES } from "./features";
import { pl } from "./pl";

export const LANGUAGES = ["en", "pl"] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = "kartoteka.language";

export function isLanguage(value: string | null | undefined): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** The saved choice, else the browser's first language we have, else English. */
export function initialLanguage(saved: string | null, preferred: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

export function setLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  void i18next.changeLanguage(language);
}

type Catalogue = Record<string, unknown>;

/** The app's catalogue with each feature's top-level keys added. */
function merged(app: Catalogue, features: readonly Catalogue[]): Catalogue {
  const all: Catalogue = { ...app };
  for (const feature of features) Object.assign(all, feature);
  return all;
}

export function setUpI18n(): void {
  const language = initialLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages);
  i18next.on("languageChanged", (lng) => {
    document.documentElement.lang = lng;
  });
  void i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: "en",
    resources: {
      en: {
        translation: merged(
          en,
          FEATURE_MESSAGES.map((m) => m.en),
        ),
      },
      pl: {
        translation: merged(
          pl,
          FEATURE_MESSAGES.map((m) => m.pl),
        ),
      },
    },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  document.documentElement.lang = language;
}
