import { useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, fieldErrors, type Duplicate } from "../../api/problem";
import type { Contact, CustomField } from "../../api/types";
import { patchContact } from "../contacts/api";
import { contactKeys, storeContact } from "../contacts/queries";
import { DuplicateNotice } from "../duplicates/DuplicateNotice";
import { draftOf, missingRequired, patchOf, type CardDraft } from "./cardForm";
import { sectionFields, type CardSection } from "./cardSections";
import { CustomFieldInput } from "./CustomFieldInput";
import { MultiValueInput } from "./MultiValueInput";

type Status =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed"; message: string }
  | { kind: "duplicate"; duplicates: Duplicate[] }
  | { kind: "conflict" };

/** The card's fields, edited together and saved as one PATCH guarded by the card's version. */
export function CardForm({
  contact,
  sections,
  layoutRequired,
}: {
  contact: Contact;
  /** The card layout's sections; the form shows the editable ones, in their order. */
  sections: readonly CardSection[];
  layoutRequired: readonly string[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const shown = sectionFields(sections);
  const required = new Set(layoutRequired);
  // A required field's label says so before anyone tries to save without it.
  const mark = (name: string, label: string) => (required.has(name) ? `${label} *` : label);
  const [draft, setDraft] = useState<CardDraft>(() => draftOf(contact, shown));
  // Errors by field: translation keys found here, or the API's own messages.
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const patch = patchOf(contact, draft, shown);
  const dirty = Object.keys(patch).length > 0;

  const set = (update: Partial<CardDraft>) => {
    setDraft((current) => ({ ...current, ...update }));
    setStatus({ kind: "idle" });
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing = missingRequired(contact.kind, draft, shown, layoutRequired);
    if (missing.size) {
      setErrors(new Map([...missing].map(([field, key]) => [field, t(key)])));
      return;
    }
    setErrors(new Map());
    setStatus({ kind: "saving" });
    patchContact(contact.id, patch, contact.version)
      .then((stored) => {
        // The new version remounts this form (keyed by version) with the stored values.
        storeContact(queryClient, stored);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) {
          setStatus({ kind: "failed", message: String(error) });
          return;
        }
        if (error.problem.code === "version_conflict") {
          setStatus({ kind: "conflict" });
          return;
        }
        if (error.problem.code === "duplicate_contact" && error.problem.duplicates?.length) {
          setErrors(fieldErrors(error.problem));
          setStatus({ kind: "duplicate", duplicates: error.problem.duplicates });
          return;
        }
        setErrors(fieldErrors(error.problem));
        setStatus({ kind: "failed", message: error.problem.detail });
      });
  };

  const field = (name: string, label: string, input: ReactNode) => (
    <FormRow key={name} name={name} label={label} error={errors.get(name)}>
      {input}
    </FormRow>
  );
  const text = (
    name: "first_name" | "middle_name" | "last_name" | "company_name" | "region" | "source",
  ) =>
    field(
      name,
      mark(name, t(`columns.${name}`)),
      <input
        id={`card-${name}`}
        value={draft[name]}
        aria-invalid={errors.has(name)}
        onChange={(event) => {
          set({ [name]: event.target.value });
        }}
      />,
    );

  const mainBlock = (
    <fieldset key="main">
      <legend>{t("card.main")}</legend>
      {contact.kind === "person" ? (
        <>
          {text("first_name")}
          {text("middle_name")}
          {text("last_name")}
          {field(
            "gender",
            mark("gender", t("columns.gender")),
            <select
              id="card-gender"
              value={draft.gender}
              onChange={(event) => {
                set({ gender: event.target.value as CardDraft["gender"] });
              }}
            >
              <option value="">{t("gender.none")}</option>
              <option value="female">{t("gender.female")}</option>
              <option value="male">{t("gender.male")}</option>
            </select>,
          )}
          {field(
            "birthday",
            mark("birthday", t("columns.birthday")),
            <input
              id="card-birthday"
              type="date"
              value={draft.birthday}
              onChange={(event) => {
                set({ birthday: event.target.value });
              }}
            />,
          )}
        </>
      ) : (
        text("company_name")
      )}
      {text("region")}
      {text("source")}
      {field(
        "description",
        mark("description", t("columns.description")),
        <textarea
          id="card-description"
          rows={3}
          value={draft.description}
          onChange={(event) => {
            set({ description: event.target.value });
          }}
        />,
      )}
    </fieldset>
  );
  const contactsBlock = (
    <fieldset key="contacts">
      <legend>{t("card.contactDetails")}</legend>
      {field(
        "emails",
        mark("emails", t("card.emails")),
        <MultiValueInput
          name="emails"
          type="email"
          values={draft.emails}
          label={t("columns.email")}
          onChange={(emails) => {
            set({ emails });
          }}
        />,
      )}
      {field(
        "phones",
        mark("phones", t("card.phones")),
        <MultiValueInput
          name="phones"
          type="tel"
          values={draft.phones}
          label={t("columns.phone")}
          onChange={(phones) => {
            set({ phones });
          }}
        />,
      )}
    </fieldset>
  );
  const customBlock = (title: string | null, customFields: readonly CustomField[], at: number) => (
    <fieldset key={`custom-${at}`}>
      <legend>{title || t("card.custom")}</legend>
      {customFields.map((custom) =>
        field(
          `custom.${custom.key}`,
          custom.label + (custom.required || required.has(`custom.${custom.key}`) ? " *" : ""),
          <CustomFieldInput
            field={custom}
            value={draft.custom[custom.key] ?? ""}
            invalid={errors.has(`custom.${custom.key}`)}
            onChange={(value) => {
              set({ custom: { ...draft.custom, [custom.key]: value } });
            }}
          />,
        ),
      )}
    </fieldset>
  );

  return (
    <form className="card-form" onSubmit={submit} noValidate>
      {sections.map((section, at) => {
        if (section.kind === "main") return mainBlock;
        if (section.kind === "contacts") return contactsBlock;
        if (section.kind === "custom") return customBlock(section.title, section.fields, at);
        return null; // company and history are not edited here: the card shows them
      })}
      <div className="card-actions">
        <button type="submit" className="primary" disabled={!dirty || status.kind === "saving"}>
          {status.kind === "saving" ? t("card.saving") : t("card.save")}
        </button>
        {dirty && (
          <button
            type="button"
            onClick={() => {
              setDraft(draftOf(contact, shown));
              setErrors(new Map());
              setStatus({ kind: "idle" });
            }}
          >
            {t("card.reset")}
          </button>
        )}
        <StatusMessage status={status} contactId={contact.id} />
      </div>
    </form>
  );
}

function StatusMessage({ status, contactId }: { status: Status; contactId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  if (status.kind === "failed") {
    return (
      <p className="error" role="alert">
        {t("card.failed", { detail: status.message })}
      </p>
    );
  }
  if (status.kind === "duplicate") {
    return <DuplicateNotice duplicates={status.duplicates} contactId={contactId} />;
  }
  if (status.kind === "conflict") {
    return (
      <p className="error" role="alert">
        {t("card.conflict")}{" "}
        <button
          type="button"
          className="link"
          onClick={() => {
            void queryClient.invalidateQueries({ queryKey: contactKeys.one(contactId) });
          }}
        >
          {t("card.reload")}
        </button>
      </p>
    );
  }
  return null;
}

interface FormRowProps {
  name: string;
  label: string;
  error: string | undefined;
  children: ReactNode;
}

function FormRow({ name, label, error, children }: FormRowProps) {
  return (
    <div className={error ? "form-row invalid" : "form-row"} data-field={name}>
      <label htmlFor={`card-${name}`}>{label}</label>
      {children}
      {error && (
        <p className="field-error" role="alert" id={`card-${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
