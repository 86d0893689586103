package io.directstream.storage;

import java.io.Serializable;
import java.util.Objects;

/** A bucket and a key prefix, parsed from {@code s3://bucket/prefix} (or {@code s3a://}). The prefix never starts or ends with '/'. */
public final class S3Location implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String bucket;
    private final String prefix;

    public S3Location(String bucket, String prefix) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = trimSlashes(Objects.requireNonNull(prefix, "prefix"));
    }

    /** Parses {@code s3://bucket/some/prefix}; throws IllegalArgumentException saying what was expected. */
    public static S3Location parse(String uri) {
        String text = uri.trim();
        String rest;
        if (text.startsWith("s3://")) {
            rest = text.substring(5);
        } else if (text.startsWith("s3a://")) {
            rest = text.substring(6);
        } else {
            throw new IllegalArgumentException("expected s3://bucket/prefix");
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("expected s3://bucket/prefix with a valid bucket name (3-63 of a-z 0-9 . -)");
        }
        return new S3Location(bucket, prefix);
    }

    private static String trimSlashes(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    /** The key of {@code relative} under this location's prefix. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /** The prefix as a folder: empty, or the prefix and a '/', so that listing it never matches a sibling's keys. */
    public String folder() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** True when {@code other} is this location or lies below it (same bucket, folder-wise prefix). */
    public boolean contains(S3Location other) {
        return bucket.equals(other.bucket) && (prefix.isEmpty() || other.prefix.equals(prefix)
                || other.prefix.startsWith(prefix + "/"));
    }

    /** A location below this one. */
    public S3Location resolve(String child) {
        return new S3Location(bucket, key(child));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3Location && ((S3Location) o).bucket.equals(bucket) && ((S3Location) o).prefix.equals(prefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, prefix);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
