import { useTranslation } from "react-i18next";
import type { EventType } from "../../api/types";
import { eventOps, type EventRow } from "./eventCondition";
import type { RuleDraft } from "./ruleForm";

interface Props {
  draft: RuleDraft;
  eventTypes: readonly EventType[];
  /** Indexes of condition rows the last check found wanting. */
  invalidRows: readonly number[];
  onChange: (change: Partial<RuleDraft>) => void;
}

/** What an event rule reacts to: the event, a condition on its fields, first time or every
 * time, and whether it adds to the group or takes out. */
export function EventRuleFields({ draft, eventTypes, invalidRows, onChange }: Props) {
  const { t } = useTranslation();
  const type = eventTypes.find((candidate) => candidate.subject === draft.eventType);
  const fields = type?.fields ?? [];
  const setRow = (index: number, change: Partial<EventRow>) => {
    onChange({
      eventRows: draft.eventRows.map((row, at) => (at === index ? { ...row, ...change } : row)),
    });
  };
  return (
    <>
      <div className="form-row">
        <label htmlFor="rule-event">{t("rules.eventType")}</label>
        <select
          id="rule-event"
          value={draft.eventType}
          onChange={(event) => {
            // Another event has other fields: its conditions start afresh.
            onChange({ eventType: event.target.value, eventRows: [], keptCondition: null });
          }}
        >
          <option value="" />
          {eventTypes.map((candidate) => (
            <option key={candidate.subject} value={candidate.subject}>
              {t(`rules.events.${candidate.subject.replace(/\./g, "_")}`, candidate.subject)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="event-condition">
        <legend>{t("rules.eventCondition")}</legend>
        {draft.keptCondition !== null && draft.keptCondition !== undefined && (
          <p className="muted" data-testid="kept-condition">
            {t("rules.keptCondition")} <code>{JSON.stringify(draft.keptCondition)}</code>{" "}
            <button
              type="button"
              className="link"
              onClick={() => {
                onChange({ keptCondition: null });
              }}
            >
              {t("rules.removeKept")}
            </button>
          </p>
        )}
        {draft.eventRows.length === 0 && draft.keptCondition == null && (
          <p className="muted">{t("rules.everyEvent")}</p>
        )}
        <ol className="filter-rows">
          {draft.eventRows.map((row, index) => {
            const field = fields.find((candidate) => candidate.path === row.field);
            const number = index + 1;
            const invalid = invalidRows.includes(index);
            return (
              <li key={index} className={invalid ? "filter-row invalid" : "filter-row"}>
                <select
                  aria-label={`${t("rules.eventField")} ${number}`}
                  value={row.field}
                  onChange={(event) => {
                    const chosen = fields.find((f) => f.path === event.target.value);
                    setRow(index, {
                      field: event.target.value,
                      op: chosen ? (eventOps(chosen)[0] ?? "eq") : "eq",
                    });
                  }}
                >
                  {fields.map((candidate) => (
                    <option key={candidate.path} value={candidate.path}>
                      {candidate.path}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={`${t("rules.eventOp")} ${number}`}
                  value={row.op}
                  onChange={(event) => {
                    setRow(index, { op: event.target.value });
                  }}
                >
                  {(field ? eventOps(field) : []).map((op) => (
                    <option key={op} value={op}>
                      {t(`rules.ops.${op}`)}
                    </option>
                  ))}
                </select>
                {row.op !== "exists" &&
                  (field?.type === "enum" && row.op !== "in" ? (
                    <select
                      aria-label={`${t("rules.eventValue")} ${number}`}
                      value={row.value}
                      onChange={(event) => {
                        setRow(index, { value: event.target.value });
                      }}
                    >
                      <option value="" />
                      {field.enum_values.map((value) => (
                        <option key={value} value={value}>
                          {value}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      aria-label={`${t("rules.eventValue")} ${number}`}
                      value={row.value}
                      placeholder={
                        field?.type === "enum" ? field.enum_values.join(", ") : undefined
                      }
                      onChange={(event) => {
                        setRow(index, { value: event.target.value });
                      }}
                    />
                  ))}
                <button
                  type="button"
                  aria-label={`${t("rules.removeCondition")} ${number}`}
                  onClick={() => {
                    onChange({ eventRows: draft.eventRows.filter((_, at) => at !== index) });
                  }}
                >
                  ✕
                </button>
                {invalid && (
                  <p className="field-error" role="alert">
                    {t("rules.invalidValue", { type: field?.type ?? "?" })}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          disabled={!fields.length}
          onClick={() => {
            const first = fields[0];
            if (!first) return;
            const row = { field: first.path, op: eventOps(first)[0] ?? "eq", value: "" };
            onChange({ eventRows: [...draft.eventRows, row] });
          }}
        >
          + {t("rules.addCondition")}
        </button>
      </fieldset>
      <div className="form-row">
        <label htmlFor="rule-occurrence">{t("rules.occurrence")}</label>
        <select
          id="rule-occurrence"
          value={draft.occurrence}
          onChange={(event) => {
            onChange({ occurrence: event.target.value === "first" ? "first" : "every" });
          }}
        >
          <option value="every">{t("rules.every")}</option>
          <option value="first">{t("rules.first")}</option>
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="rule-action">{t("rules.action")}</label>
        <select
          id="rule-action"
          value={draft.action}
          onChange={(event) => {
            onChange({ action: event.target.value === "remove" ? "remove" : "add" });
          }}
        >
          <option value="add">{t("rules.add")}</option>
          <option value="remove">{t("rules.remove")}</option>
        </select>
      </div>
    </>
  );
}
