package io.directstream.sink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import io.directstream.config.ConfigLoader;
import io.directstream.config.InvalidConfigException;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

/**
 * The encryption every write request gets before the SDK signs it. SSE-KMS needs HTTPS (the SDK refuses it over
 * HTTP), so it is checked here on the requests; SSE-S3 is checked on the wire by ServerSideEncryptionIT.
 */
public class ServerSideEncryptionTest {
    @Test
    public void kmsWithAKeyOnPutsAndMultipartUploads() {
        ServerSideEncryption kms = new ServerSideEncryption("aws:kms", "alias/archive-key");
        PutObjectRequest put = new PutObjectRequest("b", "k", new ByteArrayInputStream(new byte[0]), new ObjectMetadata());
        kms.beforeExecution(put);
        assertEquals("alias/archive-key", put.getSSEAwsKeyManagementParams().getAwsKmsKeyId());
        assertEquals("aws:kms", put.getSSEAwsKeyManagementParams().getEncryption());
        InitiateMultipartUploadRequest init = new InitiateMultipartUploadRequest("b", "k");
        kms.beforeExecution(init);
        assertEquals("alias/archive-key", init.getSSEAwsKeyManagementParams().getAwsKmsKeyId());
        PutObjectRequest managed = new PutObjectRequest("b", "k", new ByteArrayInputStream(new byte[0]), null);
        new ServerSideEncryption("aws:kms", "").beforeExecution(managed);
        assertNull("the AWS-managed key", managed.getSSEAwsKeyManagementParams().getAwsKmsKeyId());
    }

    @Test
    public void sseS3OnPutsAndMultipartUploads() {
        ServerSideEncryption aes = new ServerSideEncryption("AES256", "");
        PutObjectRequest put = new PutObjectRequest("b", "k", new ByteArrayInputStream(new byte[0]), null);
        aes.beforeExecution(put);
        assertEquals("AES256", put.getMetadata().getSSEAlgorithm());
        InitiateMultipartUploadRequest init = new InitiateMultipartUploadRequest("b", "k");
        aes.beforeExecution(init);
        assertEquals("AES256", init.getObjectMetadata().getSSEAlgorithm());
    }

    @Test
    public void settingsAreCheckedAgainstEachOther() {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        m.put("kafka.group.id", "g");
        m.put("source.topics", "t");
        m.put("output.location", "s3://archive/p");
        m.put("s3.sse", "aws:kms");
        m.put("s3.endpoint", "http://127.0.0.1:9000");
        String e = String.join("\n", expectProblems(m));
        assertTrue(e, e.contains("s3.sse=aws:kms needs an https:// s3.endpoint (it is http://127.0.0.1:9000)"));
        m.remove("s3.endpoint");
        m.put("s3.sse", "AES256");
        m.put("s3.sse.kms.key.id", "alias/k");
        e = String.join("\n", expectProblems(m));
        assertTrue(e, e.contains("s3.sse.kms.key.id=alias/k needs s3.sse=aws:kms (it is AES256)"));
        m.put("s3.sse", "aes");
        e = String.join("\n", expectProblems(m));
        assertTrue(e, e.contains("s3.sse") && e.contains("aes"));
    }

    private static java.util.List<String> expectProblems(Map<String, String> m) {
        try {
            ConfigLoader.fromMap(m);
        } catch (InvalidConfigException e) {
            return e.problems();
        }
        throw new AssertionError("accepted: " + m);
    }
}
