import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from '../../scripts/check-cycles.js';

describe('the import-cycle check of `npm run lint`', () => {
  it('finds a cycle made only of type imports, and a file importing itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kahera-cycles-'));
    mkdirSync(join(dir, 'hub'));
    const files = {
      'hub/context.ts': "import type { HubAuth } from './auth.js';\nexport interface Principal { id: string }\nexport type C = HubAuth;\n",
      'hub/auth.ts': "import type { Principal } from './context.js';\nexport type HubAuth = Principal;\n",
      'hub/leaf.ts': "import type { Principal } from './context.js';\nexport type L = Principal;\n",
      'self.ts': "export * from './self.js';\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const found = cycles(importGraph(Object.keys(files).map((f) => join(dir, f))));
    expect(found.map((c) => c.map((f) => f.slice(dir.length + 1)))).toEqual(
      expect.arrayContaining([['hub/auth.ts', 'hub/context.ts'], ['self.ts']]),
    );
    expect(found).toHaveLength(2);
  });
});
