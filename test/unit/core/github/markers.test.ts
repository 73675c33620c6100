import { describe, expect, it } from 'vitest';
import {
  fitComment,
  markOutdated,
  maxCommentLength,
  readMarkers,
  withCommitMarker,
} from '../../../../core/github/markers';

const sha = 'e'.repeat(40);

describe('comment markers', () => {
  it('puts the commit marker right after the stack marker', () => {
    const body = withCommitMarker('<!-- infrabot:stack=net -->\n## net\nbody', sha);

    expect(body).toBe(`<!-- infrabot:stack=net -->\n<!-- infrabot:sha=${sha} -->\n## net\nbody`);
    expect(readMarkers(body)).toEqual({ stack: 'net', sha, outdated: false, overview: false });
  });

  it('reads a comment marked outdated, and an ordinary comment as having no markers', () => {
    const outdated = markOutdated(withCommitMarker('<!-- infrabot:stack=net -->\nx', sha));

    expect(readMarkers(outdated)).toEqual({ stack: 'net', sha, outdated: true, overview: false });
    expect(readMarkers('LGTM')).toEqual({ outdated: false, overview: false });
    expect(readMarkers('<!-- infrabot:overview -->\n| table |').overview).toBe(true);
  });

  it('keeps a body within GitHub’s limit, saying it was cut', () => {
    const fitted = fitComment('x'.repeat(maxCommentLength + 10));

    expect(fitted).toHaveLength(maxCommentLength);
    expect(fitted.endsWith('see the log for everything)')).toBe(true);
    expect(fitComment('short')).toBe('short');
  });
});
