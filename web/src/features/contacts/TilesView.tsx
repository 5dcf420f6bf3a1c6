import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Contact } from "../../api/types";
import { ContactIcon } from "../../ui/icons";
import { useCardLink } from "./contactLinks";
import type { LoadedContacts } from "./queries";

const TILE_MIN_WIDTH = 240;
const TILE_ROW_HEIGHT = 148;
const PREFETCH_TILE_ROWS = 10;

/** Tiles in rows as many as the width holds; only the rows on screen are rendered. */
export function TilesView({ loaded, onShown }: { loaded: LoadedContacts; onShown: () => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [perRow, setPerRow] = useState(1);
  const { contacts, hasMore, loadMore } = loaded;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? TILE_MIN_WIDTH;
      setPerRow(Math.max(1, Math.floor(width / TILE_MIN_WIDTH)));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);

  const rowCount = Math.ceil(contacts.length / perRow);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to re-render here
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE_ROW_HEIGHT,
    overscan: 3,
  });
  const rows = virtualizer.getVirtualItems();
  const lastRow = rows.at(-1)?.index ?? 0;
  const hasRows = rows.length > 0;
  useLayoutEffect(() => {
    if (hasRows) onShown();
  }, [hasRows, onShown]);

  useEffect(() => {
    if (hasMore && lastRow >= rowCount - PREFETCH_TILE_ROWS) loadMore();
  }, [lastRow, rowCount, hasMore, loadMore]);

  return (
    <div className="tiles-scroller" ref={scroller} data-testid="contact-tiles">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {rows.map((row) => (
          <div
            key={row.index}
            className="tile-row"
            style={{
              transform: `translateY(${row.start}px)`,
              gridTemplateColumns: `repeat(${perRow}, minmax(0, 1fr))`,
            }}
          >
            {contacts.slice(row.index * perRow, (row.index + 1) * perRow).map((contact) => (
              <Tile key={contact.id} contact={contact} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

function Tile({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const cardLink = useCardLink();
  return (
    <Link to={cardLink(contact.id)} className="tile" data-testid="contact-tile">
      <ContactIcon contact={contact} size={40} />
      <div className="tile-body">
        <strong className="ellipsis">{contact.display_name}</strong>
        <span className="muted">{t(`kind.${contact.kind}`)}</span>
        {contact.phones.slice(0, 2).map((phone) => (
          <span key={phone.number} className="ellipsis">
            ☎ {phone.number}
          </span>
        ))}
        {contact.emails.slice(0, 2).map((email) => (
          <span key={email.address} className="ellipsis">
            ✉ {email.address}
          </span>
        ))}
      </div>
    </Link>
  );
}
