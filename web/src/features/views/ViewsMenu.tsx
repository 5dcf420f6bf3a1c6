import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import type { ContactsQuery } from "../contacts/query";
import { useDeleteView, useSaveView, useSavedViews } from "./api";
import { queryFromView, viewRequest } from "./viewQuery";
import "./views.css";

interface Props {
  query: ContactsQuery;
  /** The account "Mine" means, for the filter a view stores. */
  me: string;
  /** The table's columns now, stored with the view. */
  columns: readonly string[];
  onOpen: (query: ContactsQuery) => void;
}

/** Pick a saved view (filter, columns, sort), save the page as one, delete your own. */
export function ViewsMenu({ query, me, columns, onOpen }: Props) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const remove = useDeleteView();
  const [saving, setSaving] = useState(false);
  const all = views.data ?? [];
  const mine = all.filter((view) => view.owner_id === me);
  const shared = all.filter((view) => view.owner_id !== me);
  const current = all.find((view) => view.id === query.savedView);

  return (
    <div className="views-menu">
      <select
        aria-label={t("savedViews.label")}
        value={current?.id ?? ""}
        onChange={(event) => {
          const view = all.find((candidate) => candidate.id === event.target.value);
          onOpen(view ? queryFromView(view, me, query) : { ...query, savedView: "" });
        }}
      >
        <option value="">{t("savedViews.none")}</option>
        {mine.length > 0 && (
          <optgroup label={t("savedViews.mine")}>
            {mine.map((view) => (
              <option key={view.id} value={view.id}>
                {view.name}
              </option>
            ))}
          </optgroup>
        )}
        {shared.length > 0 && (
          <optgroup label={t("savedViews.shared")}>
            {shared.map((view) => (
              <option key={view.id} value={view.id}>
                {view.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {current?.editable && (
        <button
          type="button"
          aria-label={t("savedViews.delete")}
          title={t("savedViews.delete")}
          disabled={remove.isPending}
          onClick={() => {
            remove.mutate(current.id, {
              onSuccess: () => {
                onOpen({ ...query, savedView: "" });
              },
            });
          }}
        >
          🗑
        </button>
      )}
      <button
        type="button"
        aria-expanded={saving}
        onClick={() => {
          setSaving(!saving);
        }}
      >
        {t("savedViews.save")}
      </button>
      {saving && (
        <SaveViewForm
          query={query}
          me={me}
          columns={columns}
          onSaved={(id) => {
            setSaving(false);
            onOpen({ ...query, savedView: id });
          }}
          onCancel={() => {
            setSaving(false);
          }}
        />
      )}
    </div>
  );
}

function SaveViewForm({
  query,
  me,
  columns,
  onSaved,
  onCancel,
}: {
  query: ContactsQuery;
  me: string;
  columns: readonly string[];
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveView();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(viewRequest(name, shared, query, me, columns), {
      onSuccess: (view) => {
        onSaved(view.id);
      },
    });
  };
  const error = save.error instanceof ApiError ? save.error.problem.detail : save.error?.message;
  return (
    <form className="save-view" role="dialog" aria-label={t("savedViews.save")} onSubmit={submit}>
      <label>
        {t("savedViews.name")}
        <input
          required
          maxLength={1000}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={shared}
          onChange={(event) => {
            setShared(event.target.checked);
          }}
        />
        {t("savedViews.share")}
      </label>
      {error && (
        <p className="error" role="alert">
          {t("savedViews.failed", { detail: error })}
        </p>
      )}
      <div className="save-view-actions">
        <button type="submit" className="primary" disabled={!name.trim() || save.isPending}>
          {t("savedViews.confirm")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("savedViews.cancel")}
        </button>
      </div>
    </form>
  );
}
