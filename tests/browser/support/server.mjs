// Starts the real `jangteo serve` on a free loopback port with a fresh SQLite database in a temporary
// folder, the built web app as its web root and a development mail folder (JANGTEO_MAIL_DIR) whose
// messages the tests read; stop() ends it by its pid with SIGTERM. run() runs another command of the
// same binary on the same database (e.g. `admin create`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function fromRoot(path) {
  return isAbsolute(path) ? path : resolve(repoRoot, path);
}

export const binary = fromRoot(process.env.JANGTEO_BINARY || 'build/release/jangteo');
export const webRoot = fromRoot(process.env.JANGTEO_WEB_ROOT || 'web/dist');

const running = new Map(); // child process -> its temporary folder

// A test process that ends early (a failure, the runner's time-out, Ctrl-C) must not leave a server behind.
function killAll() {
  for (const [child, dir] of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
  running.clear();
}
process.on('exit', killAll);
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + number);
  });
}
process.stdout.on('error', (error) => {
  // A closed pipe on the reporter's side: the runner is gone.
  if (error.code === 'EPIPE') {
    killAll();
    process.exit(1);
  }
});

/**
 * @returns {Promise<{url: string, port: number, pid: number, output: () => string, stop: () => Promise<number|null>}>}
 */
export async function startServer({ timeoutMs = 15_000 } = {}) {
  if (!existsSync(binary)) {
    throw new Error(`no jangteo binary at ${binary}: build it with scripts/build.sh release jangteo (or set JANGTEO_BINARY)`);
  }
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`no ${join(webRoot, 'index.html')}: build the web app with scripts/web.sh build`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'jangteo-browser-'));
  const db = `sqlite://${join(dir, 'x.db')}`;
  const mailDir = join(dir, 'mail');
  mkdirSync(mailDir);
  const args = [
    'serve',
    '--db', db,
    '--listen', '127.0.0.1:0',
    '--web-root', webRoot,
    '--log-format', 'json',
  ];
  const env = { ...process.env, JANGTEO_MAIL_DIR: mailDir };
  const child = spawn(binary, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  running.set(child, dir);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  exited.then(() => running.delete(child));

  // Keep reading stderr for the whole run, or a full pipe would stall the server.
  let log = '';
  let pending = '';
  let onLine = () => {};
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    log = (log + chunk).slice(-20_000);
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      onLine(line);
    }
  });

  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let port;
  try {
    port = await new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`jangteo did not report "listening" within ${timeoutMs} ms:\n${log}`)), timeoutMs);
      onLine = (line) => {
        let event;
        try {
          event = JSON.parse(line);
        } catch {
          return;
        }
        if (event.event === 'listening' && Number.isInteger(event.port)) {
          clearTimeout(timer);
          resolvePort(event.port);
        }
      };
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`jangteo exited (code ${code}, signal ${signal}) before listening:\n${log}`));
      });
    });
  } catch (e) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    cleanup();
    throw e;
  }
  onLine = () => {};

  let stopped = null;
  async function stop({ graceMs = 10_000 } = {}) {
    if (stopped) return stopped;
    stopped = (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        const timer = setTimeout(() => {
          try {
            process.kill(child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, graceMs);
        const { code } = await exited;
        clearTimeout(timer);
        cleanup();
        return code;
      }
      const { code } = await exited;
      cleanup();
      return code;
    })();
    return stopped;
  }

  /** Runs `jangteo ARGS… --db <this server's database>`, writing `stdin`; resolves with its exit code and output. */
  function run(commandArgs, { stdin = '', timeoutMs: runTimeoutMs = 15_000 } = {}) {
    return new Promise((resolveRun, reject) => {
      const tool = spawn(binary, [...commandArgs, '--db', db], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      tool.stdout.setEncoding('utf8');
      tool.stderr.setEncoding('utf8');
      tool.stdout.on('data', (chunk) => (out += chunk));
      tool.stderr.on('data', (chunk) => (out += chunk));
      const timer = setTimeout(() => {
        try {
          process.kill(tool.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        reject(new Error(`jangteo ${commandArgs.join(' ')} did not finish within ${runTimeoutMs} ms:\n${out}`));
      }, runTimeoutMs);
      tool.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      tool.once('exit', (code) => {
        clearTimeout(timer);
        resolveRun({ code, output: out });
      });
      tool.stdin.end(stdin);
    });
  }

  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid, db, mailDir, output: () => log, stop, run };
}
