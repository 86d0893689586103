package io.directstream.sink;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListMultipartUploadsRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.util.IOUtils;
import io.directstream.testing.SharedServices;
import java.io.IOException;
import java.util.Random;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The streaming upload against a real S3 server (s3proxy). */
public class S3ObjectOutputStreamIT {
    private static final long MIB = 1024 * 1024;
    private static AmazonS3 s3;

    @BeforeClass
    public static void setUp() {
        s3 = SharedServices.s3().client();
    }

    @AfterClass
    public static void tearDown() {
        s3.shutdown();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(String key) throws IOException {
        return IOUtils.toByteArray(s3.getObject(SharedServices.BUCKET, key).getObjectContent());
    }

    @Test
    public void aSmallObjectIsOnePut() throws IOException {
        String key = SharedServices.unique("small") + ".bin";
        byte[] data = random(100_000, 1);
        S3ObjectOutputStream out = new S3ObjectOutputStream(s3, SharedServices.BUCKET, key, 5 * MIB, "application/octet-stream", null);
        out.write(data, 0, 60_000);
        for (int i = 60_000; i < data.length; i++) {
            out.write(data[i]);
        }
        assertFalse("nothing is visible before close", s3.doesObjectExist(SharedServices.BUCKET, key));
        out.close();
        out.close();
        assertArrayEquals(data, read(key));
        assertEquals(data.length, out.bytesWritten());
        ObjectMetadata md = s3.getObjectMetadata(SharedServices.BUCKET, key);
        assertEquals(data.length, md.getContentLength());
        assertFalse("a single PUT has a plain MD5 ETag", md.getETag().contains("-"));
    }

    @Test
    public void aLargeObjectStreamsAsAMultipartUploadInOrderWhileTheNextPartFills() throws IOException {
        String key = SharedServices.unique("large") + ".bin";
        byte[] data = random((int) (12 * MIB + 12345), 2);
        S3ObjectOutputStream out = new S3ObjectOutputStream(s3, SharedServices.BUCKET, key, 5 * MIB, "application/octet-stream", null);
        for (int off = 0; off < data.length; off += 70_000) {
            out.write(data, off, Math.min(70_000, data.length - off));
        }
        out.close();
        assertArrayEquals(data, read(key));
        assertTrue("multipart ETag", s3.getObjectMetadata(SharedServices.BUCKET, key).getETag().endsWith("-3"));
    }

    @Test
    public void anAbortedUploadLeavesNothing() throws IOException {
        String key = SharedServices.unique("aborted") + ".bin";
        S3ObjectOutputStream out = new S3ObjectOutputStream(s3, SharedServices.BUCKET, key, 5 * MIB, "application/octet-stream", null);
        out.write(random((int) (11 * MIB), 3));
        out.abort();
        assertFalse(s3.doesObjectExist(SharedServices.BUCKET, key));
        assertTrue(s3.listMultipartUploads(new ListMultipartUploadsRequest(SharedServices.BUCKET).withPrefix(key))
                .getMultipartUploads().isEmpty());
        assertThrows(IOException.class, () -> out.write(1));
    }

    @Test
    public void aFailedUploadNamesTheObject() {
        S3ObjectOutputStream out = new S3ObjectOutputStream(s3, "no-such-bucket-here", "k", 5 * MIB, "text/plain", null);
        IOException e = assertThrows(IOException.class, () -> {
            out.write(1);
            out.close();
        });
        assertTrue(e.getMessage(), e.getMessage().startsWith("upload of s3://no-such-bucket-here/k failed"));
    }
}
