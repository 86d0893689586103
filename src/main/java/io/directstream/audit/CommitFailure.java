package io.directstream.audit;

/** A Kafka commit of a batch's offsets that failed (a later commit usually carries the offsets). */
public record CommitFailure(long sequence, String error, long atMs) {
}
