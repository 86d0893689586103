package io.directstream.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The job's view of Kafka through the AdminClient: is it there, which partitions, which offsets. Every call is
 * bounded by one timeout and fails with a message naming the bootstrap servers.
 */
public final class KafkaAdmin implements OffsetsRetriever, AutoCloseable {
    private final Admin admin;
    private final String bootstrap;
    private final String groupId;
    private final String security;
    private final Duration timeout;

    public KafkaAdmin(Map<String, Object> kafkaParams, Duration timeout) {
        Map<String, Object> conf = new HashMap<>();
        Set<String> adminKeys = AdminClientConfig.configNames();
        kafkaParams.forEach((k, v) -> {
            if (adminKeys.contains(k)) {
                conf.put(k, v);
            }
        });
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        this.bootstrap = String.valueOf(kafkaParams.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.groupId = String.valueOf(kafkaParams.get("group.id"));
        this.security = "security.protocol=" + kafkaParams.getOrDefault("security.protocol", "PLAINTEXT")
                + (kafkaParams.containsKey("sasl.mechanism") ? ", sasl.mechanism=" + kafkaParams.get("sasl.mechanism") : "");
        // a listener first: a wrong port fails in one line, not after a reconnect warning per backoff
        BootstrapProbe.awaitListener(bootstrap, timeout);
        try {
            this.admin = Admin.create(conf);
        } catch (org.apache.kafka.common.KafkaException e) {
            // a key or trust store that cannot be loaded (wrong password, missing file), a JAAS entry that cannot be
            // parsed: the client is refused before any connection
            throw new SourceUnavailableException("Kafka client for " + bootstrap + " (" + security + ") cannot start: "
                    + causes(e) + " (check the kafka.ssl.* and kafka.sasl.* settings)", e);
        }
        this.timeout = timeout;
    }

    /** The underlying client, for tools that need more than this view. */
    public Admin admin() {
        return admin;
    }

    /** Fails unless a broker answers within the timeout. */
    public void checkReachable() {
        int nodes = await(admin.describeCluster().nodes(), "describe the cluster").size();
        if (nodes == 0) {
            throw new SourceUnavailableException("Kafka at " + bootstrap + " answered but lists no broker");
        }
    }

    /**
     * The partitions of the named topics. A missing topic fails the start unless {@code allowMissing} (the user
     * explicitly allowed topic auto-creation), in which case it is skipped with the returned list of missing topics.
     */
    public List<TopicPartition> partitions(Collection<String> topics, boolean allowMissing, List<String> missing) {
        List<TopicPartition> out = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics).topicNameValues();
        for (String topic : new TreeSet<>(topics)) {
            try {
                TopicDescription d = await(futures.get(topic), "describe topic " + topic);
                for (TopicPartitionInfo p : d.partitions()) {
                    out.add(new TopicPartition(topic, p.partition()));
                }
            } catch (SourceUnavailableException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                if (!allowMissing) {
                    throw new SourceUnavailableException("Topic '" + topic + "' does not exist on Kafka at " + bootstrap
                            + " (create it, fix source.topics, or set kafka.allow.auto.create.topics=true to let the "
                            + "consumer create it)");
                }
                missing.add(topic);
            }
        }
        return out;
    }

    /** The partitions of every topic whose name matches {@code pattern}, internal topics excluded. */
    public List<TopicPartition> partitionsMatching(Pattern pattern) {
        Set<String> names = await(admin.listTopics().names(), "list topics");
        List<String> matching = new ArrayList<>();
        for (String n : names) {
            if (pattern.matcher(n).matches()) {
                matching.add(n);
            }
        }
        return partitions(matching, false, new ArrayList<>());
    }

    /** The group's active members as {@code clientId@host}; empty when the group is empty or unknown. */
    public List<String> activeMembers() {
        ConsumerGroupDescription d = await(admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId),
                "describe group " + groupId);
        List<String> out = new ArrayList<>();
        for (MemberDescription m : d.members()) {
            out.add(m.clientId() + "@" + m.host());
        }
        return out;
    }

    /**
     * Waits up to {@code maxWait} for the group to have no active member. A member left by an instance that was
     * killed disappears when its session times out; one that stays belongs to a live consumer, and the start is
     * refused: two consumers in one group would take partitions from each other.
     */
    public void awaitGroupFree(Duration maxWait) {
        long deadline = System.currentTimeMillis() + maxWait.toMillis();
        List<String> members = activeMembers();
        if (!members.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(KafkaAdmin.class).warn("Consumer group {} has active members {}; waiting up "
                    + "to {} s for them to leave (a killed instance's member goes when its session times out)",
                    groupId, members, maxWait.toSeconds());
        }
        while (!members.isEmpty()) {
            if (System.currentTimeMillis() >= deadline) {
                throw new SourceUnavailableException("Consumer group " + groupId + " still has active members " + members
                        + " after " + maxWait.toSeconds() + " s: another consumer (another instance of this job?) uses "
                        + "the group; this job needs the group to itself");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceUnavailableException("interrupted while waiting for group " + groupId, e);
            }
            members = activeMembers();
        }
    }

    @Override
    public Map<TopicPartition, Long> committed(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> all = await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), "read group " + groupId + "'s offsets");
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata om = all.get(tp);
            if (om != null) {
                out.put(tp, om.offset());
            }
        }
        return out;
    }

    @Override
    public Map<TopicPartition, Long> earliest(Collection<TopicPartition> partitions) {
        return listOffsets(partitions, OffsetSpec.earliest());
    }

    @Override
    public Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions) {
        return listOffsets(partitions, OffsetSpec.latest());
    }

    @Override
    public Map<TopicPartition, Long> offsetsForTime(Collection<TopicPartition> partitions, long timestampMs) {
        Map<TopicPartition, Long> out = listOffsets(partitions, OffsetSpec.forTimestamp(timestampMs));
        out.values().removeIf(o -> o < 0);
        return out;
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) {
            request.put(tp, spec);
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = await(admin.listOffsets(request).all(), "list offsets");
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Commits {@code offsets} for the group synchronously. Kafka accepts this only while the group has no active
     * member, so it is for after the stream's consumer has closed; it retries briefly while the group settles.
     */
    public void commit(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
        offsets.forEach((tp, o) -> request.put(tp, new OffsetAndMetadata(o)));
        if (request.isEmpty()) {
            return;
        }
        SourceUnavailableException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                await(admin.alterConsumerGroupOffsets(groupId, request).all(), "commit group " + groupId + "'s offsets");
                return;
            } catch (SourceUnavailableException e) {
                last = e;
                try {
                    Thread.sleep(300L * (attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    private <T> T await(KafkaFuture<T> f, String what) {
        try {
            return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what, cause);
            }
            if (cause instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new SourceUnavailableException("Kafka at " + bootstrap + " refused the authentication ("
                        + security + "): " + cause.getMessage() + " (check the kafka.sasl.* and kafka.ssl.* settings: "
                        + "user, password, trust store)", cause);
            }
            throw new SourceUnavailableException("Kafka at " + bootstrap + " failed to " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while waiting for Kafka at " + bootstrap, e);
        }
    }

    /** The distinct messages of a cause chain, outermost wrappers without news left out. */
    static String causes(Throwable e) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Throwable t = e; t != null && out.size() < 6; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && out.stream().noneMatch(o -> o.contains(m))) {
                out.removeIf(m::contains);
                out.add(m.replace("org.apache.kafka.common.KafkaException: ", ""));
            }
        }
        return String.join(": ", out);
    }

    private SourceUnavailableException unreachable(String what, Throwable cause) {
        return new SourceUnavailableException("Kafka is unreachable at bootstrap servers " + bootstrap + ": could not "
                + what + " within " + timeout.toSeconds() + " s (check kafka.bootstrap.servers, the network and "
                + "the brokers)", cause);
    }

    @Override
    public void close() {
        // nothing is left pending on the paths that succeed; on a failure, waiting for the broker would only delay it
        admin.close(Duration.ofMillis(500));
    }
}
