import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import type { ScopeSize } from "./scope";

interface Props {
  open: boolean;
  size: ScopeSize | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question before a bulk delete (Esc or "Keep them" answers no). */
export function ConfirmDelete({ open, size, onConfirm, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  // showModal() gives the focus trap, Esc and the inert page behind it; `open` alone does not.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const number = formatCount(size?.number ?? 0, i18n.language);
  return (
    <dialog
      ref={dialog}
      className="bulk-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={onCancel}
    >
      <h2 id={titleId}>{t("bulk.confirm.title")}</h2>
      <p id={bodyId}>
        {t(size?.estimate ? "bulk.confirm.bodyEstimate" : "bulk.confirm.body", { number })}
      </p>
      <div className="bulk-dialog-actions">
        <button type="button" autoFocus onClick={onCancel}>
          {t("bulk.confirm.keep")}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {t("bulk.confirm.delete")}
        </button>
      </div>
    </dialog>
  );
}
