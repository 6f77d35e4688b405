import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The unique part of a Maildir file name: everything before the ':' that starts the info (flags). */
export function maildirUnique(name: string): string {
  return name.split(':')[0] ?? name;
}

/** Mail files in new/ or cur/, in name order (Maildir names start with the delivery time). */
export function maildirList(dir: string, folder: 'new' | 'cur'): string[] {
  try {
    return readdirSync(join(dir, folder))
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Hard links are not everywhere (some network and FUSE file systems): then a checked rename. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/**
 * Move a handled mail from new/ to cur/ without flags ("the client has seen it arrive", not
 * read). Never over an existing file: a reused name would silently replace the mail already in
 * cur/, so link(2) — which refuses an existing target, unlike rename(2) — and on a clash a fresh
 * unique name. Returns the name in cur/.
 */
export function maildirMoveToCur(dir: string, newName: string): string {
  const from = join(dir, 'new', newName);
  const unique = maildirUnique(newName);
  for (let attempt = 0; ; attempt++) {
    const name = attempt === 0 ? `${unique}:2,` : `${unique}.R${randomBytes(6).toString('hex')}:2,`;
    const to = join(dir, 'cur', name);
    try {
      linkSync(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') {
        // A crash between link and unlink leaves the same file under both names: finish the move.
        if (sameFile(from, to)) {
          unlinkSync(from);
          return name;
        }
        continue;
      }
      if (!NO_LINKS.has(code)) throw err;
      if (existsSync(to)) continue;
      renameSync(from, to);
      return name;
    }
    unlinkSync(from);
    return name;
  }
}

function sameFile(a: string, b: string): boolean {
  const sa = statSync(a);
  const sb = statSync(b);
  return sa.ino === sb.ino && sa.dev === sb.dev;
}
