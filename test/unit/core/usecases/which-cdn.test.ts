import { describe, expect, it } from 'vitest';
import { CdnSchema } from '../../../../core/config/schema';
import { whichCdn } from '../../../../core/usecases/which-cdn';
import { FakeCdn } from '../../../fakes/fake-cdn';
import { distribution } from '../../../fixtures/cdn';

const config = CdnSchema.parse({
  distributions: [{ name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@developers'] }],
});
const cdn = new FakeCdn([
  distribution({ id: 'E2QWRUHAPOMQZL', aliases: ['images.example.com'], originDomains: ['shared.s3.amazonaws.com'] }),
  distribution({
    id: 'E4OTHER000001',
    status: 'InProgress',
    originDomains: ['shared.s3-website.eu-west-1.amazonaws.com'],
  }),
]);

describe('whichCdn', () => {
  it('lists every distribution serving a bucket with id, aliases and status', async () => {
    const message = await whichCdn('shared', { cdn, config });

    expect(message.text).toContain('*images* `E2QWRUHAPOMQZL`: `images.example.com`');
    expect(message.text).toContain('`E4OTHER000001` (not in infrabot.yaml, cannot be invalidated here): no aliases');
    expect(message.text).toContain('InProgress (matched by bucket)');
  });

  it('says when nothing serves the target', async () => {
    const message = await whichCdn('nothing.example.com', { cdn, config });

    expect(message.text).toContain('No CloudFront distribution serves `nothing.example.com`');
  });
});
