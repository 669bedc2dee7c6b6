/**
 * Cross-check of stratifiedGroupKFold against scikit-learn (cases from group_kfold_cases.py):
 *   /usr/bin/python3 scripts/eval/group_kfold_cases.py /tmp/sgkf.json && npx tsx scripts/eval/check-group-kfold.ts /tmp/sgkf.json
 * Exits 1 on any sample whose test fold differs.
 */
import { readFileSync } from 'node:fs';
import { stratifiedGroupKFold } from '../../src/core/eval/folds';

interface Case { labels: number[]; groups: string[]; testFoldOfSample: number[] }
const file = process.argv[2];
if (!file) throw new Error('usage: check-group-kfold.ts CASES.json');
const { sklearn, cases } = JSON.parse(readFileSync(file, 'utf8')) as { sklearn: string; cases: Case[] };
const bad = cases.filter((c) => stratifiedGroupKFold(c.labels, c.groups, 5).some((f, i) => f !== c.testFoldOfSample[i]));
console.log(`${cases.length - bad.length}/${cases.length} cases equal to scikit-learn ${sklearn} StratifiedGroupKFold(5)`);
process.exit(bad.length ? 1 : 0);
