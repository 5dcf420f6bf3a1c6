import { useTranslation } from "react-i18next";
import { STEPS, type Step } from "./wizard";

interface Props {
  current: Step;
  canGoTo: (step: Step) => boolean;
  onGoTo: (step: Step) => void;
}

/** Where the person is in the wizard; the steps already prepared can be revisited. */
export function WizardSteps({ current, canGoTo, onGoTo }: Props) {
  const { t } = useTranslation();
  return (
    <nav className="wizard-steps" aria-label={t("imports.steps.label")}>
      <ol>
        {STEPS.map((step, index) => {
          const text = (
            <>
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              {t(`imports.steps.${step}`)}
            </>
          );
          return (
            <li key={step} className={step === current ? "current" : undefined}>
              {step === current ? (
                <span aria-current="step">{text}</span>
              ) : canGoTo(step) ? (
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    onGoTo(step);
                  }}
                >
                  {text}
                </button>
              ) : (
                <span className="muted">{text}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
