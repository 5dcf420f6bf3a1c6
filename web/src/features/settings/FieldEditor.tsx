import { useState, type ReactNode, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, fieldErrors } from "../../api/problem";
import type { CustomField, CustomFieldChanged } from "../../api/types";
import { changeField, createField } from "./api";
import {
  definitionOf,
  draftOfField,
  droppedOptions,
  emptyFieldDraft,
  FIELD_TYPES,
  hasOptions,
  keyFromLabel,
  optionMapping,
  parseOptions,
  PLACES,
  reportCounts,
  type FieldDraft,
} from "./fieldForm";

type Status =
  | { kind: "editing" }
  | { kind: "saving" }
  | { kind: "report"; report: CustomFieldChanged["report"] }
  | { kind: "failed"; message: string };

interface Props {
  /** The field being edited; absent for a new one. */
  stored?: CustomField;
  /** The position a new field gets: after the last one. */
  nextPosition: number;
  onSaved: () => void;
  onCancel: () => void;
}

/** Defines a field, or changes one: a change that touches stored values (type, options) is
 * checked first (a dry run), and its report decides whether to convert or clear. */
export function FieldEditor({ stored, nextPosition, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FieldDraft>(() =>
    stored ? draftOfField(stored) : emptyFieldDraft(),
  );
  const [keyTouched, setKeyTouched] = useState(false);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState<Status>({ kind: "editing" });
  const [clearUnconvertible, setClearUnconvertible] = useState(false);
  // Dropped option value → the kept option its stored values become ("" clears them).
  const [remap, setRemap] = useState<Record<string, string>>({});
  const dropped = stored ? droppedOptions(stored, draft) : [];
  // Values follow a type or option change only by conversion: check before applying.
  const touchesValues =
    stored !== undefined &&
    (draft.type !== stored.type || draft.options !== draftOfField(stored).options);

  // Values that cannot convert are kept only by not changing: applying must clear them.
  const blocked = status.kind === "report" && status.report.unconvertible > 0;

  const set = (update: Partial<FieldDraft>) => {
    setDraft((current) => ({ ...current, ...update }));
    setStatus({ kind: "editing" });
  };

  const failed = (error: unknown) => {
    if (error instanceof ApiError) {
      setErrors(fieldErrors(error.problem));
      setStatus({ kind: "failed", message: error.problem.detail });
    } else {
      setStatus({ kind: "failed", message: String(error) });
    }
  };

  const save = (dryRun: boolean) => {
    setErrors(new Map());
    setStatus({ kind: "saving" });
    const definition = definitionOf(draft, stored);
    if (!stored) {
      createField({ ...definition, position: nextPosition }).then(onSaved, failed);
      return;
    }
    changeField(stored.key, {
      field: definition,
      option_mapping: optionMapping(dropped, remap),
      dry_run: dryRun,
      // Without it the service refuses a change with unconvertible values (409) instead of
      // counting them; a dry run writes nothing, so the check always asks for the full count.
      clear_unconvertible: dryRun || clearUnconvertible,
    }).then((changed) => {
      if (dryRun) setStatus({ kind: "report", report: changed.report });
      else onSaved();
    }, failed);
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    save(touchesValues && status.kind !== "report");
  };

  const row = (name: string, label: string, input: ReactNode, hint?: string) => (
    <div className={errors.has(name) ? "form-row invalid" : "form-row"}>
      <label htmlFor={`field-${name}`}>{label}</label>
      {input}
      {hint && <p className="muted hint">{hint}</p>}
      {errors.has(name) && (
        <p className="field-error" role="alert">
          {errors.get(name)}
        </p>
      )}
    </div>
  );
  const flag = (name: "required" | "unique" | "filterable", label: string) => (
    <label className="checkbox" key={name}>
      <input
        type="checkbox"
        checked={draft[name]}
        onChange={(event) => {
          set({ [name]: event.target.checked });
        }}
      />
      {label}
    </label>
  );

  return (
    <form
      className="field-editor"
      onSubmit={submit}
      noValidate
      aria-label={stored?.label ?? t("settings.newField")}
    >
      {row(
        "label",
        t("settings.label"),
        <input
          id="field-label"
          value={draft.label}
          onChange={(event) => {
            const label = event.target.value;
            // The key follows the label until someone types a key of their own.
            set(stored || keyTouched ? { label } : { label, key: keyFromLabel(label) });
          }}
        />,
      )}
      {row(
        "key",
        t("settings.key"),
        <input
          id="field-key"
          value={draft.key}
          disabled={stored !== undefined}
          onChange={(event) => {
            setKeyTouched(true);
            set({ key: event.target.value });
          }}
        />,
        t("settings.keyHint"),
      )}
      {row(
        "type",
        t("settings.type"),
        <select
          id="field-type"
          value={draft.type}
          onChange={(event) => {
            set({ type: event.target.value as FieldDraft["type"] });
          }}
        >
          {FIELD_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`settings.types.${type}`)}
            </option>
          ))}
        </select>,
      )}
      {hasOptions(draft.type) &&
        row(
          "options",
          t("settings.options"),
          <textarea
            id="field-options"
            rows={4}
            value={draft.options}
            onChange={(event) => {
              set({ options: event.target.value });
            }}
          />,
          t("settings.optionsHint"),
        )}
      {dropped.length > 0 && (
        <fieldset className="option-remap">
          <legend>{t("settings.remap")}</legend>
          {dropped.map((option) => (
            <label key={option.value}>
              {t("settings.remapOption", { label: option.label })}
              <select
                value={remap[option.value] ?? ""}
                onChange={(event) => {
                  setRemap({ ...remap, [option.value]: event.target.value });
                  setStatus({ kind: "editing" });
                }}
              >
                <option value="">{t("settings.remapClear")}</option>
                {parseOptions(draft.options).map((kept) => (
                  <option key={kept.value} value={kept.value}>
                    {kept.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {row(
        "help_text",
        t("settings.helpText"),
        <input
          id="field-help_text"
          value={draft.help_text}
          onChange={(event) => {
            set({ help_text: event.target.value });
          }}
        />,
      )}
      <fieldset className="field-flags">
        <legend>{t("settings.flags")}</legend>
        {flag("required", t("settings.required"))}
        {flag("unique", t("settings.unique"))}
        {flag("filterable", t("settings.filterable"))}
      </fieldset>
      <fieldset className="field-flags">
        <legend>{t("settings.shows")}</legend>
        {PLACES.map((place) => (
          <label className="checkbox" key={place}>
            <input
              type="checkbox"
              checked={draft.places[place]}
              onChange={(event) => {
                set({ places: { ...draft.places, [place]: event.target.checked } });
              }}
            />
            {t(`settings.${place}`)}
          </label>
        ))}
      </fieldset>
      {status.kind === "report" && (
        <div className="change-report" role="status" data-testid="change-report">
          <p>{t("settings.report", reportCounts(status.report))}</p>
          {status.report.samples.length > 0 && (
            <>
              <p>{t("settings.samples")}</p>
              <ul>
                {status.report.samples.map((sample) => (
                  <li key={sample.contact_id}>
                    {JSON.stringify(sample.value)}: {sample.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {status.report.unconvertible > 0 && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={clearUnconvertible}
                onChange={(event) => {
                  setClearUnconvertible(event.target.checked);
                }}
              />
              {t("settings.clearUnconvertible")}
            </label>
          )}
        </div>
      )}
      {status.kind === "failed" && (
        <p className="error" role="alert">
          {t("settings.failed", { detail: status.message })}
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={status.kind === "saving" || (blocked && !clearUnconvertible)}
        >
          {status.kind === "saving"
            ? t("settings.saving")
            : touchesValues && status.kind !== "report"
              ? t("settings.check")
              : status.kind === "report"
                ? t("settings.apply")
                : t("settings.save")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("settings.cancel")}
        </button>
      </div>
    </form>
  );
}
