#!/usr/bin/env bash
# Checkpoint recovery, then an upgrade that resumes from the ledger, on local services. Prints each step.
#   checkpoint-example/run.sh        (about two minutes; everything it starts is stopped at the end)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="$(cd "$HERE/.." && pwd)"
WORK="$HERE/work"
BIN="$HOME_DIR/bin"

step() { printf '\n=== %s\n' "$*"; }
job_pid=""
cleanup() {
  [ -n "$job_pid" ] && kill -9 "$job_pid" 2>/dev/null || true
  "$BIN/local-services" stop --dir "$WORK/services" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$WORK" && mkdir -p "$WORK"
step "1. Start a Kafka broker and an S3 server (bin/local-services)"
"$BIN/local-services" start --dir "$WORK/services" | grep -E "bootstrap|endpoint"
kafka="$(sed -n 's/^kafka.bootstrap.servers=//p' "$WORK/services/services.properties")"
s3="$(sed -n 's/^s3.endpoint=//p' "$WORK/services/services.properties" | sed 's/\\:/:/g')"
sed -e "s#@KAFKA@#$kafka#" -e "s#@S3@#$s3#" -e "s#@HERE@#$HERE#" "$HERE/job.properties.template" > "$WORK/job.properties"

step "2. Produce 12,000 records to the topic orders (4 partitions)"
"$BIN/local-services" produce orders 12000 --dir "$WORK/services"

step "3. Run the job with checkpointing on (stream.checkpoint.location=$WORK/checkpoint), in the background"
"$BIN/run-job" --config "$WORK/job.properties" > "$WORK/run-1.log" 2>&1 &
job_pid=$!
until grep -q "batch .* #3 " "$WORK/run-1.log" 2>/dev/null; do
  kill -0 "$job_pid" 2>/dev/null || { echo "the job died:"; tail -20 "$WORK/run-1.log"; exit 1; }
  sleep 1
done
grep -E "batch .* #[0-9]+ " "$WORK/run-1.log" | cut -c1-150
ls "$WORK/checkpoint" | sed 's/^/    checkpoint file: /'

step "4. Kill the job with SIGKILL, as a crash would"
kill -9 "$job_pid"; wait "$job_pid" 2>/dev/null || true; job_pid=""
echo "killed"

step "5. Restart the same job: it recovers from its checkpoint (and stops once the topic is drained)"
"$BIN/run-job" --config "$WORK/job.properties" job.stop.after.idle.batches=2 > "$WORK/run-2.log" 2>&1
grep -E "Recovered from the checkpoint|re-runs offsets the ledger already holds|batch .* #[0-9]+ |stopped \(" "$WORK/run-2.log" | cut -c1-170

step "6. Produce 3,000 more records, then 'upgrade' the job (new code: here -Ddirectstream.code.id=v2)"
"$BIN/local-services" produce orders 3000 --dir "$WORK/services"
DS_JAVA_OPTS="-Ddirectstream.code.id=v2" "$BIN/run-job" --config "$WORK/job.properties" job.stop.after.idle.batches=2 \
    > "$WORK/run-3.log" 2>&1
grep -E "is not used|FROM|ledger  |batch .* #[0-9]+ |stopped \(" "$WORK/run-3.log" | cut -c1-170
ls -d "$WORK"/checkpoint.set-aside-* | sed 's/^/    set aside: /'

step "7. Audit: every offset processed exactly once, across the crash, the recovery and the upgrade"
"$BIN/offset-audit" --config "$WORK/job.properties" --check-objects full 2>/dev/null

step "8. Stop the services"
cleanup
trap - EXIT
echo "done (logs in $WORK)"
