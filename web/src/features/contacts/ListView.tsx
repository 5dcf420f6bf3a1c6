import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contact } from "../../api/types";
import { ContactIcon } from "../../ui/icons";
import { useCardLink } from "./contactLinks";
import type { LoadedContacts } from "./queries";
import { checkState, toggleAll, toggleOne, type Selection } from "./selection";

const ROW_HEIGHT = 44;
// Ask for the next page this many rows before the end, so scrolling rarely waits.
const PREFETCH_ROWS = 40;

interface Props {
  loaded: LoadedContacts;
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  onShown: () => void;
}

/** Compact rows; only those on screen are in the DOM, so any number of contacts scrolls. */
export function ListView({ loaded, selection, onSelectionChange, onShown }: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const { contacts, hasMore, loadMore } = loaded;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to re-render here
  const virtualizer = useVirtualizer({
    count: contacts.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  // The first render has no rows yet: the virtualizer measures the scroller before it places any.
  const hasRows = items.length > 0;
  useLayoutEffect(() => {
    if (hasRows) onShown();
  }, [hasRows, onShown]);

  useEffect(() => {
    if (hasMore && lastIndex >= contacts.length - PREFETCH_ROWS) loadMore();
  }, [lastIndex, contacts.length, hasMore, loadMore]);

  const ids = contacts.map((contact) => contact.id);
  const state = checkState(selection, ids);

  return (
    <div className="list-view">
      <div className="list-header">
        <input
          type="checkbox"
          aria-label={t("contacts.selectAll")}
          checked={state === "all"}
          ref={(box) => {
            if (box) box.indeterminate = state === "some";
          }}
          onChange={() => {
            onSelectionChange(toggleAll(selection, ids));
          }}
        />
        <span>{t("columns.display_name")}</span>
        <span>{t("columns.phone")}</span>
        <span className="wide-only">{t("columns.email")}</span>
        <span className="wide-only">{t("columns.region")}</span>
      </div>
      <div className="list-scroller" ref={scroller} data-testid="contact-list">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const contact = contacts[item.index];
            if (!contact) return null;
            return (
              <ContactRow
                key={contact.id}
                contact={contact}
                top={item.start}
                selected={selection.has(contact.id)}
                onToggle={() => {
                  onSelectionChange(toggleOne(selection, contact.id));
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  contact: Contact;
  top: number;
  selected: boolean;
  onToggle: () => void;
}

function ContactRow({ contact, top, selected, onToggle }: RowProps) {
  const { t } = useTranslation();
  const cardLink = useCardLink();
  return (
    <div
      className={selected ? "contact-row selected" : "contact-row"}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-testid="contact-row"
    >
      <input
        type="checkbox"
        checked={selected}
        aria-label={t("contacts.selectRow", { name: contact.display_name })}
        onChange={onToggle}
      />
      <Link to={cardLink(contact.id)} className="contact-name">
        <ContactIcon contact={contact} />
        <span>{contact.display_name}</span>
      </Link>
      <span className="ellipsis">{contact.phones[0]?.number}</span>
      <span className="wide-only ellipsis">{contact.emails[0]?.address}</span>
      <span className="wide-only">{contact.region}</span>
    </div>
  );
}
