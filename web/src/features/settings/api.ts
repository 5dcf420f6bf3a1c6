/** The custom-field definitions calls of the settings screens. */
import { api, unwrap } from "../../api/client";
import type {
  CustomField,
  CustomFieldChange,
  CustomFieldChanged,
  CustomFieldIn,
} from "../../api/types";

export function createField(body: CustomFieldIn): Promise<CustomField> {
  return unwrap(api.POST("/api/v1/custom-fields", { body }));
}

/** With `dry_run` the report says what the change would do to stored values; nothing changes. */
export function changeField(key: string, body: CustomFieldChange): Promise<CustomFieldChanged> {
  return unwrap(api.PUT("/api/v1/custom-fields/{key}", { params: { path: { key } }, body }));
}

export function deleteField(key: string): Promise<unknown> {
  return unwrap(api.DELETE("/api/v1/custom-fields/{key}", { params: { path: { key } } }));
}
