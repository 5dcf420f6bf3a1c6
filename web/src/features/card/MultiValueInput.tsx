import { useTranslation } from "react-i18next";

interface Props {
  name: string;
  type: "email" | "tel";
  label: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
}

/** A list of single-line values (emails, phones): edit, add, remove. Blank ones are dropped
 * on save. */
export function MultiValueInput({ name, type, label, values, onChange }: Props) {
  const { t } = useTranslation();
  // Always one empty line to type into, so "add" is never needed for the first value.
  const lines = values.length ? values : [""];
  return (
    <div className="multi-value" id={`card-${name}`}>
      {lines.map((value, index) => (
        <div key={index} className="multi-value-line">
          <input
            type={type}
            aria-label={`${label} ${index + 1}`}
            value={value}
            onChange={(event) => {
              onChange(lines.map((old, at) => (at === index ? event.target.value : old)));
            }}
          />
          <button
            type="button"
            aria-label={t("card.remove", { what: value || label })}
            onClick={() => {
              onChange(lines.filter((_, at) => at !== index));
            }}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link"
        onClick={() => {
          onChange([...lines, ""]);
        }}
      >
        + {t("card.add")}
      </button>
    </div>
  );
}
