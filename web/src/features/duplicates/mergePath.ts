/** The merge screen's address: the older card (the one already there) stays by default. */
export function mergePath(survivorId: string, otherId: string): string {
  const params = new URLSearchParams({ keep: survivorId, merge: otherId });
  return `/merge?${params.toString()}`;
}
