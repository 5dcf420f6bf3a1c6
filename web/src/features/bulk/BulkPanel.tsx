import type { FilterNode } from "../../api/types";
import type { LoadedContacts } from "../contacts/queries";
import type { Selection } from "../contacts/selection";
import "./bulk.css";
import { JobPanel } from "./JobPanel";
import { isSettled } from "./jobView";
import { SelectionPanel } from "./SelectionPanel";
import { useBulkJob } from "./useBulkJob";

interface Props {
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  /** The page's filter: what "all contacts the filters select" sends. */
  filter: FilterNode | null;
  /** The loaded rows and the search's total (or estimate). */
  loaded: LoadedContacts;
}

/** Actions on the selected rows or on everything the filter selects, and the job they start.
 * Always mounted by the page: the job and its undo stay on screen when the selection clears. */
export function BulkPanel({ selection, onSelectionChange, filter, loaded }: Props) {
  const bulk = useBulkJob((action, job) => {
    // Deleted rows leave the list; a selection of them would act on the bin next time.
    if (action === "delete" && job.kind === "bulk") onSelectionChange(new Set());
  });
  const { run } = bulk;
  const busy = bulk.pending === "start" || (run !== null && !isSettled(run.undo ?? run.job));
  if (selection.size === 0 && !run) return null;
  return (
    <div className="bulk">
      {selection.size > 0 && (
        <SelectionPanel
          selection={selection}
          onSelectionChange={onSelectionChange}
          filter={filter}
          loaded={loaded}
          busy={busy}
          error={bulk.error}
          onStart={(action, chosen, operation) => {
            void bulk.start(action, chosen, operation);
          }}
        />
      )}
      {run && (
        <JobPanel
          run={run}
          pending={bulk.pending}
          error={bulk.error}
          onCancel={() => void bulk.cancel()}
          onUndo={() => void bulk.undo()}
          onClose={bulk.dismiss}
        />
      )}
    </div>
  );
}
