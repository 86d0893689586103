package io.directstream.sink;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds AWS SDK S3 clients from {@link S3Settings}, one per JVM and settings: clients are thread-safe and
 * expensive, and executors reuse them across batches. Retries are the SDK's own (exponential backoff with jitter),
 * bounded in time ({@link RetryBudget}).
 */
public final class S3Clients {
    private static final ConcurrentHashMap<String, AmazonS3> SHARED = new ConcurrentHashMap<>();
    /** HTTP requests sent by this JVM's clients, retries included (for the benchmark's requests per record). */
    private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();
    private static final com.amazonaws.handlers.RequestHandler2 COUNTER = new com.amazonaws.handlers.RequestHandler2() {
        @Override
        public void beforeRequest(com.amazonaws.Request<?> request) {
            REQUESTS.incrementAndGet();
        }
    };

    private S3Clients() {
    }

    /** S3 requests this JVM has sent so far, retries included. */
    public static long requests() {
        return REQUESTS.get();
    }

    /** The JVM's shared client for these settings. */
    public static AmazonS3 shared(S3Settings s) {
        return SHARED.computeIfAbsent(s.cacheKey(), k -> create(s));
    }

    /** A new client the caller shuts down. */
    public static AmazonS3 create(S3Settings s) {
        // the SDK's own retry condition and jittered backoff, bounded by a time budget (RetryBudget), so an outage
        // shorter than s3.retry.budget is ridden through whatever delays the jitter drew
        RetryBudget budget = new RetryBudget(s.retryBudgetMs(), s.retryBaseDelayMs(), s.retryMaxDelayMs());
        ClientConfiguration cc = new ClientConfiguration()
                .withConnectionTimeout((int) s.connectTimeoutMs())
                .withSocketTimeout((int) s.socketTimeoutMs())
                .withRetryPolicy(budget.policy())
                .withThrottledRetries(false)
                .withMaxConnections(64);
        AmazonS3ClientBuilder b = AmazonS3ClientBuilder.standard()
                .withClientConfiguration(cc)
                .withRequestHandlers(s.sse().equals("none") ? new com.amazonaws.handlers.RequestHandler2[] {budget, COUNTER}
                        : new com.amazonaws.handlers.RequestHandler2[] {budget, COUNTER,
                            new ServerSideEncryption(s.sse(), s.kmsKeyId())})
                .withPathStyleAccessEnabled(s.pathStyleAccess());
        if (s.endpoint().isPresent()) {
            b.withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(s.endpoint().get(), s.region()));
        } else {
            b.withRegion(s.region());
        }
        if (s.accessKey().isPresent()) {
            b.withCredentials(new AWSStaticCredentialsProvider(s.sessionToken().isEmpty()
                    ? new BasicAWSCredentials(s.accessKey().get(), s.secretKey())
                    : new com.amazonaws.auth.BasicSessionCredentials(s.accessKey().get(), s.secretKey(), s.sessionToken())));
        } else {
            b.withCredentials(DefaultAWSCredentialsProviderChain.getInstance());
        }
        return b.build();
    }
}
