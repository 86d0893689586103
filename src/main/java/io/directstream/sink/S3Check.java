package io.directstream.sink;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.SdkClientException;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.HeadBucketRequest;
import io.directstream.storage.UnavailableException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Start-up check that the output bucket can be reached, within a bounded time and naming the endpoint if not. */
public final class S3Check {
    private S3Check() {
    }

    public static void checkBucket(S3Settings settings, String bucket, Duration timeout) {
        Duration connect = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        AmazonS3 s3 = S3Clients.create(settings.withLimits(timeout.dividedBy(2), connect, timeout));
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "s3-check");
            t.setDaemon(true);
            return t;
        });
        String where = settings.describeEndpoint();
        try {
            Future<?> f = ex.submit(() -> s3.headBucket(new HeadBucketRequest(bucket)));
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnavailableException("S3 is unreachable at " + where + ": no answer about bucket '" + bucket
                    + "' within " + timeout.toSeconds() + " s (check s3.endpoint and the network)", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw explain(e.getCause(), where, bucket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while checking S3 at " + where, e);
        } finally {
            ex.shutdownNow();
            s3.shutdown();
        }
    }

    private static UnavailableException explain(Throwable cause, String where, String bucket) {
        if (cause instanceof AmazonServiceException) {
            AmazonServiceException ase = (AmazonServiceException) cause;
            switch (ase.getStatusCode()) {
                case 404:
                    return new UnavailableException("S3 bucket '" + bucket + "' does not exist at " + where
                            + " (create it, or fix output.location)", cause);
                case 403:
                    return new UnavailableException("S3 at " + where + " denies access to bucket '" + bucket
                            + "' (check s3.access.key/s3.secret.key or the role's policy)", cause);
                case 301:
                    return new UnavailableException("S3 bucket '" + bucket + "' is in another region than "
                            + "s3.region at " + where, cause);
                default:
                    return new UnavailableException("S3 at " + where + " answered HTTP " + ase.getStatusCode()
                            + " for bucket '" + bucket + "': " + ase.getErrorMessage(), cause);
            }
        }
        if (cause instanceof SdkClientException) {
            return new UnavailableException("S3 is unreachable at " + where + ": " + cause.getMessage()
                    + " (check s3.endpoint and the network)", cause);
        }
        return new UnavailableException("S3 check of bucket '" + bucket + "' at " + where + " failed: " + cause, cause);
    }
}
