package io.directstream.audit;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.S3Object;
import io.directstream.ledger.LedgerRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads objects the ledger lists and counts their records (lines, for line-based outputs such as the default JSON
 * lines): data objects must hold the range's output records, dead-letter objects its dead letters.
 */
public final class ObjectChecker {
    private final AmazonS3 s3;
    private final String bucket;

    public ObjectChecker(AmazonS3 s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public List<ObjectCheck> check(long sequence, LedgerRange r) {
        List<ObjectCheck> out = new ArrayList<>();
        r.objectKey().ifPresent(k -> out.add(check(sequence, k, r.outputRecords())));
        r.deadLetterKey().ifPresent(k -> out.add(check(sequence, k, r.deadLetters())));
        return out;
    }

    private ObjectCheck check(long sequence, String key, long expected) {
        boolean lineBased = isLineBased(key);
        try (S3Object o = s3.getObject(bucket, key)) {
            if (!lineBased) {
                return new ObjectCheck(sequence, key, expected, -1, true, false);
            }
            InputStream in = o.getObjectContent();
            if (key.endsWith(".gz")) {
                in = new GZIPInputStream(in, 64 * 1024);
            }
            return new ObjectCheck(sequence, key, expected, countLines(in), true, true);
        } catch (AmazonServiceException e) {
            if (e.getStatusCode() == 404) {
                return new ObjectCheck(sequence, key, expected, -1, false, lineBased);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }

    static boolean isLineBased(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith(".gz")) {
            k = k.substring(0, k.length() - 3);
        }
        return k.endsWith(".jsonl") || k.endsWith(".ndjson") || k.endsWith(".csv") || k.endsWith(".tsv")
                || k.endsWith(".txt");
    }

    static long countLines(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long lines = 0;
        int n;
        int lastByte = '\n';
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
            lastByte = buf[n - 1];
        }
        return lastByte == '\n' ? lines : lines + 1;
    }
}
