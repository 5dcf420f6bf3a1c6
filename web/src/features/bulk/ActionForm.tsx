import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityType, CustomField } from "../../api/types";
import type { Argument } from "./faults";
import { FieldValueInput } from "./FieldValueInput";
import type { GroupOption } from "./groupOptions";
import {
  ACTIONS,
  fieldChoices,
  type ActionDraft,
  type BulkAction,
  type FieldChoice,
  type ManagerChoice,
} from "./operations";

interface Props {
  draft: ActionDraft;
  groups: readonly GroupOption[];
  fields: readonly CustomField[];
  activities: readonly ActivityType[];
  /** The argument the last refused start pointed at, marked invalid until the next try. */
  invalid: Argument | null;
  disabled: boolean;
  onChange: (draft: ActionDraft) => void;
}

/** The action and the arguments it needs, side by side; nothing starts from here. */
export function ActionForm({
  draft,
  groups,
  fields,
  activities,
  invalid,
  disabled,
  onChange,
}: Props) {
  const { t } = useTranslation();
  const set = (change: Partial<ActionDraft>) => {
    onChange({ ...draft, ...change });
  };
  const groupSelect = (label: string, value: string, argument: "group_id" | "from_group_id") => (
    <Labelled text={label}>
      {(id) => (
        <select
          id={id}
          value={value}
          aria-invalid={invalid === argument}
          onChange={(event) => {
            set(
              argument === "group_id"
                ? { groupId: event.target.value }
                : { fromGroupId: event.target.value },
            );
          }}
        >
          <option value="">{t("bulk.choose")}</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );

  return (
    <fieldset className="bulk-form" disabled={disabled}>
      <Labelled text={t("bulk.action")}>
        {(id) => (
          <select
            id={id}
            value={draft.action}
            onChange={(event) => {
              // The field list differs between set and clear: a kept choice might not exist.
              set({ action: event.target.value as BulkAction, field: "", value: "" });
            }}
          >
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`bulk.actions.${action}`)}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      {(draft.action === "add_to_group" || draft.action === "remove_from_group") &&
        groupSelect(t("bulk.group"), draft.groupId, "group_id")}
      {draft.action === "move_to_group" && (
        <>
          {groupSelect(t("bulk.fromGroup"), draft.fromGroupId, "from_group_id")}
          {groupSelect(t("bulk.toGroup"), draft.groupId, "group_id")}
        </>
      )}
      {draft.action === "assign_manager" && (
        <Labelled text={t("bulk.manager")}>
          {(id) => (
            <select
              id={id}
              value={draft.manager}
              aria-invalid={invalid === "manager_id"}
              onChange={(event) => {
                set({ manager: event.target.value as ManagerChoice });
              }}
            >
              <option value="me">{t("bulk.me")}</option>
              <option value="nobody">{t("bulk.nobody")}</option>
            </select>
          )}
        </Labelled>
      )}
      {(draft.action === "set_field" || draft.action === "clear_field") && (
        <FieldArguments
          action={draft.action}
          draft={draft}
          fields={fields}
          activities={activities}
          invalid={invalid}
          onChange={set}
        />
      )}
    </fieldset>
  );
}

interface FieldProps {
  action: "set_field" | "clear_field";
  draft: ActionDraft;
  fields: readonly CustomField[];
  activities: readonly ActivityType[];
  invalid: Argument | null;
  onChange: (change: Partial<ActionDraft>) => void;
}

function FieldArguments({ action, draft, fields, activities, invalid, onChange }: FieldProps) {
  const { t } = useTranslation();
  const choices = fieldChoices(action, fields);
  const chosen = choices.find((choice) => choice.key === draft.field);
  return (
    <>
      <Labelled text={t("bulk.field")}>
        {(id) => (
          <select
            id={id}
            value={draft.field}
            aria-invalid={invalid === "field"}
            onChange={(event) => {
              // A value typed for another field rarely fits this one (a date, an option).
              onChange({ field: event.target.value, value: "" });
            }}
          >
            <option value="">{t("bulk.choose")}</option>
            {choices.map((choice) => (
              <option key={choice.key} value={choice.key}>
                {fieldLabel(choice, t)}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      {action === "set_field" && chosen && (
        <div className="bulk-labelled">
          <span aria-hidden="true">{t("bulk.value")}</span>
          <FieldValueInput
            choice={chosen}
            value={draft.value}
            invalid={invalid === "value"}
            activities={activities}
            onChange={(value) => {
              onChange({ value });
            }}
          />
        </div>
      )}
    </>
  );
}

function fieldLabel(choice: FieldChoice, t: (key: string) => string): string {
  return choice.kind === "custom" ? choice.field.label : t(`bulk.fields.${choice.key}`);
}

/** A control with its caption above it. The label points at the control by id rather than
 * wrapping it: a wrapped <select> would add its chosen option to its own accessible name. */
function Labelled({ text, children }: { text: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="bulk-labelled">
      <label htmlFor={id}>{text}</label>
      {children(id)}
    </div>
  );
}
