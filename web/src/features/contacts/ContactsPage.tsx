import { Suspense, useCallback, useLayoutEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { useSignedIn } from "../../auth/sessionContext";
import { formatCount } from "../../i18n/format";
import { Segmented } from "../../ui/Segmented";
import { BulkPanel } from "../bulk/BulkPanel";
import { ContactCard } from "../card/ContactCard";
import { FilterBuilder } from "../filters/FilterBuilder";
import { GroupsPanel } from "../groups/GroupsPanel";
import { ExportButton } from "../imports/ExportButton";
import { SortControl } from "../views/SortControl";
import { ViewsMenu } from "../views/ViewsMenu";
import { ListView } from "./ListView";
import { QuickFilters } from "./QuickFilters";
import {
  buildFilter,
  parseQuery,
  sortKeys,
  toSearchParams,
  VIEWS,
  type ContactsQuery,
} from "./query";
import { useCustomFields, useLoadedContacts, type LoadedContacts } from "./queries";
import { useColumnChoice } from "./useColumnChoice";
import type { Selection } from "./selection";
import { useShownMark } from "./shownMark";
import { preloadTableView, TableView } from "./lazyTable";
import { TilesView } from "./TilesView";

/** One filtered set of contacts, shown as a list, a table or tiles; the card opens beside. */
export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { contactId } = useParams();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseQuery(params), [params]);
  const filter = useMemo(() => buildFilter(query, session.subject), [query, session.subject]);
  const sort = useMemo(() => sortKeys(query), [query]);
  const loaded = useLoadedContacts(filter, sort);
  const [selection, setSelection] = useState<Selection>(new Set());
  const fields = useCustomFields();
  const markShown = useShownMark(query.view, filter, sort);
  const onShown = useCallback(() => {
    markShown();
    preloadTableView();
  }, [markShown]);

  const change = useCallback(
    (update: Partial<ContactsQuery>) => {
      // Read the latest URL, not this render's: two quick changes must both stick.
      setParams((current) => toSearchParams({ ...parseQuery(current), ...update }), {
        replace: true,
      });
    },
    [setParams],
  );
  const open = useCallback(
    (next: ContactsQuery) => {
      setParams(toSearchParams(next), { replace: false });
    },
    [setParams],
  );
  const [columns, chooseColumns] = useColumnChoice(
    fields.data ?? [],
    query.columns,
    useCallback(
      (cols: string) => {
        change({ columns: cols });
      },
      [change],
    ),
  );

  return (
    <div className={contactId ? "contacts-page with-card" : "contacts-page"}>
      <GroupsPanel
        selected={query.group}
        onSelect={(group) => {
          change({ group });
        }}
      />
      <section className="contacts-main" aria-label={t("app.contacts")}>
        <div className="toolbar">
          <QuickFilters query={query} onChange={change} />
          <FilterBuilder
            conditions={query.conditions}
            onChange={(conditions) => {
              change({ conditions });
            }}
          />
          <SortControl
            sort={query.sort}
            onChange={(next) => {
              change({ sort: next });
            }}
          />
          <ViewsMenu query={query} me={session.subject} columns={columns} onOpen={open} />
          <ExportButton filter={filter} />
          <Segmented
            label={t("views.label")}
            value={query.view}
            options={VIEWS.map((view) => [view, t(`views.${view}`)] as const)}
            onPick={(view) => {
              change({ view });
            }}
          />
        </div>
        <div className="status-line">
          <Total loaded={loaded} language={i18n.language} />
          {/* Always mounted: it shows nothing until rows are selected, and keeps a started
              job (its progress, its undo) on screen after the selection is cleared. */}
          <BulkPanel
            selection={selection}
            onSelectionChange={setSelection}
            filter={filter}
            loaded={loaded}
          />
        </div>
        {/* Always mounted: a view switch is a transition (the router's), so while a view's
            code loads React keeps the previous view on screen instead of a fallback. */}
        <Suspense fallback={<p className="muted">{t("contacts.loading")}</p>}>
          <ContactsView
            view={query.view}
            loaded={loaded}
            columns={columns}
            onColumnsChange={chooseColumns}
            selection={selection}
            onSelectionChange={setSelection}
            onShown={onShown}
          />
        </Suspense>
      </section>
      {contactId && <ContactCard key={contactId} contactId={contactId} />}
    </div>
  );
}

interface ViewProps {
  view: ContactsQuery["view"];
  loaded: LoadedContacts;
  columns: readonly string[];
  onColumnsChange: (ids: string[]) => void;
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  /** Called by the view once rows are in the DOM (see shownMark.ts). */
  onShown: () => void;
}

function ContactsView({
  view,
  loaded,
  columns,
  onColumnsChange,
  selection,
  onSelectionChange,
  onShown,
}: ViewProps) {
  const { t } = useTranslation();
  if (loaded.error) {
    return (
      <p className="error" role="alert">
        {t("contacts.loadFailed", { detail: loaded.error.message })}
      </p>
    );
  }
  if (loaded.isLoading) return <p className="muted">{t("contacts.loading")}</p>;
  if (loaded.contacts.length === 0) return <NoMatches onShown={onShown} />;
  switch (view) {
    case "list":
      return (
        <ListView
          loaded={loaded}
          selection={selection}
          onSelectionChange={onSelectionChange}
          onShown={onShown}
        />
      );
    case "table":
      return (
        <TableView loaded={loaded} chosen={columns} onChoose={onColumnsChange} onShown={onShown} />
      );
    case "tiles":
      return <TilesView loaded={loaded} onShown={onShown} />;
  }
}

/** An empty result is a result too: shown (and marked) like rows. */
function NoMatches({ onShown }: { onShown: () => void }) {
  const { t } = useTranslation();
  useLayoutEffect(onShown, [onShown]);
  return <p className="empty">{t("contacts.empty")}</p>;
}

function Total({ loaded, language }: { loaded: LoadedContacts; language: string }) {
  const { t } = useTranslation();
  if (loaded.total === null) return <span />;
  const number = formatCount(loaded.total, language);
  return (
    <span data-testid="contacts-total">
      {t(loaded.totalIsEstimate ? "contacts.totalEstimate" : "contacts.total", { number })}
    </span>
  );
}
