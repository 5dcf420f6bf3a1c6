/** Every feature's own message catalogue; index.ts merges them into the app's resources. */
import { bulkMessages } from "../features/bulk/messages";
import { createMessages } from "../features/create/messages";
import { duplicateMessages } from "../features/duplicates/messages";
import { filterMessages } from "../features/filters/messages";
import { importMessages } from "../features/imports/messages";
import { groupSettingsMessages } from "../features/settings/groupMessages";
import { layoutMessages } from "../features/settings/layoutMessages";
import { settingsMessages } from "../features/settings/messages";
import { ruleMessages } from "../features/settings/ruleMessages";
import { viewMessages } from "../features/views/messages";

export const FEATURE_MESSAGES = [
  bulkMessages,
  importMessages,
  createMessages,
  duplicateMessages,
  filterMessages,
  viewMessages,
  settingsMessages,
  layoutMessages,
  groupSettingsMessages,
  ruleMessages,
] as const;
