import { useTranslation } from "react-i18next";

interface Props {
  /** Why the last save failed, in words a person can act on. */
  failure: string | null;
  busy: boolean;
  /** The submit button's text when it does something other than save (a preview first). */
  submitLabel?: string;
  onCancel: () => void;
}

/** The end of a settings form: the failure, if any, then submit and cancel. */
export function FormFooter({ failure, busy, submitLabel, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("settings.saving") : (submitLabel ?? t("settings.save"))}
        </button>
        <button type="button" onClick={onCancel}>
          {t("settings.cancel")}
        </button>
      </div>
    </>
  );
}
