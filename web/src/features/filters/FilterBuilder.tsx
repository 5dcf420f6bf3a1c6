import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomField, FilterField, FilterNode } from "../../api/types";
import { useCustomFields } from "../contacts/queries";
import { useFilterFields } from "./api";
import {
  buildCondition,
  inputsOf,
  isFieldCondition,
  valueShape,
  type FieldCondition,
} from "./conditions";
import "./filters.css";

interface Row {
  /** Stable across edits, so React keeps each row's inputs. */
  id: number;
  field: string;
  op: string;
  inputs: string[];
  missing: boolean;
}

interface Props {
  conditions: readonly FilterNode[];
  onChange: (conditions: FilterNode[]) => void;
  /** The button's text for this many conditions; "More filters (n)" on the contacts page. */
  label?: (count: number) => string;
}

const DATE_KINDS = new Set(["date", "timestamp", "datetime"]);
let nextRowId = 1;

function rowOf(condition: FieldCondition): Row {
  return { id: nextRowId++, ...condition, inputs: inputsOf(condition), missing: false };
}

/** "More filters": conditions on any standard or custom field, with the operators the API
 * allows for each (it lists them), applied together with the one-click filters. */
export function FilterBuilder({ conditions, onChange, label }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="filter-builder">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {label
          ? label(conditions.length)
          : conditions.length
            ? t("filterBuilder.openCount", { count: conditions.length })
            : t("filterBuilder.open")}
      </button>
      {open && (
        <FilterPanel
          conditions={conditions}
          onApply={(applied) => {
            onChange(applied);
            setOpen(false);
          }}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}

function FilterPanel({
  conditions,
  onApply,
  onClose,
}: {
  conditions: readonly FilterNode[];
  onApply: (conditions: FilterNode[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fields = useFilterFields();
  const custom = useCustomFields();
  const [rows, setRows] = useState<Row[]>(() => conditions.filter(isFieldCondition).map(rowOf));
  // Nodes a saved view brought that rows cannot show (any/not, companies) stay as they are.
  const [kept, setKept] = useState(() => conditions.filter((node) => !isFieldCondition(node)));
  const available = fields.data ?? [];
  const byName = new Map(available.map((field) => [field.field, field]));

  const update = (id: number, change: Partial<Row>) => {
    setRows((current) =>
      current.map((row) => (row.id === id ? { ...row, ...change, missing: false } : row)),
    );
  };
  const add = () => {
    const first = available[0];
    if (!first) return;
    setRows((current) => [...current, newRow(first)]);
  };
  const apply = () => {
    const built: FilterNode[] = [...kept];
    const checked = rows.map((row) => {
      const field = byName.get(row.field);
      const result = field ? buildCondition(field, row.op, row.inputs) : { missing: true as const };
      if ("condition" in result) built.push(result.condition);
      return { ...row, missing: !("condition" in result) };
    });
    setRows(checked);
    if (checked.every((row) => !row.missing)) onApply(built);
  };

  return (
    <section
      className="filter-panel"
      role="dialog"
      aria-label={t("filterBuilder.title")}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <h2>{t("filterBuilder.title")}</h2>
      {fields.error && <p className="error">{fields.error.message}</p>}
      <ol className="filter-rows">
        {rows.map((row, index) => (
          <ConditionRow
            key={row.id}
            index={index}
            row={row}
            fields={available}
            customFields={custom.data ?? []}
            onChange={(change) => {
              update(row.id, change);
            }}
            onRemove={() => {
              setRows((current) => current.filter((other) => other.id !== row.id));
            }}
          />
        ))}
      </ol>
      {kept.length > 0 && (
        <p className="muted" data-testid="kept-conditions">
          {t("filterBuilder.kept", { count: kept.length })}{" "}
          <button
            type="button"
            className="link"
            onClick={() => {
              setKept([]);
            }}
          >
            {t("filterBuilder.removeKept")}
          </button>
        </p>
      )}
      <div className="filter-actions">
        <button type="button" onClick={add} disabled={!available.length}>
          + {t("filterBuilder.add")}
        </button>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => {
            onApply([]);
          }}
        >
          {t("filterBuilder.clear")}
        </button>
        <button type="button" onClick={onClose}>
          {t("filterBuilder.close")}
        </button>
        <button type="button" className="primary" onClick={apply}>
          {t("filterBuilder.apply")}
        </button>
      </div>
    </section>
  );
}

function newRow(field: FilterField): Row {
  return {
    id: nextRowId++,
    field: field.field,
    op: field.operators[0] ?? "eq",
    inputs: [],
    missing: false,
  };
}

interface RowProps {
  index: number;
  row: Row;
  fields: readonly FilterField[];
  customFields: readonly CustomField[];
  onChange: (change: Partial<Row>) => void;
  onRemove: () => void;
}

function ConditionRow({ index, row, fields, customFields, onChange, onRemove }: RowProps) {
  const { t, i18n } = useTranslation();
  const labels = new Map(customFields.map((field) => [`custom.${field.key}`, field.label]));
  const label = (name: string) => {
    const custom = labels.get(name);
    if (custom) return custom;
    return i18n.exists(`columns.${name}`) ? t(`columns.${name}`) : name;
  };
  const field = fields.find((candidate) => candidate.field === row.field);
  const operators = field?.operators ?? [];
  const number = index + 1;
  return (
    <li className={row.missing ? "filter-row invalid" : "filter-row"} data-testid="filter-row">
      <select
        aria-label={`${t("filterBuilder.field")} ${number}`}
        value={row.field}
        onChange={(event) => {
          const chosen = fields.find((candidate) => candidate.field === event.target.value);
          // A new field keeps the operator when it has it too; values rarely carry over.
          const op = chosen?.operators.includes(row.op) ? row.op : (chosen?.operators[0] ?? "eq");
          onChange({ field: event.target.value, op, inputs: [] });
        }}
      >
        {fields.map((candidate) => (
          <option key={candidate.field} value={candidate.field}>
            {label(candidate.field)}
          </option>
        ))}
      </select>
      <select
        aria-label={`${t("filterBuilder.operator")} ${number}`}
        value={row.op}
        onChange={(event) => {
          onChange({ op: event.target.value });
        }}
      >
        {operators.map((op) => (
          <option key={op} value={op}>
            {t(`filterBuilder.ops.${op}`, op)}
          </option>
        ))}
      </select>
      {field && (
        <ValueInputs
          field={field}
          op={row.op}
          number={number}
          inputs={row.inputs}
          onChange={(inputs) => {
            onChange({ inputs });
          }}
        />
      )}
      <button
        type="button"
        aria-label={`${t("filterBuilder.remove")} ${number}`}
        onClick={onRemove}
      >
        ✕
      </button>
      {row.missing && (
        <p className="field-error" role="alert">
          {t("filterBuilder.missing")}
        </p>
      )}
    </li>
  );
}

interface ValueProps {
  field: FilterField;
  op: string;
  number: number;
  inputs: readonly string[];
  onChange: (inputs: string[]) => void;
}

function ValueInputs({ field, op, number, inputs, onChange }: ValueProps) {
  const { t } = useTranslation();
  const shape = valueShape(op);
  const type = DATE_KINDS.has(field.value_kind) && shape !== "days" ? "date" : "text";
  const at = (position: number) => inputs[position] ?? "";
  const set = (position: number, value: string) => {
    const next = [...inputs];
    next[position] = value;
    onChange(next);
  };
  if (shape === "none") return null;
  if (field.choices.length && (shape === "one" || shape === "list")) {
    const chosen =
      shape === "list"
        ? at(0)
            .split(",")
            .map((part) => part.trim())
        : [at(0)];
    return (
      <select
        aria-label={`${t("filterBuilder.value")} ${number}`}
        multiple={shape === "list"}
        value={shape === "list" ? chosen : at(0)}
        onChange={(event) => {
          const values = [...event.target.selectedOptions].map((option) => option.value);
          onChange([values.join(", ")]);
        }}
      >
        {shape === "one" && <option value="" />}
        {field.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  }
  if (field.value_kind === "checkbox") {
    return (
      <select
        aria-label={`${t("filterBuilder.value")} ${number}`}
        value={at(0)}
        onChange={(event) => {
          onChange([event.target.value]);
        }}
      >
        <option value="" />
        <option value="true">{t("card.yes")}</option>
        <option value="false">{t("card.no")}</option>
      </select>
    );
  }
  if (shape === "pair") {
    return (
      <>
        <input
          type={type}
          aria-label={`${t("filterBuilder.from")} ${number}`}
          value={at(0)}
          onChange={(event) => {
            set(0, event.target.value);
          }}
        />
        <input
          type={type}
          aria-label={`${t("filterBuilder.to")} ${number}`}
          value={at(1)}
          onChange={(event) => {
            set(1, event.target.value);
          }}
        />
      </>
    );
  }
  return (
    <input
      type={shape === "days" ? "number" : type}
      min={shape === "days" ? 0 : undefined}
      aria-label={`${shape === "days" ? t("filterBuilder.days") : t("filterBuilder.value")} ${number}`}
      placeholder={shape === "list" ? t("filterBuilder.listHint") : undefined}
      value={at(0)}
      onChange={(event) => {
        set(0, event.target.value);
      }}
    />
  );
}
