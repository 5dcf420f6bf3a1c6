import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { StoredLayout } from "../../api/types";
import { groupOptions } from "../bulk/groupOptions";
import { useCustomFields } from "../contacts/queries";
import { useGroups } from "../groups/api";
import { deleteLayout, useLayouts, useStandardFields } from "./layoutApi";
import { LayoutEditor } from "./LayoutEditor";
import { useProblemText } from "./useProblemText";

/** Card layouts: the default one and one per group; `item` is a layout id or "new". */
export function LayoutsSettings({ item }: { item?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [params] = useSearchParams();
  const layouts = useLayouts();
  const groups = useGroups();
  const fields = useCustomFields();
  const standard = useStandardFields();
  const [error, setError] = useState<string | null>(null);
  const byId = new Map((groups.data ?? []).map((group) => [group.id, group]));
  // A subgroup is named by its branch: its name alone may repeat under other parents.
  const branch = new Map(groupOptions(groups.data ?? []).map((option) => [option.id, option]));
  const loaded = layouts.data && groups.data && fields.data && standard.data;
  const loadError = layouts.error ?? groups.error ?? fields.error ?? standard.error;

  if (item && loaded) {
    const stored = layouts.data.find((layout) => layout.id === item);
    if (item !== "new" && !stored) return <p className="error">{t("layouts.notFound")}</p>;
    return (
      <LayoutEditor
        key={item}
        stored={stored}
        groupId={params.get("group") ?? ""}
        groups={groups.data}
        fields={fields.data}
        standardFields={standard.data.map((field) => field.name).filter((name) => name !== "kind")}
      />
    );
  }

  const remove = (layout: StoredLayout) => {
    if (!layout.id || !window.confirm(t("layouts.confirmDelete", { name: layout.name }))) return;
    setError(null);
    deleteLayout(layout.id).then(
      () => {
        void queryClient.invalidateQueries({ queryKey: ["card-layouts"] });
        void queryClient.invalidateQueries({ queryKey: ["contacts", "layout"] });
      },
      (failure: unknown) => {
        setError(problemText(failure));
      },
    );
  };

  return (
    <section aria-labelledby="layouts-title">
      <div className="settings-heading">
        <h2 id="layouts-title">{t("layouts.title")}</h2>
        <Link className="button primary" to="/settings/layouts/new">
          + {t("layouts.new")}
        </Link>
      </div>
      <p className="muted">{t("layouts.intro")}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loadError && <p className="error">{problemText(loadError)}</p>}
      {layouts.data?.length === 0 && <p className="empty">{t("layouts.empty")}</p>}
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t("layouts.name")}</th>
            <th scope="col">{t("layouts.group")}</th>
            <th scope="col">{t("layouts.priorityColumn")}</th>
            <th scope="col">{t("layouts.shown")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(layouts.data ?? []).map((layout) => {
            const group = layout.group_id ? byId.get(layout.group_id) : undefined;
            const shown = layout.blocks.filter((block) => block.visible !== false).length;
            return (
              <tr key={layout.id ?? "built-in"} data-layout={layout.name}>
                <th scope="row">{layout.name}</th>
                <td>{group ? branch.get(group.id)?.label : t("layouts.default")}</td>
                <td>{group?.priority ?? ""}</td>
                <td>
                  {t("layouts.blocksShown", { shown, total: layout.blocks.length })}
                  {layout.required_fields.length > 0 &&
                    `, ${t("layouts.requiredCount", { count: layout.required_fields.length })}`}
                </td>
                <td className="row-actions">
                  <Link
                    className="button"
                    to={`/settings/layouts/${layout.id ?? ""}`}
                    aria-label={`${t("settings.edit")} ${layout.name}`}
                  >
                    {t("settings.edit")}
                  </Link>
                  <button
                    type="button"
                    onClick={() => {
                      remove(layout);
                    }}
                    aria-label={`${t("settings.delete")} ${layout.name}`}
                  >
                    {t("settings.delete")}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
