import { useTranslation } from "react-i18next";
import type { CustomField } from "../../api/types";
import {
  DRAWN_BLOCKS,
  moveBlock,
  placedFields,
  toggleField,
  withCustomBlock,
  type DraftBlock,
} from "./layoutForm";

interface Props {
  blocks: readonly DraftBlock[];
  fields: readonly CustomField[];
  /** Form paths with a problem: `blocks[2].title`. */
  errors: ReadonlyMap<string, string>;
  onChange: (blocks: DraftBlock[]) => void;
}

/** A layout's blocks in card order: move, show or hide; custom blocks with a title and the
 * fields they show. */
export function BlockList({ blocks, fields, errors, onChange }: Props) {
  const { t } = useTranslation();
  const placed = placedFields(blocks);
  const replace = (index: number, block: DraftBlock) => {
    onChange(blocks.map((current, at) => (at === index ? block : current)));
  };
  return (
    <fieldset className="layout-blocks">
      <legend>{t("layouts.blocks")}</legend>
      <ol>
        {blocks.map((block, index) => {
          const name =
            block.block === "custom"
              ? block.title || t("layouts.untitled")
              : t(`layouts.block.${block.block}`);
          const titleError = errors.get(`blocks[${index}].title`);
          return (
            <li key={block.id} className="layout-block" data-testid="layout-block">
              <div className="layout-block-line">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={block.visible}
                    aria-label={t("layouts.show", { name })}
                    onChange={(event) => {
                      replace(index, { ...block, visible: event.target.checked });
                    }}
                  />
                  {block.block === "custom" ? t("layouts.customBlock") : name}
                </label>
                {!DRAWN_BLOCKS.has(block.block) && (
                  <span className="muted hint">{t("layouts.notDrawnYet")}</span>
                )}
                <span className="spacer" />
                <button
                  type="button"
                  aria-label={t("layouts.moveUp", { name })}
                  disabled={index === 0}
                  onClick={() => {
                    onChange(moveBlock(blocks, index, -1));
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t("layouts.moveDown", { name })}
                  disabled={index === blocks.length - 1}
                  onClick={() => {
                    onChange(moveBlock(blocks, index, 1));
                  }}
                >
                  ↓
                </button>
                {block.block === "custom" && (
                  <button
                    type="button"
                    aria-label={t("layouts.removeBlock", { name })}
                    onClick={() => {
                      onChange(blocks.filter((_, at) => at !== index));
                    }}
                  >
                    ✕
                  </button>
                )}
              </div>
              {block.block === "custom" && (
                <div className="layout-custom">
                  <label>
                    {t("layouts.blockTitle")}
                    <input
                      value={block.title}
                      aria-invalid={titleError ? true : undefined}
                      onChange={(event) => {
                        replace(index, { ...block, title: event.target.value });
                      }}
                    />
                  </label>
                  {titleError && (
                    <p className="field-error" role="alert">
                      {titleError}
                    </p>
                  )}
                  <div
                    className="layout-fields"
                    role="group"
                    aria-label={t("layouts.fieldsOf", { name })}
                  >
                    {fields.length === 0 && <span className="muted">{t("layouts.noFields")}</span>}
                    {fields.map((field) => {
                      const elsewhere = (placed.get(field.key) ?? block.id) !== block.id;
                      return (
                        <label
                          key={field.key}
                          className="checkbox"
                          title={elsewhere ? t("layouts.inOtherBlock") : undefined}
                        >
                          <input
                            type="checkbox"
                            checked={block.fields.includes(field.key)}
                            disabled={elsewhere}
                            onChange={(event) => {
                              replace(index, toggleField(block, field.key, event.target.checked));
                            }}
                          />
                          {field.label}
                        </label>
                      );
                    })}
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() => {
          onChange(withCustomBlock(blocks, ""));
        }}
      >
        + {t("layouts.addBlock")}
      </button>
    </fieldset>
  );
}
