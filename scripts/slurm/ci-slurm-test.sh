#!/usr/bin/env bash
# CI: a real two-node Slurm cluster runs `dataset reduce` as a 4-task job array and the merge job
# (afterok), on a small tree of mixed volumes built from the bundled samples and fixtures; then a
# failing array must get its merge job cancelled (--kill-on-invalid-dep=yes). Slurm can report a
# failed task as COMPLETED, so the test reads the output files, and bounds every wait.
# Prints "SLURM TEST PASSED" or "SLURM TEST FAILED: …" (exit 1). Needs root (CI runs as root).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/scripts/slurm"
work=$(mktemp -d /tmp/ctsieve-slurm.XXXXXX)
fail() { echo "SLURM TEST FAILED: $*"; exit 1; }
cleanup() { "$here/local-cluster.sh" stop || true; rm -rf "$work"; }
trap cleanup EXIT

"$here/local-cluster.sh" install
"$here/local-cluster.sh" start || fail "the cluster did not start"

# A mixed tree: NIfTI (.nii.gz and .nii), a DICOM series at depth 3 and one at depth 2, PNG groups.
tree="$work/tree"
mkdir -p "$tree/nifti" "$tree/patients/p1/ct" "$tree/dicom" "$tree/png"
cp "$repo/public/samples/stent-cta.nii.gz" "$repo/public/samples/head-ct.nii.gz" "$tree/nifti/"
cp "$repo/tests/fixtures/nifti/n1_int16.nii" "$tree/nifti/"
cp -r "$repo/public/samples/head-ct-dicom/." "$tree/patients/p1/ct/"
cp -r "$repo/tests/fixtures/dicom/series_shuffled" "$tree/dicom/"
cp -r "$repo/tests/fixtures/png_groups/." "$tree/png/"

export CTSIEVE_CLI="$repo/node_modules/.bin/tsx $repo/src/cli/main.ts"
export CTSIEVE_REDUCE_FLAGS="--method hash --threshold 6 --backend cpu"

# Waits (at most $2 s) until none of the jobs in $1 is queued or running.
wait_jobs() {
  local ids=$1 limit=$2 start=$SECONDS
  while [ -n "$(squeue -h -j "$ids" 2>/dev/null)" ]; do
    [ $((SECONDS - start)) -lt "$limit" ] || { squeue -j "$ids" || true; fail "jobs $ids still queued/running after ${limit} s"; }
    sleep 0.5
  done
}

echo "== Slurm: 4-task array + merge on $(find "$tree" -type f | wc -l) files"
out="$work/out"
read -r array merge < <(cd "$repo" && "$here/submit.sh" "$tree" "$out" 4)
echo "array job $array, merge job $merge"
wait_jobs "$array,$merge" 150
manifest="$out/dataset-manifest.json"
[ -s "$manifest" ] || { cat "$out"/slurm/*.out 2>/dev/null | tail -40; fail "no merged manifest at $manifest"; }
grep -h 'dataset reduce shard' "$out"/slurm/reduce-*.out || true
grep -h 'dataset merge:' "$out"/slurm/merge-*.out || fail "the merge job's log has no summary line"

echo "== reference: the same tree in one process"
ref="$work/ref"
(cd "$repo" && $CTSIEVE_CLI dataset reduce "$tree" $CTSIEVE_REDUCE_FLAGS --shard 0/1 --out-dir "$ref" 2>/dev/null && \
  $CTSIEVE_CLI dataset merge "$ref" --out "$ref/dataset-manifest.json" 2>/dev/null) || fail "the single-process run failed"

node - "$manifest" "$ref/dataset-manifest.json" "$out/logs" <<'JS' || fail "the Slurm manifest differs from the single-process one (see above)"
const fs = require('node:fs');
const [slurmPath, refPath, logs] = process.argv.slice(2);
const read = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const key = (m) => JSON.stringify(m.volumes.map(({ id, n, kept, voxelSha256 }) => ({ id, n, kept, voxelSha256 })));
const slurm = read(slurmPath), ref = read(refPath);
const shards = fs.readdirSync(logs).map((f) => read(`${logs}/${f}`));
const nodes = [...new Set(shards.map((s) => s.node))].sort();
console.log(`shards ${shards.map((s) => `${s.shard}@${s.node}: ${s.volumes} vol`).join(', ')}`);
console.log(`merged ${slurm.volumes.length} volumes, ${slurm.volumes.reduce((s, v) => s + v.n, 0)} slices; nodes used: ${nodes.join(', ')}`);
const problems = [];
if (shards.length !== 4) problems.push(`${shards.length} shard logs, expected 4`);
if (shards.some((s) => s.failed.length)) problems.push('a shard reported failed volumes');
if (slurm.volumes.length !== 7) problems.push(`${slurm.volumes.length} volumes merged, expected 7 (3 NIfTI, 2 DICOM series, 2 PNG groups)`);
if (key(slurm) !== key(ref)) problems.push('kept sets or hashes differ from the single-process run');
if (nodes.length < 2) problems.push(`array tasks ran on ${nodes.join(', ')} only, expected node0 and node1`);
if (problems.length) { console.log(problems.join('; ')); process.exit(1); }
JS

echo "== Slurm: a failing array cancels its merge job"
bad="$work/bad"
read -r array2 merge2 < <(cd "$repo" && "$here/submit.sh" "$work/no-such-root" "$bad" 2)
wait_jobs "$array2,$merge2" 60
grep -qh 'no such file or folder' "$bad"/slurm/reduce-*.out || fail "the failing array task did not report the missing root"
if ls "$bad"/slurm/merge-*.out >/dev/null 2>&1 || [ -e "$bad/dataset-manifest.json" ]; then fail "the merge job ran although the array failed"; fi

echo "SLURM TEST PASSED"
