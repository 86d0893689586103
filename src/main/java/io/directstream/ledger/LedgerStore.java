package io.directstream.ledger;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.S3Object;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.amazonaws.util.IOUtils;
import io.directstream.storage.ConditionalWrites;
import io.directstream.storage.ObjectStore;
import io.directstream.storage.S3Location;
import io.directstream.storage.S3ObjectStore;
import io.directstream.storage.UnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The offset ledger in S3, under {@code {output}/_ledger/}:
 * <pre>
 *   entries/{sequence, 20 digits}.json          one immutable object per entry, created only if absent
 *   segments/{first}-{last}.jsonl.gz            the entries first..last as gzip JSON lines (compaction)
 *   snapshot.json                               the folded state as of some sequence
 *   lease.json                                  the running instance's lease ({@link OutputLease})
 * </pre>
 * Every {@code ledger.snapshot.interval} entries the job writes a segment of the entries since the previous one, then
 * the snapshot. A restart reads the snapshot and lists only the entries after it; the audit reads the segments and then
 * the entries after the last one. Neither reads the whole history object by object. Entries stay after compaction (a
 * bucket lifecycle rule may expire {@code _ledger/entries/} once segments cover them). S3's strong read-after-write
 * consistency makes a written entry visible to the next start and to the audit.
 */
public final class LedgerStore {
    public static final String LEDGER_DIR = "_ledger";

    private final AmazonS3 s3;
    private final S3Location ledger;
    private final ObjectStore objects;

    public LedgerStore(AmazonS3 s3, S3Location output) {
        this.s3 = s3;
        this.ledger = output.resolve(LEDGER_DIR);
        this.objects = new S3ObjectStore(s3, output.bucket());
    }

    /** Where the ledger lives. */
    public S3Location location() {
        return ledger;
    }

    /** Entries are listed this many sequences at a time: the keys of a block share all but their last 3 digits. */
    static final long BLOCK = 1000;

    public String entryKey(long sequence) {
        return ledger.key("entries/" + String.format("%020d", sequence) + ".json");
    }

    private String blockPrefix(long block) {
        return ledger.key("entries/" + String.format("%017d", block));
    }

    public String snapshotKey() {
        return ledger.key("snapshot.json");
    }

    public String segmentKey(long first, long last) {
        return ledger.key("segments/" + String.format("%020d-%020d", first, last) + ".jsonl.gz");
    }

    /** The folded ledger: snapshot plus the entries after it. An absent ledger is empty. */
    public LedgerState load() {
        return load(new ArrayList<>());
    }

    /** As {@link #load()}, also collecting the entries read after the snapshot (the next segment begins with them). */
    public LedgerState load(List<LedgerEntry> afterSnapshot) {
        LedgerState state = readSnapshot().orElseGet(LedgerState::new);
        Iterator<LedgerEntry> it = entries(state.lastSequence());
        while (it.hasNext()) {
            LedgerEntry e = it.next();
            state.apply(e);
            afterSnapshot.add(e);
        }
        return state;
    }

    /** Writes the entries (consecutive sequences) as one gzip JSON-lines segment. */
    public void writeSegment(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            for (LedgerEntry e : entries) {
                gz.write(LedgerCodec.encode(e));
                gz.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(segmentKey(entries.get(0).sequence(), entries.get(entries.size() - 1).sequence()), bytes.toByteArray());
    }

    /**
     * The whole history in sequence order, holding one segment at a time: the segments, then the entries after the
     * last one. Overlapping segments (a crash between a segment and its snapshot) are read once.
     */
    public Iterator<LedgerEntry> history() {
        List<String> segments = listKeys(ledger.key("segments/"), null);
        return new Iterator<>() {
            private final Iterator<String> segmentKeys = segments.iterator();
            private Iterator<LedgerEntry> current = java.util.Collections.emptyIterator();
            private boolean inEntries;
            private long last;
            private LedgerEntry next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (current.hasNext()) {
                        LedgerEntry e = current.next();
                        if (e.sequence() > last) {
                            next = e;
                        }
                    } else if (segmentKeys.hasNext()) {
                        current = readSegment(segmentKeys.next()).iterator();
                    } else if (!inEntries) {
                        inEntries = true;
                        current = entries(last);
                    } else {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public LedgerEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LedgerEntry e = next;
                next = null;
                if (e.sequence() != last + 1) {
                    throw new LedgerDamagedException("the ledger at " + describe() + " has no entry " + (last + 1)
                            + " (neither in a segment nor under entries/): the next is " + e.sequence());
                }
                last = e.sequence();
                return e;
            }
        };
    }

    private String describe() {
        return "s3://" + ledger.bucket() + "/" + ledger.key("");
    }

    private List<LedgerEntry> readSegment(String key) {
        byte[] bytes = get(key);
        if (bytes == null) {
            throw new LedgerDamagedException("ledger segment s3://" + ledger.bucket() + "/" + key
                    + " was listed but cannot be read");
        }
        List<LedgerEntry> out = new ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    out.add(LedgerCodec.decodeEntry(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new LedgerDamagedException("damaged ledger segment s3://" + ledger.bucket() + "/" + key + ": "
                    + e.getMessage(), e);
        }
        return out;
    }

    private List<String> listKeys(String prefix, String startAfter) {
        List<String> keys = new ArrayList<>();
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(ledger.bucket()).withPrefix(prefix)
                .withStartAfter(startAfter);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                keys.add(o.getKey());
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return keys;
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
        byte[] existing = objects.get(key).map(ObjectStore.Versioned::bytes).orElse(null);
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

    /**
     * The lease and the create-only entries rest on conditional writes: refuses (before anything relies on them) a
     * store that ignores them, naming what it did ({@link ConditionalWrites}).
     */
    public void requireConditionalWrites(ObjectStore store) {
        String key = ledger.key("conditional-writes-check");
        ConditionalWrites.problem(store, key).ifPresent(p -> {
            throw new UnavailableException("S3 does not honour conditional writes: " + p
                    + " (probe s3://" + store.bucket() + "/" + key + "). The one-writer guarantee (the lease, "
                    + "create-only ledger entries) depends on If-None-Match and If-Match; use a store that honours "
                    + "them (AWS S3, MinIO, s3proxy).");
        });
    }

    /** Where the lease on the output location lives ({@link OutputLease}). */
    public String leaseKey() {
        return ledger.key("lease.json");
    }

    public Optional<LedgerState> readSnapshot() {
        byte[] bytes = get(snapshotKey());
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LedgerCodec.decodeSnapshot(bytes));
        } catch (IllegalArgumentException e) {
            throw new LedgerDamagedException("damaged ledger snapshot s3://" + ledger.bucket() + "/" + snapshotKey()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The entries with a sequence above {@code afterSequence}, in order, read page by page. Each must carry the
     * sequence its key names, and the sequences must follow each other from {@code afterSequence + 1}: a hole or a
     * mismatch is damage ({@link LedgerDamagedException}), never skipped.
     *
     * <p>Keys are listed a block of {@value #BLOCK} sequences at a time (the key prefix the block's sequences share),
     * so that reading the tail of a long ledger costs the same as reading a short one on every store, not only on
     * those whose {@code start-after} skips ahead (S3 does; s3proxy's file-system store reads every key of the
     * directory: 6 s for 100,000 entries). After a block that ends before its last sequence, the next block is looked
     * at once: an entry there means a hole.
     */
    public Iterator<LedgerEntry> entries(long afterSequence) {
        return new Iterator<>() {
            private final Deque<String> keys = new ArrayDeque<>();
            private long block = (afterSequence + 1) / BLOCK;
            private String startAfter = afterSequence > 0 ? entryKey(afterSequence) : null;
            private String token;
            private String lastListed;
            private boolean probing;
            private boolean done;
            private long expected = afterSequence + 1;

            @Override
            public boolean hasNext() {
                while (keys.isEmpty() && !done) {
                    ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(ledger.bucket())
                            .withPrefix(blockPrefix(block)).withMaxKeys(probing ? 1 : 1000);
                    if (token == null) {
                        req.setStartAfter(startAfter);
                    } else {
                        req.setContinuationToken(token);
                    }
                    ListObjectsV2Result page = s3.listObjectsV2(req);
                    for (S3ObjectSummary o : page.getObjectSummaries()) {
                        if (o.getKey().endsWith(".json")) {
                            keys.add(o.getKey());
                        }
                        lastListed = o.getKey();
                    }
                    token = page.getNextContinuationToken();
                    if (probing) {
                        done = true;
                    } else if (!page.isTruncated()) {
                        // the block is listed; if it ends early, one look at the next one finds a hole behind it
                        probing = !entryKey((block + 1) * BLOCK - 1).equals(lastListed);
                        block++;
                        startAfter = null;
                        token = null;
                    }
                }
                return !keys.isEmpty();
            }

            @Override
            public LedgerEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String key = keys.poll();
                String where = "s3://" + ledger.bucket() + "/" + key;
                byte[] bytes = get(key);
                if (bytes == null) {
                    throw new LedgerDamagedException("ledger entry " + where + " was listed but cannot be read");
                }
                LedgerEntry e;
                try {
                    e = LedgerCodec.decodeEntry(bytes);
                } catch (IllegalArgumentException x) {
                    throw new LedgerDamagedException("damaged ledger entry " + where + ": " + x.getMessage(), x);
                }
                if (!key.equals(entryKey(e.sequence()))) {
                    throw new LedgerDamagedException("damaged ledger entry " + where + ": it holds sequence "
                            + e.sequence());
                }
                if (e.sequence() != expected) {
                    throw new LedgerDamagedException("the ledger at " + describe() + " has no entry " + expected
                            + ": the next is " + where);
                }
                expected++;
                return e;
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
