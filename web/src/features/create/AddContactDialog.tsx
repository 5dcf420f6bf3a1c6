import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { ApiError, fieldErrors, type Duplicate } from "../../api/problem";
import type { ContactKind } from "../../api/types";
import { CustomFieldInput } from "../card/CustomFieldInput";
import { contactKeys, storeContact, useCustomFields } from "../contacts/queries";
import { DuplicateNotice } from "../duplicates/DuplicateNotice";
import { Segmented } from "../../ui/Segmented";
import { createContact } from "./api";
import "./create.css";
import {
  bodyOf,
  createFields,
  emptyDraft,
  formFieldOf,
  missingOnCreate,
  type NewContactDraft,
} from "./newContact";

type Status =
  | { kind: "editing" }
  | { kind: "saving" }
  | { kind: "duplicate"; duplicates: Duplicate[] }
  | { kind: "failed"; message: string };

const ID_PREFIX = "new-contact-";

/** A modal form for a new card; on success the card opens beside the list. */
export function AddContactDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const fields = createFields(useCustomFields().data ?? []);
  const [draft, setDraft] = useState<NewContactDraft>(() => emptyDraft("person"));
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState<Status>({ kind: "editing" });

  useEffect(() => {
    // showModal traps focus and makes the page behind inert; Escape fires "cancel".
    const element = dialog.current;
    element?.showModal();
    return () => {
      element?.close();
    };
  }, []);

  const set = (update: Partial<NewContactDraft>) => {
    setDraft((current) => ({ ...current, ...update }));
    // A duplicate warning is about the values sent; changing them makes it stale.
    if (status.kind !== "saving") setStatus({ kind: "editing" });
  };

  const send = (allowDuplicates: boolean) => {
    const missing = missingOnCreate(draft, fields);
    if (missing.size) {
      setErrors(new Map([...missing].map(([field, key]) => [field, t(key)])));
      return;
    }
    setErrors(new Map());
    setStatus({ kind: "saving" });
    createContact(bodyOf(draft, fields), allowDuplicates)
      .then((created) => {
        storeContact(queryClient, created);
        void queryClient.invalidateQueries({ queryKey: contactKeys.all });
        const keep = location.pathname.startsWith("/contacts") ? location.search : "";
        onClose();
        void navigate(`/contacts/${created.id}${keep}`);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) {
          setStatus({ kind: "failed", message: String(error) });
          return;
        }
        const { problem } = error;
        if (problem.code === "duplicate_contact" && problem.duplicates?.length) {
          setStatus({ kind: "duplicate", duplicates: problem.duplicates });
          return;
        }
        const byField = new Map<string, string>();
        for (const [field, message] of fieldErrors(problem))
          byField.set(formFieldOf(field), message);
        setErrors(byField);
        setStatus({ kind: "failed", message: problem.detail });
      });
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    send(false);
  };

  const row = (name: string, label: string, input: ReactNode) => (
    <div key={name} className={errors.has(name) ? "form-row invalid" : "form-row"}>
      <label htmlFor={ID_PREFIX + name}>{label}</label>
      {input}
      {errors.has(name) && (
        <p className="field-error" role="alert">
          {errors.get(name)}
        </p>
      )}
    </div>
  );
  const text = (
    name: "first_name" | "last_name" | "company_name" | "email" | "phone" | "region",
    label: string,
    type = "text",
  ) =>
    row(
      name,
      label,
      <input
        id={ID_PREFIX + name}
        type={type}
        value={draft[name]}
        aria-invalid={errors.has(name)}
        onChange={(event) => {
          set({ [name]: event.target.value });
        }}
      />,
    );

  return (
    <dialog
      ref={dialog}
      className="add-contact"
      aria-labelledby="add-contact-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="add-contact-title">{t("create.title")}</h2>
        <Segmented<ContactKind>
          label={t("create.kind")}
          value={draft.kind}
          options={[
            ["person", t("create.person")],
            ["company", t("create.company")],
          ]}
          onPick={(kind) => {
            set({ kind });
            setErrors(new Map());
          }}
        />
        {draft.kind === "person" ? (
          <>
            {text("first_name", t("columns.first_name"))}
            {text("last_name", t("columns.last_name"))}
          </>
        ) : (
          text("company_name", t("columns.company_name"))
        )}
        {text("email", t("create.email"), "email")}
        {text("phone", t("create.phone"), "tel")}
        {text("region", t("columns.region"))}
        {fields.map((field) =>
          row(
            `custom.${field.key}`,
            field.label + (field.required ? " *" : ""),
            <CustomFieldInput
              field={field}
              idPrefix={ID_PREFIX}
              value={draft.custom[field.key] ?? ""}
              invalid={errors.has(`custom.${field.key}`)}
              onChange={(value) => {
                set({ custom: { ...draft.custom, [field.key]: value } });
              }}
            />,
          ),
        )}
        {status.kind === "duplicate" && <DuplicateNotice duplicates={status.duplicates} />}
        {status.kind === "failed" && (
          <p className="error" role="alert">
            {t("create.failed", { detail: status.message })}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={status.kind === "saving"}>
            {status.kind === "saving" ? t("create.creating") : t("create.submit")}
          </button>
          {status.kind === "duplicate" && (
            <button
              type="button"
              onClick={() => {
                send(true);
              }}
            >
              {t("create.createAnyway")}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t("create.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
