import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { CustomFieldsSettings } from "./CustomFieldsSettings";
import "./settings.css";

/** Settings: custom fields now; card layouts, groups and smart-group rules join the menu as
 * their screens land. */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <div className="settings-page">
      <h1>{t("settings.title")}</h1>
      <nav aria-label={t("settings.sections")} className="settings-nav">
        <NavLink to="/settings/fields">{t("settings.fields")}</NavLink>
      </nav>
      <CustomFieldsSettings />
    </div>
  );
}
