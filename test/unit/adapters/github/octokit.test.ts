import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubClientError } from '../../../../adapters/github/octokit';
import { GitHubSettingsError, readGitHubSettings } from '../../../../adapters/github/settings';
import { FakeGitHubApi } from '../../../fakes/fake-github-api';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

describe('createGitHubClient', () => {
  let api: FakeGitHubApi;
  let apiUrl: string;

  beforeEach(async () => {
    api = new FakeGitHubApi();
    apiUrl = await api.start();
  });

  afterEach(() => api.stop());

  it('authenticates as the App installation looked up for the repository', async () => {
    const settings = readGitHubSettings({
      GITHUB_APP_ID: '123',
      GITHUB_APP_PRIVATE_KEY: privateKey,
      GITHUB_API_URL: apiUrl,
    });
    if (!settings) throw new Error('expected settings');

    const octokit = await createGitHubClient(settings, 'example-org/infra', { unpaced: true, retryAfterBaseMs: 1 });
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: 'example-org',
      repo: 'infra',
      issue_number: 1,
      body: 'hi',
    });

    const [lookup] = api.made('GET', /^\/repos\/example-org\/infra\/installation$/);
    expect(lookup?.authorization).toMatch(/^bearer ey/i);
    expect(api.made('POST', /^\/app\/installations\/4242\/access_tokens$/)).toHaveLength(1);
    expect(api.made('POST', /\/issues\/1\/comments$/)[0]?.authorization).toBe('token ghs_installation_token');
  });

  it('says the App must be installed when the repository has no installation', async () => {
    const settings = readGitHubSettings({
      GITHUB_APP_ID: '123',
      GITHUB_APP_PRIVATE_KEY: privateKey,
      GITHUB_API_URL: apiUrl,
    });
    if (!settings) throw new Error('expected settings');
    api.failures.push({ method: 'GET', path: /installation$/, status: 404, body: { message: 'Not Found' } });

    const attempt = createGitHubClient(settings, 'example-org/infra', { unpaced: true, retryAfterBaseMs: 1 });

    await expect(attempt).rejects.toBeInstanceOf(GitHubClientError);
    await expect(attempt).rejects.toThrow(/install the App on the repository \(GitHub answered 404\)/);
  });
});

describe('readGitHubSettings', () => {
  it('uses a token with the public API and the Actions issuer by default', () => {
    expect(readGitHubSettings({ GITHUB_TOKEN: 'ghp_x' })).toEqual({
      auth: { kind: 'token', token: 'ghp_x' },
      apiUrl: 'https://api.github.com',
      oidc: { issuer: 'https://token.actions.githubusercontent.com' },
    });
  });

  it('returns nothing when GitHub is not configured', () => {
    expect(readGitHubSettings({})).toBeUndefined();
  });

  it('names a half-configured App and malformed variables', () => {
    expect(() => readGitHubSettings({ GITHUB_APP_ID: '12' })).toThrow(/GITHUB_APP_PRIVATE_KEY is missing/);
    expect(() => readGitHubSettings({ GITHUB_TOKEN: 'x', GITHUB_API_URL: 'not a url' })).toThrow(GitHubSettingsError);
    expect(() => readGitHubSettings({ GITHUB_TOKEN: 'x', GITHUB_API_URL: 'not a url' })).toThrow(/GITHUB_API_URL/);
  });
});
