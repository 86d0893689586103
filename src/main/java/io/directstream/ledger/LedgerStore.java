package io.directstream.ledger;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.amazonaws.util.IOUtils;
import io.directstream.config.S3Location;
import io.directstream.sink.S3Objects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The offset ledger in S3, under {@code {output}/_ledger/}:
 * <pre>
 *   entries/{sequence, 20 digits}.json   one immutable object per batch, written after its outputs are durable
 *   snapshot.json                        the folded state as of some sequence, rewritten every few batches
 * </pre>
 * Loading reads the snapshot and lists only the entries after it, so a restart costs the same however long the history.
 * S3's strong read-after-write consistency makes a written entry visible to the next start and to the audit.
 */
public final class LedgerStore {
    public static final String LEDGER_DIR = "_ledger";

    private final AmazonS3 s3;
    private final S3Location ledger;
    private final S3Objects objects;

    public LedgerStore(AmazonS3 s3, S3Location output) {
        this.s3 = s3;
        this.ledger = output.resolve(LEDGER_DIR);
        this.objects = new S3Objects(s3, output.bucket());
    }

    /** Where the ledger lives. */
    public S3Location location() {
        return ledger;
    }

    public String entryKey(long sequence) {
        return ledger.key("entries/" + String.format("%020d", sequence) + ".json");
    }

    public String snapshotKey() {
        return ledger.key("snapshot.json");
    }

    /** The folded ledger: snapshot plus the entries after it. An absent ledger is empty. */
    public LedgerState load() {
        LedgerState state = readSnapshot().orElseGet(LedgerState::new);
        Iterator<LedgerEntry> it = entries(state.lastSequence());
        while (it.hasNext()) {
            state.apply(it.next());
        }
        return state;
    }

    /**
     * Writes an entry, only if no entry with its sequence exists (a conditional PUT): two writers can never both
     * record sequence N. Throws {@link LedgerConflictException} when another writer got there first.
     */
    public void append(LedgerEntry e) {
        byte[] bytes = LedgerCodec.encode(e);
        String key = entryKey(e.sequence());
        if (objects.putIfAbsent(key, bytes).isPresent()) {
            return;
        }
        // A retried PUT whose first attempt did succeed also gets 412: that is our own entry, not a conflict.
        byte[] existing = objects.get(key).map(S3Objects.Versioned::bytes).orElse(null);
        if (existing != null && java.util.Arrays.equals(existing, bytes)) {
            return;
        }
        LedgerEntry other = existing == null ? null : LedgerCodec.decodeEntry(existing);
        throw new LedgerConflictException("ledger entry " + e.sequence() + " at s3://" + ledger.bucket() + "/" + key
                + " was already written" + (other == null ? "" : " by run " + other.runId())
                + ": another instance of the job writes to this output location");
    }

    /** Replaces the snapshot. A crash before it only means the next start reads a few more entries. */
    public void writeSnapshot(LedgerState state, long nowMs) {
        put(snapshotKey(), LedgerCodec.encodeSnapshot(state, nowMs));
    }

    /** Where the lease on the output location lives ({@link OutputLease}). */
    public String leaseKey() {
        return ledger.key("lease.json");
    }

    public Optional<LedgerState> readSnapshot() {
        byte[] bytes = get(snapshotKey());
        return bytes == null ? Optional.empty() : Optional.of(LedgerCodec.decodeSnapshot(bytes));
    }

    /** The entries with a sequence above {@code afterSequence}, in order, read page by page. */
    public Iterator<LedgerEntry> entries(long afterSequence) {
        String prefix = ledger.key("entries/");
        return new Iterator<>() {
            private final Deque<String> keys = new ArrayDeque<>();
            private String token;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (keys.isEmpty() && !done) {
                    ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(ledger.bucket())
                            .withPrefix(prefix).withMaxKeys(1000);
                    if (token == null) {
                        req.setStartAfter(afterSequence > 0 ? entryKey(afterSequence) : null);
                    } else {
                        req.setContinuationToken(token);
                    }
                    ListObjectsV2Result page = s3.listObjectsV2(req);
                    for (S3ObjectSummary o : page.getObjectSummaries()) {
                        if (o.getKey().endsWith(".json")) {
                            keys.add(o.getKey());
                        }
                    }
                    token = page.getNextContinuationToken();
                    done = !page.isTruncated();
                }
                return !keys.isEmpty();
            }

            @Override
            public LedgerEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String key = keys.poll();
                byte[] bytes = get(key);
                if (bytes == null) {
                    throw new IllegalStateException("ledger entry " + key + " was listed but cannot be read");
                }
                try {
                    return LedgerCodec.decodeEntry(bytes);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("s3://" + ledger.bucket() + "/" + key + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private void put(String key, byte[] bytes) {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(bytes.length);
        md.setContentType("application/json");
        s3.putObject(ledger.bucket(), key, new ByteArrayInputStream(bytes), md);
    }

    /** The object's bytes, or null when it does not exist. */
    private byte[] get(String key) {
        try (S3Object o = s3.getObject(ledger.bucket(), key)) {
            return IOUtils.toByteArray(o.getObjectContent());
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + ledger.bucket() + "/" + key, e);
        }
    }
}
