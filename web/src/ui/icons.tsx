/** Inline icons (no icon font: a few paths cost less than a request). */
import type { Contact } from "../api/types";
import { contactIconKind, type ContactIconKind } from "./contactIconKind";

const PATHS: Record<ContactIconKind, string> = {
  male: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8c0-3.3 3.1-6 7-6s7 2.7 7 6v1H5Z",
  female:
    "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-1 2-5 7h12l-5-7Zm-5 7c0-1 .2-2 .6-2.9L12 14l5.4 4.1c.4.9.6 1.9.6 2.9Z",
  person: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 9c0-3.9 3.1-7 7-7s7 3.1 7 7Z",
  company: "M4 21V5l8-3v5l8 3v11Zm3-3h2v-2H7Zm0-4h2v-2H7Zm0-4h2V8H7Zm6 8h2v-2h-2Zm0-4h2v-2h-2Z",
};

export function ContactIcon({ contact, size = 20 }: { contact: Contact; size?: number }) {
  const kind = contactIconKind(contact);
  if (contact.photo_url) {
    return <img className="avatar" src={contact.photo_url} alt="" width={size} height={size} />;
  }
  return (
    <svg
      className={`avatar icon-${kind}`}
      data-icon={kind}
      viewBox="0 0 24 24"
      width={size}
      height={size}
      aria-hidden="true"
    >
      <path d={PATHS[kind]} fill="currentColor" />
    </svg>
  );
}
