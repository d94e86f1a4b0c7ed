/**
 * Scenario ids: dot-separated lower-case segments, the last naming the case and the
 * rest its family (`send-recv.partial`, or with a namespace `acme.area.partial`).
 */

/** An id's shape: at least two segments of [a-z0-9-], each starting with a letter or digit. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

export const ID_SHAPE = 'an id is family.case (or namespace.family.case): dot-separated lower-case segments of a-z, 0-9 and -';

export function isScenarioId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The family a case is grouped under in reports: every segment but the last. */
export function familyOf(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}

/** The case's own name within its family: the last segment. */
export function caseOf(id: string): string {
  return id.slice(id.lastIndexOf('.') + 1);
}
