import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useSession } from "../auth/sessionContext";
import { AddContactButton } from "../features/create/AddContactButton";
import { LanguageSwitch } from "../i18n/LanguageSwitch";

/** The frame of every signed-in screen: where you are, the language, who you are. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Kartoteka</span>
        <nav aria-label="main">
          {/* Import, settings and the rest slot in here as their screens land. */}
          <NavLink to="/contacts">{t("app.contacts")}</NavLink>
          <NavLink to="/import">{t("imports.nav")}</NavLink>
          <NavLink to="/settings">{t("settings.nav")}</NavLink>
        </nav>
        <span className="spacer" />
        <AddContactButton />
        <LanguageSwitch />
        <span className="who wide-only">{session?.email}</span>
        <button type="button" onClick={signOut}>
          {t("app.signOut")}
        </button>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
