import { useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/problem";
import type { CustomField, Group, StoredLayout } from "../../api/types";
import { groupOptions } from "../bulk/groupOptions";
import { fieldMessageKey } from "../imports/fieldLabel";
import { BlockList } from "./BlockList";
import { updateGroup } from "./groupApi";
import { createLayout, replaceLayout } from "./layoutApi";
import { draftOfLayout, layoutBody, layoutProblems, requirableFields } from "./layoutForm";
import { FormFooter } from "./FormFooter";
import { useProblemText } from "./useProblemText";

interface Props {
  /** The layout being edited; absent for a new one. */
  stored?: StoredLayout;
  /** A new layout's group, from the group settings' link. */
  groupId?: string;
  groups: readonly Group[];
  fields: readonly CustomField[];
  standardFields: readonly string[];
}

/** A card layout: its name, the group it is for (and that group's priority), the blocks in
 * order with their visibility, custom blocks and their fields, and the required fields. */
export function LayoutEditor({ stored, groupId, groups, fields, standardFields }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [draft, setDraft] = useState(() => draftOfLayout(stored, groupId));
  const group = groups.find((candidate) => candidate.id === draft.groupId);
  const [priority, setPriority] = useState<string | null>(null);
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const requirable = requirableFields(standardFields, fields, (name) => {
    // The import's names cover most card fields; the layout names the two it leaves out.
    const key = i18n.exists(`layouts.field.${name}`)
      ? `layouts.field.${name}`
      : fieldMessageKey(name);
    return i18n.exists(key) ? t(key) : name;
  });
  const shownPriority = priority ?? String(group?.priority ?? 0);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems = new Map(
      [...layoutProblems(draft).keys()].map((path) => [path, t("layouts.required")]),
    );
    const rank = Number(shownPriority);
    if (group && !Number.isInteger(rank))
      problems.set("priority", t("groupSettings.priorityInvalid"));
    setErrors(problems);
    setFailure(null);
    if (problems.size) return;
    setSaving(true);
    try {
      const body = layoutBody(draft);
      if (stored?.id) await replaceLayout(stored.id, body);
      else await createLayout(body);
      if (group && rank !== group.priority) await updateGroup(group.id, { priority: rank });
      // Every open card re-reads its layout; the group list shows the new priority.
      void queryClient.invalidateQueries({ queryKey: ["card-layouts"] });
      void queryClient.invalidateQueries({ queryKey: ["groups"] });
      void queryClient.invalidateQueries({ queryKey: ["contacts", "layout"] });
      void navigate("/settings/layouts");
    } catch (error) {
      const path = error instanceof ApiError ? error.problem.field : undefined;
      if (path) setErrors(new Map([[path, problemText(error)]]));
      setFailure(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  const title = stored?.name ?? t("layouts.new");
  return (
    <form
      className="field-editor layout-editor"
      aria-label={title}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3>{title}</h3>
      <div className={errors.has("name") ? "form-row invalid" : "form-row"}>
        <label htmlFor="layout-name">{t("layouts.name")}</label>
        <input
          id="layout-name"
          value={draft.name}
          onChange={(event) => {
            setDraft({ ...draft, name: event.target.value });
          }}
        />
        {errors.has("name") && (
          <p className="field-error" role="alert">
            {errors.get("name")}
          </p>
        )}
      </div>
      <div className={errors.has("group_id") ? "form-row invalid" : "form-row"}>
        <label htmlFor="layout-group">{t("layouts.group")}</label>
        <select
          id="layout-group"
          value={draft.groupId}
          onChange={(event) => {
            setDraft({ ...draft, groupId: event.target.value });
            setPriority(null);
          }}
        >
          <option value="">{t("layouts.default")}</option>
          {groupOptions(groups).map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        <p className="muted hint">{t("layouts.groupHint")}</p>
        {errors.has("group_id") && (
          <p className="field-error" role="alert">
            {errors.get("group_id")}
          </p>
        )}
      </div>
      {group && (
        <div className={errors.has("priority") ? "form-row invalid" : "form-row"}>
          <label htmlFor="layout-priority">{t("layouts.priority", { group: group.name })}</label>
          <input
            id="layout-priority"
            type="number"
            step={1}
            value={shownPriority}
            onChange={(event) => {
              setPriority(event.target.value);
            }}
          />
          <p className="muted hint">{t("groupSettings.priorityHint")}</p>
          {errors.has("priority") && (
            <p className="field-error" role="alert">
              {errors.get("priority")}
            </p>
          )}
        </div>
      )}
      <BlockList
        blocks={draft.blocks}
        fields={fields}
        errors={errors}
        onChange={(blocks) => {
          setDraft({ ...draft, blocks });
          setErrors(new Map());
        }}
      />
      <fieldset className="field-flags" aria-label={t("layouts.requiredFields")}>
        <legend>{t("layouts.requiredFields")}</legend>
        {requirable.map((field) => (
          <label className="checkbox" key={field.name}>
            <input
              type="checkbox"
              checked={draft.required.includes(field.name)}
              onChange={(event) => {
                const others = draft.required.filter((name) => name !== field.name);
                setDraft({
                  ...draft,
                  required: event.target.checked ? [...others, field.name] : others,
                });
              }}
            />
            {field.label}
          </label>
        ))}
      </fieldset>
      <FormFooter
        failure={failure}
        busy={saving}
        onCancel={() => {
          void navigate("/settings/layouts");
        }}
      />
    </form>
  );
}
