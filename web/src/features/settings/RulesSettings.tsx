import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { SmartRule } from "../../api/types";
import { formatDateTime } from "../../i18n/format";
import { groupOptions } from "../bulk/groupOptions";
import { useGroups } from "../groups/api";
import { deleteRule, setRulePaused, useEventTypes, useRules } from "./ruleApi";
import { RuleEditor } from "./RuleEditor";
import { useProblemText } from "./useProblemText";

/** Smart-group rules with their state; `item` is a rule id or "new" for its editor. */
export function RulesSettings({ item }: { item?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const rules = useRules();
  const groups = useGroups();
  const eventTypes = useEventTypes();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const branch = new Map(groupOptions(groups.data ?? []).map((o) => [o.id, o.label]));
  const loadError = rules.error ?? groups.error ?? eventTypes.error;

  if (item && rules.data && groups.data && eventTypes.data) {
    const stored = rules.data.find((rule) => rule.id === item);
    if (item !== "new" && !stored) return <p className="error">{t("rules.notFound")}</p>;
    return (
      <RuleEditor key={item} stored={stored} groups={groups.data} eventTypes={eventTypes.data} />
    );
  }

  const act = (work: Promise<unknown>, done?: (result: unknown) => string) => {
    setMessage(null);
    work.then(
      (result) => {
        if (done) setMessage({ error: false, text: done(result) });
        // Pausing or deleting changes what the group tree marks smart, and its members.
        void queryClient.invalidateQueries({ queryKey: ["smart-rules"] });
        void queryClient.invalidateQueries({ queryKey: ["groups"] });
      },
      (failure: unknown) => {
        setMessage({ error: true, text: problemText(failure) });
      },
    );
  };
  const remove = (rule: SmartRule) => {
    if (!window.confirm(t("rules.confirmDelete", { name: rule.name }))) return;
    act(deleteRule(rule.id), (result) =>
      t("rules.deleted", { name: rule.name, count: (result as { removed: number }).removed }),
    );
  };

  return (
    <section aria-labelledby="rules-title">
      <div className="settings-heading">
        <h2 id="rules-title">{t("rules.title")}</h2>
        <Link className="button primary" to="/settings/rules/new">
          + {t("rules.new")}
        </Link>
      </div>
      <p className="muted">{t("rules.intro")}</p>
      {message && (
        <p className={message.error ? "error" : "notice"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      )}
      {loadError && <p className="error">{problemText(loadError)}</p>}
      {rules.data?.length === 0 && <p className="empty">{t("rules.empty")}</p>}
      <table className="settings-table">
        <thead>
          <tr>
            <th scope="col">{t("rules.name")}</th>
            <th scope="col">{t("rules.group")}</th>
            <th scope="col">{t("rules.kind")}</th>
            <th scope="col">{t("rules.state")}</th>
            <th scope="col">{t("rules.lastRun")}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(rules.data ?? []).map((rule) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              group={branch.get(rule.group_id) ?? rule.group_id}
              onPause={(paused) => {
                act(setRulePaused(rule.id, paused));
              }}
              onDelete={() => {
                remove(rule);
              }}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface RowProps {
  rule: SmartRule;
  group: string;
  onPause: (paused: boolean) => void;
  onDelete: () => void;
}

function RuleRow({ rule, group, onPause, onDelete }: RowProps) {
  const { t, i18n } = useTranslation();
  const paused = rule.state === "paused";
  return (
    <tr data-rule={rule.name}>
      <th scope="row">{rule.name}</th>
      <td>{group}</td>
      <td>
        {t(`rules.kinds.${rule.kind}`)}
        {rule.event && (
          <span className="muted">
            {" "}
            · {rule.event.action === "remove" ? t("rules.remove") : t("rules.add")}
          </span>
        )}
      </td>
      <td data-testid="rule-state">
        <span className={paused ? "state paused" : "state active"}>
          {paused ? t("rules.paused") : t("rules.active")}
        </span>
        {paused && rule.paused_reason && <span className="muted"> — {rule.paused_reason}</span>}
      </td>
      <td>
        {rule.last_run_at
          ? t("rules.lastRunText", {
              when: formatDateTime(rule.last_run_at, i18n.language),
              added: rule.last_added,
              removed: rule.last_removed,
            })
          : "—"}
      </td>
      <td className="row-actions">
        <Link
          className="button"
          to={`/settings/rules/${rule.id}`}
          aria-label={`${t("settings.edit")} ${rule.name}`}
        >
          {t("settings.edit")}
        </Link>
        <button
          type="button"
          onClick={() => {
            onPause(!paused);
          }}
          aria-label={`${paused ? t("rules.resume") : t("rules.pause")} ${rule.name}`}
        >
          {paused ? t("rules.resume") : t("rules.pause")}
        </button>
        <button
          type="button"
          onClick={onDelete}
          aria-label={`${t("settings.delete")} ${rule.name}`}
        >
          {t("settings.delete")}
        </button>
      </td>
    </tr>
  );
}
