import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirProblem, dataDirText, isUnwritable, listenText } from './node-startup';

describe('start-up problems in one line', () => {
  it('makes a missing data directory, and names one that cannot be made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-start-'));
    expect(dataDirProblem(join(dir, 'data'), join(dir, 'data', 'sightline.db'))).toBeNull();
    writeFileSync(join(dir, 'file'), '');
    const under = join(dir, 'file', 'data');
    expect(dataDirProblem(under, join(under, 'sightline.db'))).toBe(
      `Sightline cannot write its data directory ${under} (ENOTDIR): set DATA_DIR to a directory this user can write, or fix its permissions.`,
    );
  });

  it('tells what SQLite refuses to open from other failures', () => {
    const cantOpen = Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
    expect(isUnwritable(cantOpen)).toBe(true);
    expect(isUnwritable(Object.assign(new Error('x'), { code: 'SQLITE_READONLY_DIRECTORY' }))).toBe(true);
    expect(isUnwritable(new Error('no such table: x'))).toBe(false);
    expect(dataDirText('/srv/data', cantOpen)).toContain('/srv/data (SQLITE_CANTOPEN)');
  });

  it('names the port and what to do when it is taken', () => {
    expect(listenText({ code: 'EADDRINUSE' }, '127.0.0.1', 8787)).toBe(
      'Port 8787 on 127.0.0.1 is already in use (another Sightline, or another program): stop it, or start with PORT=<another port>.',
    );
    expect(listenText({ code: 'EACCES' }, '0.0.0.0', 80)).toContain('port 80');
  });
});
