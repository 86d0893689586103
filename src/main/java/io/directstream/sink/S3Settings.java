package io.directstream.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach S3: endpoint, region, credentials, retries and timeouts. Shipped to the executors with each batch.
 * Retries are bounded in time, not in number: a failing request is retried with jittered exponential backoff until
 * {@link #retryBudgetMs()} has passed since the request started ({@link S3Clients}).
 */
public final class S3Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String region;
    private final boolean pathStyleAccess;
    private final String accessKey;
    private final String secretKey;
    private final long retryBudgetMs;
    private final long connectTimeoutMs;
    private final long socketTimeoutMs;
    private final long retryBaseDelayMs;
    private final long retryMaxDelayMs;
    private String sse = "none";
    private String sessionToken = "";
    private String kmsKeyId = "";

    public S3Settings(String endpoint, String region, boolean pathStyleAccess, String accessKey, String secretKey,
                      Duration retryBudget, Duration connectTimeout, Duration socketTimeout) {
        this(endpoint, region, pathStyleAccess, accessKey, secretKey, retryBudget, connectTimeout, socketTimeout,
                Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public S3Settings(String endpoint, String region, boolean pathStyleAccess, String accessKey, String secretKey,
                      Duration retryBudget, Duration connectTimeout, Duration socketTimeout, Duration retryBaseDelay,
                      Duration retryMaxDelay) {
        this.endpoint = endpoint == null ? "" : endpoint;
        this.region = region;
        this.pathStyleAccess = pathStyleAccess;
        this.accessKey = accessKey == null ? "" : accessKey;
        this.secretKey = secretKey == null ? "" : secretKey;
        this.retryBudgetMs = retryBudget.toMillis();
        this.connectTimeoutMs = connectTimeout.toMillis();
        this.socketTimeoutMs = socketTimeout.toMillis();
        this.retryBaseDelayMs = retryBaseDelay.toMillis();
        this.retryMaxDelayMs = retryMaxDelay.toMillis();
    }

    /** The endpoint URL, or empty for AWS S3 in {@link #region()}. */
    public Optional<String> endpoint() {
        return endpoint.isEmpty() ? Optional.empty() : Optional.of(endpoint);
    }

    public String region() {
        return region;
    }

    public boolean pathStyleAccess() {
        return pathStyleAccess;
    }

    /** Static credentials, or empty for the AWS default credential chain. */
    public Optional<String> accessKey() {
        return accessKey.isEmpty() ? Optional.empty() : Optional.of(accessKey);
    }

    String secretKey() {
        return secretKey;
    }

    /** How long a failing request keeps being retried, from its start; the last try may take one more timeout. */
    public long retryBudgetMs() {
        return retryBudgetMs;
    }

    public Duration retryBudget() {
        return Duration.ofMillis(retryBudgetMs);
    }

    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public long socketTimeoutMs() {
        return socketTimeoutMs;
    }

    /** First retry delay; each further retry doubles it (with jitter) up to {@link #retryMaxDelayMs()}. */
    public long retryBaseDelayMs() {
        return retryBaseDelayMs;
    }

    public long retryMaxDelayMs() {
        return retryMaxDelayMs;
    }

    /** The same settings with other retries and timeouts (start-up checks use short ones). */
    public S3Settings withLimits(Duration retryBudget, Duration connect, Duration socket) {
        return new S3Settings(endpoint, region, pathStyleAccess, accessKey, secretKey, retryBudget, connect, socket,
                Duration.ofMillis(retryBaseDelayMs), Duration.ofMillis(retryMaxDelayMs)).withEncryption(sse, kmsKeyId)
                .withSessionToken(sessionToken);
    }

    /** The same settings requesting server-side encryption: {@code none}, {@code AES256} or {@code aws:kms}. */
    public S3Settings withEncryption(String sse, String kmsKeyId) {
        S3Settings s = new S3Settings(endpoint, region, pathStyleAccess, accessKey, secretKey,
                Duration.ofMillis(retryBudgetMs), Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(socketTimeoutMs),
                Duration.ofMillis(retryBaseDelayMs), Duration.ofMillis(retryMaxDelayMs));
        s.sse = sse == null || sse.isEmpty() ? "none" : sse;
        s.kmsKeyId = kmsKeyId == null ? "" : kmsKeyId;
        s.sessionToken = sessionToken;
        return s;
    }

    /** The same settings with the session token of temporary credentials (empty: none). */
    public S3Settings withSessionToken(String token) {
        S3Settings s = withEncryption(sse, kmsKeyId);
        s.sessionToken = token == null ? "" : token;
        return s;
    }

    /** The session token of temporary credentials; empty when the keys are long-lived (or absent). */
    String sessionToken() {
        return sessionToken;
    }

    /** {@code none}, {@code AES256} or {@code aws:kms}. */
    public String sse() {
        return sse;
    }

    /** The KMS key for {@code aws:kms}; empty for the AWS-managed key. */
    public String kmsKeyId() {
        return kmsKeyId;
    }

    /** Where requests go, for error messages. */
    public String describeEndpoint() {
        return endpoint.isEmpty() ? "AWS S3 (" + region + ")" : endpoint;
    }

    /** Cache key for clients: every field but nothing printable of the secret. */
    String cacheKey() {
        return String.join("|", endpoint, region, String.valueOf(pathStyleAccess), accessKey, sse, kmsKeyId,
                Integer.toHexString(secretKey.hashCode()), Integer.toHexString(sessionToken.hashCode()),
                String.valueOf(retryBudgetMs),
                String.valueOf(connectTimeoutMs), String.valueOf(socketTimeoutMs), String.valueOf(retryBaseDelayMs),
                String.valueOf(retryMaxDelayMs));
    }

    @Override
    public String toString() {
        return "S3Settings{endpoint=" + describeEndpoint() + ", pathStyle=" + pathStyleAccess + ", retryBudget=" + retryBudgetMs + "ms}";
    }
}
