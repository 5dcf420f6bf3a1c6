import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FilterNode } from "../../api/types";
import { useSignedIn } from "../../auth/sessionContext";
import { formatCount } from "../../i18n/format";
import type { LoadedContacts } from "../contacts/queries";
import { useActivityTypes, useCustomFields } from "../contacts/queries";
import type { Selection } from "../contacts/selection";
import { useGroups } from "../groups/api";
import { ActionForm } from "./ActionForm";
import type { BulkOperation, BulkSelection } from "./api";
import { ConfirmDelete } from "./ConfirmDelete";
import { argumentAtFault } from "./faults";
import { groupOptions } from "./groupOptions";
import { EMPTY_DRAFT, operationOf, type ActionDraft, type BulkAction } from "./operations";
import { ProblemText } from "./ProblemText";
import {
  allLoadedSelected,
  MAX_LISTED_IDS,
  scopeSize,
  selectAllLoaded,
  selectionOf,
  type Scope,
} from "./scope";
import type { StepError } from "./useBulkJob";

interface Props {
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  filter: FilterNode | null;
  loaded: LoadedContacts;
  /** A job is starting or running: one at a time. */
  busy: boolean;
  error: StepError | null;
  onStart: (action: BulkAction, selection: BulkSelection, operation: BulkOperation) => void;
}

/** The selection, what an action applies to (those rows or the whole filter), the action. */
export function SelectionPanel(props: Props) {
  const { selection, onSelectionChange, filter, loaded, busy, error, onStart } = props;
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const groups = useGroups();
  const fields = useCustomFields();
  const activities = useActivityTypes();
  const [scope, setScope] = useState<Scope>("selected");
  const [draft, setDraft] = useState<ActionDraft>(EMPTY_DRAFT);
  const [triedApply, setTriedApply] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const options = useMemo(() => groupOptions(groups.data ?? []), [groups.data]);
  const loadedIds = useMemo(() => loaded.contacts.map((contact) => contact.id), [loaded.contacts]);

  const size = scopeSize(scope, selection, loaded.total, loaded.totalIsEstimate);
  const result = operationOf(draft, session.subject, fields.data ?? []);
  const tooMany = scope === "selected" && selection.size > MAX_LISTED_IDS;
  const gap = "gap" in result ? result.gap : null;
  const startError = error?.step === "start" ? error : null;
  const count = (value: number) => formatCount(value, i18n.language);

  const start = () => {
    setConfirming(false);
    if ("operation" in result)
      onStart(draft.action, selectionOf(scope, selection, filter), result.operation);
  };
  const apply = () => {
    setTriedApply(true);
    if (gap || tooMany) return;
    if (draft.action === "delete") setConfirming(true);
    else start();
  };

  return (
    <section
      className="selection-bar bulk-panel"
      data-testid="selection-bar"
      aria-label={t("bulk.panel")}
    >
      <div className="bulk-selection">
        <span className="bulk-selected">
          {t("contacts.selected", { number: count(selection.size) })}
        </span>
        {!allLoadedSelected(selection, loadedIds) && (
          <button
            type="button"
            className="link"
            onClick={() => {
              onSelectionChange(selectAllLoaded(selection, loadedIds));
            }}
          >
            {t("bulk.selectPage", { number: count(loadedIds.length) })}
          </button>
        )}
        <button
          type="button"
          className="link"
          onClick={() => {
            onSelectionChange(new Set());
          }}
        >
          {t("contacts.clearSelection")}
        </button>
      </div>
      <fieldset className="bulk-scope" disabled={busy}>
        <legend>{t("bulk.scope.label")}</legend>
        <label>
          <input
            type="radio"
            name="bulk-scope"
            checked={scope === "selected"}
            onChange={() => {
              setScope("selected");
            }}
          />
          {t("bulk.scope.selected", { number: count(selection.size) })}
        </label>
        <label>
          <input
            type="radio"
            name="bulk-scope"
            checked={scope === "filtered"}
            onChange={() => {
              setScope("filtered");
            }}
          />
          <FilteredLabel
            filtered={filter !== null}
            total={loaded.total}
            estimate={loaded.totalIsEstimate}
          />
        </label>
      </fieldset>
      <div className="bulk-action-line">
        <ActionForm
          draft={draft}
          groups={options}
          fields={fields.data ?? []}
          activities={activities.data ?? []}
          invalid={startError ? argumentAtFault(startError.problem) : null}
          disabled={busy}
          onChange={(next) => {
            setDraft(next);
            setTriedApply(false);
          }}
        />
        <button type="button" className="primary" onClick={apply} disabled={busy}>
          {busy ? t("bulk.starting") : t("bulk.apply")}
        </button>
      </div>
      {triedApply && (gap || tooMany) && (
        <p className="error" role="alert">
          {gap ? t(`bulk.gaps.${gap}`) : t("bulk.tooMany", { max: count(MAX_LISTED_IDS) })}
        </p>
      )}
      {startError && <ProblemText error={startError} />}
      <ConfirmDelete
        open={confirming}
        size={size}
        onConfirm={start}
        onCancel={() => {
          setConfirming(false);
        }}
      />
    </section>
  );
}

interface FilteredProps {
  filtered: boolean;
  total: number | null;
  estimate: boolean;
}

/** "all 300,000 contacts the filters select" (the search's own total, or its estimate). */
function FilteredLabel({ filtered, total, estimate }: FilteredProps) {
  const { t, i18n } = useTranslation();
  if (total === null) return <>{t("bulk.scope.counting")}</>;
  const number = formatCount(total, i18n.language);
  const key = filtered ? "filtered" : "everything";
  return <>{t(`bulk.scope.${key}${estimate ? "Estimate" : ""}`, { number })}</>;
}
