import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes } from "react-router";
import { LoginPage } from "../auth/LoginPage";
import { RequireSession } from "../auth/RequireSession";
import { ContactsPage } from "../features/contacts/ContactsPage";
import { MergePage } from "../features/duplicates/MergePage";
import { ImportPage } from "../features/imports/ImportPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { Layout } from "./Layout";

/** Every screen and its address. New screens (import, settings, merge) add a route here. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<Navigate to="/contacts" replace />} />
      <Route path="/contacts" element={<SignedIn page={<ContactsPage />} />} />
      <Route path="/contacts/:contactId" element={<SignedIn page={<ContactsPage />} />} />
      <Route path="/merge" element={<SignedIn page={<MergePage />} />} />
      <Route path="/import" element={<SignedIn page={<ImportPage />} />} />
      <Route path="/settings" element={<Navigate to="/settings/fields" replace />} />
      <Route path="/settings/:section" element={<SignedIn page={<SettingsPage />} />} />
      <Route path="/settings/:section/:item" element={<SignedIn page={<SettingsPage />} />} />
      <Route path="*" element={<SignedIn page={<NotFound />} />} />
    </Routes>
  );
}

function SignedIn({ page }: { page: React.ReactNode }) {
  return (
    <RequireSession>
      <Layout>{page}</Layout>
    </RequireSession>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <p className="empty">{t("app.notFound")}</p>;
}
