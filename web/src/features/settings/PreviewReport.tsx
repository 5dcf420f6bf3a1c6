import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { RulePreview } from "../../api/types";
import { formatCount } from "../../i18n/format";
import { sampleContacts } from "./ruleApi";

/** What a filter rule would do now: how many join and leave, how many stay members, and a
 * sample of each side by name (the API gives ids; their cards give names). */
export function PreviewReport({ preview }: { preview: RulePreview }) {
  const { t, i18n } = useTranslation();
  const count = (value: number) => formatCount(value, i18n.language);
  return (
    <div className="change-report" role="status" data-testid="rule-preview">
      <p>
        {t("rules.previewCounts", {
          join: count(preview.would_join),
          leave: count(preview.would_leave),
          after: count(preview.members_after),
        })}
      </p>
      <Sample title={t("rules.joinSample")} ids={preview.join_sample} testId="join-sample" />
      <Sample title={t("rules.leaveSample")} ids={preview.leave_sample} testId="leave-sample" />
    </div>
  );
}

function Sample({ title, ids, testId }: { title: string; ids: readonly string[]; testId: string }) {
  const cards = useQuery({
    queryKey: ["contacts", "sample", ids],
    queryFn: () => sampleContacts(ids),
    enabled: ids.length > 0,
  });
  if (!ids.length) return null;
  return (
    <>
      <p>{title}</p>
      <ul data-testid={testId}>
        {(cards.data ?? []).map((contact) => (
          <li key={contact.id}>
            <Link to={`/contacts/${contact.id}`} target="_blank" rel="noreferrer">
              {contact.display_name}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
