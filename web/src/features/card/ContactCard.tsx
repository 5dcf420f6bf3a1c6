import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../api/problem";
import { ContactIcon } from "../../ui/icons";
import { useContact, useContactLayout, useCustomFields } from "../contacts/queries";
import { BranchTree } from "./BranchTree";
import { CardForm } from "./CardForm";
import { cardSections } from "./cardSections";
import { HistoryList } from "./HistoryList";

/** The card beside the list (over it on a phone), laid out by the card layout that applies to
 * the contact: its blocks in order, its required fields marked and checked. */
export function ContactCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { search } = location;
  // The merge screen comes back here with what it did.
  const merged = mergedMessage(location.state as unknown);
  const navigate = useNavigate();
  const contact = useContact(contactId);
  const fields = useCustomFields();
  const layout = useContactLayout(contactId);
  const sections = useMemo(
    () => (layout.data && fields.data ? cardSections(layout.data, fields.data) : null),
    [layout.data, fields.data],
  );
  const closeTo = `/contacts${search}`;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") void navigate(closeTo);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [navigate, closeTo]);

  const notFound = contact.error instanceof ApiError && contact.error.problem.status === 404;
  return (
    <aside className="card" aria-labelledby="card-title" data-testid="contact-card">
      <header className="card-header">
        {contact.data && <ContactIcon contact={contact.data} size={32} />}
        <h2 id="card-title">{contact.data?.display_name ?? "…"}</h2>
        <Link to={closeTo} className="close" aria-label={t("card.close")}>
          ✕
        </Link>
      </header>
      {merged && (
        <p className="notice" role="status">
          {merged}
        </p>
      )}
      {notFound && <p className="error">{t("card.notFound")}</p>}
      {contact.error && !notFound && <p className="error">{contact.error.message}</p>}
      {layout.error && <p className="error">{layout.error.message}</p>}
      {contact.data && sections && (
        <>
          <CardForm
            key={contact.data.version}
            contact={contact.data}
            sections={sections}
            layoutRequired={layout.data?.required_fields ?? []}
          />
          {sections.map((section) => {
            if (section.kind === "company") {
              return <BranchTree key="company" contact={contact.data} />;
            }
            if (section.kind === "history") {
              return <HistoryList key="history" contactId={contactId} fields={fields.data ?? []} />;
            }
            return null; // the form shows the others
          })}
        </>
      )}
    </aside>
  );
}

function mergedMessage(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("merged" in state)) return null;
  return typeof state.merged === "string" ? state.merged : null;
}
