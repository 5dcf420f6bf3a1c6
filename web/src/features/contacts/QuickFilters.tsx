import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Segmented } from "../../ui/Segmented";
import { hasFilters, KNOWN_REGIONS, type ContactsQuery, type ManagerChoice } from "./query";
import { useActivityTypes } from "./queries";

interface Props {
  query: ContactsQuery;
  onChange: (change: Partial<ContactsQuery>) => void;
}

// Long enough to skip a request per keystroke, short enough to feel immediate.
const SEARCH_DEBOUNCE_MS = 250;

/** Quick search and one-click filters: region, kind, manager, activity. */
export function QuickFilters({ query, onChange }: Props) {
  const { t } = useTranslation();
  const activities = useActivityTypes();
  const [search, setSearch] = useState(query.search);
  const [urlSearch, setUrlSearch] = useState(query.search);
  // Follow the URL when it changes elsewhere (back button, "clear filters").
  if (query.search !== urlSearch) {
    setUrlSearch(query.search);
    setSearch(query.search);
  }

  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => {
      onChange({ search });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [search, query.search, onChange]);

  const regions: readonly string[] =
    query.region && !KNOWN_REGIONS.includes(query.region as (typeof KNOWN_REGIONS)[number])
      ? [query.region, ...KNOWN_REGIONS]
      : KNOWN_REGIONS;

  return (
    <div className="quick-filters" role="search">
      <input
        type="search"
        className="search"
        placeholder={t("filters.search")}
        aria-label={t("filters.search")}
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
        }}
      />
      <select
        aria-label={t("filters.region")}
        value={query.region}
        onChange={(event) => {
          onChange({ region: event.target.value });
        }}
      >
        <option value="">
          {t("filters.region")}: {t("filters.any")}
        </option>
        {regions.map((region) => (
          <option key={region} value={region}>
            {region}
          </option>
        ))}
      </select>
      <Segmented
        label={t("filters.kind")}
        value={query.kind}
        options={[
          ["", t("filters.any")],
          ["person", t("filters.person")],
          ["company", t("filters.company")],
        ]}
        onPick={(kind) => {
          onChange({ kind });
        }}
      />
      <Segmented<ManagerChoice>
        label={t("filters.manager")}
        value={query.manager}
        options={[
          ["", t("filters.any")],
          ["me", t("filters.me")],
          ["nobody", t("filters.nobody")],
        ]}
        onPick={(manager) => {
          onChange({ manager });
        }}
      />
      {activities.data && activities.data.length > 0 && (
        <select
          aria-label={t("filters.activity")}
          value={query.activity}
          onChange={(event) => {
            onChange({ activity: event.target.value });
          }}
        >
          <option value="">
            {t("filters.activity")}: {t("filters.any")}
          </option>
          {activities.data.map((activity) => (
            <option key={activity.id} value={activity.id}>
              {activity.name}
            </option>
          ))}
        </select>
      )}
      {hasFilters(query) && (
        <button
          type="button"
          className="link"
          onClick={() => {
            onChange({ search: "", region: "", kind: "", manager: "", activity: "", group: "" });
          }}
        >
          {t("filters.clear")}
        </button>
      )}
    </div>
  );
}
