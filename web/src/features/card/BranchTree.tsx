import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import type { Contact } from "../../api/types";
import { formatCount } from "../../i18n/format";
import { companyBranch } from "../contacts/api";
import { contactKeys } from "../contacts/queries";
import { buildBranchTree, type BranchTreeNode } from "./branchTree";

/** The holding the card's company (or the person's employer) belongs to, as a tree with
 * head counts; shown only where there is a company to start from. */
export function BranchTree({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const hasCompany = contact.kind === "company" || contact.company_id !== null;
  const branch = useQuery({
    queryKey: contactKeys.branch(contact.id),
    queryFn: ({ signal }) => companyBranch(contact.id, signal),
    enabled: hasCompany,
  });
  if (!hasCompany) return null;
  const current = contact.kind === "company" ? contact.id : contact.company_id;
  return (
    <section className="branch" aria-labelledby="branch-title">
      <h3 id="branch-title">{t("card.branch")}</h3>
      {branch.error && <p className="error">{branch.error.message}</p>}
      {branch.data && (
        <ul role="tree" aria-labelledby="branch-title" data-testid="branch">
          {buildBranchTree(branch.data.nodes).map((tree) => (
            <BranchItem key={tree.node.company_id} tree={tree} current={current} />
          ))}
        </ul>
      )}
    </section>
  );
}

function BranchItem({ tree, current }: { tree: BranchTreeNode; current: string | null }) {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const { node } = tree;
  const isCurrent = node.company_id === current;
  return (
    <li
      role="treeitem"
      aria-expanded={tree.children.length ? true : undefined}
      aria-selected={isCurrent}
    >
      <Link
        to={`/contacts/${node.company_id}${search}`}
        aria-current={isCurrent ? "true" : undefined}
        className={isCurrent ? "branch-current" : undefined}
      >
        {node.name}
      </Link>{" "}
      <span className="muted">
        {t("card.headCount", {
          own: formatCount(node.head_count, i18n.language),
          total: formatCount(node.total_head_count, i18n.language),
        })}
      </span>
      {tree.children.length > 0 && (
        <ul role="group">
          {tree.children.map((child) => (
            <BranchItem key={child.node.company_id} tree={child} current={current} />
          ))}
        </ul>
      )}
    </li>
  );
}
