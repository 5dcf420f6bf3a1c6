import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FilterNode } from "../../api/types";

// Loaded on the first click: the contacts page does not pay for a dialog seldom opened.
const ExportDialog = lazy(() =>
  import("./ExportDialog").then((module) => ({ default: module.ExportDialog })),
);

export interface ExportButtonProps {
  /** The contacts page's current filter; null exports every contact. */
  filter: FilterNode | null;
}

/** The toolbar button that opens the export dialog for what the page shows. */
export function ExportButton({ filter }: ExportButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t("imports.export.button")}
      </button>
      {open && (
        <Suspense fallback={null}>
          <ExportDialog
            filter={filter}
            onClose={() => {
              setOpen(false);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
