import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { AddContactDialog } from "./AddContactDialog";
import { isShortcutTarget } from "./shortcut";

/** The global "Add contact" button of the top bar; the N key opens the same dialog anywhere. */
export function AddContactButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== "n" || event.repeat) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (!isShortcutTarget(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, []);

  return (
    <>
      <button
        type="button"
        className="primary"
        title={t("create.shortcut")}
        aria-label={t("create.button")}
        aria-keyshortcuts="N"
        onClick={() => {
          setOpen(true);
        }}
      >
        {/* A phone shows the plus only: the top bar must fit 390 px in either language. */}+
        <span className="wide-only"> {t("create.button")}</span>
      </button>
      {open && (
        <AddContactDialog
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}
