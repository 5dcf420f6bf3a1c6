/** Every feature's own message catalogue; index.ts merges them into the app's resources. */
import { createMessages } from "../features/create/messages";
import { duplicateMessages } from "../features/duplicates/messages";

export const FEATURE_MESSAGES = [createMessages, duplicateMessages] as const;
