import { useTranslation } from "react-i18next";
import { SORTS } from "../contacts/query";

/** The list's order: a field and a direction, kept in the URL (`sort=-created_at`). */
export function SortControl({
  sort,
  onChange,
}: {
  sort: string;
  onChange: (sort: string) => void;
}) {
  const { t } = useTranslation();
  const field = sort.replace(/^-/, "") || "display_name";
  const descending = sort.startsWith("-");
  const write = (nextField: string, nextDescending: boolean) => {
    // By name ascending is the default order: it needs no parameter.
    const plain = nextField === "display_name" && !nextDescending;
    onChange(plain ? "" : `${nextDescending ? "-" : ""}${nextField}`);
  };
  return (
    <span className="sort-control">
      <select
        aria-label={t("sorting.label")}
        value={field}
        onChange={(event) => {
          write(event.target.value, descending);
        }}
      >
        {SORTS.map((name) => (
          <option key={name} value={name}>
            {t(`sorting.${name}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        aria-pressed={descending}
        aria-label={t(descending ? "sorting.descending" : "sorting.ascending")}
        title={t(descending ? "sorting.descending" : "sorting.ascending")}
        onClick={() => {
          write(field, !descending);
        }}
      >
        {descending ? "↓" : "↑"}
      </button>
    </span>
  );
}
