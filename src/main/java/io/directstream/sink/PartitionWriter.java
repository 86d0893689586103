package io.directstream.sink;

import com.amazonaws.services.s3.AmazonS3;
import io.directstream.ledger.LedgerRange;
import io.directstream.process.OnError;
import io.directstream.process.PartitionContext;
import io.directstream.process.RecordJson;
import io.directstream.process.RecordProcessingException;
import io.directstream.process.RecordProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs a processor over one partition's records of one batch and streams its output into one S3 object (and its dead
 * letters into another). Objects are opened on the first byte, so a range with no output leaves no object. Either
 * every object is complete when {@link #write} returns, or the call throws and none of this call's uploads is visible
 * (a multipart upload is aborted; an object from an earlier attempt under the same key may remain, and the re-run
 * overwrites it).
 */
public final class PartitionWriter {
    private final AmazonS3 s3;
    private final OutputSpec spec;
    private final ObjectKeys keys;
    private Runnable afterPart;

    public PartitionWriter(AmazonS3 s3, OutputSpec spec, String extension) {
        this.s3 = s3;
        this.spec = spec;
        this.keys = new ObjectKeys(spec.root(), extension, spec.compression());
    }

    /** Test-only: runs {@code hook} after each part of a multipart upload (a crash point mid-upload). */
    public void afterEachPart(Runnable hook) {
        this.afterPart = hook;
    }

    /**
     * Processes and writes one range. With {@code afterEarlierAttempt} (a task retry, a stage re-run) an earlier attempt
     * may have completed objects this one does not write — its dead letters, when this attempt archives the record
     * (or the reverse) — so the data or dead-letter key this attempt leaves unwritten is deleted: every attempt ends
     * with exactly the keys it returns, which are the keys the ledger will list.
     */
    public PartitionOutput write(int index, String topic, int partition, long from, long until, long batchTimeMs,
                                 RecordProcessor processor, Iterator<ConsumerRecord<byte[], byte[]>> records,
                                 boolean afterEarlierAttempt) throws Exception {
        long started = System.currentTimeMillis();
        String dataKey = keys.dataKey(topic, partition, from);
        ObjectSink data = new ObjectSink(dataKey, contentTypeOf(dataKey));
        ObjectSink dead = new ObjectSink(keys.deadLetterKey(topic, partition, from), "application/x-ndjson");
        ByteArrayOutputStream recordBytes = new ByteArrayOutputStream(1024);
        // a processor that writes each record at once may write straight into the object (opened on its first byte)
        boolean direct = processor.writesEachRecordAtOnce();
        OutputStream directOut = direct ? data.lazy() : null;
        RecordJson deadJson = new RecordJson();
        long count = 0;
        long written = 0;
        long deadLetters = 0;
        boolean ok = false;
        try {
            processor.open(new PartitionContext(topic, partition, from, until, batchTimeMs, dataKey));
            while (records.hasNext()) {
                ConsumerRecord<byte[], byte[]> r = records.next();
                count++;
                recordBytes.reset();
                try {
                    processor.process(r, direct ? directOut : recordBytes);
                } catch (Exception e) {
                    if (spec.onError() == OnError.FAIL) {
                        throw new RecordProcessingException(r.topic(), r.partition(), r.offset(), e);
                    }
                    deadJson.write(r, dead.stream(), processor.getClass().getName() + ": " + e);
                    deadLetters++;
                    continue;
                }
                if (!direct && recordBytes.size() > 0) {
                    recordBytes.writeTo(data.stream());
                }
                written++;
            }
            processor.close();
            data.finish();
            dead.finish();
            if (afterEarlierAttempt) {
                data.deleteIfUnwritten();
                dead.deleteIfUnwritten();
            }
            ok = true;
        } finally {
            if (!ok) {
                data.abort();
                dead.abort();
                try {
                    processor.close();
                } catch (Exception ignored) {
                    // the original failure is the one to report
                }
            }
        }
        return new PartitionOutput(index, new LedgerRange(topic, partition, from, until, count, written, deadLetters,
                data.bytes() + dead.bytes(), data.keyIfWritten(), dead.keyIfWritten()), System.currentTimeMillis() - started);
    }

    private String contentTypeOf(String key) {
        String k = key.endsWith(".gz") ? key.substring(0, key.length() - 3) : key;
        if (k.endsWith(".jsonl")) {
            return "application/x-ndjson";
        }
        if (k.endsWith(".csv")) {
            return "text/csv";
        }
        return "application/octet-stream";
    }

    /** One lazily opened object: raw upload, with compression around it. */
    private final class ObjectSink {
        private final String key;
        private final String contentType;
        private S3ObjectOutputStream raw;
        private OutputStream out;

        ObjectSink(String key, String contentType) {
            this.key = key;
            this.contentType = contentType;
        }

        OutputStream stream() throws IOException {
            if (out == null) {
                // gzip objects are plain application/gzip (no Content-Encoding) so that no client unpacks them on the fly
                raw = new S3ObjectOutputStream(s3, spec.root().bucket(), key, spec.partSize(),
                        spec.compression() == Compression.GZIP ? "application/gzip" : contentType, null);
                if (afterPart != null) {
                    raw.afterEachPart(afterPart);
                }
                out = spec.compression().wrap(raw);
            }
            return out;
        }

        void finish() throws IOException {
            if (out != null) {
                out.close();
            }
        }

        void abort() {
            if (raw != null) {
                raw.abort();
            }
        }

        long bytes() {
            return raw == null ? 0 : raw.bytesWritten();
        }

        /** A stream that opens the object on its first byte (so a range with no output leaves no object). */
        OutputStream lazy() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    stream().write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (len > 0) {
                        stream().write(b, off, len);
                    }
                }
            };
        }

        void deleteIfUnwritten() {
            if (raw == null) {
                s3.deleteObject(spec.root().bucket(), key);
            }
        }

        String keyIfWritten() {
            return raw == null ? null : key;
        }
    }
}
