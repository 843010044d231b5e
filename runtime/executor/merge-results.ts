/**
 * Merges results by top-level key, later ones overwriting earlier ones for the same key — how
 * LOC merges repeated `ResultAgent.finalize` calls and the task results of one execution.
 */
export function mergeByTopLevelKey(results: readonly Record<string, unknown>[]): Record<string, unknown> {
  return Object.assign({}, ...results) as Record<string, unknown>;
}
