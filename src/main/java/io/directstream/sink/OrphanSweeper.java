package io.directstream.sink;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.directstream.storage.S3Location;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * Restart reconciliation. A batch that crashed after writing some objects but before its ledger entry leaves objects
 * beyond the ledger's end. The re-run starts at the same offset and would overwrite them, but it may write less (a
 * processor that now filters, dead letters that no longer occur), so they are removed before the first batch: a
 * reader of the prefix never sees an object the ledger will not list, apart from those of a batch in flight. The
 * same holds for the per-message triggers' objects under {@code _triggers/}.
 */
public final class OrphanSweeper {
    private static final Pattern NAME = Pattern.compile(".*/(.+)\\+(\\d+)\\+(\\d{20})\\.[^/]+$");

    private final AmazonS3 s3;
    private final S3Location root;

    public OrphanSweeper(AmazonS3 s3, S3Location root) {
        this.s3 = s3;
        this.root = root;
    }

    /**
     * Deletes this partition's output and dead-letter objects whose first offset is {@code fromOffset} or above, and
     * its trigger results and trigger dead letters from that offset on.
     */
    public List<String> sweep(TopicPartition tp, long fromOffset) {
        List<String> deleted = new ArrayList<>();
        for (String dir : new String[] {"", ObjectKeys.DEAD_LETTER_DIR + "/", ObjectKeys.TRIGGER_DIR + "/",
                ObjectKeys.TRIGGER_DIR + "/" + ObjectKeys.DEAD_LETTER_DIR + "/"}) {
            sweep(dir, tp, fromOffset, Long.MAX_VALUE, deleted);
        }
        return deleted;
    }

    /**
     * Deletes the trigger results and trigger dead letters of offsets [from, until) of this partition: a retried task
     * starts its range afresh, so that it ends with exactly the objects of its own outcomes.
     */
    public List<String> sweepTriggers(TopicPartition tp, long fromOffset, long untilOffset) {
        List<String> deleted = new ArrayList<>();
        sweep(ObjectKeys.TRIGGER_DIR + "/", tp, fromOffset, untilOffset, deleted);
        sweep(ObjectKeys.TRIGGER_DIR + "/" + ObjectKeys.DEAD_LETTER_DIR + "/", tp, fromOffset, untilOffset, deleted);
        return deleted;
    }

    private void sweep(String dir, TopicPartition tp, long fromOffset, long untilOffset, List<String> deleted) {
        String folder = "topic=" + tp.topic() + "/partition=" + tp.partition() + "/";
        String first = tp.topic() + "+" + tp.partition() + "+" + String.format("%020d", fromOffset);
        String prefix = root.key(dir + folder);
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(root.bucket()).withPrefix(prefix)
                .withStartAfter(prefix + first);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                Matcher m = NAME.matcher(o.getKey());
                if (!m.matches() || !m.group(1).equals(tp.topic()) || Integer.parseInt(m.group(2)) != tp.partition()) {
                    continue;
                }
                long offset = Long.parseLong(m.group(3));
                if (offset >= untilOffset) {
                    return;
                }
                if (offset >= fromOffset) {
                    s3.deleteObject(root.bucket(), o.getKey());
                    deleted.add(o.getKey());
                }
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
    }

    /** True when the location holds any output object (anything but the ledger and control markers). */
    public boolean holdsOutput() {
        ListObjectsV2Request req = new ListObjectsV2Request().withBucketName(root.bucket()).withPrefix(root.key(""))
                .withMaxKeys(100);
        ListObjectsV2Result page;
        do {
            page = s3.listObjectsV2(req);
            for (S3ObjectSummary o : page.getObjectSummaries()) {
                String rel = o.getKey().substring(root.key("").length());
                if (!rel.startsWith("_ledger/") && !rel.startsWith("_control/")) {
                    return true;
                }
            }
            req.setContinuationToken(page.getNextContinuationToken());
        } while (page.isTruncated());
        return false;
    }
}
