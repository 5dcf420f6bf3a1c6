import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import { useGroups, useSmartGroups } from "./api";
import { ancestorIds, buildGroupTree, type GroupNode } from "./groupTree";

interface Props {
  selected: string;
  onSelect: (groupId: string) => void;
}

const NO_RULES: ReadonlyMap<string, string[]> = new Map();

/** The group tree with member counts (a group's count includes its subgroups'); groups that
 * rules fill are marked smart, with the rules' names. */
export function GroupsPanel({ selected, onSelect }: Props) {
  const { t } = useTranslation();
  const groups = useGroups();
  const smart = useSmartGroups().data ?? NO_RULES;
  const tree = useMemo(() => buildGroupTree(groups.data ?? []), [groups.data]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // The selected group (say, from a shared link) is always visible.
  const open = useMemo(
    () => new Set([...expanded, ...ancestorIds(groups.data ?? [], selected)]),
    [expanded, groups.data, selected],
  );
  const toggle = (id: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  };

  return (
    <nav className="groups-panel" aria-label={t("groups.title")}>
      <h2>{t("groups.title")}</h2>
      <button
        type="button"
        className={selected ? "group-row" : "group-row selected"}
        aria-current={selected ? undefined : "true"}
        onClick={() => {
          onSelect("");
        }}
      >
        {t("groups.all")}
      </button>
      {groups.isError && <p className="error">{t("groups.loadFailed")}</p>}
      <ul role="tree">
        {tree.map((node) => (
          <GroupItem
            key={node.group.id}
            node={node}
            open={open}
            selected={selected}
            smart={smart}
            onToggle={toggle}
            onSelect={onSelect}
          />
        ))}
      </ul>
    </nav>
  );
}

interface ItemProps {
  node: GroupNode;
  open: ReadonlySet<string>;
  selected: string;
  smart: ReadonlyMap<string, string[]>;
  onToggle: (id: string) => void;
  onSelect: (id: string) => void;
}

function GroupItem({ node, open, selected, smart, onToggle, onSelect }: ItemProps) {
  const { t, i18n } = useTranslation();
  const { group, children } = node;
  const isOpen = open.has(group.id);
  const count = formatCount(group.subtree_member_count, i18n.language);
  const rules = smart.get(group.id);
  return (
    <li role="treeitem" aria-expanded={children.length ? isOpen : undefined}>
      <div className="group-line">
        {children.length > 0 ? (
          <button
            type="button"
            className="twisty"
            aria-label={t(isOpen ? "groups.collapse" : "groups.expand", { name: group.name })}
            onClick={() => {
              onToggle(group.id);
            }}
          >
            {isOpen ? "▾" : "▸"}
          </button>
        ) : (
          <span className="twisty" aria-hidden="true" />
        )}
        <button
          type="button"
          className={group.id === selected ? "group-row selected" : "group-row"}
          aria-current={group.id === selected ? "true" : undefined}
          title={t("groups.members", { number: count })}
          onClick={() => {
            onSelect(group.id);
          }}
        >
          <span className="group-name">{group.name}</span>
          {rules && (
            <span
              className="smart-badge"
              data-testid="smart-badge"
              title={t("groups.smartBy", { rules: rules.join(", ") })}
            >
              {t("groups.smart")}
            </span>
          )}
          <span className="count" data-testid="group-count">
            {count}
          </span>
        </button>
      </div>
      {isOpen && children.length > 0 && (
        <ul role="group">
          {children.map((child) => (
            <GroupItem
              key={child.group.id}
              node={child}
              open={open}
              selected={selected}
              smart={smart}
              onToggle={onToggle}
              onSelect={onSelect}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
