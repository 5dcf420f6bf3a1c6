import { useTranslation } from "react-i18next";
import { isLanguage, LANGUAGES, setLanguage } from "./index";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t("app.language")}</span>
      <select
        aria-label={t("app.language")}
        value={i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {language.toUpperCase()}
          </option>
        ))}
      </select>
    </label>
  );
}
