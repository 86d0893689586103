package io.directstream.sink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.SdkClientException;
import com.amazonaws.services.s3.model.GetObjectRequest;
import org.junit.Test;

/** S3 retries bounded by time: retried while the budget lasts, whatever the backoff drew, and never slept past it. */
public class RetryBudgetTest {
    private long now;
    private final RetryBudget budget = new RetryBudget(60_000, (req, e, n) -> 10_000, () -> now);
    private final GetObjectRequest request = new GetObjectRequest("b", "k");
    private final SdkClientException refused = new SdkClientException("Connection refused",
            new java.net.ConnectException("Connection refused"));

    @Test
    public void aConnectionErrorIsRetriedUntilTheBudgetIsSpent() {
        budget.beforeExecution(request);
        for (int i = 0; i < 5; i++) {
            assertTrue(budget.shouldRetry(request, refused, i));
            assertEquals(10_000, budget.delayBeforeNextRetry(request, refused, i));
            now += 10_000_000_000L;
        }
        now += 5_000_000_000L;
        assertTrue("55 s spent: one more try, at most 5 s from now", budget.shouldRetry(request, refused, 5));
        assertEquals(5_000, budget.delayBeforeNextRetry(request, refused, 5));
        now += 5_000_000_000L;
        assertFalse(budget.shouldRetry(request, refused, 6));
    }

    @Test
    public void eachRequestHasItsOwnBudget() {
        budget.beforeExecution(request);
        now += 61_000_000_000L;
        assertFalse(budget.shouldRetry(request, refused, 3));
        budget.beforeExecution(request);
        assertTrue(budget.shouldRetry(request, refused, 0));
    }

    @Test
    public void whatTheSdkWouldNotRetryIsNotRetried() {
        AmazonServiceException denied = new AmazonServiceException("Access Denied");
        denied.setStatusCode(403);
        budget.beforeExecution(request);
        assertFalse(budget.shouldRetry(request, denied, 0));
        AmazonServiceException unavailable = new AmazonServiceException("Service Unavailable");
        unavailable.setStatusCode(503);
        assertTrue(budget.shouldRetry(request, unavailable, 0));
    }
}
