import { describe, expect, it } from 'vitest';
import { handler } from '../../../../lambdas/selfservice-worker/handler';

describe('self-service worker Lambda', () => {
  it('reports an event that is not a self-service task without building anything or throwing', async () => {
    const result = await handler({ kind: 'cdn.destroy-everything' });

    expect(result).toMatchObject({ ok: false, reason: 'invalid_task' });
  });
});
