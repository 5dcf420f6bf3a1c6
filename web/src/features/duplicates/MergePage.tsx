import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/problem";
import type { Contact, CustomField, MergeResult } from "../../api/types";
import { contactKeys, useContact, useCustomFields } from "../contacts/queries";
import { mergeContacts } from "./api";
import "./duplicates.css";
import { mergePath } from "./mergePath";
import { defaultSide, fieldSources, mergeRows, type MergeRow, type Side } from "./mergeFields";

/** `/merge?keep=A&merge=B`: the two cards side by side, one winner picked per field. */
export function MergePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const keepId = params.get("keep") ?? "";
  const otherId = params.get("merge") ?? "";
  if (!keepId || !otherId) return <p className="empty">{t("merge.missing")}</p>;
  if (keepId === otherId) return <p className="error">{t("merge.same")}</p>;
  // Keyed: swapping the cards starts the choices afresh.
  return <MergeLoader key={`${keepId}/${otherId}`} keepId={keepId} otherId={otherId} />;
}

function MergeLoader({ keepId, otherId }: { keepId: string; otherId: string }) {
  const { t } = useTranslation();
  const keep = useContact(keepId);
  const other = useContact(otherId);
  const fields = useCustomFields();
  const error = keep.error ?? other.error ?? fields.error;
  if (error)
    return (
      <p className="error" role="alert">
        {error.message}
      </p>
    );
  if (!keep.data || !other.data || !fields.data)
    return <p className="muted">{t("contacts.loading")}</p>;
  return <MergeForm keep={keep.data} other={other.data} fields={fields.data} />;
}

type Status =
  | { kind: "choosing" }
  | { kind: "busy"; dryRun: boolean }
  | { kind: "preview"; result: MergeResult }
  | { kind: "failed"; message: string };

function MergeForm({
  keep,
  other,
  fields,
}: {
  keep: Contact;
  other: Contact;
  fields: readonly CustomField[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rows = useMemo(() => mergeRows(keep, other, fields), [keep, other, fields]);
  const [choices, setChoices] = useState<ReadonlyMap<string, Side>>(new Map());
  const [status, setStatus] = useState<Status>({ kind: "choosing" });

  const run = (dryRun: boolean) => {
    setStatus({ kind: "busy", dryRun });
    mergeContacts({
      survivor_id: keep.id,
      merged_ids: [other.id],
      field_sources: fieldSources(rows, choices, keep.id, other.id),
      dry_run: dryRun,
    })
      .then((result) => {
        if (dryRun) {
          setStatus({ kind: "preview", result });
          return;
        }
        void queryClient.invalidateQueries({ queryKey: contactKeys.all });
        void queryClient.invalidateQueries({ queryKey: ["groups"] });
        void navigate(`/contacts/${keep.id}`, {
          state: {
            merged: t("merge.merged", {
              memberships: result.memberships_moved,
              references: result.references_moved,
            }),
          },
        });
      })
      .catch((error: unknown) => {
        const message = error instanceof ApiError ? error.problem.detail : String(error);
        setStatus({ kind: "failed", message });
      });
  };

  const choose = (field: string, side: Side) => {
    setChoices((current) => new Map(current).set(field, side));
    // A preview shows the choices it was made with; a new choice needs a new preview.
    setStatus({ kind: "choosing" });
  };
  const busy = status.kind === "busy";

  return (
    <section className="merge-page" aria-labelledby="merge-title">
      <h1 id="merge-title">{t("merge.title")}</h1>
      <p className="muted">{t("merge.intro")}</p>
      <p>
        {t("merge.keep")}: <strong>{keep.display_name}</strong>{" "}
        <Link to={mergePath(other.id, keep.id)} className="link">
          {t("merge.swap", { name: other.display_name })}
        </Link>
      </p>
      <table className="merge-table">
        <thead>
          <tr>
            <th scope="col">{t("merge.field")}</th>
            <th scope="col">
              <Link to={`/contacts/${keep.id}`}>{keep.display_name}</Link>
            </th>
            <th scope="col">
              <Link to={`/contacts/${other.id}`}>{other.display_name}</Link>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <ChoiceRow
              key={row.field}
              row={row}
              side={choices.get(row.field) ?? defaultSide(row)}
              onChoose={(side) => {
                choose(row.field, side);
              }}
            />
          ))}
          <tr>
            <th scope="row">{t("card.emails")}</th>
            <td>{keep.emails.map((email) => email.address).join(", ")}</td>
            <td>{other.emails.map((email) => email.address).join(", ")}</td>
          </tr>
          <tr>
            <th scope="row">{t("card.phones")}</th>
            <td>{keep.phones.map((phone) => phone.number).join(", ")}</td>
            <td>{other.phones.map((phone) => phone.number).join(", ")}</td>
          </tr>
        </tbody>
      </table>
      <div className="merge-actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            run(true);
          }}
        >
          {status.kind === "busy" && status.dryRun ? t("merge.previewing") : t("merge.preview")}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => {
            run(false);
          }}
        >
          {status.kind === "busy" && !status.dryRun ? t("merge.merging") : t("merge.confirm")}
        </button>
      </div>
      {status.kind === "failed" && (
        <p className="error" role="alert">
          {t("merge.failed", { detail: status.message })}
        </p>
      )}
      {status.kind === "preview" && <Preview result={status.result} />}
    </section>
  );
}

function ChoiceRow({
  row,
  side,
  onChoose,
}: {
  row: MergeRow;
  side: Side;
  onChoose: (side: Side) => void;
}) {
  const { t } = useTranslation();
  const label = "key" in row.label ? t(row.label.key) : row.label.text;
  // Gender is stored as a code; people read it in their language.
  const shown = (value: string) => (row.field === "gender" && value ? t(`gender.${value}`) : value);
  const option = (which: Side, value: string) => (
    <td>
      <label className="merge-choice">
        <input
          type="radio"
          name={`merge-${row.field}`}
          checked={side === which}
          onChange={() => {
            onChoose(which);
          }}
        />
        {shown(value) || <span className="muted">{t("merge.empty")}</span>}
      </label>
    </td>
  );
  return (
    <tr data-field={row.field}>
      <th scope="row">{label}</th>
      {option("keep", row.values[0])}
      {option("other", row.values[1])}
    </tr>
  );
}

function Preview({ result }: { result: MergeResult }) {
  const { t } = useTranslation();
  const card = result.contact;
  return (
    <section
      className="merge-preview"
      aria-labelledby="merge-preview-title"
      data-testid="merge-preview"
    >
      <h2 id="merge-preview-title">{t("merge.result")}</h2>
      <dl>
        <dt>{t("columns.display_name")}</dt>
        <dd>{card.display_name}</dd>
        <dt>{t("card.emails")}</dt>
        <dd>{card.emails.map((email) => email.address).join(", ")}</dd>
        <dt>{t("card.phones")}</dt>
        <dd>{card.phones.map((phone) => phone.number).join(", ")}</dd>
        <dt>{t("columns.region")}</dt>
        <dd>{card.region}</dd>
      </dl>
    </section>
  );
}
