/** The shape every translation of a catalogue must have: the English one's keys, any text. */
export type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

/** A feature's own messages, kept beside its screens: English, and Polish with the same keys
 * (the compiler checks). Each feature uses top-level keys of its own (`bulk.*`, `imports.*`). */
export interface FeatureMessages<T> {
  en: T;
  pl: Texts<T>;
}
