import {
  RevoGrid,
  type CellProps,
  type ColumnRegular,
  type DataType,
} from "@revolist/react-datagrid";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import type { Contact } from "../../api/types";
import { patchContact } from "./api";
import { cellErrors, cellKey, patchForEdits, type CellEdit } from "./cellEdits";
import { columnLabel } from "./columnLabel";
import { gridRows, ROW_ID, rowBuilder } from "./gridRows";
import { ColumnPicker } from "./ColumnPicker";
import { allColumns, pickColumns, type Column } from "./columns";
import { storeContact, useCustomFields, type LoadedContacts } from "./queries";

const ROW_SIZE = 32;
const PREFETCH_ROWS = 60;
const GRID_ROW = "revogr-data [role=row]";

interface CellProblem {
  message: string;
  /** What the user typed, kept in the cell so it can be corrected rather than retyped. */
  text: string;
}

/** The spreadsheet view: chosen columns, inline edits saved as they are made (one PATCH per
 * card), errors on the cells they concern; range selection and Ctrl+C from the grid. */
export default function TableView({
  loaded,
  chosen,
  onChoose,
  onShown,
}: {
  loaded: LoadedContacts;
  /** Column ids in order (the page owns the choice: a saved view stores it). */
  chosen: readonly string[];
  onChoose: (ids: string[]) => void;
  /** Called once the grid has rows in the DOM (see shownMark.ts). */
  onShown: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const grid = useRef<HTMLRevoGridElement>(null);
  const fields = useCustomFields();
  const available = useMemo(() => allColumns(fields.data ?? []), [fields.data]);
  const columns = useMemo(() => pickColumns(available, chosen), [available, chosen]);
  const { contacts, hasMore, loadMore } = loaded;
  const [pending, setPending] = useState<ReadonlyMap<string, string>>(new Map());
  const [problems, setProblems] = useState<ReadonlyMap<string, CellProblem>>(new Map());

  const rowOf = useMemo(() => rowBuilder(columns), [columns]);
  // A cell being saved shows the typed text; a refused one keeps it, to be corrected.
  const texts = useMemo(
    () => new Map([...[...problems].map(([key, { text }]) => [key, text] as const), ...pending]),
    [pending, problems],
  );
  const rows = useMemo<DataType[]>(
    () => gridRows(contacts, columns, rowOf, texts),
    [contacts, columns, rowOf, texts],
  );

  const gridColumns = useMemo<ColumnRegular[]>(
    () =>
      columns.map((column) => ({
        prop: column.id,
        name: columnLabel(column, t),
        size: column.id === "display_name" ? 220 : 170,
        readonly: !column.write,
        cellProperties: ({ model }): CellProps => {
          const key = cellKey(String(model[ROW_ID]), column.id);
          const problem = problems.get(key);
          if (problem) return { class: "cell-error", title: problem.message };
          return pending.has(key) ? { class: "cell-saving" } : {};
        },
      })),
    [columns, problems, pending, t],
  );

  const save = useCallback(
    (editsByContact: ReadonlyMap<Contact, CellEdit[]>) => {
      for (const [contact, edits] of editsByContact) {
        const keys = edits.map((edit) => cellKey(contact.id, edit.column.id));
        const patch = patchForEdits(contact, edits);
        if (Object.keys(patch).length === 0) continue;
        setPending((current) =>
          withEntries(
            current,
            keys,
            edits.map((edit) => edit.text),
          ),
        );
        setProblems((current) => without(current, keys));
        // No If-Match: a cell edit changes one field, and the API merges fields, so two
        // quick edits of one row must not refuse each other as conflicts.
        patchContact(contact.id, patch)
          .then((stored) => {
            storeContact(queryClient, stored);
          })
          .catch((error: unknown) => {
            const problem =
              error instanceof ApiError
                ? error.problem
                : { status: 0, code: "network_error", detail: String(error) };
            const messages = cellErrors(
              problem,
              edits.map((edit) => edit.column.id),
            );
            setProblems((current) => {
              const next = new Map(current);
              for (const edit of edits) {
                const message = messages.get(edit.column.id);
                if (message) {
                  next.set(cellKey(contact.id, edit.column.id), { message, text: edit.text });
                }
              }
              return next;
            });
          })
          .finally(() => {
            setPending((current) => without(current, keys));
          });
      }
    },
    [queryClient],
  );

  /** Edited rows of the grid (its row models carry the card id) and their new cell values. */
  const editsOf = useCallback(
    (changes: readonly { model: DataType; values: Record<string, unknown> }[]) => {
      const byId = new Map(contacts.map((contact) => [contact.id, contact]));
      const byContact = new Map<Contact, CellEdit[]>();
      for (const { model, values } of changes) {
        const contact = byId.get(String(model[ROW_ID]));
        if (!contact) continue;
        const edits = columns
          .filter((column) => column.id in values)
          .map((column) => ({ column, text: stringOf(values[column.id]) }));
        if (edits.length) byContact.set(contact, [...(byContact.get(contact) ?? []), ...edits]);
      }
      return byContact;
    },
    [contacts, columns],
  );

  // The grid reports scrolling in pixels; ask for the next page well before the end.
  const onScroll = useCallback(
    (event: CustomEvent<{ dimension: string; coordinate: number }>) => {
      if (event.detail.dimension !== "rgRow" || !hasMore) return;
      const height = grid.current?.clientHeight ?? 0;
      if (event.detail.coordinate + height >= (rows.length - PREFETCH_ROWS) * ROW_SIZE) loadMore();
    },
    [hasMore, loadMore, rows.length],
  );

  // A first page shorter than the screen never scrolls, so it must ask for more itself.
  useEffect(() => {
    const height = grid.current?.clientHeight ?? 0;
    if (hasMore && rows.length * ROW_SIZE < height) loadMore();
  }, [hasMore, loadMore, rows.length]);

  // The grid renders its rows itself, after React's commit; its data layers say when (the
  // event bubbles from each one). Subscribed in a layout effect: before the grid's next render.
  useLayoutEffect(() => {
    const element = grid.current;
    if (!element) return;
    const rendered = () => {
      if (element.querySelector(GRID_ROW)) onShown();
    };
    element.addEventListener("afterrender", rendered);
    return () => {
      element.removeEventListener("afterrender", rendered);
    };
  }, [onShown]);

  const messages = [...problems.entries()].slice(0, 5);
  return (
    <div className="table-view">
      <div className="table-tools">
        <ColumnPicker available={available} chosen={chosen} onChange={onChoose} />
        <span className="muted">{t("table.help")}</span>
      </div>
      <RevoGrid
        ref={grid}
        className="contacts-grid"
        theme="compact"
        rowSize={ROW_SIZE}
        source={rows}
        columns={gridColumns}
        range
        useClipboard
        resize
        // Sorting, filtering and moving columns inside the grid would act on the loaded pages
        // only; the server filters and the column picker orders, across every contact.
        filter={false}
        canMoveColumns={false}
        hideAttribution
        onBeforeedit={(event) => {
          // The grid never writes its source itself: the saved card comes back from the API.
          event.preventDefault();
          const { model, prop } = event.detail;
          const value: unknown = event.detail.val;
          save(editsOf([{ model, values: { [String(prop)]: value } }]));
        }}
        onBeforerangeedit={(event) => {
          // A pasted or filled block: every row of it, each saved as one PATCH.
          event.preventDefault();
          const { data, models } = event.detail;
          const changes = Object.entries(data).flatMap(([index, values]) => {
            const model = models[Number(index)];
            return model ? [{ model, values }] : [];
          });
          save(editsOf(changes));
        }}
        onViewportscroll={onScroll}
      />
      <ul className="cell-errors" role="status" aria-live="polite">
        {messages.map(([key, problem]) => (
          <li key={key} className="error">
            {describe(key, problem, contacts, columns, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function describe(
  key: string,
  problem: CellProblem,
  contacts: readonly Contact[],
  columns: readonly Column[],
  t: Parameters<typeof columnLabel>[1],
): string {
  const [contactId, columnId] = key.split("\u0000");
  const contact = contacts.find((candidate) => candidate.id === contactId);
  const column = columns.find((candidate) => candidate.id === columnId);
  const where = column ? columnLabel(column, t) : (columnId ?? "");
  return `${contact?.display_name ?? ""} · ${t("table.error", { column: where, detail: problem.message })}`;
}

function stringOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function withEntries<V>(
  map: ReadonlyMap<string, V>,
  keys: readonly string[],
  values: readonly V[],
): ReadonlyMap<string, V> {
  const next = new Map(map);
  keys.forEach((key, index) => {
    const value = values[index];
    if (value !== undefined) next.set(key, value);
  });
  return next;
}

function without<V>(map: ReadonlyMap<string, V>, keys: readonly string[]): ReadonlyMap<string, V> {
  const next = new Map(map);
  for (const key of keys) next.delete(key);
  return next;
}
