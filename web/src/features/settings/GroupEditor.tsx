import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, fieldErrors } from "../../api/problem";
import type { Group, GroupPatch, StoredLayout } from "../../api/types";
import { createGroup, moveGroup, updateGroup } from "./groupApi";
import { discountText, parentChoices, withDiscount } from "./groupForm";
import { FormFooter } from "./FormFooter";
import { useProblemText } from "./useProblemText";

interface Props {
  /** The group being edited; absent for a new one. */
  stored?: Group;
  groups: readonly Group[];
  /** The layout of the stored group, when it has one of its own. */
  layout?: StoredLayout;
  onSaved: () => void;
  onCancel: () => void;
}

/** A group's name, place in the tree, discount and priority; and where its card layout is. */
export function GroupEditor({ stored, groups, layout, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [name, setName] = useState(stored?.name ?? "");
  const [parent, setParent] = useState(stored?.parent_id ?? "");
  const [discount, setDiscount] = useState(discountText(stored?.attributes ?? {}));
  const [priority, setPriority] = useState(String(stored?.priority ?? 0));
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const title = stored ? stored.name : t("groupSettings.new");

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const attributes = withDiscount(stored?.attributes ?? {}, discount);
    const rank = Number(priority);
    const invalid = new Map<string, string>();
    if (!name.trim()) invalid.set("name", t("groupSettings.nameRequired"));
    if ("invalid" in attributes) invalid.set("discount", t("groupSettings.discountInvalid"));
    if (!Number.isInteger(rank)) invalid.set("priority", t("groupSettings.priorityInvalid"));
    setErrors(invalid);
    setFailure(null);
    if (invalid.size || "invalid" in attributes) return;
    setSaving(true);
    try {
      if (!stored) {
        const body = { name, parent_id: parent || null, attributes: attributes.attributes };
        await createGroup({ ...body, priority: rank });
      } else {
        // Only what changed is sent: a rename must not rewrite attributes another screen set.
        const patch: GroupPatch = {};
        if (name !== stored.name) patch.name = name;
        if (rank !== stored.priority) patch.priority = rank;
        if (JSON.stringify(attributes.attributes) !== JSON.stringify(stored.attributes))
          patch.attributes = attributes.attributes;
        if (Object.keys(patch).length) await updateGroup(stored.id, patch);
        if (parent !== (stored.parent_id ?? "")) await moveGroup(stored.id, parent || null);
      }
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(fieldErrors(error.problem));
      setFailure(problemText(error));
    } finally {
      setSaving(false);
    }
  };

  const invalid = (field: string) => (errors.has(field) ? "form-row invalid" : "form-row");
  const errorOf = (field: string) =>
    errors.has(field) && (
      <p className="field-error" role="alert">
        {errors.get(field)}
      </p>
    );
  return (
    <form
      className="field-editor"
      aria-label={title}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <div className={invalid("name")}>
        <label htmlFor="group-name">{t("groupSettings.name")}</label>
        <input
          id="group-name"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        {errorOf("name")}
      </div>
      <div className={invalid("new_parent_id")}>
        <label htmlFor="group-parent">{t("groupSettings.parent")}</label>
        <select
          id="group-parent"
          value={parent}
          onChange={(event) => {
            setParent(event.target.value);
          }}
        >
          <option value="">{t("groupSettings.topLevel")}</option>
          {(stored ? parentChoices(groups, stored.id) : parentChoices(groups, "")).map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        {errorOf("new_parent_id")}
      </div>
      <div className={invalid("discount")}>
        <label htmlFor="group-discount">{t("groupSettings.discount")}</label>
        <input
          id="group-discount"
          inputMode="decimal"
          value={discount}
          onChange={(event) => {
            setDiscount(event.target.value);
          }}
        />
        <p className="muted hint">{t("groupSettings.discountHint")}</p>
        {errorOf("discount")}
      </div>
      <div className={invalid("priority")}>
        <label htmlFor="group-priority">{t("groupSettings.priority")}</label>
        <input
          id="group-priority"
          type="number"
          step={1}
          value={priority}
          onChange={(event) => {
            setPriority(event.target.value);
          }}
        />
        <p className="muted hint">{t("groupSettings.priorityHint")}</p>
        {errorOf("priority")}
      </div>
      {stored && (
        <p data-testid="group-layout">
          {t("groupSettings.layout")}:{" "}
          {layout?.id ? (
            <Link to={`/settings/layouts/${layout.id}`}>{layout.name}</Link>
          ) : (
            <>
              {t("groupSettings.noLayout")}{" "}
              <Link to={`/settings/layouts/new?group=${stored.id}`}>
                {t("groupSettings.makeLayout")}
              </Link>
            </>
          )}
        </p>
      )}
      <FormFooter failure={failure} busy={saving} onCancel={onCancel} />
    </form>
  );
}
