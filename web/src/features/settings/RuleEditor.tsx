import { useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { EventType, Group, RulePreview, SmartRule } from "../../api/types";
import { groupOptions } from "../bulk/groupOptions";
import { FilterBuilder } from "../filters/FilterBuilder";
import { buildEventCondition } from "./eventCondition";
import { EventRuleFields } from "./EventRuleFields";
import { PreviewReport } from "./PreviewReport";
import { changeRule, createRule, previewRule } from "./ruleApi";
import { draftOfRule, filterOf, ruleBody, ruleProblems, type RuleDraft } from "./ruleForm";
import { FormFooter } from "./FormFooter";
import { useProblemText } from "./useProblemText";

interface Props {
  stored?: SmartRule;
  groups: readonly Group[];
  eventTypes: readonly EventType[];
}

/** Defines or changes a smart-group rule. A filter rule is previewed before it is saved (who
 * would join and leave now); any change after the preview asks for a new one. An event rule
 * acts only on events that come later, so there is nothing to preview. */
export function RuleEditor({ stored, groups, eventTypes }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [draft, setDraft] = useState<RuleDraft>(() => draftOfRule(stored));
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const [problems, setProblems] = useState<ReadonlySet<string>>(new Set());
  const [invalidRows, setInvalidRows] = useState<number[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsPreview = draft.kind === "filter" && preview === null;

  const change = (update: Partial<RuleDraft>) => {
    setDraft((current) => ({ ...current, ...update }));
    setPreview(null);
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = ruleProblems(draft);
    setProblems(found);
    setFailure(null);
    const type = eventTypes.find((candidate) => candidate.subject === draft.eventType);
    const built = buildEventCondition(draft.eventRows, type?.fields ?? []);
    setInvalidRows(draft.kind === "event" && "invalid" in built ? built.invalid : []);
    if (found.size || (draft.kind === "event" && "invalid" in built)) return;
    setBusy(true);
    try {
      if (needsPreview) {
        const filter = filterOf(draft.conditions) ?? { all: [] };
        setPreview(await previewRule(draft.groupId, filter, stored?.id));
        return;
      }
      const body = ruleBody(draft, "condition" in built ? built.condition : null);
      if (stored) await changeRule(stored.id, body);
      else await createRule(body);
      // The list, and the "smart" badges of the contacts page's group tree.
      void queryClient.invalidateQueries({ queryKey: ["smart-rules"] });
      void navigate("/settings/rules");
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
    }
  };

  const title = stored?.name ?? t("rules.new");
  const error = (name: string, text: string) =>
    problems.has(name) && (
      <p className="field-error" role="alert">
        {text}
      </p>
    );
  return (
    <form
      className="field-editor rule-editor"
      aria-label={title}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h3>{title}</h3>
      {!stored && (
        <fieldset className="field-flags">
          <legend>{t("rules.kind")}</legend>
          {(["filter", "event"] as const).map((kind) => (
            <label className="checkbox" key={kind}>
              <input
                type="radio"
                name="rule-kind"
                checked={draft.kind === kind}
                onChange={() => {
                  change({ kind, conditions: [] });
                }}
              />
              {t(`rules.kinds.${kind}`)}
            </label>
          ))}
        </fieldset>
      )}
      <div className={problems.has("name") ? "form-row invalid" : "form-row"}>
        <label htmlFor="rule-name">{t("rules.name")}</label>
        <input
          id="rule-name"
          value={draft.name}
          onChange={(event) => {
            change({ name: event.target.value });
          }}
        />
        {error("name", t("rules.nameRequired"))}
      </div>
      <div className={problems.has("group") ? "form-row invalid" : "form-row"}>
        <label htmlFor="rule-group">{t("rules.group")}</label>
        {/* A rule keeps its group (the API changes everything else): a new group is a new rule. */}
        <select
          id="rule-group"
          value={draft.groupId}
          disabled={stored !== undefined}
          onChange={(event) => {
            change({ groupId: event.target.value });
          }}
        >
          <option value="" />
          {groupOptions(groups).map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        {error("group", t("rules.groupRequired"))}
      </div>
      {draft.kind === "event" && (
        <>
          <EventRuleFields
            draft={draft}
            eventTypes={eventTypes}
            invalidRows={invalidRows}
            onChange={change}
          />
          {error("eventType", t("rules.eventTypeRequired"))}
        </>
      )}
      <div className={problems.has("conditions") ? "form-row invalid" : "form-row"}>
        <span className="label">
          {draft.kind === "filter" ? t("rules.filter") : t("rules.contactFilter")}
        </span>
        <FilterBuilder
          conditions={draft.conditions}
          onChange={(conditions) => {
            change({ conditions });
          }}
          label={(count) => t("rules.conditions", { count })}
        />
        {error("conditions", t("rules.conditionsRequired"))}
      </div>
      {draft.kind === "event" && <p className="muted">{t("rules.noPreview")}</p>}
      {preview && <PreviewReport preview={preview} />}
      <FormFooter
        failure={failure}
        busy={busy}
        submitLabel={needsPreview ? t("rules.preview") : undefined}
        onCancel={() => {
          void navigate("/settings/rules");
        }}
      />
    </form>
  );
}
