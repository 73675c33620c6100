/**
 * Builds a Lambda's dependencies once per container and reuses them on warm invocations. A failed build is
 * forgotten, so the next invocation tries again (after a fixed setting, or a secret becoming readable).
 */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
