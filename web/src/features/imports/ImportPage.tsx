import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";

// The wizard is its own chunk: people who never import never download it.
const ImportWizard = lazy(() => import("./ImportWizard"));

/** The `/import` screen: the import wizard, loaded when first opened. */
export function ImportPage() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="muted">{t("imports.loading")}</p>}>
      <ImportWizard />
    </Suspense>
  );
}
