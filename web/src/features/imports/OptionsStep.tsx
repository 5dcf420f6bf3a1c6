import { useTranslation } from "react-i18next";
import type { ImportMode, MatchKey } from "./types";
import { MATCH_KEYS, MODES } from "./wizard";

interface Props {
  mode: ImportMode;
  matchKeys: readonly MatchKey[];
  onMode: (mode: ImportMode) => void;
  onToggleKey: (key: MatchKey) => void;
  onBack: () => void;
  onStart: (dryRun: boolean) => void;
  starting: boolean;
  startError: string | null;
}

/** Step 3: create, update or both, and what makes a row an existing contact. */
export function OptionsStep(props: Props) {
  const { mode, matchKeys, onMode, onToggleKey, onBack, onStart, starting, startError } = props;
  const { t } = useTranslation();
  const noKeys = matchKeys.length === 0;
  return (
    <section className="wizard-panel" aria-labelledby="options-title">
      <h2 id="options-title">{t("imports.options.title")}</h2>
      <fieldset className="choices">
        <legend>{t("imports.options.mode")}</legend>
        {MODES.map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name="import-mode"
              value={choice}
              checked={mode === choice}
              aria-describedby={`mode-${choice}-help`}
              onChange={() => {
                onMode(choice);
              }}
            />
            <span>
              <strong>{t(`imports.options.${choice}`)}</strong>
              <span id={`mode-${choice}-help`} className="muted">
                {t(`imports.options.${choice}Help`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choices" aria-describedby="matching-help">
        <legend>{t("imports.options.keys")}</legend>
        <div className="key-choices">
          {MATCH_KEYS.map((key) => (
            <label key={key}>
              <input
                type="checkbox"
                checked={matchKeys.includes(key)}
                onChange={() => {
                  onToggleKey(key);
                }}
              />
              {t(`imports.options.key.${key}`)}
            </label>
          ))}
        </div>
        <p id="matching-help" className="muted">
          {t("imports.options.matching")}
        </p>
        {noKeys && (
          <p className="field-error" role="alert">
            {t("imports.options.noKeys")}
          </p>
        )}
      </fieldset>
      {startError && (
        <p className="error" role="alert">
          {t("imports.actions.startFailed", { detail: startError })}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" onClick={onBack}>
          {t("imports.actions.back")}
        </button>
        <span className="spacer" />
        {starting && <span role="status">{t("imports.actions.starting")}</span>}
        <button
          type="button"
          disabled={noKeys || starting}
          onClick={() => {
            onStart(false);
          }}
        >
          {t("imports.actions.import")}
        </button>
        <button
          type="button"
          className="primary"
          disabled={noKeys || starting}
          onClick={() => {
            onStart(true);
          }}
        >
          {t("imports.actions.dryRun")}
        </button>
      </div>
    </section>
  );
}
