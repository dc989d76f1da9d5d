import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Child {
  proc: ChildProcess;
  /** The text after `READY ` on the child's first such line. */
  ready: Promise<string>;
  exited: Promise<number | null>;
  lines: string[];
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a support script (TypeScript, through tsx) as a separate process that can be SIGKILLed. */
export function spawnScript(script: string, env: Record<string, string>): Child {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const proc = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (line.startsWith('READY ')) resolve(line.slice(6));
    });
    const errs: string[] = [];
    createInterface({ input: proc.stderr! }).on('line', (line) => {
      errs.push(line);
      lines.push(`stderr: ${line}`);
    });
    void exited.then((code) => reject(new Error(`${script} exited (${code}) before READY: ${errs.slice(-10).join('\n')}`)));
  });
  ready.catch(() => undefined);
  return {
    proc,
    ready,
    exited,
    lines,
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
