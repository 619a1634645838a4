// What can stop `npm start` before it serves, said in one line with the path and what to do,
// instead of a stack (issue #19 item 12): a data directory it cannot write, a database file it
// cannot open, a port already taken.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';

const codeOf = (error: unknown) =>
  String((error as { code?: unknown } | null)?.code ?? (error as Error | null)?.message ?? error);

/** Makes `dir` and checks this user can write it (and `file`, if it exists); a one-line reason if not. */
export function dataDirProblem(dir: string, file: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
    return null;
  } catch (error) {
    return dataDirText(dir, error);
  }
}

/** The one line for a data directory or database file that cannot be written (SQLITE_CANTOPEN, EACCES, EROFS…). */
export function dataDirText(dir: string, error: unknown): string {
  return `Sightline cannot write its data directory ${dir} (${codeOf(error)}): set DATA_DIR to a directory this user can write, or fix its permissions.`;
}

/** True for what SQLite or the file system says when the database file cannot be opened for writing. */
export function isUnwritable(error: unknown): boolean {
  return /^(SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|EACCES|EROFS|EPERM|ENOTDIR)/.test(codeOf(error));
}

/** The one line for a listen error: a busy port names another process and the PORT to change. */
export function listenText(error: unknown, host: string, port: number): string {
  const code = codeOf(error);
  if (code === 'EADDRINUSE')
    return `Port ${port} on ${host} is already in use (another Sightline, or another program): stop it, or start with PORT=<another port>.`;
  if (code === 'EACCES')
    return `Sightline may not listen on port ${port} on ${host} (EACCES): use a port above 1023, e.g. PORT=8787.`;
  if (code === 'EADDRNOTAVAIL')
    return `Sightline cannot listen on ${host} (EADDRNOTAVAIL): set HOST to an address of this machine, e.g. HOST=127.0.0.1.`;
  return `Sightline cannot listen on ${host}:${port} (${code}).`;
}
