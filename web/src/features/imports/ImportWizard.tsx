import { useMutation } from "@tanstack/react-query";
import { useReducer, useState, type Dispatch } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { startImport } from "./api";
import { DryRunStep } from "./DryRunStep";
import { ImportRun } from "./ImportRun";
import "./imports.css";
import { MappingStep } from "./MappingStep";
import { OptionsStep } from "./OptionsStep";
import { UploadStep } from "./UploadStep";
import type { FileAnalysis } from "./types";
import {
  importRequest,
  INITIAL_STATE,
  reachable,
  wizardReducer,
  type Step,
  type WizardAction,
  type WizardState,
} from "./wizard";
import { WizardSteps } from "./WizardSteps";

/** The import wizard: upload, mapping, mode and match keys, dry run, run, result. A running
 * import's id is in the URL (`?job=`), so a reload or a shared link finds it again. */
export default function ImportWizard() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const runJobId = params.get("job");
  const [state, dispatch] = useReducer(wizardReducer, INITIAL_STATE);
  // The chosen file, kept to read another of its sheets.
  const [file, setFile] = useState<File | null>(null);
  const start = useMutation({
    mutationFn: (dryRun: boolean) => {
      const body = importRequest(state, dryRun);
      if (!body) throw new Error("no file");
      return startImport(body);
    },
    onSuccess: (job, dryRun) => {
      if (dryRun) dispatch({ type: "dryRunStarted", jobId: job.id });
      else setParams({ job: job.id }, { replace: true });
    },
  });
  const startError = start.error?.message ?? null;
  const step: Step = runJobId ? "import" : state.step;
  const restart = () => {
    dispatch({ type: "restarted" });
    setFile(null);
    start.reset();
    setParams({}, { replace: true });
  };
  const goTo = (target: Step) => {
    if (target !== "import") dispatch({ type: "stepChosen", step: target });
  };

  return (
    <div className="import-page">
      <h1>{t("imports.title")}</h1>
      <WizardSteps
        current={step}
        // Once the import runs, the choices that made it are history.
        canGoTo={(target) => !runJobId && target !== "import" && reachable(state, target)}
        onGoTo={goTo}
      />
      {runJobId ? (
        <ImportRun key={runJobId} jobId={runJobId} onRestart={restart} />
      ) : (
        <WizardStep
          state={state}
          file={file}
          onFile={(chosen, analysis) => {
            setFile(chosen);
            start.reset();
            dispatch({ type: "analysed", analysis });
          }}
          dispatch={dispatch}
          onRestart={restart}
          onStart={(dryRun) => {
            start.mutate(dryRun);
          }}
          starting={start.isPending}
          startError={startError}
        />
      )}
    </div>
  );
}

interface WizardStepProps {
  state: WizardState;
  file: File | null;
  onFile: (file: File, analysis: FileAnalysis) => void;
  dispatch: Dispatch<WizardAction>;
  onRestart: () => void;
  onStart: (dryRun: boolean) => void;
  starting: boolean;
  startError: string | null;
}

/** The step of the wizard before the import runs. */
function WizardStep(props: WizardStepProps) {
  const { state, file, onFile, dispatch, onRestart, onStart, starting, startError } = props;
  const { step, analysis } = state;
  if (step === "file" || !analysis) {
    return <UploadStep onAnalysed={onFile} />;
  }
  switch (step) {
    case "mapping":
      return (
        <MappingStep
          analysis={analysis}
          file={file}
          mapping={state.mapping}
          onMap={(position, key) => {
            dispatch({ type: "mapped", position, key });
          }}
          onAnalysed={(next) => {
            dispatch({ type: "analysed", analysis: next });
          }}
          onAnother={onRestart}
          onNext={() => {
            dispatch({ type: "stepChosen", step: "options" });
          }}
        />
      );
    case "options":
      return (
        <OptionsStep
          mode={state.mode}
          matchKeys={state.matchKeys}
          onMode={(mode) => {
            dispatch({ type: "modeChosen", mode });
          }}
          onToggleKey={(key) => {
            dispatch({ type: "matchKeyToggled", key });
          }}
          onBack={() => {
            dispatch({ type: "stepChosen", step: "mapping" });
          }}
          onStart={onStart}
          starting={starting}
          startError={startError}
        />
      );
    case "check":
      return state.dryRunJobId ? (
        <DryRunStep
          key={state.dryRunJobId}
          jobId={state.dryRunJobId}
          onChangeMapping={() => {
            dispatch({ type: "stepChosen", step: "mapping" });
          }}
          onImport={() => {
            onStart(false);
          }}
          starting={starting}
          startError={startError}
        />
      ) : null;
  }
}
