import { useTranslation } from "react-i18next";
import { NavLink, useParams } from "react-router";
import { CustomFieldsSettings } from "./CustomFieldsSettings";
import { GroupsSettings } from "./GroupsSettings";
import { LayoutsSettings } from "./LayoutsSettings";
import { RulesSettings } from "./RulesSettings";
import "./settings.css";

const SECTIONS = ["fields", "layouts", "groups", "rules"] as const;
type Section = (typeof SECTIONS)[number];

function isSection(value: string | undefined): value is Section {
  return SECTIONS.includes(value as Section);
}

/** Settings: a menu of sections, each at /settings/<section>, with an item (a layout or a
 * rule being edited) at /settings/<section>/<id>, so a reload or a link keeps it open. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { section, item } = useParams();
  return (
    <div className="settings-page">
      <h1>{t("settings.title")}</h1>
      <nav aria-label={t("settings.sections")} className="settings-nav">
        {SECTIONS.map((name) => (
          <NavLink key={name} to={`/settings/${name}`}>
            {t(`settings.section.${name}`)}
          </NavLink>
        ))}
      </nav>
      {!isSection(section) && <p className="error">{t("settings.noSection")}</p>}
      {section === "fields" && <CustomFieldsSettings />}
      {section === "layouts" && <LayoutsSettings item={item} />}
      {section === "groups" && <GroupsSettings />}
      {section === "rules" && <RulesSettings item={item} />}
    </div>
  );
}
