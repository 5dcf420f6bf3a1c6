import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import type { CustomField } from "../../api/types";
import { useCustomFields } from "../contacts/queries";
import { changeField, deleteField } from "./api";
import { FieldEditor } from "./FieldEditor";
import { definitionOf, draftOfField, moved, ordered, PLACES } from "./fieldForm";

/** Every custom field: its type, rules and where it shows; add, edit, reorder, delete. */
export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fields = useCustomFields();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = ordered(fields.data ?? []);
  const last = list.at(-1);
  const nextPosition = (last?.position ?? 0) + 10;

  const refresh = () => {
    // The card, the table, the filters and the import read the definitions too.
    void queryClient.invalidateQueries({ queryKey: ["custom-fields"] });
    void queryClient.invalidateQueries({ queryKey: ["filter-fields"] });
  };
  const report = (failure: unknown) => {
    setError(failure instanceof ApiError ? failure.problem.detail : String(failure));
  };
  const move = async (field: CustomField, by: -1 | 1) => {
    setError(null);
    const byKey = new Map(list.map((item) => [item.key, item]));
    try {
      // One definition at a time: each is a whole-definition PUT of its own.
      for (const change of moved(list, field.key, by)) {
        const stored = byKey.get(change.key);
        if (!stored) continue;
        const definition = {
          ...definitionOf(draftOfField(stored), stored),
          position: change.position,
        };
        await changeField(change.key, { field: definition });
      }
    } catch (failure) {
      report(failure);
    } finally {
      refresh();
    }
  };
  const remove = (field: CustomField) => {
    if (!window.confirm(t("settings.confirmDelete", { label: field.label }))) return;
    setError(null);
    deleteField(field.key).then(refresh, report);
  };

  return (
    <section aria-labelledby="fields-title">
      <div className="settings-heading">
        <h2 id="fields-title">{t("settings.fields")}</h2>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setEditing("");
          }}
        >
          + {t("settings.newField")}
        </button>
      </div>
      <p className="muted">{t("settings.fieldsIntro")}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {editing === "" && (
        <FieldEditor
          nextPosition={nextPosition}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
          onCancel={() => {
            setEditing(null);
          }}
        />
      )}
      {fields.error && <p className="error">{fields.error.message}</p>}
      {fields.data?.length === 0 && <p className="empty">{t("settings.empty")}</p>}
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t("settings.label")}</th>
            <th scope="col">{t("settings.type")}</th>
            <th scope="col">{t("settings.flags")}</th>
            <th scope="col">{t("settings.places")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {list.map((field, index) => (
            <FieldRow
              key={field.key}
              field={field}
              first={index === 0}
              isLast={index === list.length - 1}
              editing={editing === field.key}
              onEdit={() => {
                setEditing(field.key);
              }}
              onClose={() => {
                setEditing(null);
              }}
              onSaved={() => {
                setEditing(null);
                refresh();
              }}
              onMove={(by) => void move(field, by)}
              onDelete={() => {
                remove(field);
              }}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface RowProps {
  field: CustomField;
  first: boolean;
  isLast: boolean;
  editing: boolean;
  onEdit: () => void;
  onClose: () => void;
  onSaved: () => void;
  onMove: (by: -1 | 1) => void;
  onDelete: () => void;
}

function FieldRow({
  field,
  first,
  isLast,
  editing,
  onEdit,
  onClose,
  onSaved,
  onMove,
  onDelete,
}: RowProps) {
  const { t } = useTranslation();
  const rules = [
    field.required && t("settings.required"),
    field.unique && t("settings.unique"),
    field.filterable && t(`settings.index_${field.index_state}`),
  ].filter(Boolean);
  const places = PLACES.filter((place) => field[place]).map((place) => t(`settings.${place}`));
  return (
    <>
      <tr data-key={field.key}>
        <th scope="row">
          {field.label} <code className="muted">{field.key}</code>
        </th>
        <td>{t(`settings.types.${field.type}`)}</td>
        <td>{rules.join(", ")}</td>
        <td>{places.join(", ")}</td>
        <td className="row-actions">
          <button
            type="button"
            aria-label={t("settings.moveUp", { label: field.label })}
            disabled={first}
            onClick={() => {
              onMove(-1);
            }}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label={t("settings.moveDown", { label: field.label })}
            disabled={isLast}
            onClick={() => {
              onMove(1);
            }}
          >
            ↓
          </button>
          <button
            type="button"
            onClick={onEdit}
            aria-label={`${t("settings.edit")} ${field.label}`}
          >
            {t("settings.edit")}
          </button>
          <button
            type="button"
            onClick={onDelete}
            aria-label={`${t("settings.delete")} ${field.label}`}
          >
            {t("settings.delete")}
          </button>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={5}>
            <FieldEditor
              stored={field}
              nextPosition={field.position ?? 0}
              onSaved={onSaved}
              onCancel={onClose}
            />
          </td>
        </tr>
      )}
    </>
  );
}
