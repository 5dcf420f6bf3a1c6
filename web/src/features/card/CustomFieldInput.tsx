import { useTranslation } from "react-i18next";
import type { CustomField } from "../../api/types";

interface Props {
  field: CustomField;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
  /** Prefix of the input's id (its label's `htmlFor`): forms shown at once need their own. */
  idPrefix?: string;
}

/** The input each custom field type needs; values stay text until the patch is built. */
export function CustomFieldInput({ field, value, invalid, onChange, idPrefix = "card-" }: Props) {
  const { t } = useTranslation();
  const common = {
    id: `${idPrefix}custom.${field.key}`,
    "aria-invalid": invalid,
    title: field.help_text || undefined,
  };
  switch (field.type) {
    case "checkbox":
      return (
        <select
          {...common}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        >
          <option value="" />
          <option value="true">{t("card.yes")}</option>
          <option value="false">{t("card.no")}</option>
        </select>
      );
    case "dropdown":
      return (
        <select
          {...common}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        >
          <option value="" />
          {(field.options ?? []).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case "long_text":
      return (
        <textarea
          {...common}
          rows={3}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      );
    case "date":
      return (
        <input
          {...common}
          type="date"
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      );
    case "integer":
    case "decimal":
      return (
        <input
          {...common}
          inputMode="decimal"
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      );
    default:
      return (
        <input
          {...common}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      );
  }
}
