import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Duplicate } from "../../api/problem";
import "./duplicates.css";
import { mergePath } from "./mergePath";

interface Props {
  duplicates: readonly Duplicate[];
  /** The card being edited, when there is one: offered for merging with the other card. */
  contactId?: string;
}

/** The cards that already hold a phone or email, each with a link to it and, on an existing
 * card, to the merge screen (a duplicate is usually the same person entered twice). */
export function DuplicateNotice({ duplicates, contactId }: Props) {
  const { t } = useTranslation();
  const [first] = duplicates;
  if (!first) return null;
  const heading =
    duplicates.length === 1
      ? t("duplicates.warningOne", { kind: t(`duplicates.${first.kind}`) })
      : t("duplicates.warningMany");
  return (
    <div className="duplicate-notice" role="alert" data-testid="duplicate-notice">
      <p>{heading}</p>
      <ul>
        {duplicates.map((duplicate) => (
          <li key={`${duplicate.kind}:${duplicate.value}:${duplicate.contactId}`}>
            <span className="duplicate-value">{duplicate.value}</span>{" "}
            <Link to={`/contacts/${duplicate.contactId}`}>{t("duplicates.open")}</Link>
            {contactId && contactId !== duplicate.contactId && (
              <>
                {" · "}
                <Link to={mergePath(duplicate.contactId, contactId)}>{t("duplicates.merge")}</Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
