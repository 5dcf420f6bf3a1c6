import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useSearchParams } from "react-router";
import { ApiError } from "../api/problem";
import { LanguageSwitch } from "../i18n/LanguageSwitch";
import { safeNext } from "./next";
import { useSession } from "./sessionContext";

function textOf(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value : "";
}

export function LoginPage() {
  const { t } = useTranslation();
  const { session, signIn } = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={safeNext(params.get("next"))} replace />;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    signIn(textOf(form.get("email")), textOf(form.get("password")))
      .catch((caught: unknown) => {
        const code = caught instanceof ApiError ? caught.problem.code : "network_error";
        setError(t(code === "invalid_credentials" ? "login.invalid" : "login.failed"));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <main className="login">
      <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Kartoteka</h1>
        <p className="muted">{t("login.subtitle")}</p>
        <label>
          {t("login.email")}
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t("login.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("login.submit")}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
