import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '@pipeline-attribution/sandbox';
import { InputError } from '@pipeline-attribution/core';
import { connectSalesforceApi, jwtBearerAssertion, salesforceSettingsFromEnvironment } from '../salesforceConnection';

describe('salesforceSettingsFromEnvironment', () => {
  it('names the missing variable', () => {
    expect(() => salesforceSettingsFromEnvironment({ SF_INSTANCE_URL: 'https://x.my.salesforce.com' })).toThrow(
      new InputError('set SF_ACCESS_TOKEN with SF_INSTANCE_URL', { field: 'SF_ACCESS_TOKEN' }),
    );
    expect(() => salesforceSettingsFromEnvironment({ SF_LOGIN_URL: 'https://login.salesforce.com', SF_CLIENT_ID: 'id' })).toThrow(
      /field "SF_USERNAME"/,
    );
    expect(() => salesforceSettingsFromEnvironment({ SF_INSTANCE_URL: 'https://x', SF_ACCESS_TOKEN: 't', SF_API_VERSION: '62' })).toThrow(
      /field "SF_API_VERSION"/,
    );
  });
});

describe('jwtBearerAssertion', () => {
  it('signs {iss, sub, aud, exp} with RS256 so the public key verifies it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.UTC(2026, 0, 1);
    const assertion = jwtBearerAssertion(
      {
        clientId: 'client',
        username: 'user@example.com',
        loginUrl: 'https://login.salesforce.com',
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      now,
    );
    const [header, claims, signature] = assertion.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: 'client',
      sub: 'user@example.com',
      aud: 'https://login.salesforce.com',
      exp: now / 1000 + 180,
    });
    expect(
      createVerify('RSA-SHA256')
        .update(`${header}.${claims}`)
        .verify(createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), Buffer.from(signature, 'base64url')),
    ).toBe(true);
  });
});

describe('JWT bearer login against the sandbox through jsforce', () => {
  let sandbox: SandboxHandle;
  let directory: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    directory = mkdtempSync(join(tmpdir(), 'sf-jwt-'));
  });
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('authorises with SF_LOGIN_URL, SF_CLIENT_ID, SF_USERNAME and SF_JWT_KEY_FILE and can query', async () => {
    const keyFile = join(directory, 'server.key');
    writeFileSync(keyFile, sandbox.salesforce.privateKeyPem ?? '');
    const settings = salesforceSettingsFromEnvironment({
      SF_LOGIN_URL: sandbox.salesforce.loginUrl,
      SF_CLIENT_ID: sandbox.salesforce.clientId,
      SF_USERNAME: sandbox.salesforce.username,
      SF_JWT_KEY_FILE: keyFile,
      SF_API_VERSION: '62.0',
    });
    const connection = await connectSalesforceApi(settings);
    expect(connection.instanceUrl).toBe(sandbox.salesforce.instanceUrl);
    const result = await connection.query('SELECT COUNT() FROM Opportunity');
    expect(result.totalSize).toBeGreaterThanOrEqual(0);
  });
});
