#!/usr/bin/env bash
# Submits the reduce array and the merge job that waits for it (afterok, cancelled if a task fails).
#   scripts/slurm/submit.sh ROOT OUT_DIR TASKS [extra sbatch flags...]
# Environment: CTSIEVE_REDUCE_FLAGS (default "--method hash --threshold 6"), CTSIEVE_CLI (default
# "ctsieve"), CTSIEVE_MANIFEST (default OUT_DIR/dataset-manifest.json).
# Prints "ARRAY_JOB MERGE_JOB" on stdout.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 ROOT OUT_DIR TASKS [sbatch flags...]" >&2; exit 2; }
root=$1 out=$2 tasks=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out/slurm"
export CTSIEVE_ROOT=$root CTSIEVE_OUT_DIR=$out
array=$(sbatch --parsable --export=ALL --array="0-$((tasks - 1))" --output="$out/slurm/reduce-%A_%a.out" "$@" "$here/reduce-array.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" --kill-on-invalid-dep=yes --output="$out/slurm/merge-%j.out" "$@" "$here/merge.sbatch")
echo "$array ${merge%%;*}"
