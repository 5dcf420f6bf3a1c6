import { useTranslation } from "react-i18next";
import type { ActivityType } from "../../api/types";
import { KNOWN_REGIONS } from "../contacts/query";
import type { FieldChoice } from "./operations";

interface Props {
  choice: FieldChoice;
  value: string;
  invalid: boolean;
  activities: readonly ActivityType[];
  onChange: (value: string) => void;
}

const REGIONS_LIST_ID = "bulk-known-regions";

/** The input a field's value needs: lists where the values are known, text elsewhere (the
 * contacts service reads typed text for numbers, money and dates and explains a bad one). */
export function FieldValueInput({ choice, value, invalid, activities, onChange }: Props) {
  const { t } = useTranslation();
  const common = {
    "aria-label": t("bulk.value"),
    "aria-invalid": invalid,
    value,
    onChange: (event: { target: { value: string } }) => {
      onChange(event.target.value);
    },
  };
  const options = (list: readonly (readonly [string, string])[]) => (
    <select {...common}>
      <option value="">{t("bulk.choose")}</option>
      {list.map(([key, label]) => (
        <option key={key} value={key}>
          {label}
        </option>
      ))}
    </select>
  );

  if (choice.kind === "standard") {
    switch (choice.key) {
      case "activity_id":
        return options(activities.map((activity) => [activity.id, activity.name] as const));
      case "description":
        return <textarea {...common} rows={1} />;
      case "region":
        return (
          <>
            <input {...common} list={REGIONS_LIST_ID} />
            <datalist id={REGIONS_LIST_ID}>
              {KNOWN_REGIONS.map((region) => (
                <option key={region} value={region} />
              ))}
            </datalist>
          </>
        );
      case "source":
        return <input {...common} />;
    }
  }
  const { field } = choice;
  switch (field.type) {
    case "checkbox":
      return options([
        ["true", t("bulk.yes")],
        ["false", t("bulk.no")],
      ]);
    case "dropdown":
      return options((field.options ?? []).map((option) => [option.value, option.label] as const));
    case "date":
      return <input {...common} type="date" />;
    case "integer":
    case "decimal":
      return <input {...common} inputMode="decimal" />;
    case "multi_select":
      return <input {...common} placeholder={t("bulk.valueList")} />;
    default:
      return <input {...common} title={field.help_text || undefined} />;
  }
}
