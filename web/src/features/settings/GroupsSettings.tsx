import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Group } from "../../api/types";
import { formatCount } from "../../i18n/format";
import { useGroups } from "../groups/api";
import { deleteGroup } from "./groupApi";
import { GroupEditor } from "./GroupEditor";
import { discountText, treeRows } from "./groupForm";
import { useLayouts } from "./layoutApi";
import { useProblemText } from "./useProblemText";

/** The group tree to manage: create, rename, move, discount and priority, delete. */
export function GroupsSettings() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const groups = useGroups();
  const layouts = useLayouts();
  // "" is the new-group form; a group id is that group's editor.
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const all = groups.data ?? [];
  const layoutOf = new Map((layouts.data ?? []).map((layout) => [layout.group_id, layout]));

  const saved = () => {
    setEditing(null);
    // The contacts page's tree and every card (its layout follows group priority) read these.
    void queryClient.invalidateQueries({ queryKey: ["groups"] });
    void queryClient.invalidateQueries({ queryKey: ["contacts", "layout"] });
  };
  const remove = (group: Group) => {
    if (!window.confirm(t("groupSettings.confirmDelete", { name: group.name }))) return;
    setError(null);
    deleteGroup(group.id).then(saved, (failure: unknown) => {
      setError(problemText(failure));
    });
  };
  const editor = (stored?: Group) => (
    <GroupEditor
      stored={stored}
      groups={all}
      layout={stored && layoutOf.get(stored.id)}
      onSaved={saved}
      onCancel={() => {
        setEditing(null);
      }}
    />
  );

  return (
    <section aria-labelledby="groups-title">
      <div className="settings-heading">
        <h2 id="groups-title">{t("groupSettings.title")}</h2>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setEditing("");
          }}
        >
          + {t("groupSettings.new")}
        </button>
      </div>
      <p className="muted">{t("groupSettings.intro")}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {editing === "" && editor()}
      {groups.error && <p className="error">{problemText(groups.error)}</p>}
      {groups.data?.length === 0 && <p className="empty">{t("groupSettings.empty")}</p>}
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t("groupSettings.name")}</th>
            <th scope="col">{t("groupSettings.members")}</th>
            <th scope="col">{t("groupSettings.discount")}</th>
            <th scope="col">{t("groupSettings.priority")}</th>
            <th scope="col">{t("groupSettings.layout")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {treeRows(all).map(({ group, depth }) => (
            <GroupRow
              key={group.id}
              group={group}
              depth={depth}
              members={formatCount(group.member_count, i18n.language)}
              layoutName={layoutOf.get(group.id)?.name ?? ""}
              editor={editing === group.id ? editor(group) : null}
              onEdit={() => {
                setEditing(group.id);
              }}
              onDelete={() => {
                remove(group);
              }}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface RowProps {
  group: Group;
  depth: number;
  members: string;
  layoutName: string;
  editor: ReactNode;
  onEdit: () => void;
  onDelete: () => void;
}

function GroupRow({ group, depth, members, layoutName, editor, onEdit, onDelete }: RowProps) {
  const { t } = useTranslation();
  const discount = discountText(group.attributes);
  return (
    <>
      <tr data-group={group.name}>
        <th scope="row" style={{ paddingInlineStart: `${0.5 + depth * 1.25}rem` }}>
          {depth > 0 && <span className="muted">└ </span>}
          {group.name}
        </th>
        <td data-label={t("groupSettings.members")}>{members}</td>
        <td data-label={t("groupSettings.discount")}>{discount && `${discount} %`}</td>
        <td data-label={t("groupSettings.priority")}>{group.priority}</td>
        <td data-label={t("groupSettings.layout")}>{layoutName}</td>
        <td className="row-actions">
          <button type="button" onClick={onEdit} aria-label={`${t("settings.edit")} ${group.name}`}>
            {t("settings.edit")}
          </button>
          <button
            type="button"
            onClick={onDelete}
            aria-label={`${t("settings.delete")} ${group.name}`}
          >
            {t("settings.delete")}
          </button>
        </td>
      </tr>
      {editor && (
        <tr>
          <td colSpan={6}>{editor}</td>
        </tr>
      )}
    </>
  );
}
