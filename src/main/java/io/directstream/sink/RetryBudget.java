package io.directstream.sink;

import com.amazonaws.AmazonClientException;
import com.amazonaws.AmazonWebServiceRequest;
import com.amazonaws.handlers.RequestHandler2;
import com.amazonaws.retry.PredefinedBackoffStrategies;
import com.amazonaws.retry.PredefinedRetryPolicies;
import com.amazonaws.retry.RetryPolicy;
import java.util.function.LongSupplier;

/**
 * S3 retries bounded in time rather than in number: a request that fails with a retryable error (connection refused,
 * timeout, 5xx, throttling: the SDK's own condition) is retried with the SDK's jittered exponential backoff for as
 * long as the next try would still start within the budget, counted from the request's start. So an outage shorter
 * than the budget is ridden through whatever the backoff drew, and a request never retries much past it (the last
 * try may still take up to one socket timeout). The start is taken in {@link #beforeExecution}, which the SDK calls
 * once per request, on the calling thread, before the first try; the sync client retries on that same thread.
 */
final class RetryBudget extends RequestHandler2 implements RetryPolicy.RetryCondition, RetryPolicy.BackoffStrategy {
    /** More than any budget can use; the time bound ends retrying first. */
    private static final int MAX_TRIES = 10_000;

    private final long budgetNanos;
    private final RetryPolicy.BackoffStrategy backoff;
    private final LongSupplier nanoTime;
    private final ThreadLocal<Long> started = new ThreadLocal<>();

    RetryBudget(long budgetMs, long baseDelayMs, long maxDelayMs) {
        this(budgetMs, new PredefinedBackoffStrategies.EqualJitterBackoffStrategy((int) baseDelayMs, (int) maxDelayMs),
                System::nanoTime);
    }

    RetryBudget(long budgetMs, RetryPolicy.BackoffStrategy backoff, LongSupplier nanoTime) {
        this.budgetNanos = budgetMs * 1_000_000L;
        this.backoff = backoff;
        this.nanoTime = nanoTime;
    }

    RetryPolicy policy() {
        return new RetryPolicy(this, this, budgetNanos == 0 ? 0 : MAX_TRIES, false);
    }

    @Override
    public AmazonWebServiceRequest beforeExecution(AmazonWebServiceRequest request) {
        started.set(nanoTime.getAsLong());
        return request;
    }

    @Override
    public boolean shouldRetry(AmazonWebServiceRequest request, AmazonClientException exception, int retriesAttempted) {
        if (!PredefinedRetryPolicies.DEFAULT_RETRY_CONDITION.shouldRetry(request, exception, retriesAttempted)) {
            return false;
        }
        return remainingNanos() > 0;
    }

    @Override
    public long delayBeforeNextRetry(AmazonWebServiceRequest request, AmazonClientException exception, int retriesAttempted) {
        long delayMs = backoff.delayBeforeNextRetry(request, exception, retriesAttempted);
        // never sleep past the budget: the last try starts when it is spent at the latest
        return Math.max(0, Math.min(delayMs, remainingNanos() / 1_000_000L));
    }

    private long remainingNanos() {
        Long t0 = started.get();
        if (t0 == null) {
            return 0;
        }
        return budgetNanos - (nanoTime.getAsLong() - t0);
    }
}
